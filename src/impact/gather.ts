/**
 * Reads every targeted account × region through the member role and turns what it finds into the changes
 * automatic remediation would make. One failing account × region is a failure row; the rest go on.
 */
import type { ControlId } from '../controls/catalog.js';
import { CONTROLS } from '../controls/catalog.js';
import { describeAwsError, formatAwsError } from '../aws/errors.js';
import type { ImpactGateway } from '../aws/impact-gateway.js';
import { mapBounded } from '../bounded.js';
import type { OrgAccount } from '../org/model.js';
import {
  credentialChanges,
  defaultGroupsToCheck,
  securityGroupChanges,
  type ImpactSettings,
  type LocalChange,
} from './compute.js';
import { readCredentialReport } from './credential-report.js';
import type { ImpactChange, ImpactFailure, NetworkInterfaceState } from '../model/impact.js';

export interface ImpactScope {
  readonly accounts: readonly OrgAccount[];
  /** The management account, read with the base credentials. */
  readonly managementAccountId?: string;
  readonly regions: readonly string[];
  readonly homeRegion: string;
  readonly concurrency: number;
  /** The settings for one account (its exemptions). */
  readonly settingsFor: (accountId: string) => ImpactSettings;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface GatheredImpact {
  readonly changes: ImpactChange[];
  readonly failures: ImpactFailure[];
}

const NETWORK: ReadonlySet<ControlId> = new Set(CONTROLS.filter((c) => !c.homeRegionOnly).map((c) => c.id));

export async function gatherImpact(gateway: ImpactGateway, scope: ImpactScope): Promise<GatheredImpact> {
  const changes: ImpactChange[] = [];
  const failures: ImpactFailure[] = [];
  let done = 0;
  await mapBounded(scope.accounts, scope.concurrency, async (account) => {
    const id = account.id === scope.managementAccountId ? undefined : account.id;
    const settings = scope.settingsFor(account.id);
    const where = (region: string) => ({
      accountId: account.id,
      accountName: account.name,
      ouPath: account.ouPath,
      region,
    });
    const read = async (region: string, work: () => Promise<LocalChange[]>) => {
      try {
        for (const change of await work()) changes.push({ ...where(region), ...change });
      } catch (error) {
        const info = describeAwsError(error);
        failures.push({
          ...where(region),
          kind: info.accessDenied ? 'access-denied' : info.throttled ? 'throttled' : 'error',
          message: formatAwsError(error),
        });
      }
    };
    const wantsNetwork = [...settings.controls].some((c) => NETWORK.has(c));
    const wantsIam = [...settings.controls].some((c) => !NETWORK.has(c));
    for (const region of scope.regions) {
      if (wantsNetwork) await read(region, () => networkChanges(gateway, id, region, settings));
      if (wantsIam && region === scope.homeRegion) await read(region, () => iamChanges(gateway, id, settings));
    }
    gateway.releaseAccount(id);
    scope.onProgress?.(++done, scope.accounts.length);
  });
  return { changes, failures };
}

async function networkChanges(
  gateway: ImpactGateway,
  accountId: string | undefined,
  region: string,
  settings: ImpactSettings,
): Promise<LocalChange[]> {
  const groups = await gateway.securityGroups(accountId, region);
  const check = defaultGroupsToCheck(settings, groups);
  const interfacesByGroup = new Map<string, NetworkInterfaceState[]>();
  if (check.length > 0) {
    for (const eni of await gateway.interfacesUsing(accountId, region, check)) {
      for (const groupId of eni.groupIds) {
        if (!check.includes(groupId)) continue;
        const list = interfacesByGroup.get(groupId) ?? [];
        list.push(eni);
        interfacesByGroup.set(groupId, list);
      }
    }
  }
  return securityGroupChanges(settings, groups, interfacesByGroup);
}

/**
 * The credential report names the candidates; each is read live, so the preview is exact even when the report
 * is hours old (a report can only make a credential look older or less used than it is, never the reverse).
 */
async function iamChanges(
  gateway: ImpactGateway,
  accountId: string | undefined,
  settings: ImpactSettings,
): Promise<LocalChange[]> {
  const reported = readCredentialReport(await gateway.credentialReport(accountId));
  const out: LocalChange[] = [];
  for (const { userName, credentials } of reported) {
    if (!mayChange(settings, credentials)) continue;
    const live = await gateway.userCredentials(accountId, userName, credentials.password !== undefined);
    if (live) out.push(...credentialChanges(settings, live));
  }
  return out;
}

/** Whether a credential remediation could touch this user as the report shows it (deleting needs the user's tags to decide). */
function mayChange(settings: ImpactSettings, user: Parameters<typeof credentialChanges>[1]): boolean {
  if (credentialChanges(settings, user).length > 0) return true;
  const limit = settings.maxAccessKeyAge * 86_400_000;
  return (
    settings.controls.has('access-keys-rotated') &&
    settings.keyAction === 'DELETE' &&
    user.keys.some((k) => k.status === 'Inactive' && settings.now.getTime() - k.created.getTime() > limit)
  );
}
