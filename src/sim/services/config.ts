import type { ServiceHandlers } from '../core/handler.js';

/** AWS Config. Filled in by the Config simulator. */
export const configHandlers: ServiceHandlers = {};
