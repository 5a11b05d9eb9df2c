/**
 * Schema Object → Zod 4 source. JSON Schema 2020-12 (OpenAPI 3.1) and the OpenAPI 3.0 dialect
 * (`nullable`, boolean `exclusiveMinimum`/`exclusiveMaximum`, `example`). A keyword Zod cannot say is
 * reported by pointer, never dropped silently.
 * https://spec.openapis.org/oas/v3.1.0#schema-object
 */
import { childPointer } from './findings.ts';
import { componentSchemaName, isObject, report, resolvePointer, type ImportContext, type JsonObject } from './import-context.ts';
import { printValue, stringLiteral } from './source-printer.ts';

/** Annotations Zod carries into JSON Schema unchanged through `.meta()`. */
const annotationKeys = ['title', 'description', 'examples', 'example', 'default', 'deprecated', 'readOnly', 'writeOnly', 'externalDocs', 'xml', '$comment', 'contentMediaType', 'contentEncoding'] as const;
/** Keywords read by the conversion below. */
const handledKeys = new Set<string>([
  ...annotationKeys, '$ref', 'type', 'nullable', 'enum', 'const', 'format', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'multipleOf', 'items', 'prefixItems', 'minItems', 'maxItems', 'properties', 'required', 'additionalProperties', 'oneOf', 'anyOf', 'allOf', 'discriminator', '$schema', '$id', '$defs', 'definitions',
]);

/** `format` → the Zod function that checks it (and documents it as that format). */
const stringFormats: Readonly<Record<string, string>> = {
  email: 'z.email()',
  uri: 'z.url()',
  url: 'z.url()',
  uuid: 'z.uuid()',
  'date-time': 'z.iso.datetime({ offset: true })',
  date: 'z.iso.date()',
  time: 'z.iso.time()',
  duration: 'z.iso.duration()',
  ipv4: 'z.ipv4()',
  ipv6: 'z.ipv6()',
  byte: 'z.base64()',
};

export interface SchemaOptions {
  /** Inside the const of this component: a reference to it is lazy. */
  readonly within?: string;
  /** Annotations of the schema's user (a parameter's description), merged into its `.meta()`. */
  readonly meta?: JsonObject;
}

/** The Zod expression for `schema` at `pointer`. */
export function schemaObject(ctx: ImportContext, schema: unknown, pointer: string, options: SchemaOptions = {}): string {
  const { meta, ...rest } = options;
  if (meta === undefined || Object.keys(meta).length === 0) return convert(ctx, schema, pointer, rest, new Set());
  // The user's annotations win over the schema's own (as OpenAPI readers take the parameter's description).
  const own = isObject(schema) && typeof schema.$ref !== 'string' ? schema : undefined;
  if (own !== undefined) return convert(ctx, { ...own, ...meta }, pointer, rest, new Set());
  return `${convert(ctx, schema, pointer, rest, new Set())}.meta(${printValue(meta)})`;
}

function convert(ctx: ImportContext, schema: unknown, pointer: string, options: SchemaOptions, following: Set<string>): string {
  if (schema === true) return 'z.unknown()';
  if (schema === false) return 'z.never()';
  if (!isObject(schema)) return 'z.unknown()';
  for (const key of Object.keys(schema)) {
    if (handledKeys.has(key)) continue;
    if (key.startsWith('x-')) continue; // carried by .meta() below
    report(ctx, 'BMI030', childPointer(pointer, key), `the JSON Schema keyword \`${key}\` has no Zod equivalent; it is not carried over, so the schema accepts more than the document says.`);
  }
  let expression = base(ctx, schema, pointer, options, following);
  const nullable = schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null') && schema.type.length > 1);
  if (nullable && !expression.endsWith('.nullable()') && expression !== 'z.null()') expression += '.nullable()';
  const meta = metaOf(schema);
  if (Object.keys(meta).length > 0) expression += `.meta(${printValue(meta)})`;
  if (isObject(schema.discriminator)) {
    report(ctx, 'BMI031', childPointer(pointer, 'discriminator'), `the discriminator on \`${String(schema.discriminator.propertyName)}\` is not carried over; the union itself is, and each member still says its own \`${String(schema.discriminator.propertyName)}\`.`);
  }
  return expression;
}

/** The annotations (and `x-` extensions) of a schema, for `.meta()`. */
export function metaOf(schema: JsonObject): JsonObject {
  const meta: JsonObject = {};
  for (const key of annotationKeys) if (schema[key] !== undefined) meta[key] = schema[key];
  for (const key of Object.keys(schema)) if (key.startsWith('x-')) meta[key] = schema[key];
  if (typeof schema.format === 'string' && !(schema.format in stringFormats)) meta.format = schema.format;
  return meta;
}

