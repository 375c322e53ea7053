/**
 * The rollout plan as data (docs/commands/rollout.md, `--out`): what `cisfleet rollout` will do, versioned and JSON-serialisable, and
 * the current state it is computed from. Built by rollout-plan.ts; no function here but the overrides key.
 */
import type {
  DeploymentTargets,
  InstanceScope,
  OperationPreferences,
  PlainStackState,
  StackInstance,
  StackSetState,
} from '../model/stack-sets.js';
import type { ResourceChange, TemplateEntryChange } from './template-diff.js';
import type { RecorderBase } from './recorder-base.js';

export const ROLLOUT_PLAN_VERSION = 1;

export type Overrides = Readonly<Record<string, string>>;

/** One stack instance the plan adds, updates or removes. */
export interface PlannedInstance {
  readonly accountId: string;
  readonly region: string;
  readonly ouId?: string;
  /** The parameter overrides it will have (adds and updates). */
  readonly overrides?: Overrides;
  readonly reason: string;
}

export interface ValueChange {
  readonly key: string;
  readonly from?: string;
  readonly to?: string;
}

/** One StackSet (or plain stack) API operation the apply step runs, in order. */
export type PlannedOperation =
  | { readonly kind: 'activate-trusted-access'; readonly title: string; readonly why: string }
  | { readonly kind: 'create-stack-set'; readonly title: string; readonly why: string }
  | {
      readonly kind: 'update-stack-set';
      readonly title: string;
      readonly why: string;
      /** Set when `--ou`/`--region` narrow the rollout: only those instances are updated. */
      readonly scope?: InstanceScope;
    }
  | {
      readonly kind: 'create-instances' | 'update-instances';
      readonly title: string;
      readonly why: string;
      readonly targets: DeploymentTargets;
      readonly regions: readonly string[];
      readonly overrides: Overrides;
      /** API calls (and operations): one per MAX_OUS_PER_CALL OUs. */
      readonly calls: number;
    }
  | {
      readonly kind: 'delete-instances';
      readonly title: string;
      readonly why: string;
      readonly targets: DeploymentTargets;
      readonly regions: readonly string[];
      readonly retainStacks: boolean;
      readonly calls: number;
    }
  | { readonly kind: 'delete-stack-set'; readonly title: string; readonly why: string }
  | {
      readonly kind: 'create-stack' | 'update-stack' | 'delete-stack';
      readonly title: string;
      readonly why: string;
      readonly region: string;
      readonly parameters: Overrides;
    };

export interface ManagementAccountPlan {
  readonly accountId: string;
  /** `skipped` with the reason when the plain stack is not cisfleet's to deploy in this run. */
  readonly action: 'create' | 'update' | 'delete' | 'none' | 'skipped';
  readonly reason?: string;
  readonly stackName: string;
  readonly regions: ReadonlyArray<{
    readonly region: string;
    readonly action: 'create' | 'update' | 'delete' | 'none';
    readonly overrides: Overrides;
  }>;
}

export interface RolloutPlan {
  readonly version: typeof ROLLOUT_PLAN_VERSION;
  readonly kind: 'rollout';
  readonly mode: 'deploy' | 'remove';
  readonly stackSet: {
    readonly name: string;
    readonly region: string;
    readonly callAs: 'SELF' | 'DELEGATED_ADMIN';
    readonly permissionModel: 'SERVICE_MANAGED' | 'SELF_MANAGED';
    readonly action: 'create' | 'update' | 'delete' | 'none';
    readonly templateSha256: string;
    readonly changes: {
      readonly template?: {
        readonly fromSha?: string;
        readonly toSha: string;
        /** The resources CloudFormation would add, change, replace or remove. */
        readonly resources: readonly ResourceChange[];
        /** The parameters, outputs, conditions… that change. */
        readonly entries: readonly TemplateEntryChange[];
        /** The same as text (cloudformation-diff's), never coloured: the printer colours it. */
        readonly diffText: string;
      };
      readonly parameters: readonly ValueChange[];
      readonly tags: readonly ValueChange[];
      readonly other: readonly ValueChange[];
    };
  };
  readonly instances: {
    readonly add: readonly PlannedInstance[];
    readonly update: readonly PlannedInstance[];
    readonly remove: readonly PlannedInstance[];
    /** Instances that already match: nothing is done to them (beyond a stack set update, if any). */
    readonly unchanged: number;
  };
  readonly operations: readonly PlannedOperation[];
  readonly operationPreferences: OperationPreferences;
  readonly unreachable: ReadonlyArray<{ readonly accountId: string; readonly reason: string; readonly effect: string }>;
  readonly skipped: ReadonlyArray<{ readonly accountId: string; readonly name: string; readonly reason: string }>;
  readonly managementAccount: ManagementAccountPlan;
  /** The stack set's CreateConfigRecorder and why (deploy plans, once preflight decided it). */
  readonly recorderBase?: RecorderBase;
  /** Nothing to do: no operation will be started. */
  readonly upToDate: boolean;
}

export interface CurrentRolloutState {
  readonly stackSet?: StackSetState;
  /** Instances with `parameterOverrides` filled in for those `instancesNeedingOverrides` picked. */
  readonly instances: readonly StackInstance[];
  /** Organizations trusted access for StackSets; undefined when not checked. */
  readonly trustedAccess?: boolean;
  /** Per region; empty when the management account is not in scope. */
  readonly managementStacks: Readonly<Record<string, PlainStackState>>;
}

export interface RolloutPlanOptions {
  /** `remove`: take every instance and the stack set away. */
  readonly remove?: boolean;
  readonly retainStacks?: boolean;
  /**
   * `--ou`/`--region`: the rollout is narrowed to these instances (the caller also narrows targets and the
   * current instances, so nothing outside is removed); a stack set update then reaches only them.
   */
  readonly scope?: InstanceScope;
  /** Set when the management account's stack cannot be handled from where cisfleet runs. */
  readonly managementSkipReason?: string;
}

/** One key for equal sets of overrides, whatever order their keys are in. */
export const overridesKey = (o: Overrides | undefined) =>
  JSON.stringify(Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b)));
