/**
 * AWS Organizations: the tree (roots, OUs, accounts), asynchronous CreateAccount, MoveAccount, service access
 * and delegated administrators, with AWS's caller rules and paging (including empty pages with a NextToken).
 */
import { SimServiceError } from '../core/errors.js';
import type { ActionHandler, ServiceHandlers, SimRequest } from '../core/handler.js';
import { textOf } from '../core/input-values.js';
import { paginate } from '../core/pagination.js';
import type { SimAccount, SimCreateAccountRequest, SimOu } from '../model/types.js';
import type { World } from '../model/world.js';
import { defaultSecurityGroup, trustingRole } from '../scenario/seed.js';

const PAGE_SIZE = 20;
const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';

function orgError(code: string, message: string): SimServiceError {
  return new SimServiceError(code, message);
}

function isManagement(world: World, accountId: string): boolean {
  return world.org.managementAccountId === accountId;
}

function isDelegatedAdmin(world: World, accountId: string): boolean {
  for (const admins of world.org.delegatedAdmins.values()) if (admins.has(accountId)) return true;
  return false;
}

function requireMember(world: World, request: SimRequest): void {
  if (!world.org.accounts.has(request.caller.accountId)) {
    throw orgError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  }
}

/** Calls AWS allows from the management account or a delegated administrator only. */
function requireAdmin(world: World, request: SimRequest): void {
  requireMember(world, request);
  const caller = request.caller.accountId;
  if (!isManagement(world, caller) && !isDelegatedAdmin(world, caller)) {
    throw orgError('AccessDeniedException', "You don't have permissions to access this resource.");
  }
}

function requireManagement(world: World, request: SimRequest): void {
  requireMember(world, request);
  if (!isManagement(world, request.caller.accountId)) {
    throw orgError(
      'AccessDeniedException',
      "You don't have permissions to access this resource. This operation can be called only from the organization's management account.",
    );
  }
}

function arnBase(world: World): string {
  return `arn:aws:organizations::${world.org.managementAccountId}`;
}

/** The deprecated Status field only knows ACTIVE, SUSPENDED and PENDING_CLOSURE. */
function legacyStatus(account: SimAccount): string {
  if (account.state === 'PENDING_ACTIVATION') return 'ACTIVE';
  if (account.state === 'CLOSED') return 'SUSPENDED';
  return account.state;
}

function accountOutput(world: World, account: SimAccount): Record<string, unknown> {
  return {
    Id: account.id,
    Arn: `${arnBase(world)}:account/${world.org.id}/${account.id}`,
    Email: account.email,
    Name: account.name,
    Status: legacyStatus(account),
    State: account.state,
    JoinedMethod: account.joinedMethod,
    JoinedTimestamp: new Date(account.joinedTimestamp),
  };
}

function ouOutput(world: World, ou: SimOu): Record<string, unknown> {
  return { Id: ou.id, Arn: `${arnBase(world)}:ou/${world.org.id}/${ou.id}`, Name: ou.name };
}

function rootOutput(world: World): Record<string, unknown> {
  return {
    Id: world.org.rootId,
    Arn: `${arnBase(world)}:root/${world.org.id}/${world.org.rootId}`,
    Name: 'Root',
    PolicyTypes: [],
  };
}

function createStatusOutput(request: SimCreateAccountRequest): Record<string, unknown> {
  return {
    Id: request.id,
    AccountName: request.accountName,
    State: request.state,
    RequestedTimestamp: new Date(request.requestedTimestamp),
    CompletedTimestamp: request.completedTimestamp === undefined ? undefined : new Date(request.completedTimestamp),
    AccountId: request.accountId,
    FailureReason: request.failureReason,
  };
}

