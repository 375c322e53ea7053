/** The plan's operations as steps; running them fills `outcome`. */
export function applySteps(plan, deps, outcome) {
    const { stackSets, desired } = deps;
    const name = plan.stackSet.name;
    const preferences = plan.operationPreferences;
    const now = deps.now ?? (() => performance.now());
    const hooks = { onWaiting: deps.onWaiting, signal: deps.signal };
    /** Waits for every operation a call started; the step shows per-region counts as they move. */
    const waitAll = async (operation, operationIds, progress) => {
        let status = 'SUCCEEDED';
        let statusReason;
        const failed = [];
        let results = 0;
        for (const operationId of operationIds) {
            const started = now();
            try {
                const ended = await stackSets.waitForOperation(name, operationId, {
                    signal: deps.signal,
                    onProgress: (p) => progress.output(`${operationIds.length > 1 ? `${operationId} ` : ''}${deps.formatProgress(p)}`),
                });
                if (ended.status !== 'SUCCEEDED') {
                    status = ended.status;
                    statusReason = ended.statusReason;
                }
                failed.push(...ended.failed);
                results += ended.results.length;
            }
            finally {
                outcome.waitedMs += now() - started;
            }
        }
        outcome.operations.push({ title: operation.title, kind: operation.kind, operationIds, status, statusReason, results, failed });
    };
    const done = (operation) => outcome.operations.push({ title: operation.title, kind: operation.kind, operationIds: [], status: 'SUCCEEDED', results: 0, failed: [] });
    return plan.operations.map((operation) => ({
        title: operation.title,
        run: async (progress) => {
            switch (operation.kind) {
                case 'activate-trusted-access':
                    await deps.stacks.activateTrustedAccess(plan.stackSet.region, plan.stackSet.callAs);
                    return void done(operation);
                case 'create-stack-set':
                    await stackSets.createStackSet(desired.spec);
                    return void done(operation);
                case 'update-stack-set': {
                    const id = await stackSets.updateStackSet(desired.spec, preferences, operation.scope, hooks);
                    return waitAll(operation, [id], progress);
                }
                case 'create-instances': {
                    const started = await stackSets.createInstances(name, operation.targets, operation.regions, preferences, nonEmpty(operation.overrides), hooks);
                    return waitAll(operation, started.operationIds, progress);
                }
                case 'update-instances': {
                    const started = await stackSets.updateInstances(name, operation.targets, operation.regions, preferences, operation.overrides, hooks);
                    return waitAll(operation, started.operationIds, progress);
                }
                case 'delete-instances': {
                    const started = await stackSets.deleteInstances(name, operation.targets, operation.regions, operation.retainStacks, preferences, hooks);
                    return waitAll(operation, started.operationIds, progress);
                }
                case 'delete-stack-set':
                    await stackSets.deleteStackSet(name, hooks);
                    return void done(operation);
                case 'create-stack':
                case 'update-stack':
                case 'delete-stack':
                    return plainStack(deps, plan.managementAccount.accountId, operation, outcome);
            }
        },
    }));
}
const nonEmpty = (overrides) => (Object.keys(overrides).length > 0 ? overrides : undefined);
/** The management account's plain stack: a failure is recorded (and summarised), not thrown. */
async function plainStack(deps, accountId, operation, outcome) {
    const spec = {
        name: deps.desired.spec.name,
        templateBody: deps.desired.spec.templateBody,
        templateSha256: deps.desired.templateSha256,
        parameters: operation.parameters,
        tags: deps.desired.spec.tags,
        capabilities: deps.desired.spec.capabilities,
    };
    let status = 'SUCCEEDED';
    let statusReason;
    try {
        if (operation.kind === 'create-stack')
            await deps.stacks.createStack(spec, operation.region);
        else if (operation.kind === 'update-stack')
            await deps.stacks.updateStack(spec, operation.region);
        else
            await deps.stacks.deleteStack(spec.name, operation.region);
    }
    catch (error) {
        status = 'FAILED';
        statusReason = error instanceof Error ? error.message : String(error);
    }
    outcome.operations.push({
        title: operation.title,
        kind: operation.kind,
        operationIds: [],
        status,
        statusReason,
        results: 1,
        failed: status === 'FAILED' ? [{ account: accountId, region: operation.region, status: 'FAILED', reason: statusReason }] : [],
    });
}
//# sourceMappingURL=rollout-apply.js.map