/**
 * Builds the compliance and drift report from what was read: the organization, the targets, the stack
 * instances (and their drift), the compliance results and accounts.yaml. Pure: no I/O, so every rule of the
 * report (which rows exist, what each cell says) is tested without AWS.
 */
import { CONTROLS, ruleNameFor } from '../controls/catalog.js';
import { REPORT_VERSION } from './model.js';
import { buildRollups } from './rollups.js';
/** `account|region`: the key rows, results and instances are matched on. */
export function rowKey(accountId, region) {
    return `${accountId}|${region}`;
}
/** The rule names to read in a region: IAM rules exist in the home region only. */
export function rulesForRegion(config, region) {
    return controlsInRegion(config, region).map((control) => ruleNameFor(control, config.resourcePrefix));
}
function controlsInRegion(config, region) {
    return CONTROLS.filter((control) => !control.homeRegionOnly || region === config.organization.homeRegion);
}
/** The report: one row per targeted account × region, sorted by OU path, account id, then region order. */
export function buildReport(input) {
    const { config } = input;
    const results = new Map(input.compliance.map((r) => [rowKey(r.accountId, r.region), r]));
    const instances = input.instances.status === 'read' ? instancesByKey(input.instances.instances) : new Map();
    const regionOrder = new Map(config.regions.map((region, index) => [region, index]));
    const accounts = [...input.accounts].sort((a, b) => a.ouPath.localeCompare(b.ouPath) || a.id.localeCompare(b.id));
    const rows = [];
    for (const account of accounts) {
        const regions = [...config.regions].sort((a, b) => regionOrder.get(a) - regionOrder.get(b));
        for (const region of regions) {
            const key = rowKey(account.id, region);
            rows.push(buildRow(input, account, region, results.get(key), {
                instance: instanceCell(input.instances, instances.get(key)),
                drift: driftCell(instances.get(key), input.drift?.resources.get(key)),
            }));
        }
    }
    return {
        version: REPORT_VERSION,
        generatedAt: input.generatedAt.toISOString(),
        organizationId: input.organizationId,
        stackSetName: config.stackSet.name,
        source: input.source,
        driftChecked: input.drift !== undefined,
        regions: [...config.regions],
        controls: reportControls(config),
        rows,
        rollups: buildRollups(rows),
    };
}
function reportControls(config) {
    return CONTROLS.map((control) => ({
        id: control.id,
        title: control.title,
        ruleName: ruleNameFor(control, config.resourcePrefix),
        homeRegionOnly: control.homeRegionOnly,
        cis: { ...control.cis },
        securityHub: [...control.securityHub],
    }));
}
function instancesByKey(instances) {
    const byKey = new Map();
    for (const instance of instances)
        if (instance.account)
            byKey.set(rowKey(instance.account, instance.region), instance);
    return byKey;
}
function buildRow(input, account, region, result, parts) {
    const base = { accountId: account.id, accountName: account.name, ouPath: account.ouPath, region, ...parts };
    if (result?.status !== 'read') {
        const error = rowError(result);
        return {
            ...base,
            status: 'ERROR',
            error,
            source: result?.source ?? (input.source === 'aggregator' ? 'aggregator' : 'accounts'),
            controls: errorCells(input.config, account.id),
        };
    }
    const cells = {};
    for (const control of CONTROLS)
        cells[control.id] = controlCell(input.config, account.id, region, control, result);
    return { ...base, status: 'OK', source: result.source, controls: cells };
}
/** Why a row has no data: the read failure, or (never expected) no result at all. */
function rowError(result) {
    if (!result)
        return { kind: 'error', message: 'no compliance data was read for this account and region' };
    const kind = result.kind === 'access-denied' && /sts:AssumeRole|AssumeRole/i.test(result.message) ? 'unreachable' : result.kind;
    return { kind, message: result.message };
}
function errorCells(config, accountId) {
    const cells = {};
    for (const control of CONTROLS) {
        cells[control.id] = { state: 'error', mode: modeOf(config, accountId, control.id), compliant: 0, nonCompliant: 0, nonCompliantResources: [] };
    }
    return cells;
}
function activeExemption(config, accountId, controlId) {
    return config.exemptions.accounts.find((e) => e.accountId === accountId && !e.expired && e.controls.includes(controlId));
}
/** The mode the control runs in for this account: exempt accounts get DETECT (see accountOverrides). */
function modeOf(config, accountId, controlId) {
    return activeExemption(config, accountId, controlId) ? 'DETECT' : config.controls[controlId].mode;
}
function controlCell(config, accountId, region, control, result) {
    const mode = modeOf(config, accountId, control.id);
    const empty = { mode, compliant: 0, nonCompliant: 0, nonCompliantResources: [] };
    if (control.homeRegionOnly && region !== config.organization.homeRegion)
        return { state: 'not-deployed', ...empty };
    const ruleName = ruleNameFor(control, config.resourcePrefix);
    const rule = result.rules.find((r) => r.ruleName === ruleName);
    const exemption = activeExemption(config, accountId, control.id);
    const counted = rule ? countedCell(rule) : { compliant: 0, nonCompliant: 0, nonCompliantResources: [] };
    const state = exemption ? 'exempt' : rule ? 'evaluated' : result.rulesNotDeployed.includes(ruleName) ? 'not-deployed' : 'no-results';
    return {
        state,
        mode,
        ...counted,
        ...(exemption ? { exemption: { reason: exemption.reason, ...(exemption.expires ? { expires: exemption.expires } : {}) } } : {}),
    };
}
/** Exact counts, with each resource remediation gave up on flagged. */
function countedCell(rule) {
    const failures = new Map((rule.remediationFailures ?? []).map((f) => [`${f.resourceType}|${f.resourceId}`, f.message]));
    return {
        compliant: rule.compliant,
        nonCompliant: rule.nonCompliant,
        nonCompliantResources: rule.nonCompliantResources.map((resource) => {
            const failure = failures.get(`${resource.resourceType}|${resource.resourceId}`);
            return { ...resource, ...(failure !== undefined ? { cannotAutoRemediate: failure } : {}) };
        }),
    };
}
const FAILED_DETAILS = new Set(['FAILED', 'CANCELLED', 'FAILED_IMPORT']);
function instanceCell(input, instance) {
    if (input.status === 'no-stack-set')
        return { state: 'MISSING', reason: input.reason };
    if (!instance)
        return { state: 'MISSING', reason: 'no stack instance in this account and region' };
    const detailed = instance.detailedStatus;
    const state = instance.status === 'INOPERABLE'
        ? 'INOPERABLE'
        : detailed === 'SKIPPED_SUSPENDED_ACCOUNT'
            ? 'SKIPPED'
            : detailed !== undefined && FAILED_DETAILS.has(detailed)
                ? 'FAILED'
                : instance.status;
    return {
        state,
        ...(detailed !== undefined ? { detailedStatus: detailed } : {}),
        ...(instance.statusReason ? { reason: instance.statusReason } : {}),
    };
}
function driftCell(instance, drifts) {
    if (!instance)
        return { status: 'NOT_CHECKED' };
    const resources = (drifts ?? []).flatMap((d) => d.status === 'MODIFIED' || d.status === 'DELETED'
        ? [
            {
                logicalId: d.logicalResourceId,
                resourceType: d.resourceType,
                status: d.status,
                ...(d.propertyDifferences.length > 0
                    ? { differences: d.propertyDifferences.map((p) => ({ path: p.path, expected: p.expected, actual: p.actual, kind: p.difference })) }
                    : {}),
            },
        ]
        : []);
    return {
        status: instance.driftStatus,
        ...(instance.lastDriftCheckAt ? { lastCheckedAt: instance.lastDriftCheckAt.toISOString() } : {}),
        ...(instance.driftStatus === 'DRIFTED' ? { resources } : {}),
    };
}
//# sourceMappingURL=build.js.map