/** One page of `items` under `outputKey`, with the request's MaxResults / NextToken. */
function listPage<T>(
  world: World,
  request: SimRequest,
  items: readonly T[],
  outputKey: string,
  toOutput: (item: T) => unknown,
) {
  const page = paginate(items, {
    maxResults: request.input.MaxResults,
    nextToken: request.input.NextToken,
    defaultSize: PAGE_SIZE,
    maxSize: PAGE_SIZE,
    emptyPageEvery: world.emptyPageEvery,
    invalidInputCode: 'InvalidInputException',
  });
  return { [outputKey]: page.items.map(toOutput), NextToken: page.nextToken };
}

function parentExists(world: World, id: string): boolean {
  return id === world.org.rootId || world.org.ous.has(id);
}

function requireParent(world: World, id: unknown, code = 'ParentNotFoundException'): string {
  const parentId = textOf(id) ?? '';
  if (!parentExists(world, parentId)) {
    throw orgError(code, `We can't find a root or OU with the ParentId that you specified.`);
  }
  return parentId;
}

function requireAccount(world: World, id: unknown): SimAccount {
  const account = world.org.accounts.get(textOf(id) ?? '');
  if (!account) throw orgError('AccountNotFoundException', "You specified an account that doesn't exist.");
  return account;
}

function accountsUnder(world: World, parentId: string): SimAccount[] {
  return [...world.org.accounts.values()].filter((a) => a.parentId === parentId);
}

function ousUnder(world: World, parentId: string): SimOu[] {
  return [...world.org.ous.values()].filter((ou) => ou.parentId === parentId);
}

const describeOrganization: ActionHandler = (world, request) => {
  requireMember(world, request);
  const management = world.org.accounts.get(world.org.managementAccountId);
  return {
    Organization: {
      Id: world.org.id,
      Arn: `${arnBase(world)}:organization/${world.org.id}`,
      FeatureSet: world.org.featureSet,
      MasterAccountArn: `${arnBase(world)}:account/${world.org.id}/${world.org.managementAccountId}`,
      MasterAccountId: world.org.managementAccountId,
      MasterAccountEmail: management?.email,
      AvailablePolicyTypes: [],
    },
  };
};

const listRoots: ActionHandler = (world, request) => {
  requireAdmin(world, request);
  return listPage(world, request, [world.org.rootId], 'Roots', () => rootOutput(world));
};

const listAccounts: ActionHandler = (world, request) => {
  requireAdmin(world, request);
  return listPage(world, request, [...world.org.accounts.values()], 'Accounts', (a) => accountOutput(world, a));
};

const listAccountsForParent: ActionHandler = (world, request) => {
  requireAdmin(world, request);
  const parentId = requireParent(world, request.input.ParentId);
  return listPage(world, request, accountsUnder(world, parentId), 'Accounts', (a) => accountOutput(world, a));
};

const listOrganizationalUnitsForParent: ActionHandler = (world, request) => {
  requireAdmin(world, request);
  const parentId = requireParent(world, request.input.ParentId);
  return listPage(world, request, ousUnder(world, parentId), 'OrganizationalUnits', (ou) => ouOutput(world, ou));
};

const listChildren: ActionHandler = (world, request) => {
  requireAdmin(world, request);
  const parentId = requireParent(world, request.input.ParentId);
  const childType = textOf(request.input.ChildType) ?? '';
  const ids =
    childType === 'ACCOUNT'
      ? accountsUnder(world, parentId).map((a) => a.id)
      : childType === 'ORGANIZATIONAL_UNIT'
        ? ousUnder(world, parentId).map((ou) => ou.id)
        : undefined;
  if (!ids) throw orgError('InvalidInputException', `Invalid ChildType: ${childType}`);
  return listPage(world, request, ids, 'Children', (id) => ({ Id: id, Type: childType }));
};

const listParents: ActionHandler = (world, request) => {
  requireAdmin(world, request);
  const childId = textOf(request.input.ChildId) ?? '';
  const parentId = world.org.accounts.get(childId)?.parentId ?? world.org.ous.get(childId)?.parentId;
  if (parentId === undefined) {
    throw orgError(
      'ChildNotFoundException',
      "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
    );
  }
  const type = parentId === world.org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT';
  return listPage(world, request, [parentId], 'Parents', (id) => ({ Id: id, Type: type }));
};

