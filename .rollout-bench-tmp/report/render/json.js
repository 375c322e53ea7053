export function renderJson(report, comparison) {
    return `${JSON.stringify(comparison ? { ...report, comparison } : report, null, 2)}\n`;
}
//# sourceMappingURL=json.js.map