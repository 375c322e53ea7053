/** The organization as cisfleet reads it: plain data, no SDK types, so planning and tests can build it freely. */

export type AccountState = 'PENDING_ACTIVATION' | 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';

export interface OrgUnit {
  id: string; // r-… for the root, ou-… otherwise
  name: string;
  parentId: string | undefined;
  /**
   * `/Root`, `/Root/Workloads/Prod`: names from the root down, each escaped by escapePathSegment, so an OU
   * named `Prod/Evil` is `/Root/Prod\/Evil` and never the same path as `Evil` nested in `Prod`.
   */
  path: string;
}

export interface OrgAccount {
  id: string;
  name: string;
  email: string;
  state: AccountState;
  parentId: string;
  /** Path of the parent OU, e.g. `/Root/Workloads`. */
  ouPath: string;
}

export interface OrgSnapshot {
  organizationId: string;
  managementAccountId: string;
  rootId: string;
  units: readonly OrgUnit[];
  accounts: readonly OrgAccount[];
}

/**
 * An OU name as one segment of a path: `\` and `/` are backslash-escaped (OU names may contain both; AWS
 * allows any character). docs/accounts-yaml.md describes the escape.
 */
export function escapePathSegment(name: string): string {
  return name.replace(/[\\/]/g, '\\$&');
}

/** A path with its escapes undone: the names joined as they are, as a person who never heard of the escape writes it. */
function unescapedPath(path: string): string {
  return path.replace(/\\(.)/g, '$1');
}

/**
 * The units a path names. A path with an escape names exactly the unit with that path. A path without one also
 * matches a unit whose name holds a `/` (`/Root/Prod/Evil` for an OU named `Prod/Evil`), so that a path
 * written without knowing the escape still works; when that reading fits more than one unit, every one is
 * returned and the caller must refuse the path as ambiguous, naming the ids.
 */
export function unitsAtPath(snapshot: Pick<OrgSnapshot, 'units'>, path: string): OrgUnit[] {
  if (path.includes('\\')) return snapshot.units.filter((u) => u.path === path);
  return snapshot.units.filter((u) => unescapedPath(u.path) === path);
}

/** Builds unit paths from a flat list of units (parents first or not). */
export function withPaths(units: ReadonlyArray<Omit<OrgUnit, 'path'>>): OrgUnit[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const paths = new Map<string, string>();
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known) return known;
    const unit = byId.get(id);
    if (!unit) return '';
    const path = `${unit.parentId ? pathOf(unit.parentId) : ''}/${escapePathSegment(unit.name)}`;
    paths.set(id, path);
    return path;
  };
  return units.map((u) => ({ ...u, path: pathOf(u.id) }));
}

/** Every unit id at or below `unitId`. */
export function descendantsOf(snapshot: OrgSnapshot, unitId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of snapshot.units) {
    if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  }
  const out = new Set<string>();
  const stack = [unitId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}
