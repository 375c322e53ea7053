import { EventEmitter } from 'node:events';
import { Scheduler } from '../core/clock.js';
export const DEFAULT_TIMING = {
    stackInstanceMs: 40,
    createAccountMs: 300,
    newAccountRoleDelayMs: 300,
    configEvaluationMs: 50,
    remediationMs: 80,
    driftDetectionMs: 20,
};
export class World {
    clock;
    org;
    rng;
    faults;
    timing;
    knownRegions;
    scheduler = new Scheduler();
    bus = new EventEmitter();
    /** Calls served, by `service:Action`, for benchmarks and tests that count API calls. */
    calls = new Map();
    iam = new Map();
    regionStates = new Map();
    sessions = new Map();
    /** Stack sets live in the management account, per region: region → name → stack set. */
    stackSets = new Map();
    /** Named principals with static keys (scenario `principals`), by name: what `credentialsFor(name)` returns. */
    principals = new Map();
    /** Calls answered with a throttling error, by `service:Action` (the fault layer counts them). */
    throttled = new Map();
    /**
     * Organizations pagination: every Nth page (N >= 2) of a list that has more items comes back empty with a
     * NextToken, as AWS sometimes does. 0 turns it off.
     */
    emptyPageEvery = 0;
    /**
     * Fills in an account and region the first time it is touched. Generated organizations (thousands of
     * accounts) use it so that memory goes only to the accounts a run actually visits.
     */
    regionSeeder;
    /** Fills in an account's IAM (roles, users) the first time it is touched; see regionSeeder. */
    iamSeeder;
    /** The time events see while they run; otherwise the clock's. */
    eventTime;
    constructor(clock, org, rng, faults, timing, 
    /** Every region the scenario knows (used by generators and `AllAwsRegions` aggregators). */
    knownRegions) {
        this.clock = clock;
        this.org = org;
        this.rng = rng;
        this.faults = faults;
        this.timing = timing;
        this.knownRegions = knownRegions;
        this.bus.setMaxListeners(50);
    }
    now() {
        return this.eventTime ?? this.clock.now();
    }
    /** Runs every scheduled event that is due, each at its own simulated time. Call before serving a request. */
    advance() {
        const until = this.clock.now();
        for (let e = this.scheduler.popDue(until); e; e = this.scheduler.popDue(until)) {
            this.eventTime = e.at;
            try {
                e.run();
            }
            finally {
                this.eventTime = undefined;
            }
        }
    }
    /** Schedules work `delayMs` after the current simulated time. */
    schedule(delayMs, label, run) {
        this.scheduler.at(this.now() + Math.max(0, delayMs), label, run);
    }
    emit(event, payload) {
        this.bus.emit(event, payload);
    }
    on(event, listener) {
        this.bus.on(event, listener);
    }
    accountIam(accountId) {
        let iam = this.iam.get(accountId);
        if (!iam) {
            iam = { roles: new Map(), users: new Map() };
            this.iam.set(accountId, iam);
            this.iamSeeder?.(accountId, iam);
        }
        return iam;
    }
    region(accountId, region) {
        const key = `${accountId}:${region}`;
        let state = this.regionStates.get(key);
        if (!state) {
            state = {
                accountId,
                region,
                securityGroups: new Map(),
                configRules: new Map(),
                remediations: new Map(),
                evaluations: new Map(),
                remediationExecutions: new Map(),
                ssmDocuments: new Map(),
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
    /** Region states that exist for one account (only regions something was put in). */
    regionsOf(accountId) {
        return [...this.regionStates.values()].filter((r) => r.accountId === accountId);
    }
    stackSetsIn(region) {
        let sets = this.stackSets.get(region);
        if (!sets) {
            sets = new Map();
            this.stackSets.set(region, sets);
        }
        return sets;
    }
    countCall(service, action) {
        const key = `${service}:${action}`;
        this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    }
    countThrottle(service, action) {
        const key = `${service}:${action}`;
        this.throttled.set(key, (this.throttled.get(key) ?? 0) + 1);
    }
    /** A fresh id like `ou-ab12-cd34ef56` or `car-…`: deterministic for a seed. */
    newId(prefix, length = 12, alphabet = '0123456789abcdefghijklmnopqrstuvwxyz') {
        let s = '';
        for (let i = 0; i < length; i++)
            s += alphabet[this.rng.int(alphabet.length)];
        return `${prefix}${s}`;
    }
}
//# sourceMappingURL=world.js.map