function base(ctx: ImportContext, schema: JsonObject, pointer: string, options: SchemaOptions, following: Set<string>): string {
  if (typeof schema.$ref === 'string') return reference(ctx, schema.$ref, pointer, options, following);
  if (schema.const !== undefined) return literal(ctx, [schema.const], pointer);
  if (Array.isArray(schema.enum)) return enumeration(ctx, schema.enum, pointer);
  for (const combiner of ['oneOf', 'anyOf', 'allOf'] as const) {
    const members = schema[combiner];
    if (!Array.isArray(members)) continue;
    const own = ownConstraints(schema);
    if (own) report(ctx, 'BMI030', pointer, `a schema with \`${combiner}\` and keywords of its own beside it (${own}): only the \`${combiner}\` is carried over.`);
    const converted = members.map((m, i) => convert(ctx, m, childPointer(pointer, combiner, i), options, following));
    if (converted.length === 1) return converted[0]!;
    if (combiner === 'allOf') return converted.reduce((all, next) => `z.intersection(${all}, ${next})`);
    return `${combiner === 'oneOf' ? 'z.xor' : 'z.union'}([${converted.join(', ')}])`;
  }
  const types = (Array.isArray(schema.type) ? schema.type : typeof schema.type === 'string' ? [schema.type] : inferredTypes(schema)).filter((t) => t !== 'null') as string[];
  if (types.length === 0) return Array.isArray(schema.type) && schema.type.includes('null') ? 'z.null()' : 'z.unknown()';
  const each = types.map((type) => typed(ctx, type, schema, pointer, options, following));
  return each.length === 1 ? each[0]! : `z.union([${each.join(', ')}])`;
}

