import type { RecorderState } from './recorder.js';

/** What preflight found in one member account: its recorders per region, or why it cannot be reached. */
export type AccountPreflight =
  | { accountId: string; reachable: true; recorders: Record<string, RecorderState> }
  | { accountId: string; reachable: false; reason: string };
