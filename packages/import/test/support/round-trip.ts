/**
 * The round trip's comparison: `emit(import(doc))` against `doc`, for what the import carries over.
 * Both sides are normalised first:
 * - the original loses what the import reported as not carried over (by its JSON pointers); the
 *   references the import wrote in place (BMI010) are inlined, the others kept, so that the names of
 *   the components the definition declares (`define*(..., { id })`) are compared, and the components
 *   nothing reaches any more go; the path-level parameters and servers the import copied into the
 *   operations (BMI011, BMI012) are moved there; what is carried (links, servers, the styles and
 *   `x-` keys of parameters, reusable and path-level ones included, and of headers, named examples,
 *   path-level parameters) stays, and is compared, with the names of the components that hold it;
 * - the emitted document loses what Boomerang adds by design (the `standardWebhooks` signature
 *   scheme, its requirement and 401 on callbacks and webhooks, reusable ones included, and the
 *   operationIds the original left out);
 * - schemas: 3.0's `nullable` becomes a type list, `const` an `enum`, keywords Zod adds with a check
 *   it makes (the pattern of `z.email()`, the safe-integer bounds of `z.int()`, `propertyNames`) go,
 *   keys are sorted, defaults that say nothing (`required: false`, `additionalProperties: {}`) go.
 * `structuralDiff` lists each difference by JSON pointer, as a test prints it on failure.
 */
import { signatureSchemeName } from '@boomerang/core';
import type { Finding } from '../../src/index.ts';

type Json = unknown;
type Obj = Record<string, Json>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const zodFormatsWithPattern = new Set(['email', 'date-time', 'date', 'time', 'uuid', 'ipv4', 'ipv6', 'duration', 'byte']);

function unescape(token: string): string {
  return decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
}

function resolve(doc: Obj, ref: string): Json {
  let current: Json = doc;
  for (const token of ref.slice(2).split('/').map(unescape)) current = Array.isArray(current) ? current[Number(token)] : isObj(current) ? current[token] : undefined;
  return current;
}

function removePointer(doc: Obj, pointer: string): void {
  const tokens = pointer.slice(1).split('/').map(unescape);
  const last = tokens.pop();
  let parent: Json = doc;
  for (const token of tokens) parent = Array.isArray(parent) ? parent[Number(token)] : isObj(parent) ? parent[token] : undefined;
  if (last === undefined) return;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObj(parent)) delete parent[last];
}

/** A reference's target, and where the target is (its JSON pointer, as the import's findings name it). */
function target(doc: Obj, ref: string): { value: Json; pointer: string } {
  return { value: resolve(doc, ref), pointer: ref.slice(1) };
}

const escapeToken = (token: string | number) => String(token).replace(/~/g, '~0').replace(/\//g, '~1');

interface InlineState {
  readonly doc: Obj;
  /** The pointers of the references the import wrote in place (BMI010). */
  readonly inlined: ReadonlySet<string>;
  /** Path items of the original whose parameters or servers the import copied into their operations. */
  readonly marked: ReadonlyMap<object, ReadonlySet<string>>;
  /** The same path items in the result (one per place it was written in). */
  readonly moved: Map<object, ReadonlySet<string>>;
}

/**
 * The references the import wrote in place inlined, walking on inside the target with the target's
 * pointers; the others are kept: each is a `define*` const of the definition, which the emitter
 * writes as the same `$ref` to the same `components/<kind>/<name>`. Schema references stay (their
 * names are compared); other references inside schemas are inlined, as the import does.
 */
function inlineReported(state: InlineState, value: Json, pointer: string, inSchema = false, depth = 0): Json {
  if (depth > 60) return value;
  if (Array.isArray(value)) return value.map((v, i) => inlineReported(state, v, `${pointer}/${i}`, inSchema, depth + 1));
  if (!isObj(value)) return value;
  if (typeof value.$ref === 'string' && (inSchema ? !value.$ref.startsWith('#/components/schemas/') : state.inlined.has(pointer))) {
    const to = target(state.doc, value.$ref);
    return inlineReported(state, to.value, to.pointer, inSchema, depth + 1);
  }
  const out = Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, inlineReported(state, v, `${pointer}/${escapeToken(k)}`, inSchema || k === 'schema' || k === 'schemas', depth + 1)]),
  );
  const marks = state.marked.get(value);
  if (marks !== undefined) state.moved.set(out, marks);
  return out;
}

