import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { renderReport } from '../../../src/report/render/index.js';
import { fixtureComparison, fixtureReport } from './report-fixture.js';

const schema = JSON.parse(readFileSync(new URL('../../../docs/report-schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

describe('JSON report', () => {
  it('is the report itself, valid against docs/report-schema.json', () => {
    const report = fixtureReport();
    const parsed: unknown = JSON.parse(renderReport(report, 'json', { color: false }));
    expect(parsed).toEqual(report);
    expect(validate(parsed) ? [] : validate.errors).toEqual([]);
  });

  it('carries the comparison when --compare ran, still valid', () => {
    const report = fixtureReport();
    const comparison = fixtureComparison();
    const parsed = JSON.parse(renderReport(report, 'json', { color: false, comparison })) as Record<string, unknown>;
    expect(parsed).toEqual({ ...report, comparison });
    expect(validate(parsed) ? [] : validate.errors).toEqual([]);
  });
});
