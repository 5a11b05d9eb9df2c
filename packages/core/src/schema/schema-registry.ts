/**
 * Turns the author's Standard Schemas into JSON Schema 2020-12 and collects the named ones
 * (`.meta({ id })` in Zod, `$defs` in the generated JSON Schema) for `components/schemas`.
 */
import { describeValue, firstNonJson, isPlainObject } from '../build/value-kind.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { JsonSchema, JsonSchemaObject } from '../model.ts';
import { canonicalJson } from './canonical-json.ts';

const componentName = /^[a-zA-Z0-9._-]+$/;
export const componentsPrefix = '#/components/schemas/';

interface Registered {
  readonly schema: JsonSchema;
  readonly canonical: string;
  readonly firstUse: string;
}

/** Collects named schemas across one definition; reports conflicts where they are found. */
export class SchemaRegistry {
  readonly #named = new Map<string, Registered>();
  readonly #diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    this.#diagnostics = diagnostics;
  }

  /**
   * The JSON Schema of `source`, with named parts replaced by `$ref`s, or undefined after reporting
   * why it has none. `where` names the use for messages: `operation POST /invoices/ › request body`.
   */
  convert(source: unknown, where: string): JsonSchema | undefined {
    const converter = jsonSchemaConverter(source);
    if (converter === 'no-standard') {
      this.#diagnostics.push(
        diagnostic('BMR052', where, 'this value is not a Standard Schema.', 'Pass a schema such as `z.object({...})` from Zod 4 (or any library implementing Standard JSON Schema).'),
      );
      return undefined;
    }
    if (converter === 'no-json-schema') {
      this.#diagnostics.push(
        diagnostic('BMR052', where, 'this schema is a Standard Schema but cannot produce JSON Schema (`~standard.jsonSchema` is missing).', 'Use Zod 4.2 or later, or a library that implements Standard JSON Schema.'),
      );
      return undefined;
    }
    let generated: unknown;
    try {
      generated = converter({ target: 'draft-2020-12' });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#diagnostics.push(
        diagnostic('BMR051', where, `this schema cannot be expressed in JSON Schema: ${reason}`, 'Use a JSON-representable type here (for dates: `z.iso.datetime()` instead of `z.date()`; no functions, symbols, maps, sets or bigints), or give the field an explicit JSON Schema override.'),
      );
      return undefined;
    }
    // What a hand-written library gives is not trusted to be JSON: everything after reads it as JSON.
    const notJson = typeof generated === 'boolean' ? undefined : isPlainObject(generated) ? firstNonJson(generated) : { at: '', found: describeValue(generated) };
    if (notJson !== undefined || (isPlainObject(generated) && generated.$defs !== undefined && !isPlainObject(generated.$defs))) {
      const what = notJson === undefined ? `its \`$defs\` is ${describeValue((generated as Record<string, unknown>).$defs)}` : notJson.at === '' ? `it is ${notJson.found}` : `it holds ${notJson.found} at \`${notJson.at}\``;
      this.#diagnostics.push(
        diagnostic('BMR052', where, `this schema's JSON Schema (from \`~standard.jsonSchema.input\`) is not a JSON Schema document: ${what}.`, 'Use Zod 4.2 or later, or fix the library so that it returns a JSON Schema object.'),
      );
      return undefined;
    }
    if (typeof generated === 'boolean') return generated;
    const { $schema: _dialect, $defs, ...root } = generated as Record<string, unknown>;
    for (const [name, schema] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
      this.#register(name, rewriteRefs(schema) as JsonSchema, where);
    }
    return rewriteRefs(root) as JsonSchema;
  }

  /** Follows a `#/components/schemas/<name>` reference. */
  resolve(ref: string): JsonSchema | undefined {
    const name = schemaNameOf(ref);
    return name === undefined ? undefined : this.#named.get(name)?.schema;
  }

  /** Follows references until a schema that is not a bare `$ref`. */
  dereference(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let depth = 0; depth < 64 && typeof current === 'object' && typeof current.$ref === 'string'; depth++) {
      const next = this.resolve(current.$ref);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  /** Every named schema, sorted by name. */
  named(): Record<string, JsonSchema> {
    const names = [...this.#named.keys()].sort(compareNames);
    return Object.fromEntries(names.map((name) => [name, this.#named.get(name)!.schema]));
  }

  #register(name: string, schema: JsonSchema, where: string): void {
    if (!componentName.test(name)) {
      this.#diagnostics.push(
        diagnostic('BMR053', where, `the schema name \`${name}\` is not a valid components/schemas key.`, 'Names may contain only letters, digits, `.`, `-` and `_`: change the `id` in `.meta({ id })`.'),
      );
      return;
    }
    const canonical = canonicalJson(schema);
    const existing = this.#named.get(name);
    if (existing === undefined) {
      this.#named.set(name, { schema, canonical, firstUse: where });
    } else if (existing.canonical !== canonical) {
      this.#diagnostics.push(
        diagnostic('BMR050', where, `two different schemas are named \`${name}\`: this one and the one first used at ${existing.firstUse}.`, `Give one of them another \`id\`, or reuse the same schema object in both places.`),
      );
    }
  }
}

/**
 * The name a `#/components/schemas/<name>` reference names, or undefined. Registered names are
 * letters, digits, `.`, `-` and `_` (BMR053), which a URI fragment and a JSON Pointer carry as they
 * are: there is nothing to decode, and a reference that would need decoding names no schema.
 */
export function schemaNameOf(ref: string): string | undefined {
  if (!ref.startsWith(componentsPrefix)) return undefined;
  const name = ref.slice(componentsPrefix.length);
  return componentName.test(name) ? name : undefined;
}

type Converter = (options: { readonly target: string }) => unknown;

function jsonSchemaConverter(source: unknown): Converter | 'no-standard' | 'no-json-schema' {
  if ((typeof source !== 'object' && typeof source !== 'function') || source === null) return 'no-standard';
  const standard = (source as { '~standard'?: unknown })['~standard'];
  if (typeof standard !== 'object' || standard === null) return 'no-standard';
  const jsonSchema = (standard as { jsonSchema?: { input?: unknown } }).jsonSchema;
  if (typeof jsonSchema?.input !== 'function') return 'no-json-schema';
  return (options) => (jsonSchema.input as Converter)(options);
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string' && child.startsWith('#/$defs/')) {
      out[key] = componentsPrefix + child.slice('#/$defs/'.length);
    } else {
      out[key] = rewriteRefs(child);
    }
  }
  return out;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isSchemaObject(schema: JsonSchema | undefined): schema is JsonSchemaObject {
  return typeof schema === 'object' && schema !== null;
}
