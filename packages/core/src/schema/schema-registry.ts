/**
 * Turns the author's Standard Schemas into JSON Schema 2020-12 and collects the named ones
 * (`.meta({ id })` in Zod, `$defs` in the generated JSON Schema) for `components/schemas`.
 */
import { describeValue, firstNonJson, isPlainObject } from '../build/value-kind.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { JsonSchema, JsonSchemaObject } from '../model.ts';
import { canonicalJson } from './canonical-json.ts';
import { ZodNamedSchemas, zodDefsRef } from './zod-named-schemas.ts';

const componentName = /^[a-zA-Z0-9._-]+$/;
export const componentsPrefix = '#/components/schemas/';

interface Registered {
  readonly schema: JsonSchema;
  /** Its canonical JSON, made when a second registration of the name needs comparing. */
  canonical?: string;
  readonly firstUse: string;
}

/** Collects named schemas across one definition; reports conflicts where they are found. */
export class SchemaRegistry {
  readonly #named = new Map<string, Registered>();
  readonly #diagnostics: Diagnostic[];
  /** Each schema object is converted once per build; its uses get copies. */
  readonly #converted = new WeakMap<object, Conversion>();
  /** Zod's named schemas, each converted once (by id), and whether its `$defs` are registered. */
  readonly #namedZod = new Map<string, NamedConversion | Failure>();
  #zod: ZodNamedSchemas | undefined;
  #zodTried = false;

  constructor(diagnostics: Diagnostic[]) {
    this.#diagnostics = diagnostics;
  }

  /**
   * The JSON Schema of `source`, with named parts replaced by `$ref`s, or undefined after reporting
   * why it has none. `where` names the use for messages: `operation POST /invoices/ › request body`.
   */
  convert(source: unknown, where: string): JsonSchema | undefined {
    const cacheable = (typeof source === 'object' || typeof source === 'function') && source !== null;
    const cached = cacheable ? this.#converted.get(source) : undefined;
    const result = cached ?? this.#convertOnce(source, where);
    if (cacheable && cached === undefined) this.#converted.set(source, result);
    if ('failure' in result) {
      this.#diagnostics.push(result.failure(where));
      return undefined;
    }
    // Each use gets its own copy: what is built on a schema must not reach another use of it.
    return cached === undefined ? result.schema : copyJson(result.schema);
  }

  /** Puts back what converting changed in the author's schemas (see zod-named-schemas.ts). Call once the build is done. */
  close(): void {
    this.#zod?.close();
  }

  #convertOnce(source: unknown, where: string): Conversion {
    const converter = jsonSchemaConverter(source);
    if (converter === 'no-standard') {
      return { failure: (at) => diagnostic('BMR052', at, 'this value is not a Standard Schema.', 'Pass a schema such as `z.object({...})` from Zod 4 (or any library implementing Standard JSON Schema).') };
    }
    if (converter === 'no-json-schema') {
      return { failure: (at) => diagnostic('BMR052', at, 'this schema is a Standard Schema but cannot produce JSON Schema (`~standard.jsonSchema` is missing).', 'Use Zod 4.2 or later, or a library that implements Standard JSON Schema.') };
    }
    if (this.#zod === undefined && !this.#zodTried) {
      this.#zodTried = true;
      this.#zod = ZodNamedSchemas.open();
    }
    if (this.#zod?.handles(source)) return this.#convertZod(source as object, converter, where);
    const raw = generate(converter, undefined);
    if ('failure' in raw) return raw;
    if (typeof raw.generated === 'boolean') return { schema: raw.generated };
    const { $defs, ...root } = raw.generated as Record<string, unknown>;
    for (const [name, schema] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
      this.#register(name, rewriteRefs(schema) as JsonSchema, where);
    }
    return { schema: rewriteRefs(root) as JsonSchema };
  }

