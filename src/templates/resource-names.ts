import { activeResourceIds } from './conditions.js';
import { deploymentVariants } from './deployment-variants.js';
import { isRecord, type CfnTemplate } from './template-model.js';

/** The name property of each named resource type, and the longest name AWS accepts for it. */
const NAME_LIMITS: Readonly<Record<string, { property: string; max: number }>> = {
  'AWS::IAM::Role': { property: 'RoleName', max: 64 },
  'AWS::Lambda::Function': { property: 'FunctionName', max: 64 },
  'AWS::Events::Rule': { property: 'Name', max: 64 },
  'AWS::S3::Bucket': { property: 'BucketName', max: 63 },
  'AWS::SSM::Document': { property: 'Name', max: 128 },
  'AWS::Config::ConfigRule': { property: 'ConfigRuleName', max: 128 },
  'AWS::Config::ConfigurationRecorder': { property: 'Name', max: 256 },
  'AWS::Config::DeliveryChannel': { property: 'Name', max: 256 },
  'AWS::CloudWatch::Alarm': { property: 'AlarmName', max: 255 },
  'AWS::Logs::LogGroup': { property: 'LogGroupName', max: 512 },
};

/** A stack id of AWS's shape: what `Fn::Select`/`Fn::Split` over `AWS::StackId` read the name suffixes from. */
const SAMPLE_STACK_UUID = '0c1e6a70-1b1f-11ef-9b7a-0a1b2c3d4e5f';

/** A resource name too long for AWS with this prefix, in this region. */
export interface LongName {
  logicalId: string;
  resourceType: string;
  region: string;
  name: string;
  max: number;
}

/**
 * Every name the template gives a resource, resolved for a resource prefix in each region (home-only
 * resources in the home region only), in every deployment variant, that is longer than AWS accepts.
 */
export function tooLongNames(
  template: CfnTemplate,
  prefix: string,
  homeRegion: string,
  regions: readonly string[],
): LongName[] {
  const found = new Map<string, LongName>();
  for (const variant of deploymentVariants(template)) {
    const active = activeResourceIds(template, variant.conditions);
    const variantRegions = variant.inHomeRegion ? [homeRegion] : regions.filter((r) => r !== homeRegion);
    for (const logicalId of active) {
      const resource = template.Resources[logicalId];
      if (!resource) continue;
      const limit = NAME_LIMITS[resource.Type];
      const given = limit && resource.Properties?.[limit.property];
      if (!limit || given === undefined) continue;
      for (const region of variantRegions) {
        const name = resolveName(
          given,
          { ResourcePrefix: prefix, 'AWS::Region': region, 'AWS::AccountId': '123456789012', 'AWS::Partition': 'aws' },
          region,
        );
        if (name !== undefined && name.length > limit.max) {
          found.set(`${logicalId} ${region}`, { logicalId, resourceType: resource.Type, region, name, max: limit.max });
        }
      }
    }
  }
  return [...found.values()];
}

/** A name from a string, `Ref`, `Fn::Sub` (both forms), `Fn::Select`/`Fn::Split`; undefined when it refers to a resource. */
function resolveName(value: unknown, refs: Record<string, string>, region: string): string | undefined {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') {
    if (value.Ref === 'AWS::StackId')
      return `arn:aws:cloudformation:${region}:123456789012:stack/StackSet-cisfleet-${SAMPLE_STACK_UUID}/${SAMPLE_STACK_UUID}`;
    return refs[value.Ref];
  }
  const split = value['Fn::Split'];
  if (Array.isArray(split)) {
    const text = resolveName(split[1], refs, region);
    return text === undefined ? undefined : JSON.stringify(text.split(String(split[0])));
  }
  const select = value['Fn::Select'];
  if (Array.isArray(select)) {
    const list = resolveName(select[1], refs, region);
    return list === undefined ? undefined : (JSON.parse(list) as string[])[Number(select[0])];
  }
  const sub = value['Fn::Sub'];
  if (sub === undefined) return undefined;
  const text: unknown = Array.isArray(sub) ? sub[0] : sub;
  const variables: unknown = Array.isArray(sub) ? (sub[1] ?? {}) : {};
  const values: Record<string, string | undefined> = { ...refs };
  for (const [name, v] of Object.entries(variables as Record<string, unknown>))
    values[name] = resolveName(v, refs, region);
  let unresolved = false;
  const resolved = String(text).replace(/\$\{([^}!]+)\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined) unresolved = true;
    return v ?? '';
  });
  return unresolved ? undefined : resolved;
}
