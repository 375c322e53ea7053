import { evaluateConditions } from './conditions.js';
const HOME = 'eu-west-1';
const OTHER = 'us-east-2';
/**
 * Every combination of the condition parameters that have AllowedValues, in and out of the home region,
 * with and without a central delivery bucket, one per distinct outcome of the conditions: the deployments
 * whose resource sets the checks and tests reason about.
 */
export function* deploymentVariants(template) {
    const inConditions = JSON.stringify(template.Conditions);
    const choices = Object.entries(template.Parameters)
        .filter(([name, p]) => Array.isArray(p.AllowedValues) && inConditions.includes(`{"Ref":"${name}"}`))
        .map(([name, p]) => [name, (p.AllowedValues ?? []).map(String)]);
    if ('DeliveryBucketName' in template.Parameters)
        choices.push(['DeliveryBucketName', ['', 'central-config-bucket']]);
    const combos = choices.reduce((acc, [name, options]) => acc.flatMap((c) => options.map((o) => ({ ...c, [name]: o }))), [{}]);
    const seen = new Set();
    for (const inHomeRegion of [true, false]) {
        const pseudo = {
            'AWS::Region': inHomeRegion ? HOME : OTHER,
            'AWS::AccountId': '111111111111',
            'AWS::Partition': 'aws',
        };
        for (const combo of combos) {
            const values = { ...combo, HomeRegion: HOME };
            const conditions = evaluateConditions(template, values, pseudo);
            const outcome = JSON.stringify(conditions);
            if (seen.has(outcome))
                continue;
            seen.add(outcome);
            yield { values, pseudo, inHomeRegion, conditions };
        }
    }
}
//# sourceMappingURL=deployment-variants.js.map