/**
 * The stack set's own CreateConfigRecorder value (decision 0006): what an account that arrives by
 * auto-deployment gets, since no cisfleet run checks it first. Pure: decided from the preflight's findings.
 */
import type { CisfleetConfig } from '../config/schema.js';
import type { RecorderState } from '../model/recorder.js';

/** The recorder Control Tower creates in every account it enrolls (and repairs if changed). */
export const CONTROL_TOWER_RECORDER = 'aws-controltower-BaselineConfigRecorder';

export interface RecorderBase {
  readonly value: 'true' | 'false';
  /** One sentence for the plan: where the value comes from. */
  readonly reason: string;
}

/**
 * Chooses the base value. `checked` holds, per account preflight reached, its recorders by region;
 * `deployedValue` is the value of the stack set as it exists (undefined before it is created).
 *
 * A deployed stack set keeps its value: every instance without a recorder override inherits it, and which
 * instances those are is not known without reading each one, so changing it could delete cisfleet's
 * recorders (true → false) or fail Control Tower's accounts (false → true).
 */
export function chooseRecorderBase(
  config: CisfleetConfig,
  checked: ReadonlyArray<Readonly<Record<string, RecorderState>>>,
  deployedValue: string | undefined,
): RecorderBase {
  const mode = config.configRecorder.mode;
  if (mode === 'skip') return { value: 'false', reason: 'configRecorder.mode is skip: no stack creates a recorder' };
  if (mode === 'create') return { value: 'true', reason: 'configRecorder.mode is create: every stack creates one' };
  const withControlTower = checked.filter((regions) =>
    Object.values(regions).some((r) => r.recorderName === CONTROL_TOWER_RECORDER),
  ).length;
  // Without auto-deployment every instance is cisfleet's, made after preflight checked its account.
  const autoDeploys =
    config.stackSet.permissionModel === 'SERVICE_MANAGED' && config.stackSet.autoDeployment?.enabled === true;
  const evidence = !autoDeploys
    ? 'no auto-deployment: every account is checked before cisfleet deploys there'
    : withControlTower > 0
      ? `Control Tower's recorder found in ${withControlTower} of ${checked.length} checked accounts`
      : `no Control Tower recorder in the ${checked.length} checked accounts`;
  const chosen = autoDeploys && withControlTower > 0 ? 'false' : 'true';
  if (deployedValue !== 'true' && deployedValue !== 'false' && checked.length === 0)
    return { value: 'true', reason: 'no account checked: cisfleet creates recorders' };
  if (deployedValue !== 'true' && deployedValue !== 'false')
    return { value: chosen, reason: consequence(evidence, chosen, autoDeploys) };
  if (checked.length === 0)
    return { value: deployedValue, reason: 'kept from the deployed stack set: no account was checked in this run' };
  if (chosen === deployedValue) return { value: chosen, reason: consequence(evidence, chosen, autoDeploys) };
  return {
    value: deployedValue,
    reason: `kept from the deployed stack set (${evidence}): changing it would change every instance that inherits it, so the value is chosen when the stack set is created; checked accounts get overrides`,
  };
}

function consequence(evidence: string, value: 'true' | 'false', autoDeploys: boolean): string {
  if (!autoDeploys) return `${evidence}; those with another recorder get false`;
  return value === 'false'
    ? `${evidence}: accounts that arrive by auto-deployment are expected to bring it; checked accounts without a recorder get true`
    : `${evidence}: accounts that arrive by auto-deployment get cisfleet's recorder; checked accounts with another recorder get false`;
}

/**
 * The recorder override one account needs in one region, given the base: undefined when the base is right.
 * `auto` mode only; `existing` is what preflight found there.
 */
export function recorderOverride(
  config: CisfleetConfig,
  existing: RecorderState | undefined,
  base: string,
): string | undefined {
  const wanted = hasForeignRecorder(config, existing) ? 'false' : 'true';
  return wanted === base ? undefined : wanted;
}

/**
 * A recorder or delivery channel that the stack set did not create. The template names its own
 * `<prefix>-recorder` and `<prefix>-delivery`: finding those means an earlier rollout deployed here, and
 * switching creation off would delete them.
 */
function hasForeignRecorder(config: CisfleetConfig, existing: RecorderState | undefined): boolean {
  const ours = (name: string | undefined, suffix: string) => name === `${config.resourcePrefix}-${suffix}`;
  const recorder = existing?.recorderName && !ours(existing.recorderName, 'recorder');
  const channel = existing?.deliveryChannelName && !ours(existing.deliveryChannelName, 'delivery');
  return Boolean(recorder || channel);
}
