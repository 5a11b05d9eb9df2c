/**
 * Whether a body JSON Pointer of a runtime expression (`$request.body#/a/b`) can exist in a JSON Schema
 * (2020-12 or OpenAPI 3.0 style).
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
import { isArrayIndexToken } from './json-pointer.ts';

export type JsonSchema = boolean | { readonly [key: string]: unknown };
/** Resolves a `$ref` such as `#/components/schemas/Invoice`; undefined when it cannot. */
export type RefResolver = (ref: string) => JsonSchema | undefined;
export type PointerCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** Index of the token that does not exist. */
      readonly failedAt: number;
      /** Property names available at that level, sorted. */
      readonly available: readonly string[];
    };

/**
 * What one schema says about a child named by a token. `constrained: false` means it says nothing
 * (`true`, `{}`, `{ type: 'object' }`, an unresolvable `$ref`): neutral beside schemas that do say
 * something, "anything goes" when nothing else does.
 */
interface Verdict {
  readonly constrained: boolean;
  readonly children: readonly JsonSchema[];
}

const NEUTRAL: Verdict = { constrained: false, children: [] };

interface Walk {
  readonly token: string;
  readonly resolveRef: RefResolver;
  readonly seen: Set<unknown>;
  readonly names: Set<string>;
}

/**
 * Checks that each decoded token names something the schema allows, level by level. Follows `$ref`
 * (cycles guarded), `allOf`/`anyOf`/`oneOf` (a name found in any member exists), `properties`,
 * `patternProperties`, `additionalProperties` (or `unevaluatedProperties`), and `items`/`prefixItems`
 * for arrays (the token must be a decimal index; `-` is not). Deliberately stricter than JSON Schema:
 * an object schema that lists `properties` without saying `additionalProperties` allows no other
 * names, since that is what its author means. An unresolvable `$ref` allows anything.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
export function checkPointerInSchema(schema: JsonSchema, tokens: readonly string[], resolveRef: RefResolver): PointerCheck {
  const found = walkPointer(schema, tokens, resolveRef);
  return found.ok ? { ok: true } : found;
}

/**
 * The schemas that describe the value a pointer names, or `undefined` when nothing describes it (a
 * free-form level on the way) or it does not exist.
 */
export function schemasAtPointer(schema: JsonSchema, tokens: readonly string[], resolveRef: RefResolver): readonly JsonSchema[] | undefined {
  const found = walkPointer(schema, tokens, resolveRef);
  return found.ok ? found.schemas : undefined;
}

function walkPointer(
  schema: JsonSchema,
  tokens: readonly string[],
  resolveRef: RefResolver,
): { readonly ok: true; readonly schemas: readonly JsonSchema[] | undefined } | Extract<PointerCheck, { ok: false }> {
  let level: readonly JsonSchema[] = [schema];
  for (const [index, token] of tokens.entries()) {
    const walk: Walk = { token, resolveRef, seen: new Set(), names: new Set() };
    const verdicts = level.map((candidate) => visit(candidate, walk));
    const constrained = verdicts.filter((verdict) => verdict.constrained);
    if (constrained.length === 0) return { ok: true, schemas: undefined }; // nothing below here is described: anything exists
    const children = constrained.flatMap((verdict) => verdict.children);
    if (children.length === 0) return { ok: false, failedAt: index, available: [...walk.names].sort() };
    level = children;
  }
  return { ok: true, schemas: level };
}

/**
 * The JSON types a schema allows, as far as `type`, `const`, `enum`, `$ref` and the combinators say;
 * `undefined` when it does not restrict them (`{}`, `true`, an unresolvable `$ref`). OpenAPI 3.0's
 * `nullable` adds `null`.
 */
