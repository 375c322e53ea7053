/**
 * docs/controls.md states what issue 13 asks a reader to find there, and it follows the code: the region table
 * lists exactly the regions src/controls/region-capabilities.ts knows, the CIS threshold table shows the
 * defaults accounts.yaml applies, and the failure handling of the access-key function is described.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigText } from '../../src/config/load-config.js';
import { REGIONS_WITHOUT_ADMIN_PORTS_RULE, REGIONS_WITHOUT_IAM_RULES } from '../../src/controls/region-capabilities.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { configText } from '../config/config-builder.js';
import { at } from '../helpers/elements.js';

const DOC = readFileSync(join(REPO_ROOT, 'docs/controls.md'), 'utf8');

/** The text of one `##`/`###` section, up to the next heading of any level. */
function section(heading: string): string {
  const start = DOC.indexOf(`${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = DOC.indexOf('\n#', start + heading.length);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** Table rows of a section, as arrays of trimmed cells. */
const rows = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('|---'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );

describe('docs/controls.md', () => {
  it('the region table lists exactly the regions the code treats apart, with what each lacks', () => {
    const table = rows(section('## Regions: what each region can run'));
    const listed = (row: string[]) =>
      at(row, 0, 'cell')
        .split(',')
        .map((r) => r.trim().replace(/ \(.*\)$/, ''));
    const withoutIam = table.filter((r) => r[1]?.startsWith('no')).flatMap(listed);
    const withoutAdminPorts = table.filter((r) => r[2]?.startsWith('no')).flatMap(listed);
    expect(withoutIam.sort()).toEqual([...REGIONS_WITHOUT_IAM_RULES].sort());
    expect(withoutAdminPorts.sort()).toEqual([...REGIONS_WITHOUT_ADMIN_PORTS_RULE].sort());
  });

  it('the CIS threshold table shows the defaults accounts.yaml applies and the CIS version each satisfies', () => {
    const config = parseConfigText(configText(), 'accounts.yaml').config; // the minimal file: every default
    const table = rows(section('### Which CIS version each threshold satisfies'));
    const row = (key: string) => table.find((r) => r[0]?.startsWith(`\`${key}\``))!;
    expect(row('maxAccessKeyAge')[1]).toBe(`${config.controls['access-keys-rotated'].maxAccessKeyAge} days`);
    expect(row('maxCredentialUsageAge')[1]).toBe(`${config.controls['unused-credentials'].maxCredentialUsageAge} days`);
    expect(row('maxCredentialUsageAge')[3]).toMatch(/\*\*45\*\* days unused — satisfied at ≤ 45/);
    expect(table[0]?.slice(2)).toEqual(['CIS v1.2.0', 'CIS v1.4.0, v3.0.0, v5.0.0']);
  });

  it('describes the failure handling of the access-key function, and names the test that shows it', () => {
    const handling = section('## access-keys-rotated');
    for (const topic of ['Failure handling', 'Throttling', 'Time budget', '50-tag limit', 'Where failures show'])
      expect(handling).toContain(topic);
    expect(handling).toContain('test/templates/access-key-sweep-at-scale.test.ts');
  });
});
