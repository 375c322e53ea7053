import { describe, expect, it } from '@jest/globals';
import { AwsOperationError, InternalError } from '../../src/errors.js';
import { withAwsErrors } from '../../src/aws/errors.js';

/** What an SDK waiter rejects with when the stack reaches a failure state (@smithy's checkExceptions). */
const waiterFailure = () =>
  new Error(JSON.stringify({ state: 'FAILURE', reason: { StackStatus: 'ROLLBACK_COMPLETE' } }));

describe("withAwsErrors: the gateways' one error-mapping wrapper (src/aws/errors.ts)", () => {
  it('reports a waiter that reached a failure state as AWS saying no, naming the call', async () => {
    const error = await withAwsErrors('CreateStack', () => Promise.reject(waiterFailure())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsOperationError);
    expect((error as Error).message).toBe(`CreateStack failed: ${waiterFailure().message}`);
  });

  it("keeps a bug a bug, even when its message mentions a state (the old copy's /state|reason/ took it for AWS's)", async () => {
    const bug = new Error("Cannot read properties of undefined (reading 'state')");
    const error = await withAwsErrors('DescribeStacks', () => Promise.reject(bug)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalError);
  });
});
