import type { CommandContext } from './command-context.js';

/** What stops a command cleanly, and the end of its claim on Ctrl-C and SIGTERM. */
export interface StopSignal {
  readonly signal: AbortSignal;
  release(): void;
}

/**
 * Holds the entry point's Ctrl-C and SIGTERM for the command (cli/interrupts.ts) and joins them with a signal a
 * test or the demo injects: either one stops the command as Ctrl-C does. Release it in a `finally`.
 */
export function holdStopSignal(context: CommandContext, injected?: AbortSignal): StopSignal {
  const hold = context.interrupts?.hold();
  const signals = [hold?.signal, injected].filter((s): s is AbortSignal => s !== undefined);
  const signal =
    signals.length === 0 ? new AbortController().signal : signals.length === 1 ? signals[0]! : AbortSignal.any(signals);
  return { signal, release: () => hold?.release() };
}
