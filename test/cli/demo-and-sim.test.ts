import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';

describe('cisfleet demo', () => {
  it('runs validate, org, rollout, report, onboard and report --drift end to end and exits 0', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'cisfleet-demo-'));
    const run = runCli(['demo', '--out-dir', outDir]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('Demo finished');
    for (const command of [
      'cisfleet validate',
      'cisfleet org --check-access',
      'cisfleet rollout --dry-run',
      'cisfleet rollout --yes',
      'cisfleet report',
      'cisfleet impact',
      'cisfleet onboard',
      'cisfleet report --changes',
      'cisfleet report --drift',
    ]) {
      expect(run.stderr).toContain(`▶ ${command}`);
    }
    // The staged path: the first rollout deploys every control in DETECT, impact previews the exact changes,
    // and the rollout that turns admin-ports-closed to AUTO shows the same impact in its plan.
    const [detect, enforce] = run.stdout.split(/AdminPortsMode: DETECT → AUTO/);
    expect(enforce).toBeDefined();
    expect(detect).not.toMatch(/Mode: \w+ → AUTO/);
    const changes = (text = '') => text.match(/^\d{12} +[a-z]{2}-[a-z]+-\d +admin-ports-closed +revoke .*$/gm) ?? [];
    expect(changes(detect).length).toBeGreaterThan(0);
    expect(changes(enforce)).toEqual(changes(detect));
    // Then report --changes lists what AUTO did, from Config's record: every account the impact named has a
    // succeeded admin-ports-closed execution.
    const done = (enforce ?? '').split(/What automatic remediation did since/)[1] ?? '';
    const remediated = new Set(
      done.match(
        /^\S+ +(\d{12}) +.* ([a-z]{2}-[a-z]+-\d) +admin-ports-closed +AWS::EC2::SecurityGroup sg-\w+ +runbook \w+ +succeeded/gm,
      ) ?? [],
    );
    expect(remediated.size).toBeGreaterThan(0);
    const accountsOf = (lines: Iterable<string>) => new Set([...lines].map((l) => /\d{12}/.exec(l)?.[0]));
    expect(accountsOf(remediated)).toEqual(accountsOf(changes(detect)));
    // The group tagged with the exemption tag is left open and listed as exempt, with the runbook's reason (from
    // SSM's record of the run: Config calls the run a success).
    expect(done).toMatch(
      /^\S+ +444444444444 +.* us-east-1 +admin-ports-closed +AWS::EC2::SecurityGroup (sg-\w+) +skipped by runbook RevokeWorldOpenAdminPorts +exempt +[0-9a-f-]{36} +\1 carries the exemption tag cisfleet:exempt/m,
    );
    expect(done).toMatch(/1 exempt resources left alone/);
    // The scenario's unreachable account is reported by the real org command, with AWS's reason.
    expect(run.stdout).toMatch(/unreachable: AccessDenied: .*sts:AssumeRole/);
    expect(run.stdout).toMatch(/existing recorder in us-east-1/);
    // The rule edited by hand shows up as drift in the last report.
    expect(run.stderr).toMatch(/[1-9]\d* drifted/);
    const html = join(outDir, 'report.html');
    expect(existsSync(html)).toBe(true);
    expect(readFileSync(html, 'utf8')).toContain('data-control=');
  });
});

describe('cisfleet sim serve', () => {
  it('serves the simulated organization to the real SDK until SIGINT', async () => {
    const bin = fileURLToPath(new URL('../../dist/bin/cisfleet.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'sim', 'serve', '--json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    try {
      const started = await new Promise<{ url: string; accessKeyId: string }>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          try {
            resolve(JSON.parse(out) as { url: string; accessKeyId: string });
          } catch {
            // Not a whole JSON document yet.
          }
        });
        child.on('exit', (code) => reject(new Error(`sim serve exited early with ${code}`)));
      });
      const config = {
        endpoint: started.url,
        region: 'us-east-1',
        credentials: { accessKeyId: started.accessKeyId, secretAccessKey: 'any' },
      };
      const sts = new STSClient(config);
      const organizations = new OrganizationsClient(config);
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      expect(identity.Account).toBe('111111111111');
      let accounts = 0;
      for await (const page of paginateListAccounts({ client: organizations }, {}))
        accounts += page.Accounts?.length ?? 0;
      expect(accounts).toBeGreaterThanOrEqual(10);
      sts.destroy();
      organizations.destroy();
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });
});
