/**
 * The receiver's validators, compiled at generation time into plain JavaScript by Ajv's standalone code
 * generator, so the generated package needs neither Ajv nor a compile step at startup. Ajv's ESM output
 * still `require`s a few run-time helpers; they are pointed at ajv-runtime.ts, which inlines them, and
 * any other `require` fails the generation rather than ship a module that cannot load.
 * @see https://ajv.js.org/standalone.html
 */
import { CodegenError } from '@boomerang/codegen';
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
  /** Self-contained (bundled) JSON Schema 2020-12. */
  readonly schema: object | boolean;
  /** Coerce strings to the schema's types (query, headers, forms: text on the wire); JSON bodies are not coerced. */
  readonly coerce: boolean;
  /** For messages: what the schema belongs to. */
  readonly owner: string;
}

export interface CompiledValidators {
  /** The module's body after its imports: one scope per Ajv instance, then the typed exports. */
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

export function compileValidators(schemas: readonly SchemaToCompile[]): CompiledValidators {
  const blocks: string[] = [];
  const imports = new Set<string>();
  for (const coerce of [false, true]) {
    const group = schemas.filter((s) => s.coerce === coerce);
    if (group.length === 0) continue;
    const { code, exports } = standalone(group, coerce);
    let body = code.replace(/^"use strict";\n?/, '');
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
    const variable = coerce ? 'coercing' : 'strict';
    blocks.push(
      `// ${coerce ? 'Query, header and form values are text on the wire: these coerce them to the schema\'s types.' : 'JSON bodies, as sent: nothing is coerced.'}\n` +
        `const ${variable} = (() => {\n${body.trim()}\nreturn { ${exports.map(([name, fn]) => `${name}: ${fn}`).join(', ')} };\n})();`,
      ...exports.map(([name]) => `export const ${name}: CompiledValidator = ${variable}.${name};`),
    );
  }
  return { code: blocks.join('\n'), names: schemas.map((s) => s.name), imports: [...imports].sort() };
}

function standalone(group: readonly SchemaToCompile[], coerce: boolean): { code: string; exports: [string, string][] } {
  const ajv = new Ajv2020({
    allErrors: true,
    // OpenAPI schemas carry keywords JSON Schema does not know (example, discriminator, xml, x-*).
    strict: false,
    logger: false,
    ...(coerce ? { coerceTypes: 'array' as const } : {}),
    // The validators reach formats that are code (not regular expressions) through the module's `formats` import.
    code: { source: true, esm: true, lines: true, formats: _`formats` },
  });
  addFormats(ajv);
  for (const { name, schema, owner } of group) {
    try {
      ajv.addSchema(schema as object, name);
    } catch (error) {
      throw new CodegenError(`the schema of ${owner} is not valid JSON Schema 2020-12: ${error instanceof Error ? error.message : String(error)}`, 'Fix the schema in the definition; the OpenAPI document shows it as emitted.');
    }
  }
  let code: string;
  try {
    code = standaloneCode(ajv, Object.fromEntries(group.map((s) => [s.name, s.name])));
  } catch (error) {
    const owner = group.find((s) => error instanceof Error && error.message.includes(s.name))?.owner ?? 'a callback or webhook';
    throw new CodegenError(`the schema of ${owner} could not be compiled into a validator: ${error instanceof Error ? error.message : String(error)}`);
  }
  const exports: [string, string][] = [];
  code = code.replace(/^export const ([A-Za-z_$][\w$]*) = ([A-Za-z_$][\w$]*);\n?/gm, (_line, name: string, fn: string) => {
    exports.push([name, fn]);
    return '';
  });
  const order = new Map(group.map((s, i) => [s.name, i]));
  exports.sort((a, b) => order.get(a[0])! - order.get(b[0])!);
  return { code, exports };
}
