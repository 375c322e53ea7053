/**
 * What changes on the stack set itself (template, parameters, tags, the other attributes UpdateStackSet
 * carries), and the stack-set-level operations that follow from it. Pure.
 */
import { createHash } from 'node:crypto';
import type { StackSetState } from '../model/stack-sets.js';
import type { DesiredStackSet } from './desired-stackset.js';
import type {
  CurrentRolloutState,
  Overrides,
  PlannedOperation,
  RolloutPlan,
  RolloutPlanOptions,
  ValueChange,
} from './rollout-plan-data.js';
import { templateDiff } from './template-diff.js';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function stackSetChanges(desired: DesiredStackSet, current: StackSetState | undefined): RolloutPlan['stackSet'] {
  const spec = desired.spec;
  const base = {
    name: spec.name,
    region: desired.region,
    callAs: desired.callAs,
    permissionModel: spec.permissionModel,
    templateSha256: desired.templateSha256,
  };
  if (!current) {
    const diff = templateDiff(undefined, spec.templateBody);
    return {
      ...base,
      action: 'create',
      changes: {
        template: {
          toSha: desired.templateSha256,
          resources: diff.resources,
          entries: diff.entries,
          // Every parameter, condition and output is new too: the resources are what a reader wants to see.
          diffText: section(diff.text, 'Resources'),
        },
        parameters: valueChanges({}, spec.parameters),
        tags: valueChanges({}, spec.tags),
        other: [],
      },
    };
  }
  const fromSha = sha256(current.templateBody);
  const diff = fromSha === desired.templateSha256 ? undefined : templateDiff(current.templateBody, spec.templateBody);
  const template = diff && {
    fromSha,
    toSha: desired.templateSha256,
    resources: diff.resources,
    entries: diff.entries,
    diffText: diff.text || '(no resource changes: formatting or comments only)',
  };
  const parameters = valueChanges(current.parameters, spec.parameters);
  const tags = valueChanges(current.tags, spec.tags);
  const other = valueChanges(
    {
      description: current.description ?? '',
      capabilities: [...current.capabilities].sort().join(','),
      autoDeployment: JSON.stringify(current.autoDeployment ?? null),
      managedExecution: String(current.managedExecution),
      ...selfManagedRoles(current),
    },
    {
      description: spec.description ?? '',
      capabilities: [...spec.capabilities].sort().join(','),
      autoDeployment: JSON.stringify(spec.autoDeployment ?? null),
      managedExecution: String(spec.managedExecution),
      ...selfManagedRoles(spec),
    },
  );
  const changed = template !== undefined || parameters.length + tags.length + other.length > 0;
  return { ...base, action: changed ? 'update' : 'none', changes: { template, parameters, tags, other } };
}

/**
 * The roles a self-managed stack set runs with: UpdateStackSet carries them, so another role in accounts.yaml
 * is a change like any other (service-managed stack sets have neither).
 */
function selfManagedRoles(s: {
  readonly administrationRoleArn?: string;
  readonly executionRoleName?: string;
}): Overrides {
  return { administrationRoleArn: s.administrationRoleArn ?? '', executionRoleName: s.executionRoleName ?? '' };
}

/** One titled section of a rendered diff (title line included). */
function section(text: string, title: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === title);
  if (start < 0) return text;
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

function valueChanges(from: Overrides, to: Overrides): ValueChange[] {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  return keys.filter((k) => from[k] !== to[k]).map((k) => ({ key: k, from: from[k], to: to[k] }));
}

/**
 * The operations on the stack set itself, before any instance operation: trusted access and CreateStackSet for
 * a new one; one UpdateStackSet that carries a change to every existing instance (or those in scope).
 */
export function stackSetOperations(
  stackSet: RolloutPlan['stackSet'],
  desired: DesiredStackSet,
  current: CurrentRolloutState,
  options: RolloutPlanOptions,
): PlannedOperation[] {
  const operations: PlannedOperation[] = [];
  if (
    stackSet.action === 'create' &&
    desired.spec.permissionModel === 'SERVICE_MANAGED' &&
    current.trustedAccess === false
  ) {
    operations.push({
      kind: 'activate-trusted-access',
      title: 'ActivateOrganizationsAccess',
      why: 'SERVICE_MANAGED stack sets need Organizations trusted access for StackSets',
    });
  }
  if (stackSet.action === 'create')
    operations.push({
      kind: 'create-stack-set',
      title: 'CreateStackSet',
      why: 'the stack set does not exist yet (no operation: instances follow)',
    });
  if (stackSet.action === 'update') {
    const n = new Set(current.instances.filter((i) => i.account).map((i) => `${i.account} ${i.region}`)).size;
    operations.push({
      kind: 'update-stack-set',
      title: 'UpdateStackSet',
      why: options.scope
        ? `one operation updates the ${n} existing instance${n === 1 ? '' : 's'} in the --ou/--region scope; the others keep the previous template until a full rollout`
        : `one operation updates all ${n} existing instance${n === 1 ? '' : 's'} with the new template, parameters and tags`,
      ...(options.scope ? { scope: options.scope } : {}),
    });
  }
  return operations;
}
