import { ActivateOrganizationsAccessCommand, CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeOrganizationsAccessCommand, DescribeStacksCommand, UpdateStackCommand, waitUntilStackCreateComplete, waitUntilStackDeleteComplete, waitUntilStackUpdateComplete, } from '@aws-sdk/client-cloudformation';
import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeDeliveryChannelsCommand } from '@aws-sdk/client-config-service';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsOperationError, CisfleetError } from '../errors.js';
import { describeAwsError, formatAwsError } from './errors.js';
import { parametersIn, parametersOut, tagsIn } from './stackset-mapping.js';
/** The tag cisfleet puts on the management account's plain stack: which template it last deployed. */
export const TEMPLATE_SHA_TAG = 'cisfleet:template-sha256';
/** How long a plain stack create/update/delete may take before cisfleet stops waiting. */
const STACK_MAX_WAIT_SECONDS = 1800;
/**
 * CloudFormation calls in the account cisfleet runs in that are not stack set operations: the management
 * account's plain stack (service-managed stack sets never reach it, aws-reference §0.1), and Organizations
 * trusted access for StackSets.
 */
export class StacksGateway {
    factory;
    constructor(factory) {
        this.factory = factory;
    }
    /** The stack in a region (DescribeStacks); a missing stack is `{ exists: false }`. */
    describeStack(name, region) {
        return mapped('DescribeStacks', async () => {
            try {
                const { Stacks } = await this.client(region).send(new DescribeStacksCommand({ StackName: name }));
                const stack = Stacks?.[0];
                if (!stack || stack.StackStatus === 'DELETE_COMPLETE')
                    return { exists: false, parameters: {} };
                return {
                    exists: true,
                    status: stack.StackStatus,
                    parameters: parametersOut(stack.Parameters),
                    templateSha256: stack.Tags?.find((t) => t.Key === TEMPLATE_SHA_TAG)?.Value,
                };
            }
            catch (error) {
                if (/does not exist/.test(describeAwsError(error).message))
                    return { exists: false, parameters: {} };
                throw error;
            }
        });
    }
    /** Creates the stack and waits until CREATE_COMPLETE (a failure throws with the stack's reason). */
    createStack(spec, region) {
        return mapped('CreateStack', async () => {
            const client = this.client(region);
            await client.send(new CreateStackCommand({ ...this.fields(spec), OnFailure: 'ROLLBACK' }));
            await waitUntilStackCreateComplete({ client, maxWaitTime: STACK_MAX_WAIT_SECONDS }, { StackName: spec.name });
        });
    }
    /** Updates the stack and waits until UPDATE_COMPLETE; "No updates are to be performed" is success. */
    updateStack(spec, region) {
        return mapped('UpdateStack', async () => {
            const client = this.client(region);
            try {
                await client.send(new UpdateStackCommand(this.fields(spec)));
            }
            catch (error) {
                if (/No updates are to be performed/.test(describeAwsError(error).message))
                    return;
                throw error;
            }
            await waitUntilStackUpdateComplete({ client, maxWaitTime: STACK_MAX_WAIT_SECONDS }, { StackName: spec.name });
        });
    }
    deleteStack(name, region) {
        return mapped('DeleteStack', async () => {
            const client = this.client(region);
            await client.send(new DeleteStackCommand({ StackName: name }));
            await waitUntilStackDeleteComplete({ client, maxWaitTime: STACK_MAX_WAIT_SECONDS }, { StackName: name });
        });
    }
    /** Whether Organizations trusted access for StackSets is on (SERVICE_MANAGED needs it). */
    trustedAccessEnabled(region, callAs) {
        return mapped('DescribeOrganizationsAccess', async () => {
            const { Status } = await this.client(region).send(new DescribeOrganizationsAccessCommand({ CallAs: callAs }));
            return Status === 'ENABLED';
        });
    }
    activateTrustedAccess(region, callAs) {
        return mapped('ActivateOrganizationsAccess', async () => {
            await this.client(region).send(new ActivateOrganizationsAccessCommand({ CallAs: callAs }));
        });
    }
    client(region) {
        return this.factory.client(CloudFormationClient, { region });
    }
    fields(spec) {
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
    factory;
    constructor(factory) {
        this.factory = factory;
    }
    async whoAmI(_accountId) {
        const id = await this.factory.client(STSClient).send(new GetCallerIdentityCommand({}));
        return { account: id.Account ?? '', arn: id.Arn ?? '' };
    }
    async recorderState(_accountId, region) {
        const config = this.factory.client(ConfigServiceClient, { region });
        const [recorders, channels] = await Promise.all([
            config.send(new DescribeConfigurationRecordersCommand({})),
            config.send(new DescribeDeliveryChannelsCommand({})),
        ]);
        return { recorderName: recorders.ConfigurationRecorders?.[0]?.name, deliveryChannelName: channels.DeliveryChannels?.[0]?.name };
    }
}
async function mapped(action, call) {
    try {
        return await call();
    }
    catch (error) {
        if (error instanceof CisfleetError)
            throw error;
        const info = describeAwsError(error);
        // The waiters reject with a state and reason rather than an SDK error.
        const reason = info.name === 'Error' && /state|reason/i.test(info.message) ? info.message : formatAwsError(error);
        throw new AwsOperationError(action, `${action} failed: ${reason}`, [], { cause: error, requestId: info.requestId });
    }
}
//# sourceMappingURL=stacks-gateway.js.map