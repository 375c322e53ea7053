import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { AwsClientFactory } from '../../src/aws/client-factory.js';
import { StacksGateway, TEMPLATE_SHA_TAG } from '../../src/aws/stacks-gateway.js';
import type { PlainStackSpec } from '../../src/model/stack-sets.js';
import { AwsOperationError } from '../../src/errors.js';
import { ExistsDifferentError } from '../../src/model/adoption.js';
import { simClientFactory, startTestSimulator, type TestSimulator } from '../helpers/sim.js';

const BODY =
  'Parameters:\n  Name: { Type: String }\nResources:\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n';

describe('StacksGateway (the management account plain stack) against the simulator', () => {
  let sim: TestSimulator;
  let factory: AwsClientFactory;
  let gateway: StacksGateway;
  const spec = (name: string, sha = 'sha-1'): PlainStackSpec => ({
    name: 'cis',
    templateBody: BODY,
    templateSha256: sha,
    parameters: { Name: name },
    tags: { owner: 'security' },
    capabilities: [],
  });

  beforeAll(async () => {
    sim = await startTestSimulator();
    factory = simClientFactory(sim, { maxAttempts: 1, memberRole: { durationSeconds: 900 } });
    gateway = new StacksGateway(factory);
  });
  afterAll(async () => {
    factory.destroy();
    await sim.stop();
  });

  it('a missing stack is { exists: false }; a created one shows its parameters and the template sha tag', async () => {
    expect(await gateway.describeStack('cis', 'us-east-1')).toEqual({ exists: false, parameters: {} });
    await gateway.createStack(spec('a'), 'us-east-1');
    expect(await gateway.describeStack('cis', 'us-east-1')).toMatchObject({
      exists: true,
      status: 'CREATE_COMPLETE',
      parameters: { Name: 'a' },
      templateSha256: 'sha-1',
    });
    expect(TEMPLATE_SHA_TAG).toBe('cisfleet:template-sha256');
  });

  it('an update with nothing to change is success, not an error', async () => {
    await expect(gateway.updateStack(spec('a'), 'us-east-1')).resolves.toBeUndefined();
    await gateway.updateStack(spec('b', 'sha-2'), 'us-east-1');
    expect(await gateway.describeStack('cis', 'us-east-1')).toMatchObject({
      parameters: { Name: 'b' },
      templateSha256: 'sha-2',
    });
  });

  it('a create over the stack adopts it when it is the same, and says what differs when not', async () => {
    await expect(gateway.createStack(spec('b', 'sha-2'), 'us-east-1')).resolves.toBeUndefined();
    const differs = gateway.createStack(spec('c', 'sha-2'), 'us-east-1');
    await expect(differs).rejects.toBeInstanceOf(ExistsDifferentError);
    await expect(gateway.createStack(spec('c', 'sha-2'), 'us-east-1')).rejects.toThrow(
      /Stack cis in us-east-1 already exists .*parameter Name "b" \(cisfleet's is "c"\)\. Nothing was changed/,
    );
  });

  it('a refused call is an AwsOperationError naming the call; delete removes the stack', async () => {
    // An IAM role without CAPABILITY_IAM: CloudFormation refuses the call.
    const broken = {
      ...spec('c'),
      name: 'broken',
      templateBody: 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: { AssumeRolePolicyDocument: {} }\n',
    };
    await expect(gateway.createStack(broken, 'us-east-1')).rejects.toBeInstanceOf(AwsOperationError);
    await expect(gateway.createStack(broken, 'us-east-1')).rejects.toThrow(
      /^CreateStack failed: InsufficientCapabilities/,
    );
    await gateway.deleteStack('cis', 'us-east-1');
    expect((await gateway.describeStack('cis', 'us-east-1')).exists).toBe(false);
  });
});
