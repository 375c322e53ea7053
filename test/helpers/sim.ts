/**
 * Shared test helper: start the simulator with a scenario and get SDK client configs for it.
 *
 *   const sim = await startTestSimulator(
 *     orgBuilder().account('222222222222', { ou: 'Workloads/Prod' }).emptyPageEvery(3),
 *   );
 *   const orgs = new OrganizationsClient(sim.clientConfig);            // management account admin
 *   const member = new STSClient(sim.assumeRoleConfig('222222222222')); // OrganizationAccountAccessRole
 *   sim.clock.advance(1000);                                            // simulated time (ManualClock)
 *   await sim.stop();
 *
 * Keep this API stable: other test files build on it. Add, don't change.
 */
import { ListParentsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsClientFactory, type ClientFactoryOptions, type MemberRoleOptions } from '../../src/aws/client-factory.js';
import { ManualClock } from '../../src/sim/core/clock.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import type { ScenarioInput } from '../../src/sim/scenario/schema.js';
import { defined, only } from './elements.js';

type AccountInput = Exclude<ScenarioInput['accounts'], undefined>[number];
type OuInput = Exclude<ScenarioInput['ous'], undefined>[number];

/** What an SDK client constructor needs to talk to the simulator. */
export interface SimClientConfig {
  endpoint: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

export interface TestSimulatorOptions {
  /** Default: a ManualClock starting now (so SDK expiry checks against real time stay sensible). */
  clock?: ManualClock;
  /** Region of the ready-made client configs. Default us-east-1. */
  region?: string;
}

export interface TestSimulator extends RunningSimulator {
  clock: ManualClock;
  /** Client config for the management account's admin principal. */
  clientConfig: SimClientConfig;
  /** Client config for a named scenario principal (e.g. 'delegated-admin'). */
  clientConfigFor(principal: string, region?: string): SimClientConfig;
  /**
   * Client config whose credentials come from AssumeRole into a member account (through the simulator's STS,
   * as cisfleet does it), starting from the admin principal.
   */
  assumeRoleConfig(
    accountId: string,
    options?: { roleName?: string; externalId?: string; region?: string },
  ): SimClientConfig;
}

/** The management account every builder scenario uses unless told otherwise. */
export const TEST_MANAGEMENT_ACCOUNT = '111111111111';

/**
 * Builds scenarios in a few lines: GIVEN an org with accounts in these OUs, these faults…
 * OU paths are slash-separated names under the root ('Workloads/Prod'); missing OUs are created.
 */
export class OrgBuilder {
  private readonly scenario: ScenarioInput = {
    organization: { managementAccount: { id: TEST_MANAGEMENT_ACCOUNT } },
    regions: ['us-east-1'],
    accounts: [],
    ous: [],
    principals: [],
  };

  /** Sets the management account id. */
  management(accountId: string): this {
    this.scenario.organization.managementAccount.id = accountId;
    return this;
  }

  regions(...regions: string[]): this {
    this.scenario.regions = regions;
    return this;
  }

  /** Ensures an OU path exists (accounts can also create it). */
  ou(path: string): this {
    this.ouAt(path);
    return this;
  }

  /** Adds an account, at the root or under `ou`. Default name `account-<id>`, member role present. */
  account(id: string, spec: Partial<Omit<AccountInput, 'id'>> & { ou?: string } = {}): this {
    const { ou, ...rest } = spec;
    const account: AccountInput = { id, name: `account-${id}`, ...rest };
    if (ou) {
      const node = this.ouAt(ou);
      node.accounts = [...(node.accounts ?? []), account];
    } else {
      this.scenario.accounts = [...(this.scenario.accounts ?? []), account];
    }
    return this;
  }

  /** Adds a principal with a static key (an IAM user) in an account. */
  principal(name: string, accountId: string, user = name): this {
    this.scenario.principals = [...(this.scenario.principals ?? []), { name, account: accountId, user }];
    return this;
  }