const describeAccount: ActionHandler = (world, request) => {
  requireAdmin(world, request);
  return { Account: accountOutput(world, requireAccount(world, request.input.AccountId)) };
};

const describeOrganizationalUnit: ActionHandler = (world, request) => {
  requireAdmin(world, request);
  const ou = world.org.ous.get(textOf(request.input.OrganizationalUnitId) ?? '');
  if (!ou) {
    throw orgError(
      'OrganizationalUnitNotFoundException',
      "We can't find an OU with the OrganizationalUnitId that you specified.",
    );
  }
  return { OrganizationalUnit: ouOutput(world, ou) };
};

function emailTaken(world: World, email: string): boolean {
  const wanted = email.toLowerCase();
  return [...world.org.accounts.values()].some((a) => a.email.toLowerCase() === wanted);
}

function newAccountId(world: World): string {
  for (;;) {
    const id = world.newId('', 12, '0123456789');
    if (id[0] !== '0' && !world.org.accounts.has(id)) return id;
  }
}

/** Completes a CreateAccount request: the account joins the root, its role becomes assumable a little later. */
function completeCreateAccount(world: World, request: SimCreateAccountRequest): void {
  request.completedTimestamp = world.now();
  if (emailTaken(world, request.email)) {
    request.state = 'FAILED';
    request.failureReason = 'EMAIL_ALREADY_EXISTS';
    return;
  }
  const accountId = newAccountId(world);
  world.org.accounts.set(accountId, {
    id: accountId,
    name: request.accountName,
    email: request.email,
    state: 'ACTIVE',
    parentId: world.org.rootId,
    joinedMethod: 'CREATED',
    joinedTimestamp: world.now(),
  });
  world.accountIam(accountId).roles.set(
    request.roleName,
    trustingRole(request.roleName, [world.org.managementAccountId], {
      assumableAt: world.now() + world.timing.newAccountRoleDelayMs,
    }),
  );
  for (const region of world.knownRegions) {
    const state = world.region(accountId, region);
    if (state.securityGroups.size === 0) {
      const group = defaultSecurityGroup(accountId, region, 'aws-default');
      state.securityGroups.set(group.groupId, group);
    }
  }
  request.state = 'SUCCEEDED';
  request.accountId = accountId;
  world.emit('account-created', { accountId });
}

const createAccount: ActionHandler = (world, request) => {
  requireManagement(world, request);
  const { Email, AccountName, RoleName } = request.input;
  if (
    typeof Email !== 'string' ||
    !/^[^\s@]+@[^\s@]+$/.test(Email) ||
    typeof AccountName !== 'string' ||
    AccountName === ''
  ) {
    throw orgError('InvalidInputException', 'You provided a value that does not match the required pattern.');
  }
  const createRequest: SimCreateAccountRequest = {
    id: world.newId('car-', 32),
    accountName: AccountName,
    email: Email,
    roleName: typeof RoleName === 'string' && RoleName !== '' ? RoleName : DEFAULT_MEMBER_ROLE,
    state: 'IN_PROGRESS',
    requestedTimestamp: world.now(),
  };
  world.org.createAccountRequests.set(createRequest.id, createRequest);
  world.schedule(world.timing.createAccountMs, `create-account ${createRequest.id}`, () =>
    completeCreateAccount(world, createRequest),
  );
  return { CreateAccountStatus: createStatusOutput(createRequest) };
};

const describeCreateAccountStatus: ActionHandler = (world, request) => {
  requireAdmin(world, request);
  const found = world.org.createAccountRequests.get(textOf(request.input.CreateAccountRequestId) ?? '');
  if (!found) {
    throw orgError(
      'CreateAccountStatusNotFoundException',
      "We can't find an create account request with the CreateAccountRequestId that you specified.",
    );
  }
  return { CreateAccountStatus: createStatusOutput(found) };
};

