/** The organization as cisfleet reads it: plain data, no SDK types, so planning and tests can build it freely. */
/** Builds unit paths from a flat list of units (parents first or not). */
export function withPaths(units) {
    const byId = new Map(units.map((u) => [u.id, u]));
    const paths = new Map();
    const pathOf = (id) => {
        const known = paths.get(id);
        if (known)
            return known;
        const unit = byId.get(id);
        if (!unit)
            return '';
        const path = unit.parentId ? `${pathOf(unit.parentId)}/${unit.name}` : `/${unit.name}`;
        paths.set(id, path);
        return path;
    };
    return units.map((u) => ({ ...u, path: pathOf(u.id) }));
}
/** Every unit id at or below `unitId`. */
export function descendantsOf(snapshot, unitId) {
    const children = new Map();
    for (const u of snapshot.units) {
        if (u.parentId)
            children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
    }
    const out = new Set();
    const stack = [unitId];
    while (stack.length) {
        const id = stack.pop();
        if (out.has(id))
            continue;
        out.add(id);
        stack.push(...(children.get(id) ?? []));
    }
    return out;
}
//# sourceMappingURL=model.js.map