/** Every `$ref` string in `value` outside schemas (whose references name schemas, compared apart). */
function referencesIn(value: Json, out: Set<string>, inSchema = false): Set<string> {
  if (Array.isArray(value)) for (const v of value) referencesIn(v, out, inSchema);
  else if (isObj(value)) {
    if (!inSchema && typeof value.$ref === 'string') out.add(value.$ref);
    for (const [k, v] of Object.entries(value)) referencesIn(v, out, inSchema || k === 'schema' || k === 'schemas');
  }
  return out;
}

/** Only the components that the rest of the document reaches through the references kept (transitively): the emitter writes only those. */
function keepReachedComponents(doc: Obj): void {
  const components = isObj(doc.components) ? doc.components : undefined;
  if (components === undefined) return;
  const { components: _components, ...rest } = doc;
  const reached = new Set<string>();
  let frontier = referencesIn(rest, new Set());
  while (frontier.size > 0) {
    const next = new Set<string>();
    for (const ref of frontier) {
      if (reached.has(ref)) continue;
      reached.add(ref);
      referencesIn(resolve(doc, ref), next);
    }
    frontier = next;
  }
  for (const [kind, entries] of Object.entries(components)) {
    if (kind === 'schemas' || kind === 'securitySchemes') continue;
    if (isObj(entries)) for (const name of Object.keys(entries)) if (!reached.has(`#/components/${kind}/${escapeToken(name)}`)) delete entries[name];
    if (!isObj(entries) || Object.keys(entries).length === 0) delete components[kind];
  }
  if (Object.keys(components).length === 0) delete doc.components;
}

/** A `$ref`'s own `summary`/`description` that say what the component says already: the emitter leaves those out. */
function dropSameTexts(doc: Obj, value: Json): void {
  if (Array.isArray(value)) for (const v of value) dropSameTexts(doc, v);
  else if (isObj(value)) {
    if (typeof value.$ref === 'string') {
      const to = resolve(doc, value.$ref);
      for (const key of ['summary', 'description']) if (isObj(to) && value[key] !== undefined && value[key] === to[key]) delete value[key];
    }
    for (const v of Object.values(value)) dropSameTexts(doc, v);
  }
}

/** A path item's parameters or servers, copied into each of its operations (an operation's own win). */
function moveIntoOperations(doc: Obj, item: Obj, what: ReadonlySet<string>): void {
  const key = (p: Json) => {
    const resolved = isObj(p) && typeof p.$ref === 'string' ? resolve(doc, p.$ref) : p;
    return isObj(resolved) ? `${String(resolved.in)}:${String(resolved.name)}` : '';
  };
  const shared = what.has('parameters') && Array.isArray(item.parameters) ? (item.parameters as Json[]) : [];
  const servers = what.has('servers') ? item.servers : undefined;
  if (what.has('parameters')) delete item.parameters;
  if (what.has('servers')) delete item.servers;
  for (const method of methods) {
    const op = item[method];
    if (!isObj(op)) continue;
    const own = Array.isArray(op.parameters) ? (op.parameters as Json[]) : [];
    const merged = [...shared.filter((p) => !own.some((o) => key(o) === key(p))), ...own];
    if (merged.length > 0) op.parameters = merged;
    if (servers !== undefined && op.servers === undefined) op.servers = servers;
  }
}

