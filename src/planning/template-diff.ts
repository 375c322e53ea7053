/**
 * The template part of a rollout plan: what changes between the deployed TemplateBody and the new one, as
 * CloudFormation would see it (resources added, changed, replaced, removed), rendered by the same library
 * `cdk diff` uses. Pure: both bodies are inputs, the output is text.
 */
import { PassThrough } from 'node:stream';
import { fullDiff, formatDifferences } from '@aws-cdk/cloudformation-diff';
import { parseCfnYaml } from '../templates/cfn-yaml.js';

export interface TemplateDiffResult {
  /** True when CloudFormation would see no difference (whitespace or comments may still differ). */
  readonly isEmpty: boolean;
  readonly differenceCount: number;
  /** The rendered diff, without colour unless asked for. */
  readonly text: string;
}

/**
 * Diffs two template bodies (YAML or JSON, short-form intrinsics allowed). `from` undefined means the
 * stack set does not exist yet: every resource is an addition.
 */
export function templateDiff(
  from: string | undefined,
  to: string,
  options: { color?: boolean } = {},
): TemplateDiffResult {
  const diff = fullDiff(templateObject(from), templateObject(to));
  if (diff.isEmpty) return { isEmpty: true, differenceCount: 0, text: '' };
  return {
    isEmpty: false,
    differenceCount: diff.differenceCount,
    text: withoutColor(options.color !== true, () => render(diff)),
  };
}

function templateObject(body: string | undefined): Record<string, unknown> {
  if (body === undefined) return {};
  const value = parseCfnYaml(body).value;
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function render(diff: ReturnType<typeof fullDiff>): string {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer | string) => chunks.push(chunk.toString()));
  formatDifferences(stream, diff);
  stream.end();
  // PassThrough delivers 'data' synchronously on write, so every chunk is here.
  return chunks.join('').replace(/\n+$/, '');
}

/**
 * The library colours through chalk, which reads FORCE_COLOR when it loads and on each call level check;
 * the environment variable is the only switch it offers, so it is set just for the rendering.
 */
function withoutColor<T>(off: boolean, run: () => T): T {
  if (!off) return run();
  const previous = process.env.FORCE_COLOR;
  process.env.FORCE_COLOR = '0';
  try {
    return stripAnsi(run());
  } finally {
    if (previous === undefined) delete process.env.FORCE_COLOR;
    else process.env.FORCE_COLOR = previous;
  }
}

function stripAnsi<T>(value: T): T {
  // eslint-disable-next-line no-control-regex
  return (typeof value === 'string' ? value.replace(/\u001b\[[0-9;]*m/g, '') : value) as T;
}
