import { createInterface } from 'node:readline/promises';
import { AbortError, UsageError } from '../errors.js';
import type { OutputMode } from './reporter.js';

/** Asks a yes/no question; resolves true only for an explicit yes. */
export type Confirm = (question: string) => Promise<boolean>;

/**
 * The confirmation before a change (docs/commands.md): `--yes` answers it, a terminal asks on stderr, and without
 * a terminal cisfleet refuses rather than hang or guess.
 */
export function confirmer(mode: OutputMode, yes: boolean, what: string): Confirm {
  if (yes) return () => Promise.resolve(true);
  if (!mode.interactive || !process.stdin.isTTY) {
    return () =>
      Promise.reject(
        new UsageError(
          `${what} needs confirmation and there is no terminal to ask: pass --yes to go ahead, or --dry-run to see the plan only.`,
        ),
      );
  }
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      // Ctrl-C at the prompt reaches readline (the terminal is in raw mode), which closes and rejects.
      const answer = await rl.question(`${question} [y/N] `).catch(() => {
        throw new AbortError('Interrupted at the confirmation: nothing was changed.', true);
      });
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
}
