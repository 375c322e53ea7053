import { CONTROLS, TEMPLATE_PARAMETERS } from '../controls/catalog.js';
/** The stack-set-level template parameters: every one the template takes from accounts.yaml. */
export function stackSetParameters(config) {
    const keys = config.controls['access-keys-rotated'];
    const unused = config.controls['unused-credentials'];
    const p = TEMPLATE_PARAMETERS;
    const parameters = {
        [p.resourcePrefix]: config.resourcePrefix,
        [p.homeRegion]: config.organization.homeRegion,
        // `auto` creates a recorder unless preflight found one (an override per account and region); `skip` never.
        [p.createConfigRecorder]: config.configRecorder.mode === 'skip' ? 'false' : 'true',
        [p.deliveryBucketName]: config.configRecorder.delivery.centralBucketName ?? '',
        [p.maxAccessKeyAge]: String(keys.maxAccessKeyAge),
        [p.keyAction]: keys.action,
        [p.deleteGraceDays]: String(keys.deleteGraceDays),
        [p.exemptTagKey]: config.exemptions.tagKey,
        [p.maxCredentialUsageAge]: String(unused.maxCredentialUsageAge),
        [p.remediationMaxAttempts]: String(config.remediation.maxAutomaticAttempts),
        [p.remediationRetrySeconds]: String(config.remediation.retryAttemptSeconds),
        [p.tagKey]: config.resourceTag.key,
        [p.tagValue]: config.resourceTag.value,
    };
    for (const control of CONTROLS)
        parameters[control.modeParameter] = config.controls[control.id].mode;
    return parameters;
}
/** What accounts.yaml and the template say the stack set must be. Pure. */
export function desiredStackSet(config, template) {
    const s = config.stackSet;
    const prefs = s.operationPreferences;
    return {
        spec: {
            name: s.name,
            description: `cisfleet CIS controls (template ${template.version})`,
            templateBody: template.body,
            parameters: stackSetParameters(config),
            tags: { ...s.tags, [config.resourceTag.key]: config.resourceTag.value },
            capabilities: ['CAPABILITY_NAMED_IAM'],
            permissionModel: s.permissionModel,
            autoDeployment: s.autoDeployment,
            managedExecution: s.managedExecution,
            administrationRoleArn: s.administrationRoleArn,
            executionRoleName: s.executionRoleName,
        },
        callAs: config.organization.callAs,
        region: config.organization.homeRegion,
        regions: config.regions,
        operationPreferences: {
            regionConcurrencyType: prefs.regionConcurrencyType,
            regionOrder: prefs.regionOrder,
            maxConcurrentCount: prefs.maxConcurrentCount,
            maxConcurrentPercentage: prefs.maxConcurrentPercentage,
            failureToleranceCount: prefs.failureToleranceCount,
            failureTolerancePercentage: prefs.failureTolerancePercentage,
            concurrencyMode: prefs.concurrencyMode,
        },
        templateSha256: template.sha256,
        templateVersion: template.version,
    };
}
/**
 * Parameter overrides for one account, per region: no recorder where preflight found one (`auto` mode; an
 * existing recorder would fail the instance with MaxNumberOfConfigurationRecordersExceeded), and DETECT for
 * every control the account is exempt from (reported, never remediated). Regions without overrides are absent.
 * Pure: `recorders` is the account's preflight result, `undefined` when it was not checked.
 */
export function accountOverrides(config, accountId, recorders) {
    const exempt = {};
    for (const exemption of config.exemptions.accounts) {
        if (exemption.accountId !== accountId || exemption.expired)
            continue;
        for (const id of exemption.controls)
            exempt[CONTROLS.find((c) => c.id === id).modeParameter] = 'DETECT';
    }
    const out = {};
    for (const region of config.regions) {
        const overrides = { ...exempt };
        const existing = recorders?.[region];
        if (config.configRecorder.mode === 'auto' && hasForeignRecorder(config, existing)) {
            overrides[TEMPLATE_PARAMETERS.createConfigRecorder] = 'false';
        }
        if (Object.keys(overrides).length > 0)
            out[region] = overrides;
    }
    return out;
}
/**
 * A recorder or delivery channel that the stack set did not create. The template names its own
 * `<prefix>-recorder` and `<prefix>-delivery`: finding those means an earlier rollout deployed here, and
 * switching creation off would delete them.
 */
function hasForeignRecorder(config, existing) {
    const ours = (name, suffix) => name === `${config.resourcePrefix}-${suffix}`;
    const recorder = existing?.recorderName && !ours(existing.recorderName, 'recorder');
    const channel = existing?.deliveryChannelName && !ours(existing.deliveryChannelName, 'delivery');
    return Boolean(recorder || channel);
}
//# sourceMappingURL=desired-stackset.js.map