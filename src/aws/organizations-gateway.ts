import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  MoveAccountCommand,
  OrganizationsClient,
  paginateListAccountsForParent,
  paginateListCreateAccountStatus,
  paginateListOrganizationalUnitsForParent,
  paginateListParents,
  paginateListRoots,
  type Account,
  type CreateAccountStatus,
} from '@aws-sdk/client-organizations';
import type { AwsClientFactory } from './client-factory.js';
import { withPaths, type OrgAccount, type OrgSnapshot, type OrgUnit } from '../org/model.js';
import { mapBounded } from '../bounded.js';
import { AbortError, AwsOperationError, CisfleetError } from '../errors.js';
import { withAwsErrors as mapped } from './errors.js';
import type { Clock } from '../clock.js';
import type { PollPolicy } from './operation-poller.js';
import { formatDuration, pollUntil } from './poll-until.js';

/** Organizations is a low-TPS API: a few parents at a time is what its throttles allow. */
const ORGANIZATIONS_CONCURRENCY = 4;

/** Reads the organization (management or delegated-admin account). Organizations lives in us-east-1. */
export class OrganizationsGateway {
  private readonly client: OrganizationsClient;

  constructor(factory: AwsClientFactory) {
    this.client = factory.client(OrganizationsClient, { region: 'us-east-1' });
  }

  /** The whole tree: root, every OU (nested), every account with its parent, paginated to the end. */
  readOrganization(): Promise<OrgSnapshot> {
    return mapped(() => this.readTree());
  }

  private async readTree(): Promise<OrgSnapshot> {
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
        for await (const page of paginateListOrganizationalUnitsForParent(
          { client: this.client },
          { ParentId: parentId },
        )) {
          for (const ou of page.OrganizationalUnits ?? [])
            childUnits.push({ id: ou.Id!, name: ou.Name ?? ou.Id!, parentId });
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

  /**
   * Starts CreateAccount (management account only). Asynchronous: the request id is what
   * waitForAccountCreation polls. `roleName` is the role AWS pre-creates in the account (default
   * OrganizationAccountAccessRole), trusting the management account.
   */
  createAccount(request: CreateAccountRequest): Promise<AccountCreation> {
    return mapped('CreateAccount', async () => {
      const { CreateAccountStatus: status } = await this.client.send(
        new CreateAccountCommand({ AccountName: request.name, Email: request.email, RoleName: request.roleName }),
      );
      return creationOut(status ?? {});
    });
  }

  /** CreateAccount requests still IN_PROGRESS (a run interrupted while one was pending can pick it up). */
  listPendingCreations(): Promise<AccountCreation[]> {
    return mapped('ListCreateAccountStatus', async () => {
      const out: AccountCreation[] = [];
      for await (const page of paginateListCreateAccountStatus({ client: this.client }, { States: ['IN_PROGRESS'] })) {
        out.push(...(page.CreateAccountStatuses ?? []).map(creationOut));
      }
      return out;
    });
  }

  /**
   * Polls DescribeCreateAccountStatus (the SDK has no waiter for it) with backoff until the request
   * SUCCEEDED, and returns the new account id. A FAILED request throws AccountCreationError with the
   * FailureReason in words; waiting longer than `timeoutMs` throws AwsOperationError naming the request.
   */
  async waitForAccountCreation(requestId: string, options: WaitForCreationOptions): Promise<string> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_CREATION_TIMEOUT_MS;
    const outcome = await pollUntil(
      () =>
        mapped('DescribeCreateAccountStatus', async () => {
          const { CreateAccountStatus: status } = await this.client.send(
            new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }),
          );
          return creationOut(status ?? {});
        }),
      (creation) => creation.state === 'FAILED' || (creation.state === 'SUCCEEDED' && creation.accountId !== undefined),
      {
        timeoutMs,
        interval: { ...CREATION_POLL_POLICY, ...options.polling },
        clock: options.clock,
        signal: options.signal,
        onPending: (creation) => options.onPoll?.(creation),
      },
    );
    if (outcome.status === 'aborted')
      throw new AbortError(`Stopped waiting for account creation ${requestId}; it keeps going in AWS.`, true);
    const creation = outcome.value;
    if (outcome.status === 'timed-out') {
      throw new AwsOperationError(
        'CreateAccount',
        `Account creation ${requestId} (${creation.accountName ?? 'unnamed'}) is still ${creation.state} after ${formatDuration(timeoutMs)}. ` +
          'It keeps going in AWS: run the same command again later, it picks the request up (--creation-timeout sets how long cisfleet waits).',
      );
    }
    if (creation.state === 'SUCCEEDED' && creation.accountId) return creation.accountId;
    throw new AccountCreationError(creation);
  }

  /** The root or OU that directly holds an account. */
  parentOf(accountId: string): Promise<AccountParent> {
    return mapped('ListParents', async () => {
      for await (const page of paginateListParents({ client: this.client }, { ChildId: accountId })) {
        const parent = page.Parents?.[0];
        if (parent?.Id) return { id: parent.Id, type: parent.Type === 'ROOT' ? 'ROOT' : 'ORGANIZATIONAL_UNIT' };
      }
      throw new AwsOperationError('ListParents', `Account ${accountId} has no parent: it is not in this organization`);
    });
  }

  /** MoveAccount from its current parent (as ListParents gives it) to `destinationParentId` (management account only). */
  moveAccount(accountId: string, sourceParentId: string, destinationParentId: string): Promise<void> {
    return mapped('MoveAccount', async () => {
      await this.client.send(
        new MoveAccountCommand({
          AccountId: accountId,
          SourceParentId: sourceParentId,
          DestinationParentId: destinationParentId,
        }),
      );
    });
  }
}

