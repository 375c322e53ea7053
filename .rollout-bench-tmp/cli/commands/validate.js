/** `cisfleet validate`: checks accounts.yaml and the remediation template offline. */
export const validateCommand = (run) => ({
    command: 'validate',
    describe: 'Check accounts.yaml and the remediation template, offline (no AWS call)',
    handler: (argv) => run(argv, async (context) => {
        const { validate } = await import('../../actions/validate.js');
        return validate(context);
    }),
});
//# sourceMappingURL=validate.js.map