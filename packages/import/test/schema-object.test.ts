/**
 * Schema Object → Zod source, table-driven: [name, { given, version, want }]. `want` is the source
 * the importer prints; each row is also run (the source evaluated with Zod 4) and converted back
 * to JSON Schema, which must mean what `given` says (see support/round-trip.ts's normalisation).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Finding } from '../src/findings.ts';
import type { ImportContext, SourceVersion } from '../src/import-context.ts';
import { schemaObject } from '../src/schema-object.ts';
import { normaliseSchemaForTest } from './support/round-trip.ts';

function context(version: SourceVersion = '3.1'): ImportContext {
  return {
    document: {},
    version,
    schemaIdentifiers: new Map(),
    componentIdentifiers: new Map(),
    lazySchemas: new Set(),
    usedComponents: new Set(),
    components: new Map(),
    imports: new Set(),
    securitySchemes: {},
    operations: new Map(),
    findings: [] as Finding[],
  };
}

const cases: [string, { given: Record<string, unknown>; version?: SourceVersion; want: string }][] = [
  ['string with bounds and pattern', { given: { type: 'string', minLength: 1, maxLength: 8, pattern: '^[a-z]+$' }, want: "z.string().min(1).max(8).regex(new RegExp('^[a-z]+$'))" }],
  ['email', { given: { type: 'string', format: 'email' }, want: 'z.email()' }],
  ['uri', { given: { type: 'string', format: 'uri' }, want: 'z.url()' }],
  ['uuid', { given: { type: 'string', format: 'uuid' }, want: 'z.uuid()' }],
  ['date-time', { given: { type: 'string', format: 'date-time' }, want: 'z.iso.datetime({ offset: true })' }],
  ['date', { given: { type: 'string', format: 'date' }, want: 'z.iso.date()' }],
  ['a format Zod does not check is documented', { given: { type: 'string', format: 'binary' }, want: "z.string().meta({ format: 'binary' })" }],
  ['integer with bounds (3.1 exclusive bound is a number)', { given: { type: 'integer', exclusiveMinimum: 0, maximum: 10 }, want: 'z.int().gt(0).max(10)' }],
  ['number with 3.0 boolean exclusive bounds', { version: '3.0', given: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true }, want: 'z.number().gt(0).lt(1)' }],
  ['multipleOf', { given: { type: 'number', multipleOf: 0.5 }, want: 'z.number().multipleOf(0.5)' }],
  ['boolean', { given: { type: 'boolean' }, want: 'z.boolean()' }],
  ['string enum', { given: { type: 'string', enum: ['a', 'b'] }, want: "z.enum(['a', 'b'])" }],
  ['numeric enum', { given: { enum: [1, 2] }, want: 'z.literal([1, 2])' }],
  ['const', { given: { const: 'fixed' }, want: "z.literal('fixed')" }],
  ['3.0 nullable', { version: '3.0', given: { type: 'string', nullable: true }, want: 'z.string().nullable()' }],
  ['3.1 type list with null', { given: { type: ['integer', 'null'] }, want: 'z.int().nullable()' }],
  ['type list of two types', { given: { type: ['string', 'number'] }, want: 'z.union([z.string(), z.number()])' }],
  ['array with bounds', { given: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 }, want: 'z.array(z.string()).min(1).max(3)' }],
  ['tuple (prefixItems)', { given: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false }, want: 'z.tuple([z.string(), z.number()])' }],
  ['object, required and optional', { given: { type: 'object', properties: { id: { type: 'string' }, n: { type: 'integer' } }, required: ['id'] }, want: 'z.object({\n  id: z.string(),\n  n: z.int().optional(),\n})' }],
  ['object without type', { given: { properties: { 'a-b': { type: 'string' } } }, want: "z.object({\n  'a-b': z.string().optional(),\n})" }],
  ['closed object', { given: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false }, want: 'z.strictObject({\n  a: z.string(),\n})' }],
  ['open object', { given: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: true }, want: 'z.looseObject({\n  a: z.string(),\n})' }],
  ['map', { given: { type: 'object', additionalProperties: { type: 'integer' } }, want: 'z.record(z.string(), z.int())' }],
  ['properties and a catchall', { given: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: { type: 'number' } }, want: 'z.object({\n  a: z.string(),\n}).catchall(z.number())' }],
  ['oneOf', { given: { oneOf: [{ type: 'string' }, { type: 'integer' }] }, want: 'z.xor([z.string(), z.int()])' }],
  ['anyOf', { given: { anyOf: [{ type: 'string' }, { type: 'boolean' }] }, want: 'z.union([z.string(), z.boolean()])' }],
  ['allOf', { given: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { type: 'object', properties: { b: { type: 'string' } }, required: ['b'] }] }, want: 'z.intersection(z.object({\n  a: z.string(),\n}), z.object({\n  b: z.string(),\n}))' }],
  ['annotations go into .meta()', { given: { type: 'string', description: 'A name', examples: ['Ada'], deprecated: true, readOnly: true }, want: "z.string().meta({ description: 'A name', examples: ['Ada'], deprecated: true, readOnly: true })" }],
  ['empty schema', { given: {}, want: 'z.unknown()' }],
];

describe('schemaObject', () => {
  it.each(cases)('%s', (_name, { given, version, want }) => {
    const ctx = context(version);
    const source = schemaObject(ctx, given, '/components/schemas/X');
    expect(source).toBe(want);
    expect(ctx.findings).toEqual([]);
    const schema = new Function('z', `return ${source};`)(z) as z.ZodType;
    const emitted = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
    delete emitted.$schema;
    expect(normaliseSchemaForTest(emitted)).toEqual(normaliseSchemaForTest(given));
  });

  it.each([
    ['not', { not: { type: 'string' } }, '/s/not', 'the JSON Schema keyword `not` has no Zod equivalent'],
    ['uniqueItems', { type: 'array', items: {}, uniqueItems: true }, '/s/uniqueItems', 'the JSON Schema keyword `uniqueItems` has no Zod equivalent'],
    ['patternProperties', { type: 'object', patternProperties: { '^x': {} } }, '/s/patternProperties', 'the JSON Schema keyword `patternProperties` has no Zod equivalent'],
    ['an enum of objects', { enum: [{ a: 1 }] }, '/s', 'an `enum` or `const` of objects or arrays has no Zod equivalent'],
    ['discriminator', { oneOf: [{ type: 'object' }], discriminator: { propertyName: 'kind' } }, '/s/discriminator', 'the discriminator on `kind` is not carried over'],
    ['a required name without its property', { type: 'object', properties: {}, required: ['gone'] }, '/s/required', '`gone` is required but not among the `properties`'],
  ])('reports %s by pointer', (_name, given, pointer, message) => {
    const ctx = context();
    schemaObject(ctx, given, '/s');
    expect(ctx.findings).toEqual([expect.objectContaining({ kind: 'not-carried', pointer, message: expect.stringContaining(message) })]);
  });
});
