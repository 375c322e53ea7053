/**
 * Room in the TemplateBody (CloudFormation takes at most 51,200 bytes inline; decision 0004): the body sent
 * leaves out comment lines (YAML and the inlined sources' own), and that changes nothing CloudFormation reads.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { parseCfnYaml } from '../../src/templates/cfn-yaml.js';
import { inlinedSource, inlineSources } from '../../src/templates/inline-sources.js';
import { packageRootOf } from '../../src/package-root.js';
import {
  ACCESS_KEY_FUNCTION_PATH,
  loadRemediationTemplate,
  REMEDIATION_TEMPLATE_PATH,
  TEMPLATE_BODY_MAX_BYTES,
} from '../../src/templates/remediation-template.js';
import { withoutCommentLines } from '../../src/templates/yaml-comments.js';

/** Below this, the next change to the template should move it (or the function's code) to S3: decision 0004. */
const MIN_MARGIN_BYTES = 2_048;

const root = packageRootOf(import.meta.url);
const loaded = loadRemediationTemplate();

describe("the TemplateBody has room under CloudFormation's limit", () => {
  it(`leaves at least ${MIN_MARGIN_BYTES} bytes of the ${TEMPLATE_BODY_MAX_BYTES} (the margin is printed)`, () => {
    const source = readFileSync(join(root, REMEDIATION_TEMPLATE_PATH), 'utf8');
    const withComments = inlineSources(source, join(root, 'stacksets')).text;
    const margin = TEMPLATE_BODY_MAX_BYTES - loaded.sizeBytes;
    process.stderr.write(
      `template body: ${loaded.sizeBytes} of ${TEMPLATE_BODY_MAX_BYTES} bytes, margin ${margin} ` +
        `(${Buffer.byteLength(withComments) - loaded.sizeBytes} bytes of YAML comment lines left out)\n`,
    );
    expect(margin).toBeGreaterThanOrEqual(MIN_MARGIN_BYTES);
  });

  it('leaving the YAML comment lines out changes nothing CloudFormation reads', () => {
    const source = readFileSync(join(root, REMEDIATION_TEMPLATE_PATH), 'utf8');
    const withComments = inlineSources(source, join(root, 'stacksets')).text;
    expect(source.split('\n').filter((l) => /^ {0,6}#/.test(l)).length).toBeGreaterThan(0);
    expect(loaded.body.split('\n').filter((l) => /^ {0,6}#/.test(l))).toEqual([]);
    expect(parseCfnYaml(loaded.body).value).toEqual(parseCfnYaml(withComments).value);
  });

  it('keeps comment-like and blank lines inside block scalars, which are content', () => {
    const yaml = [
      '# a comment',
      'A:',
      '  # another',
      '  Script: |',
      '    # python comment kept',
      '',
      '    x = 1',
      '  Folded: >-',
      '    # kept too',
      '  B: 2 # trailing comments stay',
      '',
    ].join('\n');
    const stripped = withoutCommentLines(yaml);
    expect(stripped).toBe(
      [
        'A:',
        '  Script: |',
        '    # python comment kept',
        '',
        '    x = 1',
        '  Folded: >-',
        '    # kept too',
        '  B: 2 # trailing comments stay',
        '',
      ].join('\n'),
    );
    expect(parseCfnYaml(stripped).value).toEqual(parseCfnYaml(yaml).value);
  });

  it("drops the function's JSDoc lines, and the inlined function still loads with the same exports", () => {
    const inlined = inlinedSource(join(root, ACCESS_KEY_FUNCTION_PATH));
    expect(inlined).not.toMatch(/^\s*(\/\*\*|\*\/|\* )/m);
    // Loaded as Lambda loads it, as a CommonJS module, resolving its requires from the source's folder.
    const requireFromSource = createRequire(join(root, ACCESS_KEY_FUNCTION_PATH));
    const module = { exports: {} as Record<string, unknown> };
    const load = runInThisContext(`(function (require, module, exports) {\n${inlined}\n})`) as (
      require: NodeJS.Require,
      module: { exports: Record<string, unknown> },
      exports: Record<string, unknown>,
    ) => void;
    load(requireFromSource, module, module.exports);
    const fromTemplate = module.exports;
    const fromSource = requireFromSource(join(root, ACCESS_KEY_FUNCTION_PATH)) as Record<string, unknown>;
    expect(Object.keys(fromTemplate).sort()).toEqual(Object.keys(fromSource).sort());
    expect(typeof fromTemplate.handler).toBe('function');
  });
});
