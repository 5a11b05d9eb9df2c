/**
 * JSON Schema (2020-12, as OpenAPI 3.1 uses) validators for callback bodies before sending and for the
 * receiver's responses after. Ajv compiles each schema once; `#/components/schemas/X` references resolve
 * against the API's components, as they do inside the OpenAPI document the schemas come from.
 * @see https://spec.openapis.org/oas/v3.1.0#schema-object
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { issuesFromAjvErrors, type ValidationIssue } from './validation-issue.ts';

/** Checks a value; `[]` when it conforms. */
export type SchemaValidator = (value: unknown) => readonly ValidationIssue[];

/** The document the components are registered as; references to them are rewritten to point here. */
export const componentsDocumentId = 'urn:boomerang:components';
const componentRefPrefix = '#/components/';
/** Keywords whose values are data, not schemas: a `$ref` key inside them is not a reference. */
const dataKeywords = new Set(['const', 'enum', 'default', 'example', 'examples']);
/** Keywords whose values map names to schemas. */
const schemaMapKeywords = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions']);

// ajv-formats is CommonJS: under Node's ESM loader the default import is the plugin itself, while
// TypeScript's view of it (NodeNext) is the module object with the plugin as `default`.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

interface ValidatorContext {
  readonly ajv: Ajv2020;
  readonly validators: WeakMap<object, SchemaValidator>;
}

const contextsByComponents = new WeakMap<object, ValidatorContext>();
let contextWithoutComponents: ValidatorContext | undefined;

/**
 * A validator for `schema`, compiled once per schema object (and components object): generated code
 * calls this at module load or on first use and keeps calling the result. Unknown keywords such as
 * `example` or `discriminator` are ignored, `format` is checked (ajv-formats), and every problem is
 * reported, not only the first. Throws if the schema itself is invalid or names a missing component.
 */
export function compileJsonSchema(schema: object, components?: Readonly<Record<string, object>>): SchemaValidator {
  const context = contextFor(components);
  const cached = context.validators.get(schema);
  if (cached !== undefined) return cached;
  const validate: ValidateFunction = context.ajv.compile(components === undefined ? schema : (rewriteComponentRefs(schema) as object));
  const validator: SchemaValidator = (value) => (validate(value) ? noIssues : issuesFromAjvErrors(validate.errors));
  context.validators.set(schema, validator);
  return validator;
}

const noIssues: readonly ValidationIssue[] = Object.freeze([]);

function contextFor(components: Readonly<Record<string, object>> | undefined): ValidatorContext {
  if (components === undefined) return (contextWithoutComponents ??= { ajv: createAjv(), validators: new WeakMap() });
  let context = contextsByComponents.get(components);
  if (context === undefined) {
    const ajv = createAjv();
    // Inside this document, component-to-component references (`#/components/schemas/Y`) resolve as written.
    ajv.addSchema({ $id: componentsDocumentId, components: { schemas: components } });
    context = { ajv, validators: new WeakMap() };
    contextsByComponents.set(components, context);
  }
  return context;
}

/**
 * An Ajv for the API's JSON Schemas (2020-12) with formats checked. `extra` adds options, such as the
 * coercion that request validation needs (request-validation.ts).
 */
export function createAjv(extra: ConstructorParameters<typeof Ajv2020>[0] = {}): Ajv2020 {
  const ajv = new Ajv2020({
    ...extra,
    allErrors: true,
    // OpenAPI schemas carry keywords JSON Schema does not know (example, discriminator, xml, x-*).
    strict: false,
    // Two generated modules may hold equal schemas with one `$id`; registering ids would make the second throw.
    addUsedSchema: false,
    logger: false,
  });
  return addFormats(ajv);
}

/**
 * A copy of `schema` whose `#/components/...` references point into the registered components document.
 * Data-valued keywords are copied untouched, and in name-to-schema maps (`properties`, `$defs`, ...) the
 * keys are names, so a property called `default` is still walked as a schema.
 */
export function rewriteComponentRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rewriteComponentRefs);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(componentRefPrefix)) return [key, componentsDocumentId + value];
      if (dataKeywords.has(key)) return [key, value];
      if (schemaMapKeywords.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        return [key, Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, rewriteComponentRefs(sub)]))];
      }
      return [key, rewriteComponentRefs(value)];
    }),
  );
}