export interface CreateAccountRequest {
  name: string;
  email: string;
  /** The role AWS creates in the new account; default OrganizationAccountAccessRole. */
  roleName?: string;
}

export type AccountCreationState = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

/** A CreateAccount request as DescribeCreateAccountStatus returns it. */
export interface AccountCreation {
  requestId: string;
  state: AccountCreationState;
  accountName?: string;
  accountId?: string;
  failureReason?: string;
}

export interface AccountParent {
  id: string;
  type: 'ROOT' | 'ORGANIZATIONAL_UNIT';
}

export interface WaitForCreationOptions {
  /** Times the wait and sleeps between polls (the command's one clock). */
  clock: Clock;
  /** Gives up after this long (the request keeps going in AWS). Default 15 minutes. */
  timeoutMs?: number;
  polling?: Partial<PollPolicy>;
  onPoll?: (creation: AccountCreation) => void;
  signal?: AbortSignal;
}

/** Creation usually takes a minute or two; a first poll after a few seconds, then every 15 s at most. */
const CREATION_POLL_POLICY: PollPolicy = { initialMs: 2_000, maxMs: 15_000, factor: 1.5 };
const DEFAULT_CREATION_TIMEOUT_MS = 15 * 60_000;

/**
 * CreateAccount FailureReason values in words, with what to do about them:
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccountStatus.html
 */
const FAILURE_REASONS: Readonly<Record<string, string>> = {
  EMAIL_ALREADY_EXISTS: 'the email is already used by another AWS account: every account needs its own root email',
  INVALID_EMAIL: 'the email address is not valid',
  ACCOUNT_LIMIT_EXCEEDED:
    'the organization has reached its account quota: ask for more with Service Quotas (from the management account)',
  CONCURRENT_ACCOUNT_MODIFICATION: 'another change to the organization was in progress: run the command again',
  INTERNAL_FAILURE: 'AWS failed internally: run the command again',
  MISSING_PAYMENT_INSTRUMENT: 'the management account has no valid payment method',
  INVALID_PAYMENT_INSTRUMENT: 'the management account has no valid payment method',
  INVALID_ADDRESS: 'the management account address is not valid',
  GOVCLOUD_ACCOUNT_ALREADY_EXISTS: 'a GovCloud account for this account already exists',
  MISSING_BUSINESS_VALIDATION: 'the management account has not completed business validation',
  FAILED_BUSINESS_VALIDATION: 'the management account failed business validation',
  PENDING_BUSINESS_VALIDATION: 'the management account business validation is still pending',
  UNKNOWN_BUSINESS_VALIDATION: 'the management account business validation failed for an unknown reason',
};

/** CreateAccount ended FAILED: `failureReason` is AWS's code, the message says it in words. */
export class AccountCreationError extends CisfleetError {
  readonly failureReason: string;

  constructor(readonly creation: AccountCreation) {
    const reason = creation.failureReason ?? 'UNKNOWN';
    const what = creation.accountName ? `account ${creation.accountName}` : `account (request ${creation.requestId})`;
    const words = FAILURE_REASONS[reason] ?? 'see the AWS Organizations console for details';
    super('ACCOUNT_CREATION_FAILED', `Creating ${what} failed (${reason}): ${words}`);
    this.failureReason = reason;
  }
}

function creationOut(status: CreateAccountStatus): AccountCreation {
  return {
    requestId: status.Id ?? '',
    state: status.State ?? 'IN_PROGRESS',
    ...(status.AccountName ? { accountName: status.AccountName } : {}),
    ...(status.AccountId ? { accountId: status.AccountId } : {}),
    ...(status.FailureReason ? { failureReason: status.FailureReason } : {}),
  };
}

function toAccount(a: Account, parentId: string): Omit<OrgAccount, 'ouPath'> {
  // Account.Status is retired (Sep 2026): read State, and fall back only for old responses.
  const state = a.State ?? a.Status ?? 'ACTIVE';
  return { id: a.Id!, name: a.Name ?? '', email: a.Email ?? '', state, parentId };
}
