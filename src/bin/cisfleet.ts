#!/usr/bin/env node
// The SDK warns on Node 20 about future releases; the warning is about AWS's support window, not this run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { limitHeapGrowth } = await import('../cli/heap-growth.js');
limitHeapGrowth();
const { main } = await import('../cli/main.js');
process.exitCode = await main(process.argv.slice(2));
