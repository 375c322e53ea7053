/**
 * SSM Automation's record of the runbooks Config's remediation runs (model/remediation.ts): one execution per
 * attempt, kept with the document's outputs, as DescribeAutomationExecutions and GetAutomationExecution return
 * them (services/ssm.ts). A stack-created document's outputs are computed from its content as SSM does for an
 * `aws:executeScript` step: each step output selects a member of the script's return value
 * (`Selector: $.Payload.<Member>`), and the document's `outputs` list names `Step.Output`s
 * (docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeScript.html).
 */
import { randomUUID } from 'node:crypto';
import type { SimAutomationExecution, SimRegionState } from './types.js';

/**
 * The value SSM shows for each output of an execution whose step did not succeed: the AWS CLI reference's
 * example of describe-automation-executions (docs.aws.amazon.com/cli/latest/reference/ssm/describe-automation-executions.html).
 */
export const NO_OUTPUT_YET = 'No output available yet because the step is not successfully executed';

interface StepOutput {
  Name?: unknown;
  Selector?: unknown;
}
interface DocumentContent {
  mainSteps?: Array<{ name?: unknown; action?: unknown; outputs?: StepOutput[] }>;
  outputs?: unknown[];
}

/** One runbook run, as the remediation engine saw it. */
export interface RunbookRun {
  documentName: string;
  parameters: Record<string, string>;
  startedAt: number;
  endedAt: number;
  /** What the document's script returned (stack-created documents only); absent when it failed. */
  payload?: Record<string, unknown>;
  /** Why the run failed. */
  error?: string;
}

/** Records a run in the account × region's execution history and returns it. */
export function recordAutomationExecution(state: SimRegionState, run: RunbookRun): SimAutomationExecution {
  const content = state.ssmDocuments.get(run.documentName)?.content as DocumentContent | undefined;
  const step = content?.mainSteps?.[0];
  const execution: SimAutomationExecution = {
    id: randomUUID(),
    documentName: run.documentName,
    documentVersion: '1',
    status: run.error === undefined ? 'Success' : 'Failed',
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    parameters: Object.fromEntries(Object.entries(run.parameters).map(([k, v]) => [k, [v]])),
    outputs: content ? documentOutputs(content, run.error === undefined ? run.payload : undefined) : {},
    ...(typeof step?.name === 'string'
      ? { step: { name: step.name, action: typeof step.action === 'string' ? step.action : '' } }
      : {}),
    ...(run.error !== undefined ? { failureMessage: run.error } : {}),
  };
  state.automationExecutions.push(execution);
  return execution;
}

/** The document's `outputs` (`Step.Output`) with the values its steps selected from the script's payload. */
function documentOutputs(
  content: DocumentContent,
  payload: Record<string, unknown> | undefined,
): Record<string, string[]> {
  const selectors = new Map<string, string>();
  for (const step of content.mainSteps ?? []) {
    for (const output of step.outputs ?? []) {
      const member =
        typeof output.Selector === 'string' ? /^\$\.Payload\.(\w+)$/.exec(output.Selector)?.[1] : undefined;
      if (typeof step.name === 'string' && typeof output.Name === 'string' && member)
        selectors.set(`${step.name}.${output.Name}`, member);
    }
  }
  const outputs: Record<string, string[]> = {};
  for (const name of content.outputs ?? []) {
    if (typeof name !== 'string') continue;
    if (!payload) {
      outputs[name] = [NO_OUTPUT_YET];
      continue;
    }
    const member = selectors.get(name);
    const value = member !== undefined ? payload[member] : undefined;
    if (value !== undefined) outputs[name] = outputValues(value);
  }
  return outputs;
}

/**
 * A selected value as the output's list of strings: a String is one value, a list one value per item. How SSM
 * writes a MapList's maps in this list is not documented; the simulator writes each as its JSON text (cisfleet
 * reads only String outputs).
 */
function outputValues(value: unknown): string[] {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  return items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
}
