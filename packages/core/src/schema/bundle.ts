/**
 * Makes a schema self-contained: the named schemas it references (transitively) are copied into its
 * `$defs`, and `#/components/schemas/X` references become `#/$defs/X`. Generated validators and
 * serializers (Ajv, fast-json-stringify) then need no shared registry.
 */
import type { JsonSchema } from '../model.ts';
import { componentsPrefix, schemaNameOf } from './schema-registry.ts';

export function bundleSchema(schema: JsonSchema, components: Readonly<Record<string, JsonSchema>>): JsonSchema {
  const needed = referencedSchemaNames(schema, components);
  const rewritten = rewrite(schema) as JsonSchema;
  if (needed.size === 0) return rewritten;
  const defs = Object.fromEntries([...needed].sort().map((name) => [name, rewrite(components[name])]));
  // A bare boolean schema cannot carry $defs; it references nothing anyway.
  return typeof rewritten === 'object' ? { ...rewritten, $defs: defs } : rewritten;
}

/** The names of the named schemas that `value` (any JSON: a schema, an operation) references, transitively. */
export function referencedSchemaNames(value: unknown, components: Readonly<Record<string, JsonSchema>>): Set<string> {
  const needed = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, child] of Object.entries(node)) {
      const name = key === '$ref' && typeof child === 'string' ? schemaNameOf(child) : undefined;
      if (name !== undefined) {
        if (!needed.has(name) && Object.hasOwn(components, name)) {
          needed.add(name);
          visit(components[name]);
        }
      } else visit(child);
    }
  };
  visit(value);
  return needed;
}

function rewrite(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewrite);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) =>
      key === '$ref' && typeof child === 'string' && child.startsWith(componentsPrefix)
        ? [key, `#/$defs/${child.slice(componentsPrefix.length)}`]
        : [key, rewrite(child)],
    ),
  );
}
