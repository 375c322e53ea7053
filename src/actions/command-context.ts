import type { Clock } from '../clock.js';
import type { Reporter } from '../ui/reporter.js';

/*
 * The types a use-case takes from the command line, declared here so that actions depend on nothing in cli/:
 * cli/ builds them from argv (cli/global-options.ts, cli/command-context.ts, cli/interrupts.ts).
 */

/** Options every command shares (flags override environment, which overrides accounts.yaml). */
export interface GlobalOptions {
  readonly config: string;
  readonly profile?: string;
  readonly region?: string;
  /** `--endpoint-url` as given; AWS_ENDPOINT_URL is weighed in one place, aws/endpoints.ts resolveEndpoint. */
  readonly endpointUrl?: string;
  /** `--request-timeout S`: how long a sent AWS request may go unanswered (0 = no limit). */
  readonly requestTimeoutSeconds?: number;
  /** `--connect-timeout S`: how long connecting to an AWS endpoint may take (0 = no limit). */
  readonly connectTimeoutSeconds?: number;
  /** `--operation-timeout 4h`: how long to wait for one stack set operation (rollout, status --watch, report --drift, onboard). */
  readonly operationTimeout?: string;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly debug: boolean;
  readonly yes: boolean;
  readonly color: boolean;
}

/** A command's claim on Ctrl-C and SIGTERM, from `hold()` until `release()`. */
export interface InterruptHold {
  /** Aborts at the first signal (already aborted if one came before the hold). */
  readonly signal: AbortSignal;
  release(): void;
}

/** What a command's action receives besides its own options. */
export interface CommandContext {
  readonly globals: GlobalOptions;
  readonly reporter: Reporter;
  /** The run's one clock: every timestamp and every wait (tests pass one that moves simulated time). */
  readonly clock: Clock;
  /**
   * Ctrl-C and SIGTERM, owned by the entry point: a command that stops cleanly holds them while it runs.
   * Absent where nothing signals the run (tests, benchmarks).
   */
  readonly interrupts?: { hold(): InterruptHold };
}
