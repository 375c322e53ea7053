import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AccessDeniedException,
  CreateAccountCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  DuplicateAccountException,
  ListAccountsCommand,
  ListDelegatedAdministratorsCommand,
  ListParentsCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  SourceParentNotFoundException,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  type Account,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { at, only } from '../helpers/elements.js';

const DELEGATED = '200000000001';
const memberIds = Array.from({ length: 45 }, (_, i) => String(300000000000 + i));

describe('Organizations', () => {
  let sim: TestSimulator;
  let orgs: OrganizationsClient;
  let rootId: string;

  beforeAll(async () => {
    // GIVEN an org of 47 accounts, most under /Workloads/Prod, that answers an empty page every third page
    const builder = orgBuilder()
      .account(DELEGATED, { ou: 'Security' })
      .principal('delegated-admin', DELEGATED)
      .delegatedAdmin('member.org.stacksets.cloudformation.amazonaws.com', DELEGATED)
      .principal('member-user', at(memberIds, 0, 'member'))
      .ou('Sandbox')
      .emptyPageEvery(3)
      .timing({ createAccountMs: 5_000, newAccountRoleDelayMs: 10_000 });
    for (const id of memberIds) builder.account(id, { ou: 'Workloads/Prod', email: `${id}@example.com` });
    sim = await startTestSimulator(builder);
    orgs = new OrganizationsClient(sim.clientConfig);
    rootId = only((await orgs.send(new ListRootsCommand({}))).Roots ?? [], 'root').Id!;
  });
  afterAll(async () => {
    orgs.destroy();
    await sim.stop();
  });

  const ouId = (name: string) => [...sim.world.org.ous.values()].find((ou) => ou.name === name)!.id;

  it('paginateListAccounts walks every page, empty ones included', async () => {
    const seen: string[] = [];
    let emptyPagesWithToken = 0;
    for await (const page of paginateListAccounts({ client: orgs, pageSize: 10 }, {})) {
      if (page.Accounts!.length === 0 && page.NextToken) emptyPagesWithToken++;
      seen.push(...page.Accounts!.map((a) => a.Id!));
    }
    expect(emptyPagesWithToken).toBeGreaterThan(0);
    expect(seen.sort()).toEqual([...sim.world.org.accounts.keys()].sort());
  });

  it('a caller that stops at the first empty page misses accounts', async () => {
    const seen: Account[] = [];
    let token: string | undefined;
    do {
      const page = await orgs.send(new ListAccountsCommand({ NextToken: token, MaxResults: 10 }));
      if (page.Accounts!.length === 0) break;
      seen.push(...page.Accounts!);
      token = page.NextToken;
    } while (token);
    expect(seen.length).toBeLessThan(sim.world.org.accounts.size);
  });

  it('paginateListOrganizationalUnitsForParent and paginateListAccountsForParent walk the tree', async () => {
    const ouNames: string[] = [];
    for await (const page of paginateListOrganizationalUnitsForParent(
      { client: orgs, pageSize: 1 },
      { ParentId: rootId },
    )) {
      ouNames.push(...page.OrganizationalUnits!.map((ou) => ou.Name!));
    }
    expect(ouNames.sort()).toEqual(['Sandbox', 'Security', 'Workloads']);
    const prodAccounts: string[] = [];
    for await (const page of paginateListAccountsForParent({ client: orgs, pageSize: 7 }, { ParentId: ouId('Prod') })) {
      prodAccounts.push(...page.Accounts!.map((a) => a.Id!));
    }
    expect(prodAccounts.sort()).toEqual([...memberIds].sort());
  });

  it('DescribeAccount returns both State and the deprecated Status', async () => {
    const { Account: account } = await orgs.send(new DescribeAccountCommand({ AccountId: memberIds[0] }));
    expect(account).toMatchObject({ Id: memberIds[0], State: 'ACTIVE', Status: 'ACTIVE', JoinedMethod: 'CREATED' });
    expect(account!.JoinedTimestamp).toBeInstanceOf(Date);
  });

  it('CreateAccount completes asynchronously with an assumable role after the delay', async () => {
    const { CreateAccountStatus: started } = await orgs.send(
      new CreateAccountCommand({ AccountName: 'New Team', Email: 'new-team@example.com' }),
    );
    expect(started).toMatchObject({ State: 'IN_PROGRESS' });
    expect(started!.Id).toMatch(/^car-[a-z0-9]+$/);
    const created: string[] = [];
    sim.world.on('account-created', ({ accountId }) => created.push(accountId));

    sim.clock.advance(4_999);
    const pending = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started!.Id }));
    expect(pending.CreateAccountStatus!.State).toBe('IN_PROGRESS');

    sim.clock.advance(1);
    const done = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started!.Id }));
    expect(done.CreateAccountStatus).toMatchObject({ State: 'SUCCEEDED' });
    const accountId = done.CreateAccountStatus!.AccountId!;
    expect(created).toEqual([accountId]);
    const parents = await orgs.send(new ListParentsCommand({ ChildId: accountId }));
    expect(parents.Parents).toEqual([{ Id: rootId, Type: 'ROOT' }]);

    const member = new STSClient(sim.assumeRoleConfig(accountId));
    await expect(member.send(new GetCallerIdentityCommand({}))).rejects.toHaveProperty('name', 'AccessDenied');
    sim.clock.advance(10_000);
    const fresh = new STSClient(sim.assumeRoleConfig(accountId));
    await expect(fresh.send(new GetCallerIdentityCommand({}))).resolves.toHaveProperty('Account', accountId);
    member.destroy();
    fresh.destroy();
  });

  it('CreateAccount with a taken email fails with EMAIL_ALREADY_EXISTS', async () => {
    const { CreateAccountStatus: started } = await orgs.send(
      new CreateAccountCommand({ AccountName: 'Duplicate', Email: `${memberIds[3]}@example.com` }),
    );
    sim.clock.advance(5_000);
    const done = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started!.Id }));
    expect(done.CreateAccountStatus).toMatchObject({ State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' });
  });

  it('MoveAccount changes ListParents and emits account-moved', async () => {
    const moved: unknown[] = [];
    sim.world.on('account-moved', (event) => moved.push(event));
    const account = memberIds[5];
    await orgs.send(
      new MoveAccountCommand({
        AccountId: account,
        SourceParentId: ouId('Prod'),
        DestinationParentId: ouId('Sandbox'),
      }),
    );
    const parents = await orgs.send(new ListParentsCommand({ ChildId: account }));
    expect(parents.Parents).toEqual([{ Id: ouId('Sandbox'), Type: 'ORGANIZATIONAL_UNIT' }]);
    expect(moved).toEqual([{ accountId: account, fromParentId: ouId('Prod'), toParentId: ouId('Sandbox') }]);
  });

  it('MoveAccount refuses a wrong source parent and a move to where the account already is', async () => {
    const account = memberIds[6];
    await expect(
      orgs.send(
        new MoveAccountCommand({ AccountId: account, SourceParentId: ouId('Sandbox'), DestinationParentId: rootId }),
      ),
    ).rejects.toBeInstanceOf(SourceParentNotFoundException);
    await expect(
      orgs.send(
        new MoveAccountCommand({ AccountId: account, SourceParentId: ouId('Prod'), DestinationParentId: ouId('Prod') }),
      ),
    ).rejects.toBeInstanceOf(DuplicateAccountException);
  });

  it('lets a delegated admin list but not create accounts', async () => {
    const delegated = new OrganizationsClient(sim.clientConfigFor('delegated-admin'));
    const page = await delegated.send(new ListAccountsCommand({}));
    expect(page.Accounts!.length).toBeGreaterThan(0);
    const admins = await delegated.send(new ListDelegatedAdministratorsCommand({}));
    expect(admins.DelegatedAdministrators!.map((a) => a.Id)).toEqual([DELEGATED]);
    await expect(
      delegated.send(new CreateAccountCommand({ AccountName: 'Nope', Email: 'nope@example.com' })),
    ).rejects.toBeInstanceOf(AccessDeniedException);
    delegated.destroy();
  });

  it('refuses list calls from a plain member account but describes the organization', async () => {
    const member = new OrganizationsClient(sim.clientConfigFor('member-user'));
    await expect(member.send(new ListAccountsCommand({}))).rejects.toBeInstanceOf(AccessDeniedException);
    const { Organization: org } = await member.send(new DescribeOrganizationCommand({}));
    expect(org).toMatchObject({ MasterAccountId: '111111111111', FeatureSet: 'ALL' });
    member.destroy();
  });

  it('names an unknown action in UnknownOperationException', async () => {
    const response = await fetch(sim.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSOrganizationsV20161128.FlyToTheMoon',
        authorization: `AWS4-HMAC-SHA256 Credential=${sim.credentialsFor('admin').accessKeyId}/20261128/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    const body = (await response.json()) as { __type: string; message: string };
    expect(body.__type).toBe('UnknownOperationException');
    expect(body.message).toContain('FlyToTheMoon');
  });
});
