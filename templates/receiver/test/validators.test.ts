/**
 * The generated validators (one compiled function per named schema, shared by every use) accept and
 * reject exactly what Ajv does with each route's self-contained schema, as the receiver validated
 * before: the same issues, in the same order, and the same coerced values. Random values, drawn near
 * each schema, are checked against both.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleSchema, type JsonSchema } from '@boomerang/core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { validationIssues, type CompiledValidator } from '../runtime/validation.ts';
import { compileValidators, type SchemaToCompile } from '../view/validators.ts';
import { removeScratchDirs, scratchDir } from './support/generate-receiver.ts';
import { templateDir } from './support/paths.ts';

const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

afterAll(removeScratchDirs);

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const components: Record<string, JsonSchema> = {
  Address: { type: 'object', properties: { street: { type: 'string', minLength: 1 }, zip: { type: 'string', pattern: '^\\d{5}$' } }, required: ['street'], additionalProperties: false },
  Person: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      born: { type: 'string', format: 'date-time' },
      home: ref('Address'),
      zip: { $ref: '#/components/schemas/Address/properties/zip' },
      tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, uniqueItems: true },
      age: { type: 'integer', minimum: 0 },
      site: { type: 'string', format: 'uri' },
    },
    required: ['id', 'home'],
  },
  Tree: { type: 'object', properties: { label: { type: 'string' }, children: { type: 'array', items: ref('Tree') } }, required: ['label'] },
  Ping: { type: 'object', properties: { pong: ref('Pong') } },
  Pong: { type: 'object', properties: { ping: ref('Ping'), n: { type: 'number' } }, required: ['n'] },
  Anything: true,
  Circle: { type: 'object', properties: { kind: { const: 'circle' }, r: { type: 'number', exclusiveMinimum: 0 } }, required: ['kind', 'r'] },
  Square: { type: 'object', properties: { kind: { const: 'square' }, side: { type: 'integer' } }, required: ['kind', 'side'] },
  Shape: { oneOf: [ref('Circle'), ref('Square')] },
  Labelled: { allOf: [ref('Address')], properties: { label: { type: 'string' } }, unevaluatedProperties: false },
  Nullable: { anyOf: [ref('Tree'), { type: 'null' }] },
  Limit: { type: 'integer', minimum: 1, maximum: 100 },
};

const routes: SchemaToCompile[] = [
  { name: 'route0Body', schema: ref('Person'), coerce: false, owner: 'person' },
  { name: 'route1Body', schema: ref('Tree'), coerce: false, owner: 'tree' },
  { name: 'route2Body', schema: ref('Ping'), coerce: false, owner: 'ping' },
  { name: 'route3Body', schema: ref('Anything'), coerce: false, owner: 'anything' },
  { name: 'route4Body', schema: ref('Shape'), coerce: false, owner: 'shape' },
  { name: 'route5Body', schema: { type: 'array', items: ref('Person'), maxItems: 3 }, coerce: false, owner: 'people' },
  { name: 'route5Response200', schema: ref('Person'), coerce: false, owner: 'person again' },
  { name: 'route6Body', schema: ref('Labelled'), coerce: false, owner: 'labelled' },
  { name: 'route7Body', schema: ref('Nullable'), coerce: false, owner: 'nullable' },
  { name: 'route8Body', schema: { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] }, coerce: false, owner: 'inline' },
  { name: 'route9Body', schema: { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] }, coerce: false, owner: 'inline again' },
  {
    name: 'route10Query',
    schema: { type: 'object', properties: { limit: ref('Limit'), zip: { type: 'string', pattern: '^\\d{5}$' }, flag: { type: 'boolean' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['limit'] },
    coerce: true,
    owner: 'query',
  },
  { name: 'route10Headers', schema: { type: 'object', properties: { 'x-count': { type: 'number' } } }, coerce: true, owner: 'headers' },
  { name: 'route11Body', schema: ref('Circle'), coerce: true, owner: 'form' },
];

/** What the receiver did before: Ajv, each route's schema bundled with the named schemas it reaches. */
function referenceValidator(route: SchemaToCompile): CompiledValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false, ...(route.coerce ? { coerceTypes: 'array' as const } : {}) });
  addFormats(ajv);
  const bundled = bundleSchema(route.schema, components);
  return ajv.compile(bundled === true ? {} : bundled === false ? { not: {} } : bundled) as unknown as CompiledValidator;
}

