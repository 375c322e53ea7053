import {
  ActivateOrganizationsAccessCommand,
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeOrganizationsAccessCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CisfleetError } from '../errors.js';
import type { PlainStackSpec, PlainStackState } from '../model/stack-sets.js';
import type { RecorderState } from '../model/recorder.js';
import type { AwsClientFactory } from './client-factory.js';
import { describeAwsError, withAwsErrors as mapped } from './errors.js';
import { parametersIn, parametersOut, tagsIn } from './stackset-mapping.js';
import { adoptionDifferences, ExistsDifferentError } from '../model/adoption.js';

/** The tag cisfleet puts on the management account's plain stack: which template it last deployed. */
export const TEMPLATE_SHA_TAG = 'cisfleet:template-sha256';

/** How long a plain stack create/update/delete may take before cisfleet stops waiting. */
const STACK_MAX_WAIT_SECONDS = 1800;

/**
 * CloudFormation calls in the account cisfleet runs in that are not stack set operations: the management
 * account's plain stack (service-managed stack sets never reach it:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html), and
 * Organizations trusted access for StackSets.
 */
export class StacksGateway {
  constructor(private readonly factory: AwsClientFactory) {}

  /** The stack in a region (DescribeStacks); a missing stack is `{ exists: false }`. */
  describeStack(name: string, region: string): Promise<PlainStackState> {
    return mapped('DescribeStacks', async () => {
      try {
        const { Stacks } = await this.client(region).send(new DescribeStacksCommand({ StackName: name }));
        const stack = Stacks?.[0];
        if (!stack || stack.StackStatus === 'DELETE_COMPLETE') return { exists: false, parameters: {} };
        return {
          exists: true,
          status: stack.StackStatus,
          parameters: parametersOut(stack.Parameters),
          templateSha256: stack.Tags?.find((t) => t.Key === TEMPLATE_SHA_TAG)?.Value,
        };
      } catch (error) {
        if (/does not exist/.test(describeAwsError(error).message)) return { exists: false, parameters: {} };
        throw error;
      }
    });
  }

  /** Creates the stack and waits until CREATE_COMPLETE (a failure throws with the stack's reason). */
  createStack(spec: PlainStackSpec, region: string): Promise<void> {
    return mapped('CreateStack', async () => {
      const client = this.client(region);
      try {
        await client.send(new CreateStackCommand({ ...this.fields(spec), OnFailure: 'ROLLBACK' }));
      } catch (error) {
        if (describeAwsError(error).name !== 'AlreadyExistsException') throw error;
        if ((await this.adoptStack(spec, region, error)) === 'complete') return;
      }
      await waitUntilStackCreateComplete({ client, maxWaitTime: STACK_MAX_WAIT_SECONDS }, { StackName: spec.name });
    });
  }

  /**
   * CreateStack said the stack exists: our own create whose answer was lost, or another rollout's. Adopted when it
   * carries our template and parameters and is complete, or still being created (the caller then waits for it as
   * for its own); otherwise throws, saying what differs or what state it is in.
   */
  private async adoptStack(
    spec: PlainStackSpec,
    region: string,
    alreadyExists: unknown,
  ): Promise<'complete' | 'creating'> {
    const existing = await this.describeStack(spec.name, region);
    if (!existing.exists) throw alreadyExists;
    const where = `Stack ${spec.name} in ${region}`;
    const differences = adoptionDifferences(spec, existing);
    if (differences.length > 0)
      throw new ExistsDifferentError(
        where,
        differences,
        'Run `cisfleet rollout` again: it plans an update of the stack from what exists.',
      );
    if (existing.status === 'CREATE_IN_PROGRESS') return 'creating';
    if (existing.status === 'CREATE_COMPLETE' || existing.status === 'UPDATE_COMPLETE') return 'complete';
    throw new CisfleetError(
      'STACK_NOT_ADOPTABLE',
      `${where} already exists with cisfleet's template and parameters but is ${existing.status ?? 'in an unknown state'}; look at its events, delete it if it failed, and run cisfleet rollout again.`,
    );
  }

  /** Updates the stack and waits until UPDATE_COMPLETE; "No updates are to be performed" is success. */
  updateStack(spec: PlainStackSpec, region: string): Promise<void> {
    return mapped('UpdateStack', async () => {
      const client = this.client(region);
      try {
        await client.send(new UpdateStackCommand(this.fields(spec)));
      } catch (error) {
        if (/No updates are to be performed/.test(describeAwsError(error).message)) return;
        throw error;
      }
      await waitUntilStackUpdateComplete({ client, maxWaitTime: STACK_MAX_WAIT_SECONDS }, { StackName: spec.name });
    });
  }

  deleteStack(name: string, region: string): Promise<void> {
    return mapped('DeleteStack', async () => {
      const client = this.client(region);
      await client.send(new DeleteStackCommand({ StackName: name }));
      await waitUntilStackDeleteComplete({ client, maxWaitTime: STACK_MAX_WAIT_SECONDS }, { StackName: name });
    });
  }

  /** Whether Organizations trusted access for StackSets is on (SERVICE_MANAGED needs it). */
  trustedAccessEnabled(region: string, callAs: 'SELF' | 'DELEGATED_ADMIN'): Promise<boolean> {
    return mapped('DescribeOrganizationsAccess', async () => {
      const { Status } = await this.client(region).send(new DescribeOrganizationsAccessCommand({ CallAs: callAs }));
      return Status === 'ENABLED';
    });
  }

  activateTrustedAccess(region: string, callAs: 'SELF' | 'DELEGATED_ADMIN'): Promise<void> {
    return mapped('ActivateOrganizationsAccess', async () => {
      await this.client(region).send(new ActivateOrganizationsAccessCommand({ CallAs: callAs }));
    });
  }

  private client(region: string): CloudFormationClient {
    return this.factory.client(CloudFormationClient, { region });
  }

  private fields(spec: PlainStackSpec) {
    return {
      StackName: spec.name,
      TemplateBody: spec.templateBody,
      Parameters: parametersIn(spec.parameters),
      Capabilities: [...spec.capabilities],
      Tags: tagsIn({ ...spec.tags, [TEMPLATE_SHA_TAG]: spec.templateSha256 }),
    };
  }
}

/**
 * The preflight calls for the account cisfleet runs in (the management account): its own credentials, no
 * AssumeRole (the member role does not exist there). Same shape as MemberGateway, so preflight takes either.
 */
export class BaseAccountAccess {
  constructor(private readonly factory: AwsClientFactory) {}

  async whoAmI(_accountId: string): Promise<{ account: string; arn: string }> {
    const id = await this.factory.client(STSClient).send(new GetCallerIdentityCommand({}));
    return { account: id.Account ?? '', arn: id.Arn ?? '' };
  }

  async recorderState(_accountId: string, region: string): Promise<RecorderState> {
    const config = this.factory.client(ConfigServiceClient, { region });
    const [recorders, channels] = await Promise.all([
      config.send(new DescribeConfigurationRecordersCommand({})),
      config.send(new DescribeDeliveryChannelsCommand({})),
    ]);
    return {
      recorderName: recorders.ConfigurationRecorders?.[0]?.name,
      deliveryChannelName: channels.DeliveryChannels?.[0]?.name,
    };
  }
}
