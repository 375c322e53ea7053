import {
  DescribeOrganizationCommand,
  OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
  type Account,
} from '@aws-sdk/client-organizations';
import type { AwsClientFactory } from './client-factory.js';
import { withPaths, type AccountState, type OrgAccount, type OrgSnapshot, type OrgUnit } from '../org/model.js';
import { mapBounded } from '../execution/bounded.js';

/** Organizations is a low-TPS API: a few parents at a time is what its throttles allow. */
const ORGANIZATIONS_CONCURRENCY = 4;

/** Reads the organization (management or delegated-admin account). Organizations lives in us-east-1. */
export class OrganizationsGateway {
  private readonly client: OrganizationsClient;

  constructor(factory: AwsClientFactory) {
    this.client = factory.client(OrganizationsClient, { region: 'us-east-1' });
  }

  /** The whole tree: root, every OU (nested), every account with its parent, paginated to the end. */
  async readOrganization(): Promise<OrgSnapshot> {
    const org = (await this.client.send(new DescribeOrganizationCommand({}))).Organization;
    const units: Array<Omit<OrgUnit, 'path'>> = [];
    const accounts: Array<Omit<OrgAccount, 'ouPath'>> = [];
    let rootId = '';
    for await (const page of paginateListRoots({ client: this.client }, {})) {
      for (const root of page.Roots ?? []) {
        rootId ||= root.Id!;
        units.push({ id: root.Id!, name: root.Name ?? 'Root', parentId: undefined });
      }
    }
    // Breadth-first, a level at a time, a bounded number of parents in flight.
    let level = units.map((u) => u.id);
    while (level.length > 0) {
      const results = await mapBounded(level, ORGANIZATIONS_CONCURRENCY, async (parentId) => {
        const childUnits: Array<Omit<OrgUnit, 'path'>> = [];
        for await (const page of paginateListOrganizationalUnitsForParent({ client: this.client }, { ParentId: parentId })) {
          for (const ou of page.OrganizationalUnits ?? []) childUnits.push({ id: ou.Id!, name: ou.Name ?? ou.Id!, parentId });
        }
        const childAccounts: Array<Omit<OrgAccount, 'ouPath'>> = [];
        for await (const page of paginateListAccountsForParent({ client: this.client }, { ParentId: parentId })) {
          for (const a of page.Accounts ?? []) childAccounts.push(toAccount(a, parentId));
        }
        return { childUnits, childAccounts };
      });
      level = [];
      for (const r of results) {
        if (!r.ok) throw r.error;
        units.push(...r.value.childUnits);
        accounts.push(...r.value.childAccounts);
        level.push(...r.value.childUnits.map((u) => u.id));
      }
    }
    const pathed = withPaths(units);
    const pathById = new Map(pathed.map((u) => [u.id, u.path]));
    return {
      organizationId: org?.Id ?? '',
      managementAccountId: org?.MasterAccountId ?? '',
      rootId,
      units: pathed,
      accounts: accounts.map((a) => ({ ...a, ouPath: pathById.get(a.parentId) ?? '' })),
    };
  }
}

function toAccount(a: Account, parentId: string): Omit<OrgAccount, 'ouPath'> {
  // Account.Status is retired (Sep 2026): read State, and fall back only for old responses.
  const state = (a.State ?? a.Status ?? 'ACTIVE') as AccountState;
  return { id: a.Id!, name: a.Name ?? '', email: a.Email ?? '', state, parentId };
}
