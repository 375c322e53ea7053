import { evaluateConditions, activeResourceIds, resolveIfs } from '../../src/templates/conditions.js';
import { loadRemediationTemplate } from '../../src/templates/remediation-template.js';
import type { CfnParameter, CfnResource, CfnTemplate } from '../../src/templates/template-model.js';
import { defined } from '../helpers/elements.js';

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

/** The resource `id` of `template`; throws naming it when the template has no such resource. */
export const resourceOf = (template: CfnTemplate, id: string): CfnResource =>
  defined(template.Resources[id], `resource ${id} of the template`);

/** The parameter `name` of `template`; throws naming it when the template declares no such parameter. */
export const parameterOf = (template: CfnTemplate, name: string): CfnParameter =>
  defined(template.Parameters[name], `parameter ${name} of the template`);
