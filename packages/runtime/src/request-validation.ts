/**
 * Request validation with the API's own JSON Schema dialect (2020-12, as OpenAPI 3.1 and Zod 4 write
 * it), on every server target, and its coercion rules:
 *
 * - path, query and header values, and form fields, are strings on the wire: a string becomes the
 *   number, integer or boolean (`"true"`/`"false"`) its schema says, and a single value becomes a
 *   one-item array where the schema wants an array (Ajv's `coerceTypes: 'array'`);
 * - JSON bodies are already typed, so only what FastAPI (pydantic's lax mode) also takes is coerced: a
 *   string that is a JSON number (`"9999"`, `"-12.5e1"`) becomes a number where the schema says number
 *   or integer. Nothing else: not null, not booleans, not numbers to strings, no array wrapping.
 *
 * Defaults are filled in and properties a schema closes (`additionalProperties: false`) are removed.
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { DataValidationCxt } from 'ajv/dist/types/index.js';
import { parameterStylesKey } from '@boomerang/core';
import { componentsDocumentId, createAjv, rewriteComponentRefs } from './json-schema-validator.ts';
import { isFormMediaType, isJsonMediaType } from './media-type.ts';
import { parseStyledParameters, type RawParameters, type StyledParameter } from './shared/parameter-style.ts';
import type { AjvErrorLike } from './validation-issue.ts';

/**
 * A compiled validator, as Fastify's validator compilers return them: true when the data conforms (it
 * may have been changed in place), `{ value }` when the value itself was replaced (a coerced root),
 * false with `errors` set when it does not conform.
 */
export interface RequestValidator {
  (data: unknown, context?: DataValidationCxt): boolean | { readonly value: unknown };
  errors?: ErrorObject[] | null;
}

/** Compiles the schema of one request part; `mediaType` is the body's (as declared), which decides its coercion. */
export type RequestSchemaCompiler = (schema: object, part: 'body' | 'params' | 'query' | 'headers', mediaType?: string) => RequestValidator;

export interface RequestSchemaCompilerOptions {
  /** Schemas with an `$id` that route schemas reference as `<$id>#/...` (Fastify's shared schemas). */
  readonly sharedSchemas?: readonly ({ readonly $id: string } & object)[];
  /** The API's named schemas, which route schemas reference as `#/components/schemas/<name>`. */
  readonly components?: Readonly<Record<string, object>>;
}

/**
 * A compiler for one server's request schemas, with an Ajv of its own for each coercion rule (a
 * server's validators are compiled once, when it is created).
 */
export function createRequestSchemaCompiler(options: RequestSchemaCompilerOptions = {}): RequestSchemaCompiler {
  const stringsAjv = createAjv({ coerceTypes: 'array', useDefaults: true, removeAdditional: true });
  const jsonAjv = createAjv({ useDefaults: true, removeAdditional: true });
  const shared = [...(options.sharedSchemas ?? []), ...(options.components === undefined ? [] : [{ $id: componentsDocumentId, components: { schemas: options.components } }])];
  for (const schema of shared) {
    stringsAjv.addSchema(schema);
    jsonAjv.addSchema(schema);
  }
  const prepare = (schema: object): object => (options.components === undefined ? schema : (rewriteComponentRefs(schema) as object));
  return (schema, part, mediaType) => {
    if (part !== 'body') {
      const { [parameterStylesKey]: styles, ...rest } = schema as Record<string, unknown>;
      const validate = stringsAjv.compile(prepare(rest));
      return Array.isArray(styles) ? parsingStyles(validate, part, styles as StyledParameter[], Object.keys((rest.properties ?? {}) as object)) : validate;
    }
    if (mediaType !== undefined && isFormMediaType(mediaType)) return stringsAjv.compile(prepare(schema));
    // A body schema without a media type is taken for JSON, which is what Fastify parses by default.
    if (mediaType === undefined || isJsonMediaType(mediaType)) return coerceNumericStrings(jsonAjv.compile(prepare(schema)));
    // Text is one string, whatever it looks like, and bytes are bytes.
    return jsonAjv.compile(prepare(schema));
  };
}

/**
 * Runs `validate` on one request part as Fastify runs its validators: an absent part is validated as
 * null, and a root value that coercion replaces is the new value. The validated value, or the errors.
 */
export function runRequestValidator(validate: RequestValidator, data: unknown): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly errors: readonly AjvErrorLike[] } {
  // Ajv can replace a root value only through its parent.
  const holder = { value: data === undefined ? null : data };
  const result = validate(holder.value, { instancePath: '', parentData: holder, parentDataProperty: 'value', rootData: holder, dynamicAnchors: {} });
  if (result === false) return { ok: false, errors: validate.errors ?? [] };
  return { ok: true, value: typeof result === 'object' ? result.value : holder.value };
}

const locations = { params: 'path', query: 'query', headers: 'header' } as const;

/**
 * `validate`, after the part's styled parameters are parsed (`?ids=1,2,3` into `['1', '2', '3']`, for
 * the validator to coerce): a value the style cannot read fails as a schema error does, at its pointer.
 */
function parsingStyles(validate: RequestValidator, part: keyof typeof locations, styles: readonly StyledParameter[], declared: readonly string[]): RequestValidator {
  const check = (data: unknown): boolean | { value: unknown } => {
    const parsed = parseStyledParameters(locations[part], (data ?? {}) as RawParameters, styles, declared);
    if (!parsed.ok) {
      check.errors = parsed.errors as ErrorObject[];
      return false;
    }
    const result = runRequestValidator(validate, parsed.value);
    if (!result.ok) {
      check.errors = result.errors as ErrorObject[];
      return false;
    }
    check.errors = null;
    return { value: result.value };
  };
  check.errors = null as ErrorObject[] | null;
  return check as RequestValidator;
}

/** A JSON number, as RFC 8259 writes it; anything else (`" 1"`, `"0x10"`, `"Infinity"`, `""`) is not one. */
const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * `validate`, where a value the schema wants as a number or integer may be given as a numeric string.
 * Ajv reports every `type` error at once (allErrors), so the strings at those places are converted and
 * the value validated again, until it passes or nothing more converts. Only failing places change: a
 * string that some branch of a union accepts as a string stays a string.
 */
function coerceNumericStrings(validate: ValidateFunction): RequestValidator {
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
  return check as RequestValidator;
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
