#!/usr/bin/env node
// The SDK warns on Node 20 about future releases; the warning is about AWS's support window, not this run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { limitHeapGrowth } = await import('../cli/heap-growth.js');
limitHeapGrowth();
// Ctrl-C and SIGTERM are handled from here on, before any command (or listr2) could claim them.
const { installInterrupts } = await import('../cli/interrupts.js');
const interrupts = installInterrupts();
const { main } = await import('../cli/main.js');
process.exitCode = await main(process.argv.slice(2), interrupts);
