/**
 * The receiver's validators, compiled at generation time into plain JavaScript by Ajv's standalone code
 * generator, so the generated package needs neither Ajv nor a compile step at startup.
 *
 * Each named schema (`#/components/schemas/X`) is added to Ajv once, under an `$id` of its own, and every
 * reference to it becomes a call of its one compiled function: the code grows with the named schemas,
 * not with their uses times what they reference. A route whose schema is a bare reference exports that
 * function itself; routes with the same schema share one.
 *
 * Ajv's ESM output still `require`s a few run-time helpers; they are pointed at ajv-runtime.ts, which
 * inlines them, and any other `require` fails the generation rather than ship a module that cannot load.
 * @see https://ajv.js.org/standalone.html
 */
import { CodegenError } from '@boomerang/codegen';
import type { JsonSchema } from '@boomerang/core';
import { Ajv2020, _ } from 'ajv/dist/2020.js';
import standaloneModule from 'ajv/dist/standalone/index.js';
import addFormatsModule from 'ajv-formats';

// Both are CommonJS: under Node's ESM loader the default import is the function itself, while
// TypeScript's view of it (NodeNext) is the module object with the function as `default`.
const standaloneCode = ((standaloneModule as { default?: unknown }).default ?? standaloneModule) as unknown as (ajv: Ajv2020, refs: Record<string, string>) => string;
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

export interface SchemaToCompile {
  /** The exported name, an identifier: `route0Body`. */
  readonly name: string;
  /** JSON Schema 2020-12 as the model has it: named schemas are `#/components/schemas/X` references. */
  readonly schema: JsonSchema;
  /** Coerce strings to the schema's types (query, headers, forms: text on the wire); JSON bodies are not coerced. */
  readonly coerce: boolean;
  /** For messages: what the schema belongs to. */
  readonly owner: string;
}

export interface CompiledValidators {
  /** The module's body after its imports: one scope per Ajv instance, then the exports. */
  readonly code: string;
  readonly names: readonly string[];
  /** The helpers of ajv-runtime.ts the code calls. */
  readonly imports: readonly string[];
}

/** Ajv's run-time helpers, by the code Ajv's standalone output reaches them with. */
const runtimeHelpers: Readonly<Record<string, string>> = {
  'require("ajv/dist/runtime/ucs2length").default': 'ucs2length',
  'require("ajv/dist/runtime/equal").default': 'deepEqual',
};

const formatsName = 'formats';
const componentsPrefix = '#/components/schemas/';
/** The `$id` a named schema is added to Ajv under; component names are `[a-zA-Z0-9._-]+`, safe in a URN. */
const schemaId = (name: string) => `urn:boomerang:schema:${name}`;

/**
 * `schemas` by route, compiled against the API's named schemas (`components`). The exports keep the
 * order of `schemas`; each name is exported once.
 */