  delegatedAdmin(servicePrincipal: string, accountId: string): this {
    const org = this.scenario.organization;
    org.delegatedAdmins = {
      ...org.delegatedAdmins,
      [servicePrincipal]: [...(org.delegatedAdmins?.[servicePrincipal] ?? []), accountId],
    };
    return this;
  }

  faults(faults: ScenarioInput['faults']): this {
    this.scenario.faults = faults;
    return this;
  }

  timing(timing: ScenarioInput['timing']): this {
    this.scenario.timing = timing;
    return this;
  }

  emptyPageEvery(n: number): this {
    this.scenario.emptyPageEvery = n;
    return this;
  }

  /** Merges any other top-level scenario fields. */
  with(fields: Partial<ScenarioInput>): this {
    Object.assign(this.scenario, fields);
    return this;
  }

  build(): ScenarioInput {
    return structuredClone(this.scenario);
  }

  private ouAt(path: string): OuInput {
    let siblings = (this.scenario.ous ??= []);
    let node: OuInput | undefined;
    for (const name of path.split('/').filter(Boolean)) {
      node = siblings.find((ou) => ou.name === name);
      if (!node) {
        node = { name, accounts: [], ous: [] };
        siblings.push(node);
      }
      siblings = node.ous ??= [];
    }
    if (!node) throw new Error(`empty OU path '${path}'`);
    return node;
  }
}

/** A fresh scenario builder with the management account 111111111111 in us-east-1. */
export function orgBuilder(): OrgBuilder {
  return new OrgBuilder();
}

/** Starts a simulator for a test; stop it in afterAll. */
export async function startTestSimulator(
  scenario: ScenarioInput | OrgBuilder = orgBuilder(),
  options: TestSimulatorOptions = {},
): Promise<TestSimulator> {
  const clock = options.clock ?? new ManualClock(Date.now());
  const defaultRegion = options.region ?? 'us-east-1';
  const sim = await startSimulator({ scenario: scenario instanceof OrgBuilder ? scenario.build() : scenario, clock });
  const clientConfigFor = (principal: string, region = defaultRegion): SimClientConfig => ({
    endpoint: sim.url,
    region,
    credentials: sim.credentialsFor(principal),
  });
  return {
    ...sim,
    clock,
    clientConfig: clientConfigFor('admin'),
    clientConfigFor,
    assumeRoleConfig(
      accountId,
      { roleName = 'OrganizationAccountAccessRole', externalId, region = defaultRegion } = {},
    ) {
      return {
        endpoint: sim.url,
        region,
        credentials: fromTemporaryCredentials({
          masterCredentials: sim.credentialsFor('admin'),
          params: {
            RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
            RoleSessionName: 'cisfleet-test',
            ExternalId: externalId,
          },
          clientConfig: { endpoint: sim.url, region },
        }),
      };
    },
  };
}

/**
 * cisfleet's client factory as the CLI builds it, pointed at the simulator with the admin principal's keys and
 * the member role OrganizationAccountAccessRole; any option may be overridden.
 */
export function simClientFactory(
  sim: Pick<RunningSimulator, 'url' | 'credentialsFor'>,
  options: Partial<Omit<ClientFactoryOptions, 'memberRole'>> & { memberRole?: Partial<MemberRoleOptions> } = {},
): AwsClientFactory {
  const { memberRole, ...rest } = options;
  return new AwsClientFactory({
    region: 'us-east-1',
    endpoint: sim.url,
    credentials: sim.credentialsFor('admin'),
    ...rest,
    memberRole: {
      name: 'OrganizationAccountAccessRole',
      sessionName: 'cisfleet-test',
      durationSeconds: 3600,
      stsRegion: 'us-east-1',
      ...memberRole,
    },
  });
}

/** The id of the one parent (root or OU) of `accountId`, as Organizations' ListParents gives it. */
export async function parentIdOf(config: SimClientConfig, accountId: string): Promise<string> {
  const organizations = new OrganizationsClient(config);
  try {
    const { Parents } = await organizations.send(new ListParentsCommand({ ChildId: accountId }));
    return defined(only(Parents ?? [], `parent of ${accountId}`).Id, `the id of ${accountId}'s parent`);
  } finally {
    organizations.destroy();
  }
}
