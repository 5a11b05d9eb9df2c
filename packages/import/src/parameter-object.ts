/**
 * Parameter Objects and Header Objects. An operation's parameters written in place become the
 * object schemas of `request.params`, `query`, `headers` and `cookies` (one property each, with its
 * description, deprecation and example on the property's schema, where the emitter lifts them back
 * from), and what a schema cannot say (`style`, `explode`, `allowReserved`, named examples, `x-`
 * keys) goes into the operation's `parameterOptions`. A reusable parameter becomes
 * `defineParameter(..., { id })` in `request.parameters`, and a path item's parameters the path's
 * shared `parameters`, each with all of its fields. Response headers become an object schema, or
 * headers by name where one is reusable (`defineHeader`) or says what a schema cannot (a style,
 * `explode`, named examples, `x-` keys).
 * https://spec.openapis.org/oas/v3.1.0#parameter-object
 * https://spec.openapis.org/oas/v3.1.0#header-object
 */
import { examplesObject } from './example-object.ts';
import { childPointer } from './findings.ts';
import { extensionsOf, isObject, peekReference, report, reportUnknownFields, resolvePointer, type ImportContext, type JsonObject } from './import-context.ts';
import { useComponent, type ComponentSpec, type Use } from './reference-object.ts';
import { schemaObject } from './schema-object.ts';
import { Code, propertyKey } from './source-printer.ts';

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

const why = {
  allowEmptyValue: 'the definition has no `allowEmptyValue` (OpenAPI deprecates it)',
};

/** How a parameter is serialized: on a listed parameter itself, in `parameterOptions` for one written in place. */
const serializationKeys = ['style', 'explode', 'allowReserved'];

export const parameterSpec: ComponentSpec = { kind: 'parameters', noun: 'parameter', fields: listedParameter };

export const headerSpec: ComponentSpec = { kind: 'headers', noun: 'header', fields: (ctx, value, pointer) => namedHeader(ctx, value, pointer) };

/** One parameter as `request.parameters` or a path's `parameters` list it: `{ name, in, schema, style?, ..., x-... }`. */
function listedParameter(ctx: ImportContext, p: JsonObject, pointer: string): JsonObject {
  reportUnknownFields(ctx, p, pointer, ['name', 'in', 'description', 'required', 'deprecated', 'schema', 'content', 'example', 'examples', ...serializationKeys], 'parameter', why, true);
  const { schema, schemaPointer } = schemaOf(ctx, p, pointer, 'parameter');
  const { example, examples } = examplesOf(ctx, p, pointer);
  return {
    name: p.name,
    in: p.in,
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
    // Path parameters are always required; the definition says so itself.
    ...(p.in !== 'path' && p.required === true ? { required: true } : {}),
    ...(p.deprecated === true ? { deprecated: true } : {}),
    schema: new Code(schemaObject(ctx, schema ?? {}, schemaPointer)),
    ...serializationOf(ctx, p, pointer, schema),
    ...(example !== undefined ? { example } : {}),
    ...(examples !== undefined ? { examples } : {}),
    ...extensionsOf(p),
  };
}

/** The schema of a parameter or header, from `content` where it has no `schema` (its media type is not carried). */
function schemaOf(ctx: ImportContext, p: JsonObject, pointer: string, kind: string): { schema: unknown; schemaPointer: string } {
  if (p.schema !== undefined || !isObject(p.content)) return { schema: p.schema, schemaPointer: childPointer(pointer, 'schema') };
  const [mediaType, media] = Object.entries(p.content)[0] ?? [];
  if (mediaType === undefined) return { schema: undefined, schemaPointer: childPointer(pointer, 'schema') };
  report(ctx, 'BMI020', childPointer(pointer, 'content'), `the ${kind} \`${String(p.name ?? '')}\` is described by \`content\` (${mediaType}); its schema is carried over as the ${kind}'s \`schema\`, the media type is not.`);
  return { schema: isObject(media) ? media.schema : undefined, schemaPointer: childPointer(pointer, 'content', mediaType, 'schema') };
}

