import { EventEmitter } from 'node:events';
import { Scheduler, type SimClock } from '../core/clock.js';
import { SeededRandom } from '../core/random.js';
import type { SimAccountIam, SimLogGroup, SimOrganization, SimRegionState, SimSession } from './types.js';
import type { SimStackSet } from './stackset-types.js';

/** Per-call latency, throttling and failures, all set by the scenario. */
export interface SimFaults {
  /** Added latency in ms. Keys: `default`, a service (`config`), or `service:Action` (most specific wins). */
  latencyMs: Record<string, number>;
  /**
   * Token-bucket throttles per calling account, keyed like latencyMs. A call over the rate gets the service's
   * throttling error (ThrottlingException, Throttling, TooManyRequestsException), which the SDK retries.
   */
  throttle: Record<string, { ratePerSecond: number; burst?: number }>;
  /** Accounts whose every call after AssumeRole is refused (an SCP or a broken role), beyond missing roles. */
  deniedAccounts: Set<string>;
  /** Stack instances that fail when deployed: account (and optionally region) with the StatusReason. */
  failingInstances: Array<{ accountId: string; region?: string; reason: string }>;
}

/** How long simulated work takes, in simulated ms. */
export interface SimTiming {
  /** One stack instance create/update/delete. */
  stackInstanceMs: number;
  /** CreateAccount from request to SUCCEEDED. */
  createAccountMs: number;
  /** After an account is created, before its OrganizationAccountAccessRole is assumable. */
  newAccountRoleDelayMs: number;
  /** From a rule's creation, a resource change or StartConfigRulesEvaluation to the evaluation result. */
  configEvaluationMs: number;
  /** One automatic remediation attempt (SSM Automation or the Lambda). */
  remediationMs: number;
  /** Drift detection of one stack instance. */
  driftDetectionMs: number;
}

export const DEFAULT_TIMING: SimTiming = {
  stackInstanceMs: 40,
  createAccountMs: 300,
  newAccountRoleDelayMs: 300,
  configEvaluationMs: 50,
  remediationMs: 80,
  driftDetectionMs: 20,
};

/** Typed notifications between subsystems (Organizations → StackSets auto-deployment, Config changes → evaluation). */
export interface WorldEvents {
  'account-moved': { accountId: string; fromParentId: string; toParentId: string };
  'account-created': { accountId: string };
  /** A resource changed (a security group, an IAM user): Config rules in scope re-evaluate. */
  'resource-changed': {
    accountId: string;
    /** For global IAM types the region carries no meaning: every region's IAM rules re-evaluate. */
    region: string;
    resourceType: string;
    resourceId: string;
    /** `remediation` when a runbook or the remediation Lambda made the change (it does not re-arm remediation). */
    source?: 'remediation' | 'hand' | 'scenario';
  };
}

export class World {
  readonly scheduler = new Scheduler();
  readonly bus = new EventEmitter();
  /** Calls served, by `service:Action`, for benchmarks and tests that count API calls. */
  readonly calls = new Map<string, number>();
  readonly iam = new Map<string, SimAccountIam>();
  readonly regionStates = new Map<string, SimRegionState>();
  readonly sessions = new Map<string, SimSession>();
  /** Stack sets live in the management account, per region: region → name → stack set. */
  readonly stackSets = new Map<string, Map<string, SimStackSet>>();
  /** Named principals with static keys (scenario `principals`), by name: what `credentialsFor(name)` returns. */
  readonly principals = new Map<string, SimSession>();
  /** S3 bucket names are global across accounts and regions: name → where the bucket lives. */
  readonly s3Buckets = new Map<string, { accountId: string; region: string }>();
  /** CloudWatch Logs log groups and their events, by `account:region:name` (names are unique per account and region). */
  readonly logGroups = new Map<string, SimLogGroup>();
  /** Calls answered with a throttling error, by `service:Action` (the fault layer counts them). */
  readonly throttled = new Map<string, number>();
  /**
   * Organizations pagination: every Nth page (N >= 2) of a list that has more items comes back empty with a
   * NextToken, as AWS sometimes does. 0 turns it off.
   */
  emptyPageEvery = 0;
  /**
   * Fills in an account and region the first time it is touched. Generated organizations (thousands of
   * accounts) use it so that memory goes only to the accounts a run actually visits.
   */
  regionSeeder?: (state: SimRegionState) => void;
  /** Fills in an account's IAM (roles, users) the first time it is touched; see regionSeeder. */
  iamSeeder?: (accountId: string, iam: SimAccountIam) => void;
  /** The time events see while they run; otherwise the clock's. */
  private eventTime: number | undefined;

