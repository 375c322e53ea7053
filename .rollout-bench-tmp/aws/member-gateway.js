import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeDeliveryChannelsCommand } from '@aws-sdk/client-config-service';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
/** Calls cisfleet makes inside a member account, through the member role. */
export class MemberGateway {
    factory;
    constructor(factory) {
        this.factory = factory;
    }
    /** Assumes the member role and asks who we are: proves the account is reachable. */
    async whoAmI(accountId) {
        const sts = this.factory.client(STSClient, { accountId });
        const id = await sts.send(new GetCallerIdentityCommand({}));
        return { account: id.Account ?? '', arn: id.Arn ?? '' };
    }
    async recorderState(accountId, region) {
        const config = this.factory.client(ConfigServiceClient, { accountId, region });
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
//# sourceMappingURL=member-gateway.js.map