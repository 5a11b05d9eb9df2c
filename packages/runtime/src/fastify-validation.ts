/**
 * Fastify's request validation with the API's own JSON Schema dialect (2020-12, as OpenAPI 3.1 and
 * Zod 4 write it), and its coercion rules:
 *
 * - path, query and header values, and form fields, are strings on the wire: a string becomes the
 *   number, integer or boolean (`"true"`/`"false"`) its schema says, and a single value becomes a
 *   one-item array where the schema wants an array (Ajv's `coerceTypes: 'array'`);
 * - JSON bodies are already typed, so only what FastAPI (pydantic's lax mode) also takes is coerced: a
 *   string that is a JSON number (`"9999"`, `"-12.5e1"`) becomes a number where the schema says number
 *   or integer. Nothing else: not null, not booleans, not numbers to strings, no array wrapping.
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { createAjv } from './json-schema-validator.ts';

export function useJsonSchema2020(app: FastifyInstance, sharedSchemas: readonly ({ readonly $id: string } & object)[] = []): void {
  const stringsAjv = createAjv({ coerceTypes: 'array', useDefaults: true, removeAdditional: true });
  const jsonAjv = createAjv({ useDefaults: true, removeAdditional: true });
  // Shared schemas (the API's components) are known to both validators and, through addSchema, to
  // Fastify's serializer; routes reference them as `<$id>#/components/schemas/<name>`.
  for (const schema of sharedSchemas) {
    stringsAjv.addSchema(schema);
    jsonAjv.addSchema(schema);
    app.addSchema(schema);
  }
  app.setValidatorCompiler(({ schema, httpPart, contentType }) => {
    if (httpPart !== 'body' || (contentType !== undefined && isFormMediaType(contentType))) return stringsAjv.compile(schema);
    // A body schema not keyed by media type is taken for JSON, which is what Fastify parses by default.
    if (contentType === undefined || isJsonMediaType(contentType)) return coerceNumericStrings(jsonAjv.compile(schema));
    // Text is one string, whatever it looks like, and bytes are bytes.
    return jsonAjv.compile(schema);
  });
}

function isJsonMediaType(mediaType: string): boolean {
  return /^application\/(?:[^;]+\+)?json\s*(?:;|$)/i.test(mediaType);
}

function isFormMediaType(mediaType: string): boolean {
  return /^(?:application\/x-www-form-urlencoded|multipart\/form-data)\s*(?:;|$)/i.test(mediaType);
}

/** A JSON number, as RFC 8259 writes it; anything else (`" 1"`, `"0x10"`, `"Infinity"`, `""`) is not one. */
const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * `validate`, where a value the schema wants as a number or integer may be given as a numeric string.
 * Ajv reports every `type` error at once (allErrors), so the strings at those places are converted and
 * the value validated again, until it passes or nothing more converts. Only failing places change: a
 * string that some branch of a union accepts as a string stays a string.
 */
function coerceNumericStrings(validate: ValidateFunction): (data: unknown) => boolean | { value: unknown } {
  const check = (data: unknown): boolean | { value: unknown } => {
    let value = data;
    // Each round converts at least one string, and a string converts at most once.
    for (;;) {
      if (validate(value)) {
        check.errors = null;
        // A new value only when a string was converted at the root; otherwise the body was changed in place.
        return value === data ? true : { value };
      }
      const errors = validate.errors ?? [];
      let converted = false;
      for (const error of errors) {
        if (!wantsNumber(error)) continue;
        const at = locate(value, error.instancePath);
        if (at === undefined || typeof at.value !== 'string' || !jsonNumber.test(at.value)) continue;
        const number = Number(at.value);
        if (!Number.isFinite(number)) continue;
        if (at.parent === undefined) value = number;
        else (at.parent as Record<string, unknown>)[at.key] = number;
        converted = true;
      }
      if (!converted) {
        check.errors = errors;
        return false;
      }
    }
  };
  check.errors = null as ErrorObject[] | null;
  return check;
}

function wantsNumber(error: ErrorObject): boolean {
  if (error.keyword !== 'type') return false;
  const wanted = (error.params as { type?: unknown }).type;
  const types = Array.isArray(wanted) ? wanted : String(wanted).split(',');
  return types.includes('number') || types.includes('integer');
}

/** The value at a JSON Pointer (Ajv's `instancePath`), with the object or array that holds it. */
function locate(root: unknown, pointer: string): { value: unknown; parent?: object; key: string } | undefined {
  if (pointer === '') return { value: root, key: '' };
  let parent: unknown;
  let value = root;
  let key = '';
  for (const token of pointer.slice(1).split('/')) {
    key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    parent = value;
    value = (value as Record<string, unknown>)[key];
  }
  return { value, parent: parent as object, key };
}
