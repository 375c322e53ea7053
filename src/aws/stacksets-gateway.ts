import { randomUUID } from 'node:crypto';
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DeleteStackInstancesCommand,
  DeleteStackSetCommand,
  DescribeStackInstanceCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  DetectStackSetDriftCommand,
  ListStackInstanceResourceDriftsCommand,
  UpdateStackInstancesCommand,
  UpdateStackSetCommand,
  paginateListStackInstances,
  paginateListStackSetOperationResults,
  paginateListStackSetOperations,
  type DeploymentTargets as SdkDeploymentTargets,
  type Parameter,
  type StackInstanceSummary,
  type StackSetOperationPreferences,
} from '@aws-sdk/client-cloudformation';
import { mapBounded } from '../bounded.js';
import type { AwsClientFactory } from './client-factory.js';
import { describeAwsError, withAwsErrors } from './errors.js';
import { adoptionDifferences, ExistsDifferentError } from '../model/adoption.js';
import { isActive } from './operation-poller.js';
import {
  StackSetOperationLifecycle,
  type OperationLifecycleOptions,
  type StartOptions,
  type WaitOptions,
} from './stackset-operations.js';
import {
  instanceOut,
  operationOut,
  parametersIn,
  preferencesIn,
  resourceDriftOut,
  resultOut,
  stackSetOut,
  tagsIn,
  targetsIn,
} from './stackset-mapping.js';
import { MAX_OUS_PER_CALL } from '../model/stack-sets.js';
import type {
  BatchedOperations,
  CallAs,
  DeploymentTargets,
  InstanceScope,
  OperationOutcome,
  OperationPreferences,
  OperationResult,
  ResourceDrift,
  StackInstance,
  StackSetOperation,
  StackSetSpec,
  StackSetState,
} from '../model/stack-sets.js';
import { accountRegion, withOutcomes, type ResultWithOutcome } from '../model/operation-outcome.js';

export type { StartOptions, WaitOptions } from './stackset-operations.js';

/** DescribeStackInstance calls in flight when parameter overrides are asked for. */
const DESCRIBE_INSTANCE_CONCURRENCY = 5;

/** The stack set's place and caller, and how its operations are waited for (OperationLifecycleOptions). */
export interface StackSetsGatewayOptions extends OperationLifecycleOptions {
  /** The stack set's region: stack sets are regional resources. */
  region: string;
  /** Sent on every call; DELEGATED_ADMIN when cisfleet runs from a delegated administrator account. */
  callAs: CallAs;
}

export interface ListInstancesOptions {
  /**
   * ListStackInstances summaries carry no ParameterOverrides: with this, one DescribeStackInstance per
   * instance (all of them, or those the predicate picks) fetches them, a few at a time.
   */
  withOverrides?: boolean | ((instance: StackInstance) => boolean);
}

/** What CreateStackInstances, UpdateStackInstances and DeleteStackInstances calls all carry. */
interface InstanceCallFields {
  StackSetName: string;
  DeploymentTargets: SdkDeploymentTargets;
  Regions: string[];
  OperationPreferences: StackSetOperationPreferences;
  OperationId: string;
  CallAs: CallAs;
}

/**
 * The StackSet calls cisfleet makes (rollout, report --drift, onboard), every one with CallAs and mapped
 * through withAwsErrors, speaking plain cisfleet types. Writes start their operation through the operation
 * lifecycle (stackset-operations.ts), which waits out an operation holding the stack set.
 */
export class StackSetsGateway {
  private readonly client: CloudFormationClient;
  private readonly callAs: CallAs;
  private readonly operations: StackSetOperationLifecycle;

  constructor(factory: AwsClientFactory, options: StackSetsGatewayOptions) {
    this.client = factory.client(CloudFormationClient, { region: options.region });
    this.callAs = options.callAs;
    this.operations = new StackSetOperationLifecycle(this, options);
  }

  /** The stack set, or undefined when it does not exist. */
  describeStackSet(name: string): Promise<StackSetState | undefined> {
    return this.mapped('DescribeStackSet', async () => {
      try {
        const { StackSet } = await this.client.send(
          new DescribeStackSetCommand({ StackSetName: name, CallAs: this.callAs }),
        );
        return StackSet ? stackSetOut(StackSet) : undefined;
      } catch (error) {
        if (describeAwsError(error).name === 'StackSetNotFoundException') return undefined;
        throw error;
      }
    });
  }

