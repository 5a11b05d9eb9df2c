/**
 * Components Object → the named schemas of api.ts: one exported const per `components/schemas`
 * entry, `.meta({ id })` with its name, in an order where each is declared before it is used.
 * Schemas that reach themselves (recursion) are typed `z.ZodType` and reference each other through
 * getters (in object properties) or `z.lazy`, as Zod 4 documents for recursive schemas.
 * The other components (parameters, responses, ...) are `define*` consts declared at their first use
 * (reference-object.ts); each has its identifier reserved here, beside the schemas'. The unused ones
 * are reported.
 * https://spec.openapis.org/oas/v3.1.0#components-object
 */
import { childPointer } from './findings.ts';
import { componentSchemaName, isObject, report, type ComponentKind, type ImportContext, type JsonObject } from './import-context.ts';
import { declarationOrder as componentOrder } from './reference-object.ts';
import { metaOf, schemaObject } from './schema-object.ts';
import { printValue } from './source-printer.ts';

const reserved = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return ' +
    'super switch this throw true try typeof var void while with yield let static implements interface package private protected public await async of undefined NaN Infinity ' +
    'z defineApi operation defineParameter defineResponse defineRequestBody defineHeader defineExample defineCallback definePathItem reference Object Array String Number Boolean Date Error Map Set Promise Symbol JSON Math RegExp BigInt Function eval arguments globalThis').split(' '),
);

/** A const name for each component schema: an identifier, unique, and no keyword or global. */
export function schemaIdentifiers(names: readonly string[]): Map<string, string> {
  const used = new Set<string>();
  return new Map(names.map((name) => [name, identifierFor(name, used)]));
}

/** The word a component's const gets when its name is taken (by a schema, say): `Thing` → `ThingRequestBody`. */
const kindWords: Readonly<Record<ComponentKind, string>> = {
  examples: 'Example',
  headers: 'Header',
  parameters: 'Parameter',
  requestBodies: 'RequestBody',
  responses: 'Response',
  callbacks: 'Callback',
  pathItems: 'PathItem',
};

/** A const name for every other component, by `#/components/<kind>/<name>`, none of them one that `taken` (the schemas') has. */
export function componentIdentifiers(components: JsonObject, taken: Iterable<string>): Map<string, string> {
  const used = new Set(taken);
  const out = new Map<string, string>();
  for (const kind of componentOrder) {
    const entries = components[kind];
    if (!isObject(entries)) continue;
    for (const name of Object.keys(entries)) out.set(`#${childPointer('/components', kind, name)}`, identifierFor(name, used, kindWords[kind]));
  }
  return out;
}

function identifierFor(name: string, used: Set<string>, word?: string): string {
  let id = name.replace(/[^A-Za-z0-9_$]+(.)?/g, (_m, next: string | undefined) => (next ? next.toUpperCase() : ''));
  if (id === '' || /^[0-9]/.test(id)) id = `_${id}`;
  if (reserved.has(id)) id = `${id}${word ?? 'Schema'}`;
  else if (word !== undefined && used.has(id)) id = `${id}${word}`;
  let unique = id;
  for (let n = 2; used.has(unique); n++) unique = `${id}${n}`;
  used.add(unique);
  return unique;
}

/** The component schemas each one references, directly (anywhere inside it). */
function references(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) references(item, out);
  else if (isObject(schema)) {
    if (typeof schema.$ref === 'string') {
      const name = componentSchemaName(schema.$ref);
      if (name !== undefined) out.add(name);
    }
    for (const value of Object.values(schema)) references(value, out);
  }
  return out;
}

/** Names in declaration order (what a schema uses comes first), and those on a cycle. */
export function declarationOrder(schemas: JsonObject): { order: string[]; cyclic: Set<string> } {
  const names = Object.keys(schemas);
  const edges = new Map(names.map((n) => [n, [...references(schemas[n])].filter((r) => Object.hasOwn(schemas, r))]));
  // Tarjan's strongly connected components; they come out dependencies first.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const order: string[] = [];
  const cyclic = new Set<string>();
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)!) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      component.sort((a, b) => names.indexOf(a) - names.indexOf(b));
      if (component.length > 1 || edges.get(v)!.includes(v)) for (const c of component) cyclic.add(c);
      order.push(...component);
    }
  };
  for (const n of names) if (!indices.has(n)) visit(n);
  return { order, cyclic };
}

/** The `export const Name = ...` declarations of every component schema. */
export function componentSchemas(ctx: ImportContext, schemas: JsonObject): string[] {
  const { order, cyclic } = declarationOrder(schemas);
  for (const name of order) ctx.lazySchemas.add(name);
  const declarations: string[] = [];
  for (const name of order) {
    const id = ctx.schemaIdentifiers.get(name)!;
    const pointer = childPointer('/components/schemas', name);
    const schema = schemas[name];
    // The annotations go into the one `.meta()` that names the schema.
    const { annotations, rest } = splitAnnotations(schema);
    let expression = schemaObject(ctx, rest, pointer, { within: name });
    expression += `.meta(${printValue({ id: name, ...annotations })})`;
    declarations.push(`export const ${id}${cyclic.has(name) ? ': z.ZodType' : ''} = ${expression};`);
    ctx.lazySchemas.delete(name);
  }
  return declarations;
}

function splitAnnotations(schema: unknown): { annotations: JsonObject; rest: unknown } {
  if (!isObject(schema)) return { annotations: {}, rest: schema };
  // `format` stays with the schema: the conversion picks the Zod function for it.
  const { format: _format, ...annotations } = metaOf(schema);
  const rest: JsonObject = { ...schema };
  for (const key of Object.keys(annotations)) delete rest[key];
  return { annotations, rest };
}

/** Reports the reusable components that nothing used (schemas and security schemes are carried whole). */
export function reportUnusedComponents(ctx: ImportContext, components: JsonObject): void {
  for (const [kind, entries] of Object.entries(components)) {
    if (kind === 'schemas' || kind === 'securitySchemes' || !isObject(entries)) continue;
    if (kind.startsWith('x-')) continue;
    for (const name of Object.keys(entries)) {
      const pointer = childPointer('/components', kind, name);
      if (!ctx.usedComponents.has(`#${pointer}`)) {
        report(ctx, 'BMI022', pointer, `the component \`${kind}/${name}\` is used by nothing the import carries over (no operation, callback or webhook, or only by parts reported as not carried); the definition writes only the components it uses, so it is not carried over.`);
      }
    }
  }
}
