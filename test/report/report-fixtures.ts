/**
 * Builders for report tests: a loaded accounts.yaml, targeted accounts, compliance results as the readers
 * return them, and stack instances, each with only what a test is about spelt out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { REPORT_SCHEMA_PATH } from '../../src/report/schema.js';
import { packageRootOf } from '../../src/package-root.js';
import { parseConfigText } from '../../src/config/load-config.js';
import type { CisfleetConfig } from '../../src/config/schema.js';
import { controlById, ruleNameFor, type ControlId } from '../../src/controls/catalog.js';
import type { AccountRegionCompliance, ComplianceReadFailure, RuleCompliance } from '../../src/model/compliance.js';
import type { StackInstance } from '../../src/model/stack-sets.js';
import type { OrgAccount } from '../../src/org/model.js';
import { buildReport, type ReportInput } from '../../src/report/build.js';
import type { ComplianceReport } from '../../src/report/model.js';
import { configText } from '../config/config-builder.js';

export const HOME = 'us-east-1';
export const OTHER = 'eu-west-1';

export function testConfig(overrides: Record<string, unknown> = {}): CisfleetConfig {
  return parseConfigText(configText(overrides), 'accounts.yaml', { now: Date.parse('2026-11-28T00:00:00Z') }).config;
}

export function account(id: string, ouPath = '/Root/Workloads', name = `account-${id}`): OrgAccount {
  return { id, name, email: `${id}@example.com`, state: 'ACTIVE', parentId: 'ou-x', ouPath };
}

export const rule = (id: ControlId) => ruleNameFor(controlById(id), 'cisfleet');

/** A rule's results: `nonCompliant` resources named `<prefix>-<n>`. */
export function ruleResult(
  id: ControlId,
  at: { accountId: string; region: string },
  compliant: number,
  nonCompliant: number,
  prefix = 'sg',
): RuleCompliance {
  return {
    ruleName: rule(id),
    ...at,
    compliant,
    nonCompliant,
    exact: true,
    nonCompliantResources: Array.from({ length: nonCompliant }, (_, i) => ({
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: `${prefix}-${i}`,
    })),
    remediationFailures: [],
  };
}

export function readResult(
  accountId: string,
  region: string,
  rules: RuleCompliance[],
  extra: Partial<AccountRegionCompliance> = {},
): AccountRegionCompliance {
  return {
    status: 'read',
    source: 'accounts',
    accountId,
    region,
    recorder: 'recording',
    rules,
    rulesWithoutResults: [],
    rulesNotDeployed: [],
    ...extra,
  };
}

export function failedResult(
  accountId: string,
  region: string,
  kind: ComplianceReadFailure['kind'],
  message: string,
): ComplianceReadFailure {
  return { status: 'failed', source: 'accounts', accountId, region, kind, message };
}

export function instance(accountId: string, region: string, fields: Partial<StackInstance> = {}): StackInstance {
  return {
    account: accountId,
    region,
    status: 'CURRENT',
    detailedStatus: 'SUCCEEDED',
    driftStatus: 'NOT_CHECKED',
    ...fields,
  };
}

/** A report from the given parts, with defaults for everything else. */
export function reportFrom(
  input: Partial<ReportInput> & Pick<ReportInput, 'accounts' | 'compliance'>,
): ComplianceReport {
  return buildReport({
    generatedAt: new Date('2026-11-28T12:00:00Z'),
    organizationId: 'o-test',
    config: testConfig(),
    source: 'accounts',
    instances: {
      status: 'read',
      instances: input.accounts.flatMap((a) => [instance(a.id, HOME), instance(a.id, OTHER)]),
    },
    ...input,
  });
}

export const reportSchemaFile = join(packageRootOf(import.meta.url), REPORT_SCHEMA_PATH);

/** ajv over the committed docs/report-schema.json: what a user's tooling would run on a report. */
export function committedReportValidator() {
  return new Ajv2020({ allErrors: true, strict: false }).compile(
    JSON.parse(readFileSync(reportSchemaFile, 'utf8')) as object,
  );
}
