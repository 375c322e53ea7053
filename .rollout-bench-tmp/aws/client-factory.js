import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { shareCredentials } from './credentials.js';
/**
 * The one place that builds AWS SDK clients (style.md §4). Clients are cached per service, account and
 * region; member-account credentials come from AssumeRole into the member role and are shared by all
 * clients of that account, refreshed before they expire.
 */
export class AwsClientFactory {
    options;
    clients = new Map();
    memberCredentials = new Map();
    baseCredentials;
    endpoint;
    constructor(options) {
        this.options = options;
        this.endpoint = options.endpoint ?? (process.env.AWS_ENDPOINT_URL || undefined);
        const explicit = options.credentials;
        this.baseCredentials = shareCredentials(typeof explicit === 'function'
            ? explicit
            : explicit
                ? async () => explicit
                : fromNodeProviderChain(options.profile ? { profile: options.profile } : {}));
    }
    get region() {
        return this.options.region;
    }
    get memberRoleName() {
        return this.options.memberRole.name;
    }
    /** A client for a service in an account (the base account when omitted) and region. */
    client(clientClass, scope = {}) {
        const region = scope.region ?? this.options.region;
        const key = `${clientClass.name}|${scope.accountId ?? 'base'}|${region}`;
        let client = this.clients.get(key);
        if (!client) {
            client = new clientClass({
                ...this.commonConfig(region),
                credentials: scope.accountId ? this.credentialsFor(scope.accountId) : this.baseCredentials,
            });
            this.clients.set(key, client);
        }
        return client;
    }
    /** The member role ARN cisfleet assumes in an account. */
    memberRoleArn(accountId, partition = 'aws') {
        return `arn:${partition}:iam::${accountId}:role/${this.options.memberRole.name}`;
    }
    /** Credentials for a member account, through the member role; one AssumeRole per account, shared. */
    credentialsFor(accountId) {
        let provider = this.memberCredentials.get(accountId);
        if (!provider) {
            const role = this.options.memberRole;
            provider = shareCredentials(fromTemporaryCredentials({
                params: {
                    RoleArn: this.memberRoleArn(accountId),
                    RoleSessionName: role.sessionName,
                    DurationSeconds: role.durationSeconds,
                    ...(role.externalId ? { ExternalId: role.externalId } : {}),
                },
                masterCredentials: this.baseCredentials,
                // The inner STS client must reach the same endpoint and region as everything else.
                clientConfig: this.commonConfig(role.stsRegion),
            }));
            this.memberCredentials.set(accountId, provider);
        }
        return provider;
    }
    /** Closes every cached client's connections (tests and short-lived commands exit cleanly). */
    destroy() {
        for (const client of this.clients.values()) {
            client.destroy?.();
        }
        this.clients.clear();
    }
    commonConfig(region) {
        const maxAttempts = this.options.maxAttempts ?? (Number(process.env.AWS_MAX_ATTEMPTS) || 8);
        return {
            region,
            maxAttempts,
            retryMode: 'adaptive',
            customUserAgent: this.options.userAgent ?? 'cisfleet',
            ...(this.endpoint ? { endpoint: this.endpoint } : {}),
        };
    }
}
//# sourceMappingURL=client-factory.js.map