  /** Every instance of the stack set (paged to the end); overrides only when asked for (see ListInstancesOptions). */
  listInstances(name: string, options: ListInstancesOptions = {}): Promise<StackInstance[]> {
    return this.mapped('ListStackInstances', async () => {
      const summaries: StackInstanceSummary[] = [];
      const pages = paginateListStackInstances(
        { client: this.client, pageSize: 100 },
        { StackSetName: name, CallAs: this.callAs },
      );
      for await (const page of pages) summaries.push(...(page.Summaries ?? []));
      const listed = summaries.map((summary) => ({ summary, instance: instanceOut(summary) }));
      const wanted = options.withOverrides;
      if (!wanted) return listed.map(({ instance }) => instance);
      const settled = await mapBounded(listed, DESCRIBE_INSTANCE_CONCURRENCY, async ({ summary, instance }) => {
        if (wanted !== true && !wanted(instance)) return instance;
        return instanceOut(summary, await this.parameterOverrides(name, summary));
      });
      return settled.map((r) => {
        if (!r.ok) throw r.error;
        return r.value;
      });
    });
  }

  /**
   * Creates the stack set (no instances yet); returns its StackSetId. NameAlreadyExists — our own create whose
   * answer was lost and that the SDK retried, or another rollout's a moment before — adopts the stack set when it
   * has our template, parameters and permission model, and otherwise says what differs.
   */
  createStackSet(spec: StackSetSpec): Promise<string> {
    return this.mapped('CreateStackSet', async () => {
      try {
        const out = await this.client.send(
          new CreateStackSetCommand({
            ...this.stackSetFields(spec),
            PermissionModel: spec.permissionModel,
            // Makes a retried create (timeout, connection reset) harmless where CloudFormation honours it.
            ClientRequestToken: randomUUID(),
            CallAs: this.callAs,
          }),
        );
        return out.StackSetId ?? '';
      } catch (error) {
        if (describeAwsError(error).name !== 'NameAlreadyExistsException') throw error;
        const existing = await this.describeStackSet(spec.name);
        if (!existing || existing.status !== 'ACTIVE') throw error;
        const differences = adoptionDifferences(spec, existing);
        if (differences.length > 0) {
          throw new ExistsDifferentError(
            `Stack set ${spec.name}`,
            differences,
            'Run `cisfleet rollout --dry-run` to see the update it plans from what exists, then `cisfleet rollout`.',
          );
        }
        return existing.stackSetId;
      }
    });
  }

  /**
   * Updates the stack set's template, parameters, tags and settings, and with them every instance (or those
   * in `scope`). Returns the operation id.
   */
  updateStackSet(
    spec: StackSetSpec,
    preferences: OperationPreferences,
    scope?: InstanceScope,
    options: StartOptions = {},
  ): Promise<string> {
    return this.operations.startWrite('UpdateStackSet', spec.name, options, (operationId) =>
      this.client.send(
        new UpdateStackSetCommand({
          ...this.stackSetFields(spec),
          PermissionModel: spec.permissionModel,
          OperationPreferences: preferencesIn(preferences),
          DeploymentTargets: scope ? targetsIn(scope.targets) : undefined,
          Regions: scope ? [...scope.regions] : undefined,
          OperationId: operationId,
          CallAs: this.callAs,
        }),
      ),
    );
  }

  /** Deploys instances to the targets in the regions; more than 50 OUs take several calls (and operations). */
  createInstances(
    name: string,
    targets: DeploymentTargets,
    regions: readonly string[],
    preferences: OperationPreferences,
    overrides?: Readonly<Record<string, string>>,
    options: StartOptions = {},
  ): Promise<BatchedOperations> {
    return this.startBatched('CreateStackInstances', name, targets, regions, preferences, options, (fields) =>
      this.client.send(
        new CreateStackInstancesCommand({
          ...fields,
          ParameterOverrides: overrides ? parametersIn(overrides) : undefined,
        }),
      ),
    );
  }

  /**
   * Sets the parameter overrides of existing instances (the list replaces their overrides; `{}` removes
   * them) and redeploys them.
   */
  updateInstances(
    name: string,
    targets: DeploymentTargets,
    regions: readonly string[],
    preferences: OperationPreferences,
    overrides: Readonly<Record<string, string>>,
    options: StartOptions = {},
  ): Promise<BatchedOperations> {
    return this.startBatched('UpdateStackInstances', name, targets, regions, preferences, options, (fields) =>
      this.client.send(new UpdateStackInstancesCommand({ ...fields, ParameterOverrides: parametersIn(overrides) })),
    );
  }

  /** Removes instances; `retainStacks` keeps their stacks (and so the controls) in the accounts. */
  deleteInstances(
    name: string,
    targets: DeploymentTargets,
    regions: readonly string[],
    retainStacks: boolean,
    preferences: OperationPreferences,
    options: StartOptions = {},
  ): Promise<BatchedOperations> {
    return this.startBatched('DeleteStackInstances', name, targets, regions, preferences, options, (fields) =>
      this.client.send(new DeleteStackInstancesCommand({ ...fields, RetainStacks: retainStacks })),
    );
  }

