import type { CisfleetConfig } from '../config/schema.js';
import type { ConfigProblem } from '../errors.js';
import { tooLongNames } from './resource-names.js';
import type { CfnTemplate } from './template-model.js';

/**
 * What accounts.yaml asks of the template that CloudFormation or the service would refuse only at deploy
 * time: names that the resource prefix makes too long in one of the configured regions. Pure.
 */
export function configFitProblems(config: CisfleetConfig, template: CfnTemplate, configFile: string): ConfigProblem[] {
  const prefix = config.resourcePrefix;
  return tooLongNames(template, prefix, config.organization.homeRegion, config.regions).map((long) => {
    const shorter = prefix.length - (long.name.length - long.max);
    return {
      file: configFile,
      line: 0,
      col: 0,
      path: 'resourcePrefix',
      severity: 'error',
      message:
        `with resourcePrefix ${prefix}, the ${long.resourceType} ${long.logicalId} in ${long.region} is named ${long.name} ` +
        `(${long.name.length} characters, the limit is ${long.max}): use a prefix of at most ${Math.max(shorter, 0)} characters`,
    };
  });
}