  /**
   * A Zod schema, with every named schema it reaches converted once per registry: the use itself is
   * converted with the named ones as `$ref`s, then each name it references (and each they
   * reference) on first sight. A use fails, as it did when Zod walked it whole, when anything it
   * reaches cannot be converted.
   */
  #convertZod(source: object, converter: Converter, where: string): Conversion {
    const zod = this.#zod!;
    const named = (id: string): NamedConversion | Failure => {
      let found = this.#namedZod.get(id);
      if (found === undefined) {
        const schema = zod.named(id)!;
        const raw = generate(jsonSchemaConverter(schema) as Converter, zod, schema);
        found = 'failure' in raw ? raw : { generated: raw.generated, references: zodReferences(raw.generated, zod), registered: false, closureConverted: false };
        this.#namedZod.set(id, found);
      }
      return found;
    };
    const ownId = zod.idOf(source);
    const own = ownId !== undefined ? named(ownId) : generate(converter, zod, source);
    if ('failure' in own) return own;
    // Every name the use reaches, but those whose own closure an earlier use already converted.
    const seen = new Set<string>(ownId !== undefined ? [ownId] : []);
    const pending = ownId !== undefined ? [...(own as NamedConversion).references] : zodReferences(own.generated, zod);
    const reached: NamedConversion[] = ownId !== undefined ? [own as NamedConversion] : [];
    for (let next = 0; next < pending.length; next++) {
      const id = pending[next]!;
      if (seen.has(id)) continue;
      seen.add(id);
      const found = named(id);
      if ('failure' in found) return found;
      if (found.closureConverted) continue;
      reached.push(found);
      pending.push(...found.references);
    }
    for (const found of reached) found.closureConverted = true;
    const bodyOf = (id: string) => namedBody(this.#namedZod.get(id), id);
    const finish = (value: unknown) => rewriteRefs(dedupeStandIns(value, bodyOf)) as JsonSchema;
    const fresh = reached.filter((named) => !named.registered);
    // The bodies first, those reached last (referenced) first, twice over so that a body compared
    // with another is compared with its reduced form whatever their order.
    for (let pass = 0; pass < 2; pass++) for (const named of [...fresh].reverse()) dedupeStandIns(defsOf(named.generated), bodyOf);
    for (const named of fresh) {
      named.registered = true;
      for (const [name, schema] of Object.entries(defsOf(named.generated))) this.#register(name, rewriteRefs(schema) as JsonSchema, where);
    }
    if (typeof own.generated === 'boolean') return { schema: own.generated };
    const { $defs, ...root } = own.generated as Record<string, unknown>;
    if (ownId === undefined) for (const [name, schema] of Object.entries(($defs ?? {}) as Record<string, unknown>)) this.#register(name, finish(schema), where);
    return { schema: finish(root) };
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
    const existing = this.#named.get(name);
    if (existing === undefined) {
      this.#named.set(name, { schema, firstUse: where });
    } else if ((existing.canonical ??= canonicalJson(existing.schema)) !== canonicalJson(schema)) {
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

type Converter = (options: { readonly target: string; readonly libraryOptions?: Record<string, unknown> }) => unknown;

interface Failure {
  readonly failure: (where: string) => Diagnostic;
}
type Conversion = { readonly schema: JsonSchema } | Failure;
interface NamedConversion {
  readonly generated: unknown;
  /** The named schemas it references. */
  readonly references: readonly string[];
  registered: boolean;
  /** Whether everything it reaches has been converted without a failure. */
  closureConverted: boolean;
}

/**
 * The library's JSON Schema of one schema (through `zod` when given: named schemas other than
 * `root` stand in as `$ref`s), checked to be JSON, with its `$schema` dropped.
 */
function generate(converter: Converter, zod: ZodNamedSchemas | undefined, root?: object): { readonly generated: unknown } | Failure {
  let generated: unknown;
  try {
    generated = zod === undefined ? converter({ target: 'draft-2020-12' }) : zod.convert(root!, (libraryOptions) => converter({ target: 'draft-2020-12', libraryOptions }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      failure: (at) =>
        diagnostic('BMR051', at, `this schema cannot be expressed in JSON Schema: ${reason}`, 'Use a JSON-representable type here (for dates: `z.iso.datetime()` instead of `z.date()`; no functions, symbols, maps, sets or bigints), or give the field an explicit JSON Schema override.'),
    };
  }
  // What a hand-written library gives is not trusted to be JSON: everything after reads it as JSON.
  // (Zod's converter gives JSON.parse's output, which is JSON by construction.)
  const notJson = typeof generated === 'boolean' || zod !== undefined ? undefined : isPlainObject(generated) ? firstNonJson(generated) : { at: '', found: describeValue(generated) };
  if (notJson !== undefined || (isPlainObject(generated) && generated.$defs !== undefined && !isPlainObject(generated.$defs))) {
    const what = notJson === undefined ? `its \`$defs\` is ${describeValue((generated as Record<string, unknown>).$defs)}` : notJson.at === '' ? `it is ${notJson.found}` : `it holds ${notJson.found} at \`${notJson.at}\``;
    return {
      failure: (at) => diagnostic('BMR052', at, `this schema's JSON Schema (from \`~standard.jsonSchema.input\`) is not a JSON Schema document: ${what}.`, 'Use Zod 4.2 or later, or fix the library so that it returns a JSON Schema object.'),
    };
  }
  if (typeof generated === 'boolean') return { generated };
  const { $schema: _dialect, ...rest } = generated as Record<string, unknown>;
  return { generated: rest };
}

function defsOf(generated: unknown): Record<string, unknown> {
  return isPlainObject(generated) && isPlainObject(generated.$defs) ? generated.$defs : {};
}

/** The ids of the named Zod schemas that `generated` references as stand-ins (not in its own `$defs`). */
function zodReferences(generated: unknown, zod: ZodNamedSchemas): string[] {
  const own = defsOf(generated);
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(defsPrefix)) {
        const id = decodePointerSegment(child.slice(defsPrefix.length));
        if (!Object.hasOwn(own, id) && zod.named(id) !== undefined && zodDefsRef(id) === child) found.push(id);
      } else {
        visit(child);
      }
    }
  };
  visit(generated);
  return found;
}

/** The JSON Schema of named schema `id` as Zod gave it (the body under its own `$defs` key). */
function namedBody(named: NamedConversion | Failure | undefined, id: string): Record<string, unknown> | undefined {
  if (named === undefined || 'failure' in named) return undefined;
  const body = defsOf(named.generated)[id];
  return isPlainObject(body) ? body : undefined;
}

/**
 * Where a schema derived from a named one (\`Invoice.describe('…')\`) sits beside its \`$ref\`, Zod keeps
 * only what the named schema does not already say; with the named schema standing in, that is done
 * here, against the named schema's own JSON Schema.
 */
function dedupeStandIns(value: unknown, bodyOf: (id: string) => Record<string, unknown> | undefined): unknown {
  if (Array.isArray(value)) {
    for (const item of value) dedupeStandIns(item, bodyOf);
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const node = value as Record<string, unknown>;
  // Innermost first: what sits beside a `$ref` is compared once its own derived parts are reduced.
  for (const child of Object.values(node)) dedupeStandIns(child, bodyOf);
  const ref = node.$ref;
  if (typeof ref === 'string' && ref.startsWith(defsPrefix) && Object.keys(node).length > 1) {
    const body = bodyOf(decodePointerSegment(ref.slice(defsPrefix.length)));
    if (body !== undefined) {
      for (const key of Object.keys(node)) {
        if (key !== '$ref' && key !== 'allOf' && Object.hasOwn(body, key) && canonicalJson(node[key]) === canonicalJson(body[key])) delete node[key];
      }
    }
  }
  return value;
}

const defsPrefix = '#/$defs/';

function decodePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyJson) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyJson((value as Record<string, unknown>)[key]);
  return out as T;
}

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