  /** Deletes the (empty) stack set, once no operation holds it. A stack set that is already gone is fine. */
  deleteStackSet(name: string, options: StartOptions = {}): Promise<void> {
    return this.mapped('DeleteStackSet', () =>
      this.operations.start(
        name,
        async () => {
          try {
            await this.client.send(new DeleteStackSetCommand({ StackSetName: name, CallAs: this.callAs }));
          } catch (error) {
            if (describeAwsError(error).name !== 'StackSetNotFoundException') throw error;
          }
        },
        options,
      ),
    );
  }

  /** Starts drift detection on every instance; returns the operation id. */
  detectDrift(name: string, preferences: OperationPreferences, options: StartOptions = {}): Promise<string> {
    return this.operations.startWrite('DetectStackSetDrift', name, options, (operationId) =>
      this.client.send(
        new DetectStackSetDriftCommand({
          StackSetName: name,
          OperationPreferences: preferencesIn(preferences),
          OperationId: operationId,
          CallAs: this.callAs,
        }),
      ),
    );
  }

  /** Every resource of one instance as the drift detection operation found it (no SDK paginator: manual paging). */
  listResourceDrifts(name: string, account: string, region: string, operationId: string): Promise<ResourceDrift[]> {
    return this.mapped('ListStackInstanceResourceDrifts', async () => {
      const drifts: ResourceDrift[] = [];
      let nextToken: string | undefined;
      do {
        const page = await this.client.send(
          new ListStackInstanceResourceDriftsCommand({
            StackSetName: name,
            StackInstanceAccount: account,
            StackInstanceRegion: region,
            OperationId: operationId,
            MaxResults: 100,
            NextToken: nextToken,
            CallAs: this.callAs,
          }),
        );
        drifts.push(...(page.Summaries ?? []).map(resourceDriftOut));
        // The same token twice would page forever (the SDK paginators guard against it the same way).
        nextToken = page.NextToken && page.NextToken !== nextToken ? page.NextToken : undefined;
      } while (nextToken);
      return drifts;
    });
  }

  /** One result per account × region of the operation, paged to the end. */
  listOperationResults(name: string, operationId: string): Promise<OperationResult[]> {
    return this.mapped('ListStackSetOperationResults', async () => {
      const results: OperationResult[] = [];
      const pages = paginateListStackSetOperationResults(
        { client: this.client, pageSize: 100 },
        { StackSetName: name, OperationId: operationId, CallAs: this.callAs },
      );
      for await (const page of pages) results.push(...(page.Summaries ?? []).map(resultOut));
      return results;
    });
  }

  /**
   * The operation's results, each with its outcome. A CANCELLED result is `skipped` when its instance's
   * DetailedStatus is SKIPPED_SUSPENDED_ACCOUNT for this operation: one filtered ListStackInstances, made only
   * when some result is CANCELLED.
   */
  async resultsWithOutcomes(
    name: string,
    operationId: string,
    results?: readonly OperationResult[],
  ): Promise<ResultWithOutcome[]> {
    const listed = results ?? (await this.listOperationResults(name, operationId));
    if (!listed.some((r) => r.status === 'CANCELLED')) return withOutcomes(listed, new Set());
    const skipped = await this.mapped('ListStackInstances', async () => {
      const keys = new Set<string>();
      const filters = [
        { Name: 'DETAILED_STATUS' as const, Values: 'SKIPPED_SUSPENDED_ACCOUNT' },
        { Name: 'LAST_OPERATION_ID' as const, Values: operationId },
      ];
      const pages = paginateListStackInstances(
        { client: this.client, pageSize: 100 },
        { StackSetName: name, CallAs: this.callAs, Filters: filters },
      );
      for await (const page of pages) {
        for (const s of page.Summaries ?? []) if (s.Account && s.Region) keys.add(accountRegion(s.Account, s.Region));
      }
      return keys;
    });
    return withOutcomes(listed, skipped);
  }

  describeOperation(name: string, operationId: string): Promise<StackSetOperation> {
    return this.mapped('DescribeStackSetOperation', async () => {
      const { StackSetOperation } = await this.client.send(
        new DescribeStackSetOperationCommand({ StackSetName: name, OperationId: operationId, CallAs: this.callAs }),
      );
      return operationOut(StackSetOperation ?? {}, operationId);
    });
  }

  /** Every operation of the stack set, in the order AWS lists them. */
  listOperations(name: string): Promise<StackSetOperation[]> {
    return this.mapped('ListStackSetOperations', async () => {
      const operations: StackSetOperation[] = [];
      for await (const page of paginateListStackSetOperations(
        { client: this.client, pageSize: 100 },
        { StackSetName: name, CallAs: this.callAs },
      )) {
        operations.push(...(page.Summaries ?? []).map((s) => operationOut(s, '')));
      }
      return operations;
    });
  }

