import type { ServiceHandlers } from '../core/handler.js';

/** CloudFormation (StackSets and plain stacks). Filled in by the stack set simulator. */
export const cloudFormationHandlers: ServiceHandlers = {};
