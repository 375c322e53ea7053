/**
 * The credential report wait of `cisfleet impact` (GenerateCredentialReport until COMPLETE): polled through the
 * run's clock, bounded in polls, never waiting for real in tests.
 */
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { ImpactGateway } from '../../src/aws/impact-gateway.js';
import { fakeClock } from '../helpers/fake-clock.js';
import { offlineClientFactory } from '../helpers/offline-factory.js';

const iam = mockClient(IAMClient);
const factory = offlineClientFactory();

describe('ImpactGateway.credentialReport', () => {
  beforeEach(() => {
    iam.reset();
  });
  afterAll(() => {
    iam.restore();
    factory.destroy();
  });

  it('asks again every 2 s, on the clock, until IAM has built the report, then reads it', async () => {
    iam
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode('user,arn\n') });
    const clock = fakeClock(0);

    const csv = await new ImpactGateway(factory, clock).credentialReport(undefined);

    expect(csv).toBe('user,arn\n');
    expect(clock.sleeps).toEqual([2_000, 2_000]);
    expect(clock.now()).toBe(4_000);
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
  });

  it('gives up after 60 polls (61 asks), naming the state IAM last gave', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const clock = fakeClock(0);

    const error = await new ImpactGateway(factory, clock).credentialReport(undefined).catch((e: unknown) => e);

    expect(String(error)).toContain('the IAM credential report was still INPROGRESS after 60 polls');
    expect(clock.sleeps).toHaveLength(60);
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(61);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(0);
  });
});
