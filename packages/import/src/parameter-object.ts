/**
 * Parameter Objects and Header Objects → the object schemas of `request.params`, `query`, `headers`,
 * `cookies` and of response `headers`: one property per parameter, its description, deprecation
 * and example on the property's schema (where the emitter lifts them back from).
 * https://spec.openapis.org/oas/v3.1.0#parameter-object
 */
import { childPointer } from './findings.ts';
import { isObject, report, reportUnknownFields, resolveReference, type ImportContext, type JsonObject } from './import-context.ts';
import { schemaObject } from './schema-object.ts';
import { propertyKey } from './source-printer.ts';
import { Code } from './source-printer.ts';

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface ResolvedParameter {
  readonly value: JsonObject;
  readonly pointer: string;
}

const why = {
  style: 'the definition has no parameter `style` yet, so the default serialization is documented',
  explode: 'the definition has no parameter `explode` yet, so the default serialization is documented',
  allowReserved: 'the definition has no `allowReserved` yet',
  allowEmptyValue: 'the definition has no `allowEmptyValue`',
  examples: 'the definition has no named examples maps yet (the first example is kept as `example`)',
};

/**
 * The parameters of an operation: those of its path item, overridden by its own of the same name
 * and location (as OpenAPI says).
 */
export function mergedParameters(ctx: ImportContext, pathItem: { value: JsonObject; pointer: string }, operation: { value: JsonObject; pointer: string }): ResolvedParameter[] {
  const resolved = (list: unknown, pointer: string) =>
    (Array.isArray(list) ? list : []).flatMap((p, i) => {
      const r = resolveReference(ctx, p, childPointer(pointer, 'parameters', i), 'parameter');
      return r ? [r] : [];
    });
  const own = resolved(operation.value.parameters, operation.pointer);
  const shared = resolved(pathItem.value.parameters, pathItem.pointer);
  const key = (p: ResolvedParameter) => `${String(p.value.in)}:${String(p.value.name)}`;
  const ownKeys = new Set(own.map(key));
  return [...shared.filter((p) => !ownKeys.has(key(p))), ...own];
}

/** `{ params?, query?, headers?, cookies? }` of a request, each an object schema's source. */
export function parametersObject(ctx: ImportContext, parameters: readonly ResolvedParameter[]): Record<string, Code> {
  const byLocation: Record<ParameterLocation, ResolvedParameter[]> = { path: [], query: [], header: [], cookie: [] };
  for (const p of parameters) {
    const location = p.value.in as ParameterLocation;
    if (location in byLocation) byLocation[location].push(p);
  }
  const out: Record<string, Code> = {};
  const names: Record<ParameterLocation, string> = { path: 'params', query: 'query', header: 'headers', cookie: 'cookies' };
  for (const location of ['path', 'query', 'header', 'cookie'] as const) {
    const list = byLocation[location];
    if (list.length === 0) continue;
    out[names[location]] = new Code(membersObject(ctx, list.map((p) => ({ name: String(p.value.name), value: p.value, pointer: p.pointer, required: location === 'path' || p.value.required === true, kind: 'parameter' }))));
  }
  return out;
}

/** Response headers (a Headers map) → an object schema's source. */
export function headersObject(ctx: ImportContext, headers: JsonObject, pointer: string): Code | undefined {
  const members = Object.entries(headers).flatMap(([name, header]) => {
    const r = resolveReference(ctx, header, childPointer(pointer, name), 'header');
    return r ? [{ name, value: r.value, pointer: r.pointer, required: r.value.required === true, kind: 'header' as const }] : [];
  });
  return members.length > 0 ? new Code(membersObject(ctx, members)) : undefined;
}

interface Member {
  readonly name: string;
  readonly value: JsonObject;
  readonly pointer: string;
  readonly required: boolean;
  readonly kind: 'parameter' | 'header';
}

function membersObject(ctx: ImportContext, members: readonly Member[]): string {
  const lines = members.map((m) => `  ${propertyKey(m.name)}: ${memberSchema(ctx, m)},`);
  return `z.object({\n${lines.join('\n')}\n})`;
}

function memberSchema(ctx: ImportContext, m: Member): string {
  const known = m.kind === 'parameter' ? ['name', 'in', 'description', 'required', 'deprecated', 'schema', 'example', 'content'] : ['description', 'required', 'deprecated', 'schema', 'example', 'content'];
  reportUnknownFields(ctx, m.value, m.pointer, known, m.kind, why);
  let schema = m.value.schema;
  let schemaPointer = childPointer(m.pointer, 'schema');
  if (schema === undefined && isObject(m.value.content)) {
    const [mediaType, media] = Object.entries(m.value.content)[0] ?? [];
    if (mediaType !== undefined) {
      report(ctx, 'BMI020', childPointer(m.pointer, 'content'), `the ${m.kind} \`${m.name}\` is described by \`content\` (${mediaType}); its schema is carried over as the ${m.kind}'s \`schema\`, the media type is not.`);
      schema = isObject(media) ? media.schema : undefined;
      schemaPointer = childPointer(m.pointer, 'content', mediaType, 'schema');
    }
  }
  const lifted: JsonObject = {};
  if (typeof m.value.description === 'string') lifted.description = m.value.description;
  if (m.value.deprecated === true) lifted.deprecated = true;
  const firstExample = m.value.example !== undefined ? m.value.example : isObject(m.value.examples) ? firstNamedExample(m.value.examples) : undefined;
  if (firstExample !== undefined) lifted.example = firstExample;
  const text = schemaObject(ctx, schema ?? {}, schemaPointer, { meta: lifted });
  return m.required ? text : `${text}.optional()`;
}

function firstNamedExample(examples: JsonObject): unknown {
  const first = Object.values(examples)[0];
  return isObject(first) ? first.value : undefined;
}
