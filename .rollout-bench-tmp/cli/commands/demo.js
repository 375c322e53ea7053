/** `cisfleet demo`: the whole job against the built-in simulated organization. */
export const demoCommand = (run) => ({
    command: 'demo',
    describe: 'Run cisfleet end to end against a built-in simulated organization (no AWS account needed)',
    builder: (y) => y.option('out-dir', { type: 'string', default: '.cisfleet/demo', describe: 'Where the demo writes its reports' }),
    handler: (argv) => run(argv, async (context) => {
        const { runDemo } = await import('../../actions/demo.js');
        return runDemo(context, { outDir: String(argv.outDir) });
    }),
});
//# sourceMappingURL=demo.js.map