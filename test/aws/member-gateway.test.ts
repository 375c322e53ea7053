import { describe, expect, it } from '@jest/globals';
import { trustedAccountsOf } from '../../src/aws/member-gateway.js';

/** A trust policy as IAM's GetRole returns it: URL-encoded JSON. */
const encoded = (statement: unknown) =>
  encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statement }));

describe('trustedAccountsOf', () => {
  it('reads the account of every AWS principal of Allow sts:AssumeRole statements, whatever its spelling', () => {
    const policy = encoded([
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' },
      {
        Effect: 'Allow',
        Principal: { AWS: ['222222222222', 'arn:aws:iam::333333333333:role/StackSetAdmin'] },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      },
      { Effect: 'Allow', Principal: { AWS: 'arn:aws-us-gov:iam::444444444444:root' }, Action: 'sts:*' },
    ]);
    expect(trustedAccountsOf(policy)).toEqual(['111111111111', '222222222222', '333333333333', '444444444444']);
  });

  it('leaves out Deny statements, other actions and service principals', () => {
    const policy = encoded([
      { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::555555555555:root' }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::666666666666:root' }, Action: 'sts:AssumeRoleWithSAML' },
      { Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    expect(trustedAccountsOf(policy)).toEqual([]);
  });

  it("says 'any' for a * principal, and nothing for a document it cannot read", () => {
    expect(trustedAccountsOf(encoded({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }))).toBe(
      'any',
    );
    expect(trustedAccountsOf(encoded([{ Effect: 'Allow', Principal: '*', Action: '*' }]))).toBe('any');
    expect(trustedAccountsOf('%7Bnot json')).toEqual([]);
  });
});