  /** The operation holding the stack set: a RUNNING or STOPPING one, else the first QUEUED one, else undefined. */
  findRunningOperation(name: string): Promise<StackSetOperation | undefined> {
    return this.mapped('ListStackSetOperations', async () => {
      let queued: StackSetOperation | undefined;
      for await (const page of paginateListStackSetOperations(
        { client: this.client, pageSize: 100 },
        { StackSetName: name, CallAs: this.callAs },
      )) {
        for (const summary of page.Summaries ?? []) {
          const operation = operationOut(summary, '');
          if (!isActive(operation)) continue;
          if (operation.status !== 'QUEUED') return operation;
          queued ??= operation;
        }
      }
      return queued;
    });
  }

  /**
   * Polls the operation until it SUCCEEDED, FAILED or STOPPED, reporting per-region progress, and returns every
   * result with its outcome (the operation lifecycle's wait).
   */
  waitForOperation(name: string, operationId: string, options: WaitOptions = {}): Promise<OperationOutcome> {
    return this.operations.wait(name, operationId, options);
  }

  /** An instance write, one call per batch of at most 50 OUs; each batch waits for the one before if it must. */
  private async startBatched(
    action: string,
    name: string,
    targets: DeploymentTargets,
    regions: readonly string[],
    preferences: OperationPreferences,
    options: StartOptions,
    send: (fields: InstanceCallFields) => Promise<{ OperationId?: string }>,
  ): Promise<BatchedOperations> {
    const operationIds: string[] = [];
    // Waiting for our own previous batch is expected, not news for the user.
    const onWaiting = (operation: StackSetOperation) => {
      if (!operationIds.includes(operation.operationId)) options.onWaiting?.(operation);
    };
    for (const batch of targetBatches(targets)) {
      operationIds.push(
        await this.operations.startWrite(action, name, { ...options, onWaiting }, (operationId) =>
          send({
            StackSetName: name,
            DeploymentTargets: targetsIn(batch),
            Regions: [...regions],
            OperationPreferences: preferencesIn(preferences),
            OperationId: operationId,
            CallAs: this.callAs,
          }),
        ),
      );
    }
    return { operationIds, calls: operationIds.length };
  }

  /** The fields CreateStackSet and UpdateStackSet share. */
  private stackSetFields(spec: StackSetSpec) {
    return {
      StackSetName: spec.name,
      Description: spec.description,
      TemplateBody: spec.templateBody,
      Parameters: parametersIn(spec.parameters),
      Capabilities: [...spec.capabilities],
      Tags: tagsIn(spec.tags),
      AutoDeployment: spec.autoDeployment
        ? {
            Enabled: spec.autoDeployment.enabled,
            RetainStacksOnAccountRemoval: spec.autoDeployment.retainStacksOnAccountRemoval,
          }
        : undefined,
      ManagedExecution: { Active: spec.managedExecution },
      AdministrationRoleARN: spec.administrationRoleArn,
      ExecutionRoleName: spec.executionRoleName,
    };
  }

  private async parameterOverrides(name: string, summary: StackInstanceSummary): Promise<Parameter[] | undefined> {
    if (!summary.Account || !summary.Region) return undefined;
    const { StackInstance } = await this.client.send(
      new DescribeStackInstanceCommand({
        StackSetName: name,
        StackInstanceAccount: summary.Account,
        StackInstanceRegion: summary.Region,
        CallAs: this.callAs,
      }),
    );
    return StackInstance?.ParameterOverrides ?? [];
  }

  /** Runs a call and turns an SDK error into cisfleet's (cisfleet errors pass through). */
  private mapped<T>(action: string, call: () => Promise<T>): Promise<T> {
    return withAwsErrors(action, call);
  }
}

/**
 * Splits targets into calls of at most 50 OUs. INTERSECTION and DIFFERENCE filter each batch's OUs by the
 * accounts, so every batch carries them; UNION adds the accounts, so the first batch alone does.
 */
export function targetBatches(targets: DeploymentTargets): DeploymentTargets[] {
  const ous = targets.organizationalUnitIds ?? [];
  if (ous.length <= MAX_OUS_PER_CALL) return [targets];
  const accounts = targets.accounts ?? [];
  const union = (targets.accountFilterType ?? (accounts.length > 0 ? 'UNION' : 'NONE')) === 'UNION';
  const batches: DeploymentTargets[] = [];
  for (let i = 0; i < ous.length; i += MAX_OUS_PER_CALL) {
    const organizationalUnitIds = ous.slice(i, i + MAX_OUS_PER_CALL);
    batches.push(union && i > 0 ? { organizationalUnitIds } : { ...targets, organizationalUnitIds });
  }
  return batches;
}
