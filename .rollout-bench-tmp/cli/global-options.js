export function withGlobalOptions(y) {
    return y
        .option('config', {
        alias: 'c',
        type: 'string',
        default: 'accounts.yaml',
        describe: 'Path to the accounts.yaml that describes the organization and the controls',
        global: true,
    })
        .option('profile', { type: 'string', describe: 'AWS profile for the base credentials (SSO, role_arn and credential_process work)', global: true })
        .option('region', { type: 'string', describe: 'Region for the stack set and global calls (default: accounts.yaml home region)', global: true })
        .option('endpoint-url', {
        type: 'string',
        describe: 'Send every AWS call to this endpoint (a local simulator or emulator); also AWS_ENDPOINT_URL',
        global: true,
    })
        .option('json', { type: 'boolean', default: false, describe: 'Print only machine-readable JSON on stdout', global: true })
        .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'Show more detail on stderr', global: true })
        .option('debug', { type: 'boolean', default: false, describe: 'Show debug logs and stack traces', global: true })
        .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Answer yes to confirmations (required without a terminal)', global: true })
        .option('color', { type: 'boolean', default: true, describe: 'Colour output (--no-color or NO_COLOR to turn off)', global: true });
}
/** The typed, readonly global options from parsed argv. */
export function globalOptionsFrom(argv) {
    return {
        config: String(argv.config ?? 'accounts.yaml'),
        profile: argv.profile,
        region: argv.region,
        endpointUrl: argv.endpointUrl ?? (process.env.AWS_ENDPOINT_URL || undefined),
        json: Boolean(argv.json),
        verbose: Boolean(argv.verbose),
        debug: Boolean(argv.debug),
        yes: Boolean(argv.yes),
        color: argv.color !== false,
    };
}
//# sourceMappingURL=global-options.js.map