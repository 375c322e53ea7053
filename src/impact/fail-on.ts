/** `impact --fail-on`: the conditions that exit with code 4, in a module of their own so the CLI loads no SDK. */
export type ImpactFailOn = 'changes' | 'needs-person' | 'error';
export const IMPACT_FAIL_ON: readonly ImpactFailOn[] = ['changes', 'needs-person', 'error'];