/** A parameter's or header's `example` or named `examples`: OpenAPI allows one of the two, and so does the definition (the map is kept). */
function examplesOf(ctx: ImportContext, p: JsonObject, pointer: string): { example?: unknown; examples?: JsonObject } {
  const examples = examplesObject(ctx, p.examples, childPointer(pointer, 'examples'));
  if (examples !== undefined && p.example !== undefined) {
    report(ctx, 'BMI020', childPointer(pointer, 'example'), '`example` is not carried over: OpenAPI allows `example` or `examples`, not both, and the definition keeps the named `examples`.');
  }
  return examples !== undefined ? { examples } : p.example !== undefined ? { example: p.example } : {};
}

/** A parameter as the operation lists it: where it is written, and its resolved value (to read `name` and `in`). */
export interface ParameterEntry {
  readonly raw: unknown;
  readonly pointer: string;
  readonly value: JsonObject;
}

/** The entries of a `parameters` list, each resolved without being reported (how each is written is decided later). */
export function parameterEntries(ctx: ImportContext, list: unknown, pointer: string): ParameterEntry[] {
  return (Array.isArray(list) ? list : []).flatMap((raw, i) => {
    const at = childPointer(pointer, 'parameters', i);
    const value = peekReference(ctx.document, raw);
    if (value === undefined && isObject(raw) && typeof raw.$ref === 'string' && !raw.$ref.startsWith('#')) {
      report(ctx, 'BMI023', at, `the parameter \`$ref: ${raw.$ref}\` names another file; only references inside the document are followed. Bundle the document first (e.g. \`redocly bundle\`).`);
    }
    return value !== undefined ? [{ raw, pointer: at, value }] : [];
  });
}

/** The path's shared parameters, as `paths: { '<path>': { parameters } }` lists them. */
export function sharedParameters(ctx: ImportContext, entries: readonly ParameterEntry[]): (Code | JsonObject)[] {
  return entries.flatMap((e) => {
    const use = useComponent(ctx, e.raw, e.pointer, parameterSpec);
    return use === undefined ? [] : [use.code ?? listedParameter(ctx, use.value, use.pointer)];
  });
}

/**
 * The parameters of an operation: those of its path item (unless they are the path's shared ones),
 * overridden by its own of the same name and location, as OpenAPI says.
 */
export function mergeParameters(shared: readonly ParameterEntry[], own: readonly ParameterEntry[]): ParameterEntry[] {
  const key = (p: ParameterEntry) => `${String(p.value.in)}:${String(p.value.name)}`;
  const ownKeys = new Set(own.map(key));
  return [...shared.filter((p) => !ownKeys.has(key(p))), ...own];
}

const requestKeys: Record<ParameterLocation, string> = { path: 'params', query: 'query', header: 'headers', cookie: 'cookies' };

/** `{ params?, query?, headers?, cookies?, parameters? }` of a request, and the operation's `parameterOptions`. */
export function parametersObject(ctx: ImportContext, entries: readonly ParameterEntry[]): { request: JsonObject; parameterOptions?: JsonObject } {
  const inPlace: Record<ParameterLocation, Member[]> = { path: [], query: [], header: [], cookie: [] };
  const listed: Code[] = [];
  for (const entry of entries) {
    const use = useComponent(ctx, entry.raw, entry.pointer, parameterSpec);
    if (use === undefined) continue;
    if (use.code !== undefined) listed.push(use.code);
    else if (String(use.value.in) in inPlace) inPlace[use.value.in as ParameterLocation].push(member(String(use.value.name), use, use.value.in === 'path' || use.value.required === true, 'parameter'));
  }
  const request: JsonObject = {};
  const parameterOptions: JsonObject = {};
  for (const location of ['path', 'query', 'header', 'cookie'] as const) {
    if (inPlace[location].length === 0) continue;
    const { text, members } = membersObject(ctx, inPlace[location]);
    request[requestKeys[location]] = new Code(text);
    const options = Object.fromEntries(members.flatMap((m) => {
      const o = parameterOptionsOf(ctx, m);
      return Object.keys(o).length > 0 ? [[m.name, o]] : [];
    }));
    if (Object.keys(options).length > 0) parameterOptions[location] = options;
  }
  if (listed.length > 0) request.parameters = listed;
  return { request, ...(Object.keys(parameterOptions).length > 0 ? { parameterOptions } : {}) };
}