export function compileValidators(schemas: readonly SchemaToCompile[], components: Readonly<Record<string, JsonSchema>>): CompiledValidators {
  const blocks: string[] = [];
  const exportLines: string[] = [];
  const imports = new Set<string>();
  for (const coerce of [false, true]) {
    const group = schemas.filter((s) => s.coerce === coerce);
    if (group.length === 0) continue;
    const variable = coerce ? 'coercing' : 'strict';
    const { code, exports } = standalone(group, components, coerce);
    let body = withoutUnusedSchemaConstants(code.replace(/^"use strict";\n?/, ''));
    for (const [call, helper] of Object.entries(runtimeHelpers)) {
      if (body.includes(call)) {
        body = body.split(call).join(helper);
        imports.add(helper);
      }
    }
    const leftover = /require\(("[^"]*")\)/.exec(body);
    if (leftover) {
      throw new CodegenError(
        `the receiver's validators need ${leftover[1]} at run time, which the generated package does not include.`,
        'A schema uses a JSON Schema feature whose Ajv helper is not inlined in templates/receiver/runtime/ajv-runtime.ts; add it there and to runtimeHelpers in templates/receiver/view/validators.ts.',
      );
    }
    if (new RegExp(`\\b${formatsName}(\\.|\\[)`).test(body)) imports.add(formatsName);
    const functions = [...new Set(exports.map(([, fn]) => fn))];
    blocks.push(
      `// ${coerce ? 'Query, header and form values are text on the wire: these coerce them to the schema\'s types.' : 'JSON bodies, as sent: nothing is coerced.'}\n` +
        `const ${variable} = (() => {\n${body.trim()}\nreturn { ${functions.join(', ')} };\n})();`,
    );
    exportLines.push(...exports.map(([name, fn]) => `export const ${name} = ${variable}.${fn};`));
  }
  return { code: [...blocks, '', ...exportLines].join('\n'), names: schemas.map((s) => s.name), imports: [...imports].sort() };
}

/**
 * One Ajv instance for the group: the named schemas it reaches, each under its `$id`, and each distinct
 * route schema that is more than a reference. Returns the code and `[export, function]` pairs.
 */
function standalone(group: readonly SchemaToCompile[], components: Readonly<Record<string, JsonSchema>>, coerce: boolean): { code: string; exports: [string, string][] } {
  const ajv = new Ajv2020({
    allErrors: true,
    // OpenAPI schemas carry keywords JSON Schema does not know (example, discriminator, xml, x-*).
    strict: false,
    logger: false,
    // A reference is a call of the named schema's one function, never a copy of its code.
    inlineRefs: false,
    ...(coerce ? { coerceTypes: 'array' as const } : {}),
    // The validators reach formats that are code (not regular expressions) through the module's `formats` import.
    code: { source: true, esm: true, lines: true, formats: _`formats` },
  });
  addFormats(ajv);
  const named = referencedNames(group.map((s) => s.schema), components);
  for (const name of [...named].sort()) {
    const schema = { ...asSchemaObject(withSchemaIds(components[name]!)), $id: schemaId(name) };
    addSchema(ajv, schema, undefined, `the named schema ${name}`);
  }
  // Each route's key for Ajv: a named schema's `$id`, or the first route name with that schema.
  const keys = new Map<string, string>();
  const keyOf = new Map<string, string>();
  for (const { name, schema, owner } of group) {
    const target = bareReference(schema);
    let key: string;
    if (target !== undefined && named.has(target)) key = schemaId(target);
    else {
      const text = JSON.stringify(schema);
      key = keys.get(text) ?? name;
      if (!keys.has(text)) {
        keys.set(text, name);
        addSchema(ajv, asSchemaObject(withSchemaIds(schema)), name, owner);
      }
    }
    keyOf.set(name, key);
  }
  // One export per key: Ajv's standalone code repeats a function that is exported twice.
  const refs: Record<string, string> = {};
  const exported = new Set<string>();
  for (const [name, key] of keyOf) {
    if (exported.has(key)) continue;
    exported.add(key);
    refs[name] = key;
  }
  let code: string;
  try {
    code = standaloneCode(ajv, refs);
  } catch (error) {
    const owner = group.find((s) => error instanceof Error && error.message.includes(s.name))?.owner ?? 'a callback or webhook';
    throw new CodegenError(`the schema of ${owner} could not be compiled into a validator: ${error instanceof Error ? error.message : String(error)}`);
  }
  const functionOf = new Map<string, string>();
  code = code.replace(/^export const ([A-Za-z_$][\w$]*) = ([A-Za-z_$][\w$]*);\n?/gm, (_line, name: string, fn: string) => {
    functionOf.set(keyOf.get(name)!, fn);
    return '';
  });
  return { code, exports: group.map(({ name }) => [name, functionOf.get(keyOf.get(name)!)!]) };
}

function addSchema(ajv: Ajv2020, schema: object, key: string | undefined, owner: string): void {
  try {
    ajv.addSchema(schema, key);
  } catch (error) {
    throw new CodegenError(`the schema of ${owner} is not valid JSON Schema 2020-12: ${error instanceof Error ? error.message : String(error)}`, 'Fix the schema in the definition; the OpenAPI document shows it as emitted.');
  }
}

/** A schema Ajv can take: booleans become their object forms. */
function asSchemaObject(schema: JsonSchema): Record<string, unknown> {
  if (schema === true) return {};
  if (schema === false) return { not: {} };
  return schema as Record<string, unknown>;
}

/** The named schema a schema is nothing but a reference to (`{ $ref: '#/components/schemas/X' }`). */
function bareReference(schema: JsonSchema): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const keys = Object.keys(schema);
  const ref = (schema as { $ref?: unknown }).$ref;
  if (keys.length !== 1 || typeof ref !== 'string' || !ref.startsWith(componentsPrefix)) return undefined;
  const name = ref.slice(componentsPrefix.length);
  return name.includes('/') ? undefined : name;
}

/** The named schemas `schemas` reference, transitively. */
function referencedNames(schemas: readonly JsonSchema[], components: Readonly<Record<string, JsonSchema>>): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(componentsPrefix)) {
        const name = child.slice(componentsPrefix.length).split('/')[0]!;
        if (!names.has(name) && Object.hasOwn(components, name)) {
          names.add(name);
          visit(components[name]);
        }
      } else visit(child);
    }
  };
  schemas.forEach(visit);
  return names;
}

/** `#/components/schemas/X[/pointer]` references become `urn:boomerang:schema:X[#/pointer]`. */
function withSchemaIds(value: JsonSchema): JsonSchema {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, child]) => {
        if (key !== '$ref' || typeof child !== 'string' || !child.startsWith(componentsPrefix)) return [key, rewrite(child)];
        const rest = child.slice(componentsPrefix.length);
        const slash = rest.indexOf('/');
        return [key, slash < 0 ? schemaId(rest) : `${schemaId(rest.slice(0, slash))}#${rest.slice(slash)}`];
      }),
    );
  };
  return rewrite(value) as JsonSchema;
}

/**
 * Ajv's standalone code declares a constant for every schema it compiled (`const schema12 = {…}`),
 * used only where an error or a keyword needs the schema itself: the others are dropped.
 */
function withoutUnusedSchemaConstants(code: string): string {
  const uses = new Map<string, number>();
  for (const [name] of code.matchAll(/\bschema\d+\b/g)) uses.set(name, (uses.get(name) ?? 0) + 1);
  // A constant named only where it is declared is used nowhere.
  return code.replace(/^const (schema\d+) = .*\n/gm, (line, name: string) => (uses.get(name) === 1 ? '' : line));
}