export function allowedTypes(schema: JsonSchema, resolveRef: RefResolver, seen: Set<unknown> = new Set()): ReadonlySet<string> | undefined {
  if (schema === true) return undefined;
  if (schema === false) return new Set();
  if (seen.has(schema)) return undefined;
  seen.add(schema);
  const constraints: ReadonlySet<string>[] = [];
  const own = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : undefined;
  if (own !== undefined) constraints.push(new Set(own.flatMap((t) => (t === 'number' ? ['number', 'integer'] : [t])).concat(schema.nullable === true ? ['null'] : [])));
  const values = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
  if (values !== undefined) constraints.push(new Set(values.map(jsonType)));
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(schema.$ref);
    const types = target === undefined ? undefined : allowedTypes(target, resolveRef, seen);
    if (types !== undefined) constraints.push(types);
  }
  if (Array.isArray(schema.allOf)) {
    for (const member of schema.allOf) {
      const types = isSchema(member) ? allowedTypes(member, resolveRef, seen) : undefined;
      if (types !== undefined) constraints.push(types);
    }
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const members = schema[keyword];
    if (!Array.isArray(members)) continue;
    const union = new Set<string>();
    let open = false;
    for (const member of members) {
      // Each branch on its own: two branches may name one schema.
      const types = isSchema(member) ? allowedTypes(member, resolveRef, new Set(seen)) : undefined;
      if (types === undefined) open = true;
      else for (const t of types) union.add(t);
    }
    if (!open) constraints.push(union);
  }
  if (constraints.length === 0) return undefined;
  return constraints.reduce((a, b) => new Set([...a].filter((t) => b.has(t) || (t === 'integer' && b.has('number')))));
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function visit(schema: JsonSchema, walk: Walk): Verdict {
  if (schema === false) return { constrained: true, children: [] };
  if (schema === true || walk.seen.has(schema)) return NEUTRAL;
  walk.seen.add(schema);
  const verdicts = [own(schema, walk)];
  // A `$ref` with siblings is read as one more allOf member (2020-12); OAS 3.0 has no siblings to read.
  if (typeof schema.$ref === 'string' && !walk.seen.has(schema.$ref)) {
    walk.seen.add(schema.$ref);
    const target = walk.resolveRef(schema.$ref);
    if (target !== undefined) verdicts.push(visit(target, walk));
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const members = schema[keyword];
    if (Array.isArray(members)) for (const member of members) if (isSchema(member)) verdicts.push(visit(member, walk));
  }
  const constrained = verdicts.filter((verdict) => verdict.constrained);
  return constrained.length === 0 ? NEUTRAL : { constrained: true, children: constrained.flatMap((verdict) => verdict.children) };
}

/** What a schema's own keywords (not its `$ref` or combinators) say about the token. */
function own(schema: { readonly [key: string]: unknown }, walk: Walk): Verdict {
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : undefined;
  const allowsObject = types === undefined || types.includes('object');
  const allowsArray = types === undefined || types.includes('array');
  const properties = asRecord(schema.properties);
  const patterns = asRecord(schema.patternProperties);
  const additional = 'additionalProperties' in schema ? schema.additionalProperties : schema.unevaluatedProperties;
  const objectKeywords = properties !== undefined || patterns !== undefined || additional !== undefined;
  const arrayKeywords = schema.items !== undefined || schema.prefixItems !== undefined;
  if (!objectKeywords && !arrayKeywords) {
    if (allowsObject) return NEUTRAL; // `{}`, `{ type: 'object' }`, `{ description }`: free-form
    if (!allowsArray) return { constrained: true, children: [] }; // a string, number, boolean or null has no children
  }
  const children: JsonSchema[] = [];
  if (allowsObject && objectKeywords) children.push(...propertyChildren(properties, patterns, additional, walk));
  if (allowsArray && (arrayKeywords || types !== undefined) && isArrayIndexToken(walk.token)) {
    children.push(...itemChildren(schema, Number(walk.token)));
  }
  return { constrained: true, children };
}

function propertyChildren(
  properties: Readonly<Record<string, unknown>> | undefined,
  patterns: Readonly<Record<string, unknown>> | undefined,
  additional: unknown,
  walk: Walk,
): JsonSchema[] {
  const { token } = walk;
  for (const name of Object.keys(properties ?? {})) walk.names.add(name);
  if (properties !== undefined && Object.hasOwn(properties, token)) {
    const property = properties[token];
    return [isSchema(property) ? property : true];
  }
  const matched = Object.entries(patterns ?? {})
    .filter(([pattern]) => matches(pattern, token))
    .map(([, value]) => (isSchema(value) ? value : true));
  if (matched.length > 0) return matched;
  // Absent `additionalProperties` is read as `false` (see checkPointerInSchema).
  if (additional === undefined || additional === false) return [];
  return [isSchema(additional) ? additional : true];
}

function itemChildren(schema: { readonly [key: string]: unknown }, index: number): JsonSchema[] {
  // 2020-12: prefixItems + items (the rest); draft 4 / OAS 3.0 tuples: items array + additionalItems.
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : undefined;
  const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
  const item: unknown = prefix !== undefined && index < prefix.length ? prefix[index] : rest;
  if (item === undefined || item === true) return [true];
  return item === false ? [] : [isSchema(item) ? item : true];
}

function matches(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(name);
  } catch {
    return false; // a pattern JavaScript cannot compile matches nothing we can vouch for
  }
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'boolean' || (typeof value === 'object' && value !== null && !Array.isArray(value));
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
