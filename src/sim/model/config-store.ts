/**
 * The Config side of an account and region as the template engine and the Config API change it.
 * The template engine (stack instances) and the Config service handlers both go through these functions,
 * so the rules AWS enforces (one recorder and one delivery channel per account and region, the start-up
 * order) hold whichever way a change arrives.
 *
 * Owned by the Config simulator; the stack set engine only calls it.
 */
import { SimServiceError } from '../core/errors.js';
import type { World } from './world.js';
import type {
  SimConfigRule,
  SimDeliveryChannel,
  SimEventRule,
  SimLambdaFunction,
  SimRecorder,
  SimRemediationConfiguration,
  SimSsmDocument,
} from './types.js';

export interface RegionRef {
  accountId: string;
  region: string;
}

export function putRecorder(world: World, at: RegionRef, recorder: SimRecorder): void {
  const state = world.region(at.accountId, at.region);
  if (state.recorder && state.recorder.name !== recorder.name) {
    throw new SimServiceError(
      'MaxNumberOfConfigurationRecordersExceededException',
      `Failed to put configuration recorder '${recorder.name}' because the maximum number of configuration recorders: 1 is reached.`,
    );
  }
  state.recorder = { ...recorder, recording: state.recorder?.recording ?? recorder.recording };
}

export function deleteRecorder(world: World, at: RegionRef, name: string): void {
  const state = world.region(at.accountId, at.region);
  if (state.recorder?.name === name) state.recorder = undefined;
}

export function putDeliveryChannel(world: World, at: RegionRef, channel: SimDeliveryChannel): void {
  const state = world.region(at.accountId, at.region);
  if (!state.recorder) {
    throw new SimServiceError(
      'NoAvailableConfigurationRecorderException',
      'Configuration recorder is not available to put delivery channel.',
    );
  }
  if (state.deliveryChannel && state.deliveryChannel.name !== channel.name) {
    throw new SimServiceError(
      'MaxNumberOfDeliveryChannelsExceededException',
      `Failed to put delivery channel '${channel.name}' because the maximum number of delivery channels: 1 is reached.`,
    );
  }
  state.deliveryChannel = channel;
}

export function deleteDeliveryChannel(world: World, at: RegionRef, name: string): void {
  const state = world.region(at.accountId, at.region);
  if (state.deliveryChannel?.name === name) state.deliveryChannel = undefined;
}

export function startRecorder(world: World, at: RegionRef, name: string): void {
  const state = world.region(at.accountId, at.region);
  if (!state.recorder || state.recorder.name !== name) {
    throw new SimServiceError('NoSuchConfigurationRecorderException', `Cannot find configuration recorder with the specified name '${name}'.`);
  }
  if (!state.deliveryChannel) {
    throw new SimServiceError('NoAvailableDeliveryChannelException', 'Delivery channel is not available to start configuration recorder.');
  }
  state.recorder.recording = true;
}

export function putConfigRule(world: World, at: RegionRef, rule: SimConfigRule): void {
  world.region(at.accountId, at.region).configRules.set(rule.name, rule);
}

export function deleteConfigRule(world: World, at: RegionRef, name: string): void {
  const state = world.region(at.accountId, at.region);
  state.configRules.delete(name);
  state.evaluations.delete(name);
  state.remediations.delete(name);
}

export function putRemediation(world: World, at: RegionRef, remediation: SimRemediationConfiguration): void {
  const state = world.region(at.accountId, at.region);
  if (!state.configRules.has(remediation.configRuleName)) {
    throw new SimServiceError('NoSuchConfigRuleException', `The ConfigRule '${remediation.configRuleName}' provided in the request is invalid.`);
  }
  state.remediations.set(remediation.configRuleName, remediation);
}

export function deleteRemediation(world: World, at: RegionRef, ruleName: string): void {
  world.region(at.accountId, at.region).remediations.delete(ruleName);
}

export function putSsmDocument(world: World, at: RegionRef, doc: SimSsmDocument): void {
  world.region(at.accountId, at.region).ssmDocuments.set(doc.name, doc);
}

export function putEventRule(world: World, at: RegionRef, rule: SimEventRule): void {
  world.region(at.accountId, at.region).eventRules.set(rule.name, rule);
}

export function putLambdaFunction(world: World, at: RegionRef, fn: SimLambdaFunction): void {
  world.region(at.accountId, at.region).lambdaFunctions.set(fn.name, fn);
}
