import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCfnYaml, type ParsedCfnYaml } from './cfn-yaml.js';
import { inlineSources } from './inline-sources.js';
import { withoutCommentLines } from './yaml-comments.js';
import { packageRootOf } from '../package-root.js';
import { checkTemplate, type TemplateProblem } from './remediation-template-check.js';
import { REMEDIATION_TEMPLATE_PATH, TEMPLATE_VERSION_OUTPUT } from './template-contract.js';
import { asCfnTemplate, type CfnTemplate } from './template-model.js';

export * from './template-contract.js';
export type { TemplateProblem } from './remediation-template-check.js';

export interface LoadRemediationTemplateOptions {
  /** Folder holding package.json and stacksets/; found from this module's location when omitted. */
  packageRoot?: string;
}

export interface RemediationTemplate {
  /** The TemplateBody to send: the YAML without comment lines, with the function sources inlined. */
  body: string;
  /** The parsed template (long-form intrinsics). */
  template: CfnTemplate;
  /** Hex SHA-256 of `body`, recorded by plans to tell template changes apart. */
  sha256: string;
  /** UTF-8 size of `body` in bytes (must stay below TEMPLATE_BODY_MAX_BYTES). */
  sizeBytes: number;
  /** The template's `TemplateVersion` output. */
  version: string;
}

/** The template as written (`source`) and as sent (`body`: comment lines out, the sources inlined), parsed. */
function assemble(root: string) {
  const source = readFileSync(join(root, REMEDIATION_TEMPLATE_PATH), 'utf8');
  const { text: body } = inlineSources(withoutCommentLines(source), join(root, 'stacksets'));
  const parsed = parseCfnYaml(body);
  // Errors are located in the source as written (the body's lines shift where sources are inlined).
  const errors = [parseCfnYaml(source), parsed].map(yamlErrors).find((found) => found.length > 0) ?? [];
  return { source, body, parsed, errors };
}

/** Parse errors and unknown tags with 1-based positions (parseCfnYaml leaves them at 0 without pretty errors). */
function yamlErrors({ document, lineCounter }: ParsedCfnYaml): Array<{ message: string; line: number; col: number }> {
  return [...document.errors, ...document.warnings.filter((w) => w.message.includes('Unresolved tag'))].map((e) => ({
    message: e.message,
    ...lineCounter.linePos(e.pos[0]),
  }));
}

/** Reads, assembles and parses the remediation template. Throws when the YAML does not parse. */
export function loadRemediationTemplate(options: LoadRemediationTemplateOptions = {}): RemediationTemplate {
  const { body, parsed, errors } = assemble(options.packageRoot ?? packageRootOf(import.meta.url));
  const [first] = errors;
  if (first) throw new Error(`${REMEDIATION_TEMPLATE_PATH}:${first.line}:${first.col}: ${first.message}`);
  const template = asCfnTemplate(parsed.value);
  return {
    body,
    template,
    sha256: createHash('sha256').update(body).digest('hex'),
    sizeBytes: Buffer.byteLength(body, 'utf8'),
    version: textOrUnknown(template.Outputs[TEMPLATE_VERSION_OUTPUT]?.Value),
  };
}

/**
 * Every problem of the remediation template (for `cisfleet validate`): YAML errors, or else the checks of
 * `checkTemplate` with the line and column of each problem in stacksets/cis-remediation.yaml.
 * `input` checks another body and template instead (tests), without positions.
 */
export function checkRemediationTemplate(
  input?: { body: string; template: CfnTemplate },
  options: LoadRemediationTemplateOptions = {},
): TemplateProblem[] {
  if (input) return checkTemplate(input);
  const { source, body, parsed, errors } = assemble(options.packageRoot ?? packageRootOf(import.meta.url));
  if (errors.length > 0) {
    return errors.map((e) => ({
      file: REMEDIATION_TEMPLATE_PATH,
      line: e.line,
      col: e.col,
      path: '',
      message: e.message,
      severity: 'error' as const,
    }));
  }
  return checkTemplate({ body, template: asCfnTemplate(parsed.value), source });
}

/** The template's version output: a string in the shipped template; anything else is shown as unknown. */
function textOrUnknown(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : 'unknown';
}