function ownConstraints(schema: JsonObject): string {
  return Object.keys(schema).filter((k) => ['type', 'properties', 'items', 'required', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern'].includes(k)).map((k) => `\`${k}\``).join(', ');
}

function inferredTypes(schema: JsonObject): string[] {
  if (schema.properties !== undefined || schema.additionalProperties !== undefined || schema.required !== undefined) return ['object'];
  if (schema.items !== undefined || schema.prefixItems !== undefined) return ['array'];
  return [];
}

function reference(ctx: ImportContext, ref: string, pointer: string, options: SchemaOptions, following: Set<string>): string {
  const name = componentSchemaName(ref);
  if (name !== undefined && ctx.schemaIdentifiers.has(name)) {
    const id = ctx.schemaIdentifiers.get(name)!;
    return ctx.lazySchemas.has(name) || options.within === name ? `z.lazy(() => ${id})` : id;
  }
  if (!ref.startsWith('#')) {
    report(ctx, 'BMI023', pointer, `the schema \`$ref: ${ref}\` names another file; only references inside the document are followed. Bundle the document first (e.g. \`redocly bundle\`).`);
    return 'z.unknown()';
  }
  const target = resolvePointer(ctx.document, ref);
  if (target === undefined || following.has(ref)) {
    report(ctx, 'BMI030', pointer, `the schema \`$ref: ${ref}\` ${target === undefined ? 'names nothing' : 'refers back to itself outside components/schemas'}; it is carried over as \`z.unknown()\`.`);
    return 'z.unknown()';
  }
  return convert(ctx, target, ref.slice(1), options, new Set([...following, ref]));
}

function literal(ctx: ImportContext, values: readonly unknown[], pointer: string): string {
  const primitive = values.filter((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
  if (primitive.length !== values.length) {
    report(ctx, 'BMI030', pointer, 'an `enum` or `const` of objects or arrays has no Zod equivalent; it is carried over as `z.unknown()`.');
    return 'z.unknown()';
  }
  const nonNull = primitive.filter((v) => v !== null);
  const hasNull = nonNull.length !== primitive.length;
  if (nonNull.length === 0) return 'z.null()';
  const printed = nonNull.length === 1 ? printValue(nonNull[0]) : `[${nonNull.map((v) => printValue(v)).join(', ')}]`;
  return `z.literal(${printed})${hasNull ? '.nullable()' : ''}`;
}

function enumeration(ctx: ImportContext, values: readonly unknown[], pointer: string): string {
  const strings = values.filter((v): v is string => typeof v === 'string');
  const hasNull = values.includes(null);
  if (strings.length > 0 && strings.length + (hasNull ? 1 : 0) === values.length) {
    return `z.enum([${strings.map(stringLiteral).join(', ')}])${hasNull ? '.nullable()' : ''}`;
  }
  return literal(ctx, values, pointer);
}

function typed(ctx: ImportContext, type: string, schema: JsonObject, pointer: string, options: SchemaOptions, following: Set<string>): string {
  switch (type) {
    case 'string':
      return stringSchema(ctx, schema, pointer);
    case 'integer':
    case 'number':
      return numberSchema(type, schema);
    case 'boolean':
      return 'z.boolean()';
    case 'array':
      return arraySchema(ctx, schema, pointer, options, following);
    case 'object':
      return objectSchema(ctx, schema, pointer, options, following);
    default:
      report(ctx, 'BMI030', childPointer(pointer, 'type'), `the type \`${type}\` is not a JSON Schema type; it is carried over as \`z.unknown()\`.`);
      return 'z.unknown()';
  }
}

function stringSchema(ctx: ImportContext, schema: JsonObject, pointer: string): string {
  const format = typeof schema.format === 'string' ? schema.format : undefined;
  let out = (format !== undefined ? stringFormats[format] : undefined) ?? 'z.string()';
  if (typeof schema.minLength === 'number') out += `.min(${schema.minLength})`;
  if (typeof schema.maxLength === 'number') out += `.max(${schema.maxLength})`;
  if (typeof schema.pattern === 'string') {
    try {
      new RegExp(schema.pattern, 'u');
      out += `.regex(new RegExp(${stringLiteral(schema.pattern)}))`;
    } catch {
      report(ctx, 'BMI030', childPointer(pointer, 'pattern'), `the pattern ${JSON.stringify(schema.pattern)} is not a valid ECMAScript regular expression; it is not carried over.`);
    }
  }
  return out;
}

function numberSchema(type: 'integer' | 'number', schema: JsonObject): string {
  let out = type === 'integer' ? 'z.int()' : 'z.number()';
  // 3.0: `exclusiveMinimum: true` makes `minimum` exclusive; 3.1: `exclusiveMinimum` is the bound.
  const bound = (limit: 'minimum' | 'maximum', exclusive: 'exclusiveMinimum' | 'exclusiveMaximum', inclusiveFn: string, exclusiveFn: string) => {
    const value = schema[limit];
    const flag = schema[exclusive];
    if (typeof flag === 'number') out += `.${exclusiveFn}(${flag})`;
    if (typeof value === 'number') out += `.${flag === true ? exclusiveFn : inclusiveFn}(${value})`;
  };
  bound('minimum', 'exclusiveMinimum', 'min', 'gt');
  bound('maximum', 'exclusiveMaximum', 'max', 'lt');
  if (typeof schema.multipleOf === 'number') out += `.multipleOf(${schema.multipleOf})`;
  return out;
}

function arraySchema(ctx: ImportContext, schema: JsonObject, pointer: string, options: SchemaOptions, following: Set<string>): string {
  let out: string;
  if (Array.isArray(schema.prefixItems)) {
    const items = schema.prefixItems.map((item, i) => convert(ctx, item, childPointer(pointer, 'prefixItems', i), options, following));
    const rest = schema.items === undefined || schema.items === true ? 'z.unknown()' : schema.items === false ? undefined : convert(ctx, schema.items, childPointer(pointer, 'items'), options, following);
    out = `z.tuple([${items.join(', ')}]${rest !== undefined ? `, ${rest}` : ''})`;
  } else {
    out = `z.array(${schema.items === undefined ? 'z.unknown()' : convert(ctx, schema.items, childPointer(pointer, 'items'), options, following)})`;
  }
  if (typeof schema.minItems === 'number') out += `.min(${schema.minItems})`;
  if (typeof schema.maxItems === 'number') out += `.max(${schema.maxItems})`;
  return out;
}

function objectSchema(ctx: ImportContext, schema: JsonObject, pointer: string, options: SchemaOptions, following: Set<string>): string {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  for (const name of required) {
    if (!Object.hasOwn(properties, name) && !isObject(schema.additionalProperties)) {
      report(ctx, 'BMI030', childPointer(pointer, 'required'), `\`${name}\` is required but not among the \`properties\`; the requirement is not carried over.`);
    }
  }
  const additional = schema.additionalProperties;
  const names = Object.keys(properties);
  if (names.length === 0 && isObject(additional) && Object.keys(additional).length > 0) {
    return `z.record(z.string(), ${convert(ctx, additional, childPointer(pointer, 'additionalProperties'), options, following)})`;
  }
  const members = names.map((name) => {
    const at = childPointer(pointer, 'properties', name);
    const value = convert(ctx, properties[name], at, options, following);
    const full = required.has(name) ? value : `${value}.optional()`;
    // A getter defers a reference to a schema declared later (or to the one being declared): Zod's recursion.
    return value.includes('z.lazy(') ? { name, text: `get ${propertyName(name)}() {\n  return ${full.replace(/z\.lazy\(\(\) => ([A-Za-z_$][\w$]*)\)/g, '$1')};\n}` } : { name, text: `${propertyName(name)}: ${full}` };
  });
  const body = members.length === 0 ? '{}' : `{\n${members.map((m) => `${m.text.split('\n').map((l) => `  ${l}`).join('\n')},`).join('\n')}\n}`;
  if (additional === false) return `z.strictObject(${body})`;
  if (additional === true || (isObject(additional) && Object.keys(additional).length === 0)) return `z.looseObject(${body})`;
  if (isObject(additional)) return `z.object(${body}).catchall(${convert(ctx, additional, childPointer(pointer, 'additionalProperties'), options, following)})`;
  return `z.object(${body})`;
}

function propertyName(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : stringLiteral(name);
}
