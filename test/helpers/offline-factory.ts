import { AwsClientFactory } from '../../src/aws/client-factory.js';

/** A client factory for gateway tests whose clients aws-sdk-client-mock answers: static made-up credentials. */
export function offlineClientFactory(): AwsClientFactory {
  return new AwsClientFactory({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'not-used' },
    memberRole: {
      name: 'OrganizationAccountAccessRole',
      sessionName: 'test',
      durationSeconds: 900,
      stsRegion: 'us-east-1',
    },
  });
}
