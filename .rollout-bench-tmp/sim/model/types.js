/**
 * The simulated organization's state: plain data, owned by the World. Times are simulated epoch ms.
 * Service handlers (src/sim/services/*) read and change it; model modules (src/sim/model/*) hold the
 * behaviour shared by several services (applying a template, evaluating Config rules, remediation).
 */
export {};
//# sourceMappingURL=types.js.map