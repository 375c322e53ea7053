import { CONTROLS, TEMPLATE_PARAMETERS } from '../controls/catalog.js';
import type { CisfleetConfig } from '../config/schema.js';
import type { OperationPreferences, StackSetSpec } from '../model/stack-sets.js';
import type { RecorderState } from '../model/recorder.js';
import { recorderOverride, type RecorderBase } from './recorder-base.js';

/** The template as rollout needs it: its body and identity. */
export interface TemplateIdentity {
  readonly body: string;
  readonly sha256: string;
  readonly version: string;
}

/** Every stack set attribute accounts.yaml decides, for create, update, and the up-to-date check. */
export interface DesiredStackSet {
  readonly spec: StackSetSpec;
  readonly callAs: 'SELF' | 'DELEGATED_ADMIN';
  /** Where the stack set lives: the home region. */
  readonly region: string;
  readonly regions: readonly string[];
  readonly operationPreferences: OperationPreferences;
  readonly templateSha256: string;
  readonly templateVersion: string;
  /** The stack set's CreateConfigRecorder and why, once preflight decided it (withRecorderBase). */
  readonly recorderBase?: RecorderBase;
}

/** The stack-set-level template parameters: every one the template takes from accounts.yaml. */
/** CreateConfigRecorder until preflight decides (withRecorderBase): `auto` and `create` create a recorder, `skip` never. */
const initialRecorderBase = (config: CisfleetConfig): string =>
  config.configRecorder.mode === 'skip' ? 'false' : 'true';

export function stackSetParameters(config: CisfleetConfig): Record<string, string> {
  const keys = config.controls['access-keys-rotated'];
  const unused = config.controls['unused-credentials'];
  const p = TEMPLATE_PARAMETERS;
  const parameters: Record<string, string> = {
    [p.resourcePrefix]: config.resourcePrefix,
    [p.homeRegion]: config.organization.homeRegion,
    [p.createConfigRecorder]: initialRecorderBase(config),
    [p.deliveryBucketName]: config.configRecorder.delivery.centralBucketName ?? '',
    [p.deliveryKeyPrefix]: config.configRecorder.delivery.keyPrefix ?? '',
    [p.maxAccessKeyAge]: String(keys.maxAccessKeyAge),
    [p.keyAction]: keys.action,
    [p.deleteGraceDays]: String(keys.deleteGraceDays),
    [p.exemptTagKey]: config.exemptions.tagKey,
    [p.maxCredentialUsageAge]: String(unused.maxCredentialUsageAge),
    [p.remediationMaxAttempts]: String(config.remediation.maxAutomaticAttempts),
    [p.remediationRetrySeconds]: String(config.remediation.retryAttemptSeconds),
    [p.tagKey]: config.resourceTag.key,
    [p.tagValue]: config.resourceTag.value,
  };
  for (const control of CONTROLS) parameters[control.modeParameter] = config.controls[control.id].mode;
  return parameters;
}

/** What accounts.yaml and the template say the stack set must be. Pure. */
export function desiredStackSet(config: CisfleetConfig, template: TemplateIdentity): DesiredStackSet {
  const s = config.stackSet;
  const prefs = s.operationPreferences;
  return {
    spec: {
      name: s.name,
      description: `cisfleet CIS controls (template ${template.version})`,
      templateBody: template.body,
      parameters: stackSetParameters(config),
      tags: { ...s.tags, [config.resourceTag.key]: config.resourceTag.value },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      permissionModel: s.permissionModel,
      autoDeployment: s.autoDeployment,
      managedExecution: s.managedExecution,
      administrationRoleArn: s.administrationRoleArn,
      executionRoleName: s.executionRoleName,
    },
    callAs: config.organization.callAs,
    region: config.organization.homeRegion,
    regions: config.regions,
    operationPreferences: {
      regionConcurrencyType: prefs.regionConcurrencyType,
      regionOrder: prefs.regionOrder,
      maxConcurrentCount: prefs.maxConcurrentCount,
      maxConcurrentPercentage: prefs.maxConcurrentPercentage,
      failureToleranceCount: prefs.failureToleranceCount,
      failureTolerancePercentage: prefs.failureTolerancePercentage,
      concurrencyMode: prefs.concurrencyMode,
    },
    templateSha256: template.sha256,
    templateVersion: template.version,
  };
}

/** The desired stack set with the CreateConfigRecorder value preflight chose (planning/recorder-base.ts). */
export function withRecorderBase(desired: DesiredStackSet, recorderBase: RecorderBase): DesiredStackSet {
  const parameters = { ...desired.spec.parameters, [TEMPLATE_PARAMETERS.createConfigRecorder]: recorderBase.value };
  return { ...desired, spec: { ...desired.spec, parameters }, recorderBase };
}

/** The stack set's CreateConfigRecorder: what accounts arriving by auto-deployment get. */
export const recorderBaseOf = (desired: DesiredStackSet): string | undefined =>
  desired.spec.parameters[TEMPLATE_PARAMETERS.createConfigRecorder];

/**
 * Parameter overrides for one account, per region: in `auto` mode, CreateConfigRecorder where the stack set's
 * value (`recorderBase`) is wrong for what preflight found (an existing recorder would fail the instance with
 * MaxNumberOfConfigurationRecordersExceeded; none would leave the rules without one), and DETECT for every
 * control the account is exempt from (reported, never remediated). Regions without overrides are absent.
 * Pure: `recorders` is the account's preflight result by region, `undefined` when it was not checked.
 */
export function accountOverrides(
  config: CisfleetConfig,
  accountId: string,
  recorders: Readonly<Record<string, RecorderState>> | undefined,
  recorderBase: string = initialRecorderBase(config),
): Record<string, Record<string, string>> {
  const exempt: Record<string, string> = {};
  for (const exemption of config.exemptions.accounts) {
    if (exemption.accountId !== accountId || exemption.expired) continue;
    for (const id of exemption.controls) exempt[CONTROLS.find((c) => c.id === id)!.modeParameter] = 'DETECT';
  }
  const out: Record<string, Record<string, string>> = {};
  for (const region of config.regions) {
    const overrides = { ...exempt };
    const checked = config.configRecorder.mode === 'auto' && recorders !== undefined && region in recorders;
    const recorder = checked ? recorderOverride(config, recorders[region], recorderBase) : undefined;
    if (recorder !== undefined) overrides[TEMPLATE_PARAMETERS.createConfigRecorder] = recorder;
    if (Object.keys(overrides).length > 0) out[region] = overrides;
  }
  return out;
}
