/**
 * "Already exists" after a create: cisfleet's own earlier try whose answer was lost (the SDK retried it), or
 * another run that created the same thing a moment before. What exists is adopted when it is what cisfleet asked
 * for; otherwise the error says what differs and what to do. Pure: the gateways read what exists and call this.
 */
import { createHash } from 'node:crypto';
import { CisfleetError } from '../errors.js';

/** What must match for an existing stack set or stack to be taken as the one cisfleet asked for. */
export interface Adoptable {
  /** The template itself, or (a plain stack's tag) its SHA-256. */
  readonly templateBody?: string;
  readonly templateSha256?: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly permissionModel?: string;
}

/** Each way `existing` is not what `wanted` asked for, in words; empty when it can be adopted. */
export function adoptionDifferences(wanted: Adoptable, existing: Adoptable): string[] {
  const differences: string[] = [];
  const hashOf = (side: Adoptable) =>
    side.templateSha256 ??
    (side.templateBody !== undefined ? createHash('sha256').update(side.templateBody).digest('hex') : undefined);
  const wantedHash = hashOf(wanted);
  const existingHash = hashOf(existing);
  if (wantedHash !== existingHash)
    differences.push(`template sha256 ${short(existingHash)} (cisfleet's is ${short(wantedHash)})`);
  if (wanted.permissionModel !== undefined && existing.permissionModel !== wanted.permissionModel) {
    differences.push(
      `permission model ${existing.permissionModel ?? 'unknown'} (accounts.yaml asks for ${wanted.permissionModel})`,
    );
  }
  // The parameters cisfleet sets: AWS lists the others too, at their template defaults.
  for (const key of Object.keys(wanted.parameters).sort()) {
    const has = existing.parameters[key];
    const wants = wanted.parameters[key];
    if (has !== wants)
      differences.push(`parameter ${key} ${has === undefined ? 'unset' : `"${has}"`} (cisfleet's is "${wants}")`);
  }
  return differences;
}

/** The thing exists and is not what cisfleet asked for: nothing was changed; the next run plans from it. */
export class ExistsDifferentError extends CisfleetError {
  constructor(what: string, differences: readonly string[], fix: string) {
    super(
      'EXISTS_DIFFERENT',
      `${what} already exists (created by another run, or by this one before its answer was lost) but is not what cisfleet asked for: ` +
        `${differences.join('; ')}. Nothing was changed. ${fix}`,
    );
  }
}

function short(hash: string | undefined): string {
  return hash ? hash.slice(0, 12) : 'unknown';
}
