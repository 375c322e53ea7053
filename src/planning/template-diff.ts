/**
 * The template part of a rollout plan: what changes between the deployed TemplateBody and the new one, as
 * CloudFormation would see it (resources added, changed, replaced, removed), as data and as the text the
 * library `cdk diff` uses renders. Pure: both bodies are inputs; the output is the same whatever the terminal,
 * because the plan is written to files (colour is the printer's business: ui/rollout-render.ts).
 */
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { fullDiff, formatDifferences, type TemplateDiff } from '@aws-cdk/cloudformation-diff';
import { parseCfnYaml } from '../templates/cfn-yaml.js';

/** One resource whose definition changes. */
export interface ResourceChange {
  readonly logicalId: string;
  /** Its type; `Old → New` when the type itself changes. */
  readonly type: string;
  readonly change: 'add' | 'remove' | 'update' | 'import';
  /** What CloudFormation does to the physical resource (the library's ResourceImpact, e.g. WILL_REPLACE). */
  readonly impact: string;
  /** The properties an update changes. */
  readonly properties: readonly string[];
}

/** One other template entry that changes: a parameter, output, condition, mapping, metadata key… */
export interface TemplateEntryChange {
  readonly section: string;
  readonly name: string;
  readonly change: 'add' | 'remove' | 'update';
}

export interface TemplateDiffResult {
  /** True when CloudFormation would see no difference (whitespace or comments may still differ). */
  readonly isEmpty: boolean;
  readonly differenceCount: number;
  readonly resources: readonly ResourceChange[];
  readonly entries: readonly TemplateEntryChange[];
  /** The rendered diff, without colour. */
  readonly text: string;
}

/**
 * Diffs two template bodies (YAML or JSON, short-form intrinsics allowed). `from` undefined means the
 * stack set does not exist yet: every resource is an addition.
 */
export function templateDiff(from: string | undefined, to: string): TemplateDiffResult {
  const diff = fullDiff(templateObject(from), templateObject(to));
  if (diff.isEmpty) return { isEmpty: true, differenceCount: 0, resources: [], entries: [], text: '' };
  return {
    isEmpty: false,
    differenceCount: diff.differenceCount,
    resources: resourceChanges(diff),
    entries: entryChanges(diff),
    text: render(diff),
  };
}

function templateObject(body: string | undefined): Record<string, unknown> {
  if (body === undefined) return {};
  const value = parseCfnYaml(body).value;
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function resourceChanges(diff: TemplateDiff): ResourceChange[] {
  return Object.entries(diff.resources.changes)
    .filter(([, d]) => d.isDifferent)
    .map(([logicalId, d]) => ({
      logicalId,
      type: d.resourceTypeChanged
        ? `${d.oldResourceType} → ${d.newResourceType}`
        : (d.newResourceType ?? d.oldResourceType ?? ''),
      change: d.isImport ? 'import' : d.isAddition ? 'add' : d.isRemoval ? 'remove' : 'update',
      impact: d.changeImpact,
      properties: d.isUpdate ? Object.keys(d.propertyUpdates).sort() : [],
    }));
}

function entryChanges(diff: TemplateDiff): TemplateEntryChange[] {
  const sections = {
    Parameters: diff.parameters,
    Mappings: diff.mappings,
    Conditions: diff.conditions,
    Outputs: diff.outputs,
    Metadata: diff.metadata,
    Other: diff.unknown,
  };
  const entries: TemplateEntryChange[] = [];
  const top = { AWSTemplateFormatVersion: diff.awsTemplateFormatVersion, Description: diff.description };
  for (const [name, d] of Object.entries({ ...top, Transform: diff.transform }))
    if (d?.isDifferent) entries.push({ section: 'Template', name, change: changeOf(d) });
  for (const [section, collection] of Object.entries(sections))
    for (const [name, d] of Object.entries(collection.changes))
      if (d.isDifferent) entries.push({ section, name, change: changeOf(d) });
  return entries;
}

const changeOf = (d: { isAddition: boolean; isRemoval: boolean }): TemplateEntryChange['change'] =>
  d.isAddition ? 'add' : d.isRemoval ? 'remove' : 'update';

/**
 * The library's text. It colours through chalk, whose level was fixed from the process's stdout when chalk
 * loaded; whatever that was, the text here has no escape code, and its tables have no terminal width (the
 * stream is not a terminal).
 */
function render(diff: TemplateDiff): string {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer | string) => chunks.push(chunk.toString()));
  formatDifferences(stream, diff);
  stream.end();
  // PassThrough delivers 'data' synchronously on write, so every chunk is here.
  return stripVTControlCharacters(chunks.join('')).replace(/\n+$/, '');
}
