import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';
import { resourceOf } from './template-helpers.js';

/** The script exactly as the Automation document carries it. */
function documentScript(): string {
  const doc = resourceOf(loadRemediationTemplate().template, 'AdminPortsDocument');
  const steps = (doc.Properties?.Content as { mainSteps: Array<{ action: string; inputs: Record<string, unknown> }> })
    .mainSteps;
  const step = steps.find((s) => s.action === 'aws:executeScript');
  if (!step) throw new Error('AdminPortsDocument has no aws:executeScript step');
  return String(step.inputs.Script);
}

// Runs the document's script against a fake ec2 client that applies revocations the way EC2 does (a revoked
// range disappears from its permission; a permission with no ranges left disappears).
const HARNESS = `
import json, sys
namespace = {}
exec(sys.stdin.read(), namespace)
case = json.loads(sys.argv[1])

class FakeEc2:
    def __init__(self, permissions, tags):
        self.permissions = permissions
        self.tags = tags
        self.revoke_calls = []
    def describe_security_groups(self, GroupIds):
        return {'SecurityGroups': [{'GroupId': GroupIds[0], 'IpPermissions': json.loads(json.dumps(self.permissions)), 'Tags': self.tags}]}
    def revoke_security_group_ingress(self, GroupId, IpPermissions):
        self.revoke_calls.append(IpPermissions)
        for gone in IpPermissions:
            for p in self.permissions:
                if all(p.get(k) == gone.get(k) for k in ('IpProtocol', 'FromPort', 'ToPort')):
                    v4 = [r['CidrIp'] for r in gone.get('IpRanges', [])]
                    v6 = [r['CidrIpv6'] for r in gone.get('Ipv6Ranges', [])]
                    p['IpRanges'] = [r for r in p.get('IpRanges', []) if r['CidrIp'] not in v4]
                    p['Ipv6Ranges'] = [r for r in p.get('Ipv6Ranges', []) if r['CidrIpv6'] not in v6]
        self.permissions = [p for p in self.permissions if p.get('IpRanges') or p.get('Ipv6Ranges') or p.get('UserIdGroupPairs')]

ec2 = FakeEc2(case['permissions'], case.get('tags', []))
runs = [namespace['revoke'](ec2, 'sg-0123', case.get('exemptTagKey', '')) for _ in range(case.get('runs', 1))]
print(json.dumps({'remaining': ec2.permissions, 'revokeCalls': ec2.revoke_calls, 'results': runs}))
`;

const python = spawnSync('python3', ['--version']).status === 0;
const describeWithPython = python ? describe : describe.skip;
// Jest shows no console output of a file whose tests all skip: say it on stderr, as test/helpers/debian-tools.ts does.
if (!python) process.stderr.write('skipped: the admin-ports runbook script tests (python3 is not installed)\n');

type Permission = Record<string, unknown>;
interface ScriptRun {
  remaining: Permission[];
  revokeCalls: Permission[][];
  results: unknown[];
}
const world4 = { CidrIp: '0.0.0.0/0' };
const world6 = { CidrIpv6: '::/0' };
const office = { CidrIp: '203.0.113.0/24' };
const tcp = (from: number, to: number, v4: object[] = [], v6: object[] = []): Permission => ({
  IpProtocol: 'tcp',
  FromPort: from,
  ToPort: to,
  IpRanges: v4,
  Ipv6Ranges: v6,
  UserIdGroupPairs: [],
});

function run(
  permissions: Permission[],
  runs = 1,
  exemption: { tags?: object[]; exemptTagKey?: string } = {},
): ScriptRun {
  const out = execFileSync('python3', ['-c', HARNESS, JSON.stringify({ permissions, runs, ...exemption })], {
    input: documentScript(),
    encoding: 'utf8',
  });
  return JSON.parse(out) as ScriptRun;
}

describeWithPython('admin-ports runbook script (python3)', () => {
  it('revokes an exact world-open port 22 rule, IPv4 and IPv6', () => {
    const { remaining } = run([tcp(22, 22, [world4], [world6])]);
    expect(remaining).toEqual([]);
  });

  it('revokes a world-open port range containing 3389 and keeps its non-world range', () => {
    const { remaining, revokeCalls } = run([tcp(3000, 4000, [world4, office])]);
    expect(remaining).toEqual([tcp(3000, 4000, [office])]);
    expect(revokeCalls).toEqual([
      [{ IpProtocol: 'tcp', FromPort: 3000, ToPort: 4000, IpRanges: [world4], Ipv6Ranges: [] }],
    ]);
  });

  it('revokes world-open all traffic (protocol -1)', () => {
    const { remaining } = run([{ IpProtocol: '-1', IpRanges: [world4], Ipv6Ranges: [world6], UserIdGroupPairs: [] }]);
    expect(remaining).toEqual([]);
  });

  it('keeps world-open permissions that expose neither 22 nor 3389, and admin ports open only to known ranges', () => {
    const kept = [
      tcp(443, 443, [world4], [world6]),
      tcp(22, 22, [office]),
      { IpProtocol: 'udp', FromPort: 23, ToPort: 3388, IpRanges: [world4], Ipv6Ranges: [], UserIdGroupPairs: [] },
    ];
    const { remaining, revokeCalls } = run([...kept, tcp(0, 65535, [], [world6])]);
    expect(remaining).toEqual(kept);
    expect(revokeCalls).toHaveLength(1);
  });

  it('is idempotent: a second run finds nothing and succeeds without calling revoke', () => {
    const { revokeCalls, results } = run([tcp(22, 22, [world4])], 2);
    expect(revokeCalls).toHaveLength(1);
    expect(results[1]).toEqual({ GroupId: 'sg-0123', Revoked: [], Skipped: 'no' });
  });

  it('skips a group carrying the exemption tag, saying why, and revokes nothing', () => {
    const open = [tcp(22, 22, [world4])];
    const { remaining, revokeCalls, results } = run(open, 1, {
      tags: [{ Key: 'cisfleet:exempt', Value: 'bastion' }],
      exemptTagKey: 'cisfleet:exempt',
    });
    expect(remaining).toEqual(open);
    expect(revokeCalls).toEqual([]);
    expect(results[0]).toEqual({
      GroupId: 'sg-0123',
      Revoked: [],
      Skipped: 'sg-0123 carries the exemption tag cisfleet:exempt',
    });
    // Another tag key does not exempt.
    expect(run(open, 1, { tags: [{ Key: 'owner', Value: 'x' }], exemptTagKey: 'cisfleet:exempt' }).remaining).toEqual(
      [],
    );
  });
});
