import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { explainCredentialFailures, shareCredentials } from './credentials.js';
import { resolveEndpoint } from './endpoints.js';
import { recordCallOnError } from './errors.js';
import {
  addNoAnswerMiddleware,
  DEFAULT_REQUEST_TIMEOUTS,
  handlerTimeoutOptions,
  type RequestTimeouts,
} from './request-timeouts.js';

/**
 * Clients kept at once. A report over 10,000 accounts × 4 regions touches 40,000 (account, region, service)
 * clients of about 20 KB each before use; an account's clients are not needed again once it has been read.
 */
const MAX_CACHED_CLIENTS = 1024;
/** Member accounts whose credentials are kept at once; the least recently used assume the role again if needed. */
const MAX_CACHED_ACCOUNTS = 1024;
/** Sockets across every client: fan-out is bounded by concurrency anyway; this caps what a burst can open. */
const MAX_SOCKETS = 256;

/** Everything a client needs besides its service: set once in the composition root. */
export interface ClientFactoryOptions {
  /** Default region for calls that have no region of their own (Organizations, STS, the stack set). */
  region: string;
  /** A local endpoint (the simulator, LocalStack) for every service; AWS_ENDPOINT_URL otherwise (see resolveEndpoint). */
  endpoint?: string;
  /** Named profile from the shared config files (SSO, role_arn, credential_process all work). */
  profile?: string;
  /** Explicit base credentials (the demo uses the simulator's); otherwise the standard provider chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  memberRole: MemberRoleOptions;
  /** Attempts per call including the first; adaptive retry adds client-side rate limiting for fan-out. */
  maxAttempts?: number;
  userAgent?: string;
  /** Most clients kept for reuse (least recently used are dropped). Default 1024. */
  maxCachedClients?: number;
  /** Most member accounts whose credentials are kept (least recently used assume the role again). Default 1024. */
  maxCachedAccounts?: number;
  /** Connection and response timeouts of every request; DEFAULT_REQUEST_TIMEOUTS otherwise. */
  timeouts?: RequestTimeouts;
}

export interface MemberRoleOptions {
  name: string;
  externalId?: string;
  sessionName: string;
  /** Role chaining (base credentials that are themselves a role session) caps this at 3600. */
  durationSeconds: number;
  /** Region of the STS endpoint used for AssumeRole (the home region). */
  stsRegion: string;
}

/** The constructor shape every SDK v3 client shares. */
export type ClientClass<C> = new (config: Record<string, unknown>) => C;

export interface AccountScope {
  /** Omit for the account of the base credentials (the management or delegated-admin account). */
  accountId?: string;
  region?: string;
}

/**
 * The one place that builds AWS SDK clients (docs/architecture.md). Clients are cached per service, account and
 * region; member-account credentials come from AssumeRole into the member role and are shared by all
 * clients of that account, refreshed before they expire.
 */
export class AwsClientFactory {
  private readonly clients = new Map<string, unknown>();
  private readonly memberCredentials = new Map<string, AwsCredentialIdentityProvider>();
  private readonly baseCredentials: AwsCredentialIdentityProvider;
  /**
   * The one STS client every member account's AssumeRole goes through. fromTemporaryCredentials would build and
   * keep an STS client per account: 10,000 of them for a large organization, several hundred MB never freed.
   */
  private assumeRoleClient: STSClient | undefined;
  /**
   * One connection pool for every client: a client per account and region must not mean a pool (and idle
   * keep-alive sockets) per account and region, and a dropped client then holds no socket of its own.
   */
  private readonly requestHandler: NodeHttpHandler;
  private readonly timeouts: RequestTimeouts;
  /** Where every call goes (resolveEndpoint); undefined for AWS's own endpoints. */
  readonly endpoint: string | undefined;

  constructor(private readonly options: ClientFactoryOptions) {
    this.endpoint = resolveEndpoint(options.endpoint);
    this.timeouts = options.timeouts ?? DEFAULT_REQUEST_TIMEOUTS;
    this.requestHandler = new NodeHttpHandler({
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
      ...handlerTimeoutOptions(this.timeouts),
    });
    const explicit = options.credentials;
    this.baseCredentials = shareCredentials(
      typeof explicit === 'function'
        ? explicit
        : explicit
          ? () => Promise.resolve(explicit)
          : explainCredentialFailures(
              fromNodeProviderChain(options.profile ? { profile: options.profile } : {}),
              options.profile ?? (process.env.AWS_PROFILE || undefined),
            ),
    );
  }

  get region(): string {
    return this.options.region;
  }

  get memberRoleName(): string {
    return this.options.memberRole.name;
  }

