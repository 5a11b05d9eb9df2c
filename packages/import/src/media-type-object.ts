/**
 * Request Body Object and the Media Type Objects of bodies → `body: Schema` or `body: { contentType,
 * schema, description, required, example, examples, x-... }`; a reusable request body becomes
 * `defineRequestBody(..., { id })`. The definition has one media type per body: the first
 * (`application/json` when there is one) is carried over, the others reported. A body's `x-` keys are
 * its Request Body Object's for a request and its Media Type Object's for a response, as the emitter
 * writes them.
 * https://spec.openapis.org/oas/v3.1.0#request-body-object
 * https://spec.openapis.org/oas/v3.1.0#media-type-object
 */
import { examplesObject } from './example-object.ts';
import { childPointer } from './findings.ts';
import { extensionsOf, isObject, report, reportUnknownFields, type ImportContext, type JsonObject } from './import-context.ts';
import type { ComponentSpec } from './reference-object.ts';
import { schemaObject } from './schema-object.ts';
import { Code } from './source-printer.ts';

/** The media type of a `content` map the definition keeps: `application/json` when there is one, else the first. */
export function preferredMediaType(content: JsonObject): [string, JsonObject] | undefined {
  const entries = Object.entries(content).filter((e): e is [string, JsonObject] => isObject(e[1]));
  return entries.find(([type]) => type.split(';')[0]!.trim().toLowerCase() === 'application/json') ?? entries[0];
}

/** The chosen media type of a `content` map, reporting the others. */
function chooseMediaType(ctx: ImportContext, content: JsonObject, pointer: string): [string, JsonObject] | undefined {
  const chosen = preferredMediaType(content);
  if (chosen === undefined) return undefined;
  for (const type of Object.keys(content)) {
    if (type !== chosen[0]) report(ctx, 'BMI021', childPointer(pointer, type), `the media type \`${type}\` is not carried over: a body in the definition has one media type, and \`${chosen[0]}\` was kept.`);
  }
  return chosen;
}

export interface BodyOptions {
  readonly description?: unknown;
  /** Request bodies: OpenAPI's default is optional, the definition's is required. */
  readonly required?: boolean;
  /** A request body's own `x-` keys (its Request Body Object's); a response body's are its media type's. */
  readonly role: 'request' | 'response';
  readonly extensions?: JsonObject;
  /** Always `{ schema, ... }`, never a bare schema (what `defineRequestBody` takes). */
  readonly asObject?: boolean;
}

/** A body's source: a bare schema for a JSON body with nothing else to say, or a body object. */
export function bodyObject(ctx: ImportContext, content: JsonObject, pointer: string, options: BodyOptions): Code | JsonObject | undefined {
  const chosen = chooseMediaType(ctx, content, pointer);
  if (chosen === undefined) return undefined;
  const [contentType, media] = chosen;
  const at = childPointer(pointer, contentType);
  reportUnknownFields(ctx, media, at, ['schema', 'example', 'examples'], 'media type', {
    encoding: 'the definition has no `encoding` of form fields',
    'x-': "a request body's `x-` keys in the definition are its Request Body Object's, not its media type's",
  }, options.role === 'response');
  const schema = media.schema !== undefined && !isBareBinary(media.schema) ? new Code(schemaObject(ctx, media.schema, childPointer(at, 'schema'))) : undefined;
  const examples = examplesObject(ctx, media.examples, childPointer(at, 'examples'));
  if (examples !== undefined && media.example !== undefined) {
    report(ctx, 'BMI020', childPointer(at, 'example'), '`example` is not carried over: OpenAPI allows `example` or `examples`, not both, and the definition keeps the named `examples`.');
  }
  const example = examples === undefined ? media.example : undefined;
  const extensions = { ...(options.extensions ?? {}), ...(options.role === 'response' ? extensionsOf(media) : {}) };
  const description = typeof options.description === 'string' ? options.description : undefined;
  const plain = contentType === 'application/json' && schema !== undefined && example === undefined && examples === undefined && description === undefined && options.required !== false && Object.keys(extensions).length === 0;
  if (plain && !options.asObject) return schema;
  return {
    ...(contentType !== 'application/json' ? { contentType } : {}),
    ...(schema !== undefined ? { schema } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(options.required === false ? { required: false } : {}),
    ...(example !== undefined ? { example } : {}),
    ...(examples !== undefined ? { examples } : {}),
    ...extensions,
  };
}

/** 3.0's `{ type: string, format: binary }` for raw bytes: the definition says that by the media type alone. */
function isBareBinary(schema: unknown): boolean {
  return isObject(schema) && schema.type === 'string' && (schema.format === 'binary') && Object.keys(schema).length === 2;
}

/** https://spec.openapis.org/oas/v3.1.0#request-body-object */
export function requestBodyObject(ctx: ImportContext, body: JsonObject, pointer: string, asObject = false): Code | JsonObject | undefined {
  reportUnknownFields(ctx, body, pointer, ['description', 'content', 'required'], 'request body', {}, true);
  if (!isObject(body.content)) return undefined;
  return bodyObject(ctx, body.content, childPointer(pointer, 'content'), { description: body.description, required: body.required === true, role: 'request', extensions: extensionsOf(body), asObject });
}

export const requestBodySpec: ComponentSpec = {
  kind: 'requestBodies',
  noun: 'request body',
  fields: (ctx, value, pointer) => requestBodyObject(ctx, value, pointer, true) as JsonObject | undefined,
};