/** The original, as far as the import carried it. */
export function normaliseOriginal(document: Obj, findings: readonly Finding[]): Obj {
  const doc = structuredClone(document);
  // Deepest first, and array items from the end, so that removing one leaves the others' pointers valid.
  const dropped = findings.filter((f) => f.kind === 'not-carried').map((f) => f.pointer).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  for (const pointer of dropped) removePointer(doc, pointer);
  // The path items whose parameters (BMI011) or servers (BMI012) the import copied into their operations.
  const marked = new Map<object, Set<string>>();
  for (const f of findings) {
    const what = f.code === 'BMI011' ? 'parameters' : f.code === 'BMI012' ? 'servers' : undefined;
    if (what === undefined || !f.pointer.endsWith(`/${what}`)) continue;
    const item = resolve(doc, `#${f.pointer.slice(0, -what.length - 1)}`);
    if (isObj(item)) marked.set(item, new Set([...(marked.get(item) ?? []), what]));
  }
  const state: InlineState = { doc, inlined: new Set(findings.filter((f) => f.code === 'BMI010').map((f) => f.pointer)), marked, moved: new Map() };
  const out = inlineReported(state, doc, '') as Obj;
  for (const [item, what] of state.moved) moveIntoOperations(out, item as Obj, what);
  dropSameTexts(out, out);
  keepReachedComponents(out);
  return normaliseCommon(out);
}

/** The emitted document, without what Boomerang adds by design; `original` says which operationIds it had. */
export function normaliseEmitted(document: Obj, original: Obj): Obj {
  const doc = structuredClone(document);
  const originalSchemes = isObj(original.components) && isObj(original.components.securitySchemes) ? original.components.securitySchemes : {};
  const components = isObj(doc.components) ? doc.components : undefined;
  if (components && isObj(components.securitySchemes) && !(signatureSchemeName in originalSchemes)) {
    delete components.securitySchemes[signatureSchemeName];
    if (Object.keys(components.securitySchemes).length === 0) delete components.securitySchemes;
    if (Object.keys(components).length === 0) delete doc.components;
  }
  const originalIds = new Set(allOperations(original).map((o) => o.operationId).filter((id) => id !== undefined));
  for (const op of allOperations(doc)) {
    if (op.outgoing) {
      // The requirement the emitter adds; `security: []` (unsigned) is the definition's own.
      if (Array.isArray(op.value.security) && op.value.security.some((r) => isObj(r) && signatureSchemeName in r)) {
        op.value.security = op.value.security.filter((r) => !(isObj(r) && signatureSchemeName in r));
        if ((op.value.security as unknown[]).length === 0) delete op.value.security;
      }
      const responses = isObj(op.value.responses) ? op.value.responses : {};
      if (isObj(responses['401']) && String(responses['401'].description).includes('webhook-signature')) delete responses['401'];
    }
    if (!originalIds.has(op.value.operationId as string)) delete op.value.operationId;
  }
  return normaliseCommon(doc);
}

/**
 * Every operation of the document: of its paths, webhooks and callbacks, and of its reusable
 * callbacks and path items (in an emitted document those are callbacks and webhooks: outgoing).
 */
function allOperations(doc: Obj): { value: Obj; outgoing: boolean; operationId?: string }[] {
  const out: { value: Obj; outgoing: boolean; operationId?: string }[] = [];
  const visitItem = (item: Json, outgoing: boolean) => {
    if (!isObj(item)) return;
    for (const method of methods) {
      const op = item[method];
      if (!isObj(op)) continue;
      out.push({ value: op, outgoing, ...(typeof op.operationId === 'string' ? { operationId: op.operationId } : {}) });
      if (isObj(op.callbacks)) for (const cb of Object.values(op.callbacks)) visit(cb, true);
    }
  };
  const visit = (paths: Json, outgoing: boolean) => {
    if (isObj(paths)) for (const item of Object.values(paths)) visitItem(item, outgoing);
  };
  visit(doc.paths, false);
  visit(doc.webhooks, true);
  visit(doc['x-webhooks'], true);
  const components = isObj(doc.components) ? doc.components : {};
  if (isObj(components.callbacks)) for (const cb of Object.values(components.callbacks)) visit(cb, true);
  visit(components.pathItems, true);
  return out;
}

