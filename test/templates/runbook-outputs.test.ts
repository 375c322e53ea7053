/**
 * The runbook documents' outputs are a contract with `report --changes` (src/report/changes/runbook-outputs.ts):
 * each control's document is named `<ResourcePrefix>-<runbookDocument>` of the catalog, and declares
 * `<Step>.ResourceId` and `<Step>.Skipped` among its outputs, selected from members its script returns on every
 * path that succeeds, and never an empty `Skipped` (an SSM output value has at least one character).
 */
import { describe, expect, it } from '@jest/globals';
import { CONTROLS } from '../../src/controls/catalog.js';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';

interface Step {
  name: string;
  action: string;
  inputs: { Script?: string };
  outputs?: Array<{ Name: string; Selector: string; Type: string }>;
}
interface Content {
  mainSteps: Step[];
  outputs: string[];
}

const resources = loadRemediationTemplate().template.Resources;
const documents = Object.values(resources).filter((r) => r.Type === 'AWS::SSM::Document');
const runbookControls = CONTROLS.filter((c) => c.runbookDocument !== undefined);

describe("the runbook documents' outputs name the resource and why it was skipped", () => {
  it.each(runbookControls.map((c) => [c.id, c.runbookDocument!]))('%s: %s', (_id, documentName) => {
    const document = documents.find(
      (d) => JSON.stringify(d.Properties?.Name) === JSON.stringify({ 'Fn::Sub': `\${ResourcePrefix}-${documentName}` }),
    );
    expect(document).toBeDefined();
    const content = document?.Properties?.Content as Content;
    const [step] = content.mainSteps;
    expect(step?.action).toBe('aws:executeScript');
    for (const output of ['ResourceId', 'Skipped']) {
      expect(content.outputs).toContain(`${step?.name}.${output}`);
      const declared = step?.outputs?.find((o) => o.Name === output);
      expect(declared?.Type).toBe('String');
      const member = /^\$\.Payload\.(\w+)$/.exec(declared?.Selector ?? '')?.[1];
      // Every dictionary the script returns carries the member (an exception is the failure path).
      const returns = (step?.inputs.Script ?? '').split('\n').filter((l) => /^\s+return \{/.test(l));
      expect(returns.length).toBeGreaterThan(0);
      for (const line of returns) expect(`${line}`).toContain(`'${member}':`);
    }
    const script = step?.inputs.Script ?? '';
    expect(script).not.toMatch(/'Skipped': ''/);
    expect(script).toMatch(/'Skipped': 'no'/);
  });
});
