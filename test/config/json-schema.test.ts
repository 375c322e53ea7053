import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { accountsJsonSchema, accountsJsonSchemaText, accountsReferenceMarkdown } from '../../src/config/json-schema.js';
import { exampleConfigPath, jsonSchemaPath, referenceDocPath } from '../../src/config/package-files.js';
import { CONTROL_IDS } from '../../src/controls/catalog.js';
import { MINIMAL_CONFIG, merged } from './config-builder.js';

const REGENERATE = 'run `npm run build && node dist/config/write-json-schema.js` and commit the result';

function validator() {
  const committed = JSON.parse(readFileSync(jsonSchemaPath(), 'utf8')) as object;
  return new Ajv2020({ allErrors: true, strict: false }).compile(committed);
}

describe('docs/accounts.schema.json', () => {
  it(`is what the zod schema generates (else ${REGENERATE})`, () => {
    expect(readFileSync(jsonSchemaPath(), 'utf8')).toBe(accountsJsonSchemaText());
  });

  it('accepts the shipped accounts.yaml', () => {
    const validate = validator();
    const valid = validate(parse(readFileSync(exampleConfigPath(), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects a misspelt key and an unknown region, as the loader does', () => {
    const validate = validator();
    expect(validate(merged(MINIMAL_CONFIG, { regoins: ['us-east-1'] }))).toBe(false);
    expect(validate(merged(MINIMAL_CONFIG, { regions: ['us-est-1'] }))).toBe(false);
    expect(validate(MINIMAL_CONFIG)).toBe(true);
  });

  it('describes every field', () => {
    const undescribed: string[] = [];
    const walk = (schema: Record<string, unknown>, path: string) => {
      const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [key, property] of Object.entries(properties)) {
        if (typeof property.description !== 'string' || property.description.length === 0)
          undescribed.push(`${path}${key}`);
        walk(property, `${path}${key}.`);
        if (property.items) walk(property.items as Record<string, unknown>, `${path}${key}[].`);
      }
    };
    walk(accountsJsonSchema(), '');
    expect(undescribed).toEqual([]);
  });

  it('offers every control of the catalog', () => {
    const controls = (accountsJsonSchema().properties as { controls: { properties: object } }).controls.properties;
    expect(Object.keys(controls)).toEqual([...CONTROL_IDS]);
  });
});

describe('docs/accounts-yaml.md', () => {
  it(`is what the schema descriptions generate (else ${REGENERATE})`, () => {
    expect(readFileSync(referenceDocPath(), 'utf8')).toBe(accountsReferenceMarkdown());
  });
});

describe('accounts.yaml', () => {
  it('points editors at the JSON Schema on its first line', () => {
    expect(readFileSync(exampleConfigPath(), 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=docs/accounts.schema.json',
    );
  });
});