/** What both sides get: defaults that say nothing removed, schemas normalised, keys sorted. */
function normaliseCommon(doc: Obj): Obj {
  delete doc.openapi;
  if (isObj(doc.paths) && Object.keys(doc.paths).length === 0) delete doc.paths;
  return walk(doc, '') as Obj;
}

function walk(value: Json, key: string, inSchema = false): Json {
  if (Array.isArray(value)) return value.map((v) => walk(v, key, inSchema));
  if (!isObj(value)) return value;
  if (inSchema) return schema(value);
  const out: Obj = {};
  for (const [k, v] of Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (k === 'schema' || (key === 'components' && k === 'schemas')) {
      out[k] = k === 'schemas' && isObj(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, s]) => [n, schema(s)])) : schema(v);
      continue;
    }
    if (k === 'required' && v === false) continue;
    // A link whose every parameter went (each reported) has no parameters in the definition.
    if (k === 'parameters' && isObj(v) && Object.keys(v).length === 0) continue;
    if (k === 'parameters' && Array.isArray(v)) {
      out[k] = [...v].map((p) => walk(liftSchemaExample(p), k)).sort((a, b) => paramKey(a).localeCompare(paramKey(b)));
      continue;
    }
    out[k] = walk(v, k);
  }
  return out;
}

/** The emitter says a parameter's example on the parameter, where a document may say it on its schema. */
function liftSchemaExample(p: Json): Json {
  if (!isObj(p) || !isObj(p.schema) || p.schema.example === undefined || p.example !== undefined) return p;
  const { example, ...schemaRest } = p.schema;
  return { ...p, example, schema: schemaRest };
}

const paramKey = (p: Json) => (isObj(p) ? (typeof p.$ref === 'string' ? `$ref:${p.$ref}` : `${String(p.in)}:${String(p.name)}`) : '');

/** The schema normalisation alone, for the schema tests. */
export function normaliseSchemaForTest(value: Json): Json {
  return schema(value);
}

