import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeDeliveryChannelsCommand } from '@aws-sdk/client-config-service';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsClientFactory } from './client-factory.js';

import type { RecorderState } from '../model/recorder.js';

export type { RecorderState };

/** Calls cisfleet makes inside a member account, through the member role. */
export class MemberGateway {
  constructor(private readonly factory: AwsClientFactory) {}

  /** Assumes the member role and asks who we are: proves the account is reachable. */
  async whoAmI(accountId: string): Promise<{ account: string; arn: string }> {
    const sts = this.factory.client(STSClient, { accountId });
    const id = await sts.send(new GetCallerIdentityCommand({}));
    return { account: id.Account ?? '', arn: id.Arn ?? '' };
  }

  async recorderState(accountId: string, region: string): Promise<RecorderState> {
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

  releaseAccount(accountId: string): void {
    this.factory.releaseAccount(accountId);
  }
}
