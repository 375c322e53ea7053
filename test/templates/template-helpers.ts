import { evaluateConditions, activeResourceIds, resolveIfs } from '../../src/templates/conditions.js';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';
import type { CfnResource, CfnTemplate } from '../../src/templates/template-model.js';

export const HOME = 'eu-west-1';

/** A fresh copy of the remediation template (tests may change it freely). */
export function freshTemplate(): { body: string; template: CfnTemplate } {
  const loaded = loadRemediationTemplate();
  return { body: loaded.body, template: structuredClone(loaded.template) };
}

/** The resources (Fn::If resolved) a stack instance gets for these parameters, in or out of the home region. */
export function deployedResources(
  template: CfnTemplate,
  values: Record<string, string>,
  region = HOME,
): Record<string, CfnResource> {
  const conditions = evaluateConditions(
    template,
    { HomeRegion: HOME, ...values },
    { 'AWS::Region': region, 'AWS::AccountId': '111111111111', 'AWS::Partition': 'aws' },
  );
  return Object.fromEntries(
    activeResourceIds(template, conditions).map((id) => [
      id,
      resolveIfs(template.Resources[id], conditions) as CfnResource,
    ]),
  );
}
