process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { rolloutFigures } = await import('./rollout.js');
const { formatFigure } = await import('./figures.js');
const t = performance.now();
for (const f of await rolloutFigures()) console.log(formatFigure(f));
console.log('bench took', ((performance.now() - t) / 1000).toFixed(1), 's');
