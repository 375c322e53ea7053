/**
 * Plain cisfleet types for stack sets, their instances and their operations. The StackSets gateway speaks
 * these and only these, so no AWS SDK type leaves src/aws (style.md §4).
 */
export {};
//# sourceMappingURL=stack-sets.js.map