import { AwsClientFactory } from '../aws/client-factory.js';
/**
 * The composition root for AWS access: settings merged once, flags over environment over accounts.yaml
 * (style.md §11), and one client factory for the whole run.
 */
export function createClientFactory(globals, config, overrides = {}) {
    const region = globals.region ?? process.env.AWS_REGION ?? config.organization.homeRegion;
    return new AwsClientFactory({
        region,
        endpoint: overrides.endpoint ?? globals.endpointUrl,
        profile: globals.profile,
        credentials: overrides.credentials,
        memberRole: {
            name: config.memberRole.name,
            externalId: config.memberRole.externalId,
            sessionName: config.memberRole.sessionName,
            durationSeconds: config.memberRole.sessionDurationSeconds,
            stsRegion: config.organization.homeRegion,
        },
        userAgent: 'cisfleet',
    });
}
//# sourceMappingURL=aws-context.js.map