/** The region capability table drives accounts.yaml's checks and matches the template's per-region conditions. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigText } from '../../src/config/load-config.js';
import { REGION_NAMES } from '../../src/controls/regions.js';
import { REGIONS_WITHOUT_ADMIN_PORTS_RULE, REGIONS_WITHOUT_IAM_RULES } from '../../src/controls/region-capabilities.js';
import { ConfigError } from '../../src/errors.js';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { deployedResources } from './template-helpers.js';
import { at } from '../helpers/elements.js';

const SHIPPED = readFileSync(join(REPO_ROOT, 'accounts.yaml'), 'utf8');
const { template } = loadRemediationTemplate();

const withRegions = (home: string, regions: string[]) =>
  SHIPPED.replace(/^(\s*homeRegion:) .*$/m, `$1 ${home}`).replace(
    /^regions:\n( {2}- .*\n)+/m,
    `regions:\n${regions.map((r) => `  - ${r}\n`).join('')}`,
  );
const problemsOf = (text: string) => {
  try {
    return parseConfigText(text, 'accounts.yaml').warnings;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
};

describe('region capabilities', () => {
  it('lists only regions accounts.yaml knows', () => {
    for (const region of [...REGIONS_WITHOUT_IAM_RULES, ...REGIONS_WITHOUT_ADMIN_PORTS_RULE])
      expect(REGION_NAMES).toContain(region);
  });

  it.each(REGIONS_WITHOUT_IAM_RULES.map((r) => [r]))(
    'refuses %s as the home region, saying why and what to choose',
    (home) => {
      const problems = problemsOf(withRegions(home, [home, 'us-east-1'])).filter((p) => p.severity === 'error');
      expect(problems.map((p) => `${p.file}:${p.line} ${p.path}: ${p.message}`)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^accounts.yaml:\\d+ organization.homeRegion: ${home} cannot be the home region: AWS Config does not record IAM users there.*choose an older region`,
          ),
        ),
      ]);
    },
  );

  it('accepts such a region as a non-home region', () => {
    expect(
      problemsOf(withRegions('us-east-1', ['us-east-1', 'il-central-1'])).filter((p) => p.severity === 'error'),
    ).toEqual([]);
  });

  it('warns that admin-ports-closed is left out where its rule is missing, and the template leaves it out there', () => {
    const region = at(REGIONS_WITHOUT_ADMIN_PORTS_RULE, 0, 'region without the admin-ports rule');
    const warnings = problemsOf(withRegions('us-east-1', ['us-east-1', region])).filter(
      (p) => p.severity === 'warning',
    );
    expect(warnings.map((p) => `${p.path}: ${p.message}`)).toContainEqual(
      expect.stringMatching(
        /^regions\[1\]: ap-southeast-4 does not offer the Config rule vpc-sg-open-only-to-authorized-ports/,
      ),
    );
    for (const candidate of REGION_NAMES) {
      const ids = Object.keys(deployedResources(template, { AdminPortsMode: 'AUTO' }, candidate));
      const offered = !REGIONS_WITHOUT_ADMIN_PORTS_RULE.includes(candidate);
      expect([candidate, ids.includes('AdminPortsRule'), ids.includes('AdminPortsRemediation')]).toEqual([
        candidate,
        offered,
        offered,
      ]);
    }
  });
});