/** Styles that serialize only some schema types (OpenAPI's Style Values; the definition refuses the others, BMR122). */
const styleTypes: Readonly<Record<string, readonly string[]>> = { spaceDelimited: ['array', 'object'], pipeDelimited: ['array', 'object'], deepObject: ['object'] };

/** `{ style, explode, allowReserved, examples, x-... }` of one parameter written in place. */
function parameterOptionsOf(ctx: ImportContext, m: Member): JsonObject {
  return {
    ...serializationOf(ctx, m.value, m.pointer, m.schema),
    ...(m.examples !== undefined ? { examples: m.examples } : {}),
    ...extensionsOf(m.value),
  };
}

/**
 * `{ style?, explode?, allowReserved? }` of a parameter, as far as the definition accepts them (the
 * document's validation has checked each style against the location already).
 */
function serializationOf(ctx: ImportContext, p: JsonObject, pointer: string, schema: unknown): JsonObject {
  const name = String(p.name);
  let style = typeof p.style === 'string' ? p.style : undefined;
  const types = style !== undefined && styleTypes[style] !== undefined ? schemaTypes(ctx, schema) : undefined;
  if (style !== undefined && types !== undefined && !styleTypes[style]!.some((t) => types.has(t))) {
    report(ctx, 'BMI020', childPointer(pointer, 'style'), `\`style: ${style}\` is not carried over: it serializes ${styleTypes[style]!.join(' or ')} values, and \`${name}\` is ${[...types].join(' or ')}; the definition refuses that (BMR122), so the default style is documented.`);
    style = undefined;
  }
  const allowReserved = p.allowReserved === true || p.allowReserved === false ? p.allowReserved : undefined;
  if (allowReserved !== undefined && p.in !== 'query') {
    report(ctx, 'BMI020', childPointer(pointer, 'allowReserved'), `\`allowReserved\` is not carried over: it applies to query parameters only, and \`${name}\` is a ${String(p.in)} parameter.`);
  }
  return {
    ...(style !== undefined ? { style } : {}),
    ...(typeof p.explode === 'boolean' ? { explode: p.explode } : {}),
    ...(allowReserved !== undefined && p.in === 'query' ? { allowReserved } : {}),
  };
}

/** The JSON Schema types a schema says it has (through a component reference), or undefined when it does not say. */
function schemaTypes(ctx: ImportContext, schema: unknown): Set<string> | undefined {
  let s = schema;
  for (let i = 0; i < 16 && isObject(s) && typeof s.$ref === 'string'; i++) s = resolvePointer(ctx.document, s.$ref);
  if (!isObject(s)) return undefined;
  if (typeof s.type === 'string') return new Set([s.type]);
  if (Array.isArray(s.type)) return new Set(s.type.filter((t): t is string => typeof t === 'string' && t !== 'null'));
  return undefined;
}

/** What of a header only a header by name says (a property of an object schema has its description, deprecation and example). */
const namedHeaderKeys = ['style', 'explode', 'examples'];

/** Response headers (a Headers map) → an object schema's source, or headers by name when one is a reusable `defineHeader` or says more than a schema. */
export function headersObject(ctx: ImportContext, headers: JsonObject, pointer: string): Code | JsonObject | undefined {
  const uses = Object.entries(headers).flatMap(([name, raw]) => {
    const use = useComponent(ctx, raw, childPointer(pointer, name), headerSpec);
    return use ? [{ name, use }] : [];
  });
  if (uses.length === 0) return undefined;
  if (uses.some((u) => u.use.code !== undefined || Object.keys(u.use.value).some((k) => namedHeaderKeys.includes(k) || k.startsWith('x-')))) {
    return Object.fromEntries(uses.map(({ name, use }) => [name, use.code ?? namedHeader(ctx, use.value, use.pointer)]));
  }
  return new Code(membersObject(ctx, uses.map(({ name, use }) => member(name, use, use.value.required === true, 'header'))).text);
}

