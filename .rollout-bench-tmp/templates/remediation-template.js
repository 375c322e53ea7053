import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCfnYaml } from './cfn-yaml.js';
import { inlineSources } from './inline-sources.js';
import { packageRootOf } from './package-root.js';
import { checkTemplate } from './remediation-template-check.js';
import { REMEDIATION_TEMPLATE_PATH, TEMPLATE_VERSION_OUTPUT } from './template-contract.js';
import { asCfnTemplate } from './template-model.js';
export * from './template-contract.js';
/** The template as written (`source`) and as sent (`body`, the sources inlined), parsed. */
function assemble(root) {
    const source = readFileSync(join(root, REMEDIATION_TEMPLATE_PATH), 'utf8');
    const { text: body } = inlineSources(source, join(root, 'stacksets'));
    const parsed = parseCfnYaml(body);
    // Errors are located in the source as written (the body's lines shift where sources are inlined).
    const errors = [parseCfnYaml(source), parsed].map(yamlErrors).find((found) => found.length > 0) ?? [];
    return { source, body, parsed, errors };
}
/** Parse errors and unknown tags with 1-based positions (parseCfnYaml leaves them at 0 without pretty errors). */
function yamlErrors({ document, lineCounter }) {
    return [...document.errors, ...document.warnings.filter((w) => w.message.includes('Unresolved tag'))].map((e) => ({
        message: e.message,
        ...lineCounter.linePos(e.pos[0]),
    }));
}
/** Reads, assembles and parses the remediation template. Throws when the YAML does not parse. */
export function loadRemediationTemplate(options = {}) {
    const { body, parsed, errors } = assemble(options.packageRoot ?? packageRootOf(import.meta.url));
    if (errors.length > 0) {
        const first = errors[0];
        throw new Error(`${REMEDIATION_TEMPLATE_PATH}:${first.line}:${first.col}: ${first.message}`);
    }
    const template = asCfnTemplate(parsed.value);
    return {
        body,
        template,
        sha256: createHash('sha256').update(body).digest('hex'),
        sizeBytes: Buffer.byteLength(body, 'utf8'),
        version: String(template.Outputs[TEMPLATE_VERSION_OUTPUT]?.Value ?? 'unknown'),
    };
}
/**
 * Every problem of the remediation template (for `cisfleet validate`): YAML errors, or else the checks of
 * `checkTemplate` with the line and column of each problem in stacksets/cis-remediation.yaml.
 * `input` checks another body and template instead (tests), without positions.
 */
export function checkRemediationTemplate(input, options = {}) {
    if (input)
        return checkTemplate(input);
    const { source, body, parsed, errors } = assemble(options.packageRoot ?? packageRootOf(import.meta.url));
    if (errors.length > 0) {
        return errors.map((e) => ({ file: REMEDIATION_TEMPLATE_PATH, line: e.line, col: e.col, path: '', message: e.message, severity: 'error' }));
    }
    return checkTemplate({ body, template: asCfnTemplate(parsed.value), source });
}
//# sourceMappingURL=remediation-template.js.map