  constructor(
    readonly clock: SimClock,
    readonly org: SimOrganization,
    readonly rng: SeededRandom,
    readonly faults: SimFaults,
    readonly timing: SimTiming,
    /** Every region the scenario knows (used by generators and `AllAwsRegions` aggregators). */
    readonly knownRegions: string[],
  ) {
    this.bus.setMaxListeners(50);
  }

  now(): number {
    return this.eventTime ?? this.clock.now();
  }

  /** Runs every scheduled event that is due, each at its own simulated time. Call before serving a request. */
  advance(): void {
    const until = this.clock.now();
    for (let e = this.scheduler.popDue(until); e; e = this.scheduler.popDue(until)) {
      this.eventTime = e.at;
      try {
        e.run();
      } finally {
        this.eventTime = undefined;
      }
    }
  }

  /** Schedules work `delayMs` after the current simulated time. */
  schedule(delayMs: number, label: string, run: () => void): void {
    this.scheduler.at(this.now() + Math.max(0, delayMs), label, run);
  }

  emit<K extends keyof WorldEvents>(event: K, payload: WorldEvents[K]): void {
    this.bus.emit(event, payload);
  }

  on<K extends keyof WorldEvents>(event: K, listener: (payload: WorldEvents[K]) => void): void {
    this.bus.on(event, listener);
  }

  accountIam(accountId: string): SimAccountIam {
    let iam = this.iam.get(accountId);
    if (!iam) {
      iam = { roles: new Map(), users: new Map() };
      this.iam.set(accountId, iam);
      this.iamSeeder?.(accountId, iam);
    }
    return iam;
  }

  region(accountId: string, region: string): SimRegionState {
    const key = regionKey(accountId, region);
    let state = this.regionStates.get(key);
    if (!state) {
      state = {
        accountId,
        region,
        securityGroups: new Map(),
        networkInterfaces: new Map(),
        configRules: new Map(),
        remediations: new Map(),
        evaluations: new Map(),
        remediationExecutions: new Map(),
        ssmDocuments: new Map(),
        automationExecutions: [],
        eventRules: new Map(),
        lambdaFunctions: new Map(),
        aggregators: new Map(),
        stacks: new Map(),
      };
      this.regionStates.set(key, state);
      this.regionSeeder?.(state);
    }
    return state;
  }

  /** The account's state in a region if something was put there, without creating (or seeding) it. */
  existingRegion(accountId: string, region: string): SimRegionState | undefined {
    return this.regionStates.get(regionKey(accountId, region));
  }

  /** Region states that exist for one account (only regions something was put in). */
  regionsOf(accountId: string): SimRegionState[] {
    return [...this.regionStates.values()].filter((r) => r.accountId === accountId);
  }

  stackSetsIn(region: string): Map<string, SimStackSet> {
    let sets = this.stackSets.get(region);
    if (!sets) {
      sets = new Map();
      this.stackSets.set(region, sets);
    }
    return sets;
  }

  countCall(service: string, action: string): void {
    const key = `${service}:${action}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }

  countThrottle(service: string, action: string): void {
    const key = `${service}:${action}`;
    this.throttled.set(key, (this.throttled.get(key) ?? 0) + 1);
  }

  /** A fresh id like `ou-ab12-cd34ef56` or `car-…`: deterministic for a seed. */
  newId(prefix: string, length = 12, alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[this.rng.int(alphabet.length)];
    return `${prefix}${s}`;
  }
}

function regionKey(accountId: string, region: string): string {
  return `${accountId}:${region}`;
}