/** `{ schema, description?, required?, deprecated?, style?, explode?, example? or examples?, x-... }` of a header by name (the definition's HeaderDefinition). */
function namedHeader(ctx: ImportContext, h: JsonObject, pointer: string): JsonObject {
  reportUnknownFields(ctx, h, pointer, ['description', 'required', 'deprecated', 'schema', 'content', 'example', 'examples', 'style', 'explode'], 'header', {}, true);
  const { schema, schemaPointer } = schemaOf(ctx, h, pointer, 'header');
  const { example, examples } = examplesOf(ctx, h, pointer);
  return {
    ...(typeof h.description === 'string' ? { description: h.description } : {}),
    ...(h.required === true ? { required: true } : {}),
    ...(h.deprecated === true ? { deprecated: true } : {}),
    schema: new Code(schemaObject(ctx, schema ?? {}, schemaPointer)),
    // A header's one style is `simple` (the document's validation refuses any other).
    ...(h.style === 'simple' ? { style: 'simple' } : {}),
    ...(typeof h.explode === 'boolean' ? { explode: h.explode } : {}),
    ...(example !== undefined ? { example } : {}),
    ...(examples !== undefined ? { examples } : {}),
    ...extensionsOf(h),
  };
}

interface Member {
  readonly name: string;
  readonly value: JsonObject;
  readonly pointer: string;
  readonly required: boolean;
  readonly kind: 'parameter' | 'header';
  readonly schema: unknown;
  readonly schemaPointer: string;
  /** A parameter's named examples (its `parameterOptions`). */
  readonly examples?: JsonObject;
}

function member(name: string, use: Use, required: boolean, kind: 'parameter' | 'header'): Member {
  return { name, value: use.value, pointer: use.pointer, required, kind, schema: undefined, schemaPointer: '' };
}

/** The object schema of some members, and the members with what converting them found (their schema, their examples). */
function membersObject(ctx: ImportContext, members: readonly Member[]): { text: string; members: Member[] } {
  const converted = members.map((m) => memberSchema(ctx, m));
  const lines = converted.map(([text], i) => `  ${propertyKey(members[i]!.name)}: ${text},`);
  return { text: `z.object({\n${lines.join('\n')}\n})`, members: converted.map(([, m]) => m) };
}

/** The property's schema, with the parameter's description, deprecation and example on it; and the member with its schema and examples. */
function memberSchema(ctx: ImportContext, m: Member): [string, Member] {
  const parameter = m.kind === 'parameter';
  // A header with more than these is written by name (headersObject).
  const known = parameter ? ['name', 'in', 'description', 'required', 'deprecated', 'schema', 'example', 'examples', 'content', ...serializationKeys] : ['description', 'required', 'deprecated', 'schema', 'example', 'content'];
  reportUnknownFields(ctx, m.value, m.pointer, known, m.kind, parameter ? why : {}, parameter);
  const { schema: ownSchema, schemaPointer } = schemaOf(ctx, m.value, m.pointer, m.kind);
  let schema = ownSchema;
  const lifted: JsonObject = {};
  if (typeof m.value.description === 'string') lifted.description = m.value.description;
  if (m.value.deprecated === true) lifted.deprecated = true;
  let examples: JsonObject | undefined;
  if (parameter) {
    const own = examplesOf(ctx, m.value, m.pointer);
    examples = own.examples;
    if (own.example !== undefined) lifted.example = own.example;
    // The definition lifts a property schema's example onto the parameter, where OpenAPI allows an example or named examples.
    if (examples !== undefined && isObject(schema) && (schema.example !== undefined || schema.examples !== undefined)) {
      for (const key of ['example', 'examples'] as const) {
        if (schema[key] !== undefined) report(ctx, 'BMI020', childPointer(schemaPointer, key), `the schema's \`${key}\` is not carried over: the definition lifts it onto the parameter \`${m.name}\`, which has named \`examples\` (OpenAPI allows one of the two).`);
      }
      const { example: _example, examples: _examples, ...rest } = schema;
      schema = rest;
    }
  } else if (m.value.example !== undefined) lifted.example = m.value.example;
  const text = schemaObject(ctx, schema ?? {}, schemaPointer, { meta: lifted });
  return [m.required ? text : `${text}.optional()`, { ...m, schema, schemaPointer, ...(examples !== undefined ? { examples } : {}) }];
}