const listCreateAccountStatus: ActionHandler = (world, request) => {
  requireAdmin(world, request);
  const states = Array.isArray(request.input.States) ? (request.input.States as string[]) : undefined;
  const requests = [...world.org.createAccountRequests.values()].filter((r) => !states || states.includes(r.state));
  return listPage(world, request, requests, 'CreateAccountStatuses', createStatusOutput);
};

const moveAccount: ActionHandler = (world, request) => {
  requireManagement(world, request);
  const account = requireAccount(world, request.input.AccountId);
  const sourceId = requireParent(world, request.input.SourceParentId, 'SourceParentNotFoundException');
  const destinationId = requireParent(world, request.input.DestinationParentId, 'DestinationParentNotFoundException');
  if (account.parentId !== sourceId) {
    throw orgError(
      'SourceParentNotFoundException',
      "We can't find a source root or OU with the ParentId that you specified.",
    );
  }
  if (destinationId === sourceId) {
    throw orgError('DuplicateAccountException', 'That account is already present in the specified destination.');
  }
  account.parentId = destinationId;
  world.emit('account-moved', { accountId: account.id, fromParentId: sourceId, toParentId: destinationId });
  return {};
};

const listDelegatedAdministrators: ActionHandler = (world, request) => {
  requireAdmin(world, request);
  const principal = textOf(request.input.ServicePrincipal);
  const ids = new Set<string>();
  for (const [service, admins] of world.org.delegatedAdmins) {
    if (principal === undefined || principal === service) for (const id of admins) ids.add(id);
  }
  const accounts = [...ids].flatMap((id) => world.org.accounts.get(id) ?? []);
  return listPage(world, request, accounts, 'DelegatedAdministrators', (a) => ({
    ...accountOutput(world, a),
    DelegationEnabledDate: new Date(a.joinedTimestamp),
  }));
};

const listAWSServiceAccessForOrganization: ActionHandler = (world, request) => {
  requireAdmin(world, request);
  return listPage(world, request, [...world.org.trustedServices], 'EnabledServicePrincipals', (principal) => ({
    ServicePrincipal: principal,
  }));
};

const enableAWSServiceAccess: ActionHandler = (world, request) => {
  requireManagement(world, request);
  world.org.trustedServices.add(textOf(request.input.ServicePrincipal) ?? '');
  return {};
};

const registerDelegatedAdministrator: ActionHandler = (world, request) => {
  requireManagement(world, request);
  const account = requireAccount(world, request.input.AccountId);
  const principal = textOf(request.input.ServicePrincipal) ?? '';
  if (account.id === world.org.managementAccountId) {
    throw orgError(
      'ConstraintViolationException',
      'You cannot register the management account as a delegated administrator.',
    );
  }
  const admins = world.org.delegatedAdmins.get(principal) ?? new Set<string>();
  if (admins.has(account.id)) {
    throw orgError(
      'AccountAlreadyRegisteredException',
      'The provided account is already a delegated administrator for your organization.',
    );
  }
  admins.add(account.id);
  world.org.delegatedAdmins.set(principal, admins);
  return {};
};

/** Organizations actions, by name. */
export const organizationsHandlers: ServiceHandlers = {
  DescribeOrganization: describeOrganization,
  ListRoots: listRoots,
  ListAccounts: listAccounts,
  ListAccountsForParent: listAccountsForParent,
  ListOrganizationalUnitsForParent: listOrganizationalUnitsForParent,
  ListChildren: listChildren,
  ListParents: listParents,
  DescribeAccount: describeAccount,
  DescribeOrganizationalUnit: describeOrganizationalUnit,
  CreateAccount: createAccount,
  DescribeCreateAccountStatus: describeCreateAccountStatus,
  ListCreateAccountStatus: listCreateAccountStatus,
  MoveAccount: moveAccount,
  ListDelegatedAdministrators: listDelegatedAdministrators,
  ListAWSServiceAccessForOrganization: listAWSServiceAccessForOrganization,
  EnableAWSServiceAccess: enableAWSServiceAccess,
  RegisterDelegatedAdministrator: registerDelegatedAdministrator,
};