function schema(value: Json): Json {
  if (Array.isArray(value)) return value.map(schema);
  if (!isObj(value)) return value;
  const s: Obj = { ...value };
  if (s.nullable === true) {
    delete s.nullable;
    if (typeof s.type === 'string') s.type = [s.type, 'null'];
    else if (Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...s.enum, null];
  }
  // 3.0's boolean exclusive bounds, as 3.1 says them.
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (s[flag] === true && typeof s[bound] === 'number') {
      s[flag] = s[bound];
      delete s[bound];
    } else if (s[flag] === false) delete s[flag];
  }
  // `anyOf: [X, { type: 'null' }]` is how Zod says `.nullable()`.
  if (Array.isArray(s.anyOf) && s.anyOf.length === 2) {
    const nullIndex = s.anyOf.findIndex((m) => isObj(m) && m.type === 'null' && Object.keys(m).length === 1);
    const other = s.anyOf[1 - nullIndex];
    if (nullIndex !== -1 && isObj(other) && typeof other.$ref !== 'string') {
      delete s.anyOf;
      Object.assign(s, other);
      if (Array.isArray(s.enum)) s.enum = [...s.enum, null];
      else if (typeof s.type === 'string') s.type = [s.type, 'null'];
      else if (Array.isArray(s.type)) s.type = [...s.type, 'null'];
    }
  }
  // A union of bare types is a type list.
  if (Array.isArray(s.anyOf) && s.anyOf.every((m) => isObj(m) && typeof m.type === 'string' && Object.keys(m).length === 1)) {
    s.type = s.anyOf.map((m) => (m as Obj).type);
    delete s.anyOf;
  }
  // An allOf of inline objects with distinct properties is one object (Zod merges an intersection so).
  if (Array.isArray(s.allOf) && s.allOf.length > 1 && s.allOf.every((m) => isObj(m) && m.$ref === undefined && m.additionalProperties === undefined && isObj(m.properties))) {
    const members = s.allOf as Obj[];
    const names = members.flatMap((m) => Object.keys(m.properties as Obj));
    if (new Set(names).size === names.length) {
      delete s.allOf;
      s.type = 'object';
      s.properties = Object.assign({}, ...members.map((m) => m.properties));
      const required = members.flatMap((m) => (Array.isArray(m.required) ? m.required : []));
      if (required.length > 0) s.required = required;
    }
  }
  if (Array.isArray(s.prefixItems) && s.items === false && s.minItems === s.prefixItems.length && s.maxItems === s.prefixItems.length) {
    delete s.minItems;
    delete s.maxItems;
  }
  if (s.const !== undefined) {
    s.enum = [s.const];
    delete s.const;
  }
  // An enum says its values; a `type` beside it that they all have says nothing more.
  if (Array.isArray(s.enum)) {
    const kindOf = (v: unknown) => (v === null ? 'null' : typeof v);
    const types = (Array.isArray(s.type) ? s.type : [s.type]).map((t) => (t === 'integer' ? 'number' : t));
    if (s.type === undefined || s.enum.every((v) => types.includes(kindOf(v)))) delete s.type;
  }
  if (s.type === undefined && (s.properties !== undefined || s.additionalProperties !== undefined)) s.type = 'object';
  if (s.type === undefined && s.items !== undefined) s.type = 'array';
  if (Array.isArray(s.type)) s.type = s.type.length === 1 ? s.type[0] : [...s.type].sort();
  if (typeof s.format === 'string' && zodFormatsWithPattern.has(s.format)) delete s.pattern;
  if (s.format === 'byte') delete s.contentEncoding;
  if (s.minimum === -9007199254740991) delete s.minimum;
  if (s.maximum === 9007199254740991) delete s.maximum;
  if (isObj(s.propertyNames) && s.propertyNames.type === 'string' && Object.keys(s.propertyNames).length === 1) delete s.propertyNames;
  if (isObj(s.additionalProperties) && Object.keys(s.additionalProperties).length === 0) s.additionalProperties = true;
  if (Array.isArray(s.required)) {
    if (s.required.length === 0) delete s.required;
    else s.required = [...s.required].sort();
  }
  // `{ allOf: [{ $ref }], description }` is how Zod annotates a use of a named schema.
  if (Array.isArray(s.allOf) && s.allOf.length === 1 && isObj(s.allOf[0]) && Object.keys(s.allOf[0]).length === 1 && typeof s.allOf[0].$ref === 'string') {
    s.$ref = s.allOf[0].$ref;
    delete s.allOf;
  }
  const out: Obj = {};
  for (const [k, v] of Object.entries(s).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (k === 'properties' && isObj(v)) out[k] = Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, p]) => [n, schema(p)]));
    else if (['items', 'additionalProperties', 'not'].includes(k)) out[k] = schema(v);
    else if (['oneOf', 'anyOf', 'allOf', 'prefixItems'].includes(k) && Array.isArray(v)) out[k] = v.map(schema);
    else out[k] = v;
  }
  return out;
}

/** Each difference between two normalised documents, by JSON pointer: `- /a/b: expected 1, got 2`. */
export function structuralDiff(expected: Json, actual: Json, pointer = ''): string[] {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return [];
  const show = (v: Json) => (v === undefined ? '(absent)' : JSON.stringify(v).slice(0, 200));
  if (isObj(expected) && isObj(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    return keys.flatMap((k) => structuralDiff(expected[k], actual[k], `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    return expected.flatMap((e, i) => structuralDiff(e, actual[i], `${pointer}/${i}`));
  }
  return [`${pointer || '/'}: the document says ${show(expected)}, the definition emits ${show(actual)}`];
}
