/**
 * Request Body Object and the Media Type Objects of bodies → `body: Schema` or
 * `body: { contentType, schema, description, required, example }`. The definition has one media
 * type per body: the first (`application/json` when there is one) is carried over, the others reported.
 * https://spec.openapis.org/oas/v3.1.0#request-body-object
 */
import { childPointer } from './findings.ts';
import { isObject, report, reportUnknownFields, type ImportContext, type JsonObject } from './import-context.ts';
import { schemaObject } from './schema-object.ts';
import { Code } from './source-printer.ts';

const mediaWhy = {
  examples: 'the definition has no named examples maps yet (the first example is kept as `example`)',
  encoding: 'the definition has no `encoding` of form fields',
};

/** The chosen media type of a `content` map, reporting the others. */
function chooseMediaType(ctx: ImportContext, content: JsonObject, pointer: string): [string, JsonObject] | undefined {
  const entries = Object.entries(content).filter((e): e is [string, JsonObject] => isObject(e[1]));
  if (entries.length === 0) return undefined;
  const json = entries.find(([type]) => type.split(';')[0]!.trim().toLowerCase() === 'application/json');
  const chosen = json ?? entries[0]!;
  for (const [type] of entries) {
    if (type !== chosen[0]) report(ctx, 'BMI021', childPointer(pointer, type), `the media type \`${type}\` is not carried over: a body in the definition has one media type, and \`${chosen[0]}\` was kept.`);
  }
  return chosen;
}

export interface BodyOptions {
  readonly description?: unknown;
  /** Request bodies: OpenAPI's default is optional, the definition's is required. */
  readonly required?: boolean;
}

/** A body's source: a bare schema for a JSON body with nothing else to say, or a body object. */
export function bodyObject(ctx: ImportContext, content: JsonObject, pointer: string, options: BodyOptions): Code | JsonObject | undefined {
  const chosen = chooseMediaType(ctx, content, pointer);
  if (chosen === undefined) return undefined;
  const [contentType, media] = chosen;
  const at = childPointer(pointer, contentType);
  reportUnknownFields(ctx, media, at, ['schema', 'example'], 'media type', mediaWhy);
  const schema = media.schema !== undefined && !isBareBinary(media.schema) ? new Code(schemaObject(ctx, media.schema, childPointer(at, 'schema'))) : undefined;
  const example = media.example !== undefined ? media.example : isObject(media.examples) ? firstExample(media.examples) : undefined;
  const description = typeof options.description === 'string' ? options.description : undefined;
  const plain = contentType === 'application/json' && schema !== undefined && example === undefined && description === undefined && options.required !== false;
  if (plain) return schema;
  return {
    ...(contentType !== 'application/json' ? { contentType } : {}),
    ...(schema !== undefined ? { schema } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(options.required === false ? { required: false } : {}),
    ...(example !== undefined ? { example } : {}),
  };
}

/** 3.0's `{ type: string, format: binary }` for raw bytes: the definition says that by the media type alone. */
function isBareBinary(schema: unknown): boolean {
  return isObject(schema) && schema.type === 'string' && (schema.format === 'binary') && Object.keys(schema).length === 2;
}

function firstExample(examples: JsonObject): unknown {
  const first = Object.values(examples)[0];
  return isObject(first) ? first.value : undefined;
}

/** https://spec.openapis.org/oas/v3.1.0#request-body-object */
export function requestBodyObject(ctx: ImportContext, body: JsonObject, pointer: string): Code | JsonObject | undefined {
  reportUnknownFields(ctx, body, pointer, ['description', 'content', 'required'], 'request body');
  if (!isObject(body.content)) return undefined;
  return bodyObject(ctx, body.content, childPointer(pointer, 'content'), { description: body.description, required: body.required === true });
}
