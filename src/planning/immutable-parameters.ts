import { TEMPLATE_PARAMETERS } from '../controls/catalog.js';
import type { ConfigProblem } from '../errors.js';
import type { PlainStackState } from '../model/stack-sets.js';
import type { DesiredStackSet } from './desired-stackset.js';
import type { StackSetState } from '../model/stack-sets.js';

/**
 * Why a deployed stack set cannot take the resourcePrefix accounts.yaml now gives, if it cannot. Every
 * named resource carries the prefix, so a change replaces the Config recorder and delivery channel of every
 * account and region (the new one is created before the old one is deleted, and an account holds one:
 * the update fails, or Config ends up switched off) and every rule (their evaluations start over). Pure.
 */
export function resourcePrefixProblem(
  current: {
    readonly stackSet?: StackSetState;
    readonly managementStacks: Readonly<Record<string, PlainStackState>>;
  },
  desired: DesiredStackSet,
  configPath: string,
): ConfigProblem | undefined {
  const key = TEMPLATE_PARAMETERS.resourcePrefix;
  const wanted = desired.spec.parameters[key];
  const deployed = [
    current.stackSet?.parameters[key],
    ...Object.values(current.managementStacks).map((s) => s.parameters[key]),
  ].find((value) => value !== undefined && value !== wanted);
  if (deployed === undefined) return undefined;
  return {
    file: configPath,
    line: 0,
    col: 0,
    path: 'resourcePrefix',
    severity: 'error',
    message:
      `stack set ${desired.spec.name} was deployed with resourcePrefix ${deployed}, accounts.yaml says ${wanted}: the prefix cannot change in place ` +
      `(it would replace the Config recorder and delivery channel in every account and region, and every rule). ` +
      `Set resourcePrefix: ${deployed} again. To move to ${wanted}: run \`cisfleet rollout --remove\` with the old prefix ` +
      `(the delivery buckets and function logs are kept), then roll out with the new one.`,
  };
}