async function generatedValidators(): Promise<{ code: string; module: Record<string, CompiledValidator> }> {
  const compiled = compileValidators(routes, components);
  const dir = scratchDir('validators');
  const imports = compiled.imports.length > 0 ? `import { ${compiled.imports.join(', ')} } from './ajv-runtime.js';\n` : '';
  writeFileSync(join(dir, 'validators.js'), `${imports}${compiled.code}\n`);
  copyFileSync(join(templateDir, 'runtime/ajv-runtime.ts'), join(dir, 'ajv-runtime.ts'));
  return { code: compiled.code, module: (await import(pathToFileURL(join(dir, 'validators.js')).href)) as Record<string, CompiledValidator> };
}

/** Values near `schema`: mostly of its shape, with missing, extra and wrongly typed parts. */
function near(schema: JsonSchema, coerce: boolean, depth = 0): fc.Arbitrary<unknown> {
  const wild = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -5, max: 200 }),
    fc.double({ noNaN: true }),
    fc.constantFrom('', 'x', '1', '2.5', 'true', 'false', '12345', '2024-02-29T12:00:00Z', 'https://example.com/a', 'circle', 'a'),
    fc.constant([]),
    fc.constant({}),
  );
  if (typeof schema === 'boolean' || depth > 4) return wild;
  const s = schema as Record<string, unknown>;
  const options: fc.Arbitrary<unknown>[] = [];
  if (typeof s.$ref === 'string') {
    const pointer = (s.$ref as string).slice('#/components/schemas/'.length).split('/');
    let target: unknown = components[pointer[0]!];
    for (const part of pointer.slice(1)) target = (target as Record<string, unknown>)[part];
    options.push(near(target as JsonSchema, coerce, depth + 1));
  }
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) if (Array.isArray(s[key])) options.push(...(s[key] as JsonSchema[]).map((sub) => near(sub, coerce, depth + 1)));
  if (s.const !== undefined) options.push(fc.constant(s.const));
  if (Array.isArray(s.enum)) options.push(fc.constantFrom(...(s.enum as unknown[])));
  if (s.properties !== undefined) {
    const properties = s.properties as Record<string, JsonSchema>;
    const model = Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, near(sub, coerce, depth + 1)]));
    const required = ((s.required as string[] | undefined) ?? []).filter((name) => name in properties);
    const record = fc.oneof(fc.record(model, { requiredKeys: required }), fc.record(model, { requiredKeys: [] }));
    options.push(fc.tuple(record, fc.option(fc.oneof(fc.constant('extra'), fc.constant('street'), fc.constant('a/b~c')))).map(([value, extra]) => (extra === null ? value : { ...value, [extra]: 'x' })));
  }
  if (s.items !== undefined) options.push(fc.array(near(s.items as JsonSchema, coerce, depth + 1), { maxLength: 4 }));
  if (s.type === 'integer' || s.type === 'number') options.push(fc.integer({ min: -3, max: 120 }), ...(coerce ? [fc.integer({ min: -3, max: 120 }).map(String)] : []));
  if (s.type === 'boolean' && coerce) options.push(fc.constantFrom('true', 'false', 'yes'));
  if (s.type === 'string') options.push(fc.string({ maxLength: 6 }));
  return options.length === 0 ? wild : fc.oneof({ weight: 5, arbitrary: fc.oneof(...options) }, { weight: 1, arbitrary: wild });
}

describe('the generated validators', async () => {
  const { code, module } = await generatedValidators();

  it('compile each named schema once per coercion mode, however many routes use it', () => {
    const strict = code.slice(0, code.indexOf('const coercing'));
    for (const name of ['Person', 'Address', 'Tree', 'Ping', 'Pong', 'Circle', 'Labelled']) expect([name, strict.split(`sourceURL="urn:boomerang:schema:${name}"`).length - 1]).toEqual([name, 1]);
    // Two uses of Person, two of one inline schema: one function each.
    expect(module.route0Body).toBe(module.route5Response200);
    expect(module.route8Body).toBe(module.route9Body);
  });

  it.each(routes.map((route) => [route.name, route] as const))('%s finds what Ajv finds in the bundled schema', (_name, route) => {
    const reference = referenceValidator(route);
    const generated = module[route.name]!;
    fc.assert(
      fc.property(near(route.schema, route.coerce), (value) => {
        const theirs = structuredClone(value);
        const ours = structuredClone(value);
        expect(validationIssues(generated, ours)).toEqual(validationIssues(reference, theirs));
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 400 },
    );
  });
});
