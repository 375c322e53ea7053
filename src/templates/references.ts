import { intrinsicName, walk } from './template-model.js';

/** A name a template value depends on: a Ref, a GetAtt's resource, a Sub variable, or a condition name. */
export interface TemplateReference {
  kind: 'ref' | 'getatt' | 'sub' | 'condition';
  name: string;
}

/** The `${Name}` and `${Resource.Attribute}` variables of a Fn::Sub string (`${!Literal}` is an escape). */
export function subVariables(text: string): string[] {
  return [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => (m[1] ?? '').trim());
}

/**
 * Every reference inside a template value. Variables a `Fn::Sub` defines in its own map are local to it and
 * are not reported; the values of that map are walked like any other value.
 */
export function referencesIn(value: unknown): TemplateReference[] {
  const found: TemplateReference[] = [];
  for (const node of walk(value)) {
    const fn = intrinsicName(node);
    if (!fn) continue;
    const arg = (node as Record<string, unknown>)[fn];
    if (fn === 'Ref' && typeof arg === 'string') found.push({ kind: 'ref', name: arg });
    else if (fn === 'Condition' && typeof arg === 'string') found.push({ kind: 'condition', name: arg });
    else if (fn === 'Fn::If' && Array.isArray(arg) && typeof arg[0] === 'string')
      found.push({ kind: 'condition', name: arg[0] });
    else if (fn === 'Fn::GetAtt' && Array.isArray(arg) && typeof arg[0] === 'string')
      found.push({ kind: 'getatt', name: arg[0] });
    else if (fn === 'Fn::Sub') {
      const text: unknown = Array.isArray(arg) ? arg[0] : arg;
      const locals: unknown = Array.isArray(arg) ? (arg[1] ?? {}) : {};
      if (typeof text !== 'string') continue;
      for (const variable of subVariables(text)) {
        const [name = variable] = variable.split('.');
        if (variable in (locals as object) || name in (locals as object)) continue;
        found.push({ kind: 'sub', name: variable.includes('.') && !variable.startsWith('AWS::') ? name : variable });
      }
    }
  }
  return found;
}
