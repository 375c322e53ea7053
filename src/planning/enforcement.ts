/** Which controls a rollout plan switches to automatic remediation: the plan then shows their impact. Pure. */
import { CONTROLS, type ControlId } from '../controls/catalog.js';
import type { RolloutPlan } from './rollout-plan.js';

/**
 * Controls whose stack set mode parameter becomes AUTO: a new stack set with a control in AUTO, or an update that
 * changes a mode to AUTO. Nothing when the plan removes the stack set.
 */
export function controlsTurnedToAuto(
  plan: Pick<RolloutPlan, 'mode' | 'stackSet'>,
  desiredParameters: Readonly<Record<string, string>>,
): ControlId[] {
  if (plan.mode === 'remove') return [];
  if (plan.stackSet.action === 'create')
    return CONTROLS.filter((c) => desiredParameters[c.modeParameter] === 'AUTO').map((c) => c.id);
  const changes = new Map(plan.stackSet.changes.parameters.map((p) => [p.key, p]));
  return CONTROLS.filter((c) => {
    const change = changes.get(c.modeParameter);
    return change !== undefined && change.to === 'AUTO' && change.from !== 'AUTO';
  }).map((c) => c.id);
}