  /** A client for a service in an account (the base account when omitted) and region. */
  client<C>(clientClass: ClientClass<C>, scope: AccountScope = {}): C {
    const region = scope.region ?? this.options.region;
    const key = `${clientClass.name}|${scope.accountId ?? 'base'}|${region}`;
    let client = this.clients.get(key) as C | undefined;
    if (client) {
      // Most recently used goes last: the Map's order is the eviction order.
      this.clients.delete(key);
    } else {
      client = this.withNoAnswer(
        new clientClass({
          ...this.commonConfig(region),
          credentials: scope.accountId ? this.credentialsFor(scope.accountId) : this.baseCredentials,
        }),
      );
      recordCalls(client);
    }
    this.clients.set(key, client);
    // Dropped clients are not destroyed: their requests share the factory's pool, and destroying one would close
    // it for all; a dropped client still finishing a call completes normally.
    evictOldest(this.clients, this.options.maxCachedClients ?? MAX_CACHED_CLIENTS);
    return client;
  }

  /** The member role ARN cisfleet assumes in an account. */
  memberRoleArn(accountId: string, partition = 'aws'): string {
    return `arn:${partition}:iam::${accountId}:role/${this.options.memberRole.name}`;
  }

  /**
   * Forgets an account's clients and credentials: a fan-out calls this once it is done with an account, so what
   * it keeps stays proportional to the accounts in flight rather than to the organization. A later call for
   * the account builds new clients and assumes the role again.
   */
  releaseAccount(accountId: string): void {
    this.memberCredentials.delete(accountId);
    const infix = `|${accountId}|`;
    for (const key of this.clients.keys()) if (key.includes(infix)) this.clients.delete(key);
  }

  /** Credentials for a member account, through the member role; one AssumeRole per account, shared. */
  credentialsFor(accountId: string): AwsCredentialIdentityProvider {
    let provider = this.memberCredentials.get(accountId);
    if (provider) {
      this.memberCredentials.delete(accountId);
    } else {
      const role = this.options.memberRole;
      const params = {
        RoleArn: this.memberRoleArn(accountId),
        RoleSessionName: role.sessionName,
        DurationSeconds: role.durationSeconds,
        ...(role.externalId ? { ExternalId: role.externalId } : {}),
      };
      provider = shareCredentials(async () => {
        const { Credentials: credentials } = await this.stsForAssumeRole().send(new AssumeRoleCommand(params));
        if (!credentials?.AccessKeyId || !credentials.SecretAccessKey)
          throw new Error(`AssumeRole ${params.RoleArn} returned no credentials`);
        return {
          accessKeyId: credentials.AccessKeyId,
          secretAccessKey: credentials.SecretAccessKey,
          ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
          ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
        };
      });
    }
    this.memberCredentials.set(accountId, provider);
    evictOldest(this.memberCredentials, this.options.maxCachedAccounts ?? MAX_CACHED_ACCOUNTS);
    return provider;
  }

  /** Built on first use: the same endpoint and pool as everything else, the home region's STS, base credentials. */
  private stsForAssumeRole(): STSClient {
    this.assumeRoleClient ??= recordCalls(
      this.withNoAnswer(
        new STSClient({ ...this.commonConfig(this.options.memberRole.stsRegion), credentials: this.baseCredentials }),
      ),
    );
    return this.assumeRoleClient;
  }

  /** A request that timed out on every attempt fails with NoAnswerError, naming the service and the wait. */
  private withNoAnswer<C>(client: C): C {
    addNoAnswerMiddleware(
      (client as { middlewareStack: Parameters<typeof addNoAnswerMiddleware>[0] }).middlewareStack,
      this.timeouts,
    );
    return client;
  }

  /** How many clients are cached now (tests and benchmarks check the bound). */
  get cachedClients(): number {
    return this.clients.size;
  }

  /** How many member accounts' credentials are kept now. */
  get cachedAccounts(): number {
    return this.memberCredentials.size;
  }

  /** Closes the shared connections (tests and short-lived commands exit cleanly). */
  destroy(): void {
    this.clients.clear();
    this.assumeRoleClient = undefined;
    this.requestHandler.destroy();
  }

  private commonConfig(region: string): Record<string, unknown> {
    const maxAttempts = this.options.maxAttempts ?? (Number(process.env.AWS_MAX_ATTEMPTS) || 8);
    return {
      region,
      maxAttempts,
      retryMode: 'adaptive',
      requestHandler: this.requestHandler,
      customUserAgent: this.options.userAgent ?? 'cisfleet',
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
    };
  }
}

/** Adds the middleware that records on any error which call it came from (see classifyAwsError). */
function recordCalls<C>(client: C): C {
  const stack = (client as { middlewareStack?: { add: (middleware: unknown, options: unknown) => void } })
    .middlewareStack;
  stack?.add(
    (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
      async (args: unknown) => {
        try {
          return await next(args);
        } catch (error) {
          recordCallOnError(context.clientName ?? '', context.commandName ?? '', error);
          throw error;
        }
      },
    { step: 'initialize', name: 'cisfleetRecordCall' },
  );
  return client;
}

/** Drops the least recently used entries of a Map kept in use order (most recent last) beyond `max`. */
function evictOldest(cache: Map<string, unknown>, max: number): void {
  for (const key of cache.keys()) {
    if (cache.size <= max) return;
    cache.delete(key);
  }
}
