/**
 * Reading CloudFormation query inputs (scalars arrive as strings, lists already unflattened) and shaping the
 * list outputs they page through.
 */
import { SimServiceError } from '../core/errors.js';
import { paginate } from '../core/pagination.js';
import { fieldsListOf, fieldsOf, textOf, type Fields } from '../core/input-values.js';
import type { SimRequest } from '../core/handler.js';
import type { World } from '../model/world.js';
import type { DeploymentTargets, OperationPreferences } from '../model/stackset-types.js';
import { DEFAULT_PREFERENCES } from '../model/stackset-engine.js';

export const validationError = (message: string): SimServiceError => new SimServiceError('ValidationError', message);

export function str(value: unknown): string | undefined {
  const text = textOf(value);
  return text === '' ? undefined : text;
}

export function bool(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return value === true || value === 'true';
}

export function num(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw validationError(`${textOf(value) ?? typeof value} is not a number`);
  return n;
}

export function strings(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

export function required(input: Fields, name: string): string {
  const value = str(input[name]);
  if (value === undefined)
    throw validationError(
      `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
}

/** Parameters list → values; UsePreviousValue takes the value from `previous`. */
export function parametersOf(value: unknown, previous: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of fieldsListOf(value)) {
    const key = textOf(p.ParameterKey) ?? '';
    if (bool(p.UsePreviousValue)) {
      if (key in previous) out[key] = previous[key]!;
    } else {
      out[key] = textOf(p.ParameterValue) ?? '';
    }
  }
  return out;
}

export function tagsOf(value: unknown): Record<string, string> {
  return Object.fromEntries(fieldsListOf(value).map((t) => [textOf(t.Key) ?? '', textOf(t.Value) ?? '']));
}

export const parametersOut = (values: Record<string, string>) =>
  Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));

export const tagsOut = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** StackSetOperationPreferences with defaults; a count and a percentage of the same kind is a ValidationError. */
export function preferencesOf(value: unknown): OperationPreferences {
  const p = fieldsOf(value);
  const prefs: OperationPreferences = {
    regionConcurrencyType:
      p.RegionConcurrencyType === 'PARALLEL' ? 'PARALLEL' : DEFAULT_PREFERENCES.regionConcurrencyType,
    regionOrder: strings(p.RegionOrder),
    maxConcurrentCount: num(p.MaxConcurrentCount),
    maxConcurrentPercentage: num(p.MaxConcurrentPercentage),
    failureToleranceCount: num(p.FailureToleranceCount),
    failureTolerancePercentage: num(p.FailureTolerancePercentage),
    concurrencyMode:
      p.ConcurrencyMode === 'SOFT_FAILURE_TOLERANCE' ? 'SOFT_FAILURE_TOLERANCE' : DEFAULT_PREFERENCES.concurrencyMode,
  };
  if (prefs.maxConcurrentCount !== undefined && prefs.maxConcurrentPercentage !== undefined) {
    throw validationError('MaxConcurrentCount and MaxConcurrentPercentage cannot both be specified');
  }
  if (prefs.failureToleranceCount !== undefined && prefs.failureTolerancePercentage !== undefined) {
    throw validationError('FailureToleranceCount and FailureTolerancePercentage cannot both be specified');
  }
  return prefs;
}

export function preferencesOut(p: OperationPreferences): Record<string, unknown> {
  return {
    RegionConcurrencyType: p.regionConcurrencyType,
    RegionOrder: p.regionOrder,
    MaxConcurrentCount: p.maxConcurrentCount,
    MaxConcurrentPercentage: p.maxConcurrentPercentage,
    FailureToleranceCount: p.failureToleranceCount,
    FailureTolerancePercentage: p.failureTolerancePercentage,
    ConcurrencyMode: p.concurrencyMode,
  };
}

/** DeploymentTargets from the input, or the older top-level Accounts list. */
export function targetsOf(input: Fields): DeploymentTargets {
  const t = fieldsOf(input.DeploymentTargets);
  const filter = str(t.AccountFilterType) as DeploymentTargets['accountFilterType'];
  return {
    organizationalUnitIds: strings(t.OrganizationalUnitIds),
    accounts: [...strings(t.Accounts), ...strings(input.Accounts)],
    accountFilterType: filter,
  };
}

export function targetsOut(t: DeploymentTargets | undefined): Record<string, unknown> | undefined {
  if (!t) return undefined;
  return {
    OrganizationalUnitIds: t.organizationalUnitIds,
    Accounts: t.accounts,
    AccountFilterType: t.accountFilterType,
  };
}

/** One page of `items` (the simulator's shared paging; CloudFormation lists take at most 100). */
export function page<T>(items: readonly T[], input: Fields, limit = 100): { items: T[]; NextToken?: string } {
  const { items: pageItems, nextToken } = paginate(items, {
    maxResults: input.MaxResults,
    nextToken: input.NextToken,
    defaultSize: limit,
    maxSize: limit,
    invalidInputCode: 'ValidationError',
  });
  return { items: pageItems, NextToken: nextToken };
}

export const STACKSETS_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

/**
 * Checks CallAs against the caller: a delegated administrator must say DELEGATED_ADMIN and is then served
 * the management account's stack sets. Returns whether the caller sees the management account's stack sets
 * (false: a member account calling as itself, which the simulator gives none).
 */
export function seesManagementStackSets(world: World, request: SimRequest): boolean {
  const caller = request.caller.accountId;
  if (str(request.input.CallAs) === 'DELEGATED_ADMIN') {
    if (!world.org.delegatedAdmins.get(STACKSETS_PRINCIPAL)?.has(caller)) {
      throw validationError('Account used is not a delegated administrator');
    }
    return true;
  }
  return caller === world.org.managementAccountId;
}
