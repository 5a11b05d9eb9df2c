import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonSchemaToOas30, type JsonSchema } from '../../src/schema/json-schema-to-oas30.ts';
import { validateAgainstOfficialSchema } from '../../../../tools/judges/openapi-schema.ts';

interface Case {
  readonly given: JsonSchema;
  readonly want: Record<string, unknown>;
  /** JSON Pointers of the issues, in order; none when absent. */
  readonly issues?: readonly string[];
}

const user = { $ref: '#/components/schemas/User' };

const cases: [string, Case][] = [
  // Document keywords and booleans
  ['drops $schema, $id, $comment, $anchor', { given: { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'x', $comment: 'c', $anchor: 'a', type: 'string' }, want: { type: 'string' } }],
  ['true becomes {}', { given: true, want: {} }],
  ['false becomes { not: {} }', { given: false, want: { not: {} } }],
  ['boolean subschemas inside properties and allOf', { given: { properties: { any: true, none: false }, allOf: [true] }, want: { properties: { any: {}, none: { not: {} } }, allOf: [{}] } }],
  ['additionalProperties: false stays a boolean (3.0 allows it)', { given: { type: 'object', additionalProperties: false }, want: { type: 'object', additionalProperties: false } }],
  ['additionalProperties schema is converted', { given: { additionalProperties: { type: ['integer', 'null'] } }, want: { additionalProperties: { type: 'integer', nullable: true } } }],

  // type
  ['type [T, null] becomes nullable', { given: { type: ['string', 'null'], minLength: 1 }, want: { type: 'string', nullable: true, minLength: 1 } }],
  ['type [null, T] in either order', { given: { type: ['null', 'integer'] }, want: { type: 'integer', nullable: true } }],
  ['type [A, B] becomes anyOf', { given: { type: ['string', 'number'] }, want: { anyOf: [{ type: 'string' }, { type: 'number' }] } }],
  ['type [A, B, null] becomes nullable anyOf', { given: { type: ['string', 'number', 'null'] }, want: { anyOf: [{ type: 'string' }, { type: 'number' }], nullable: true } }],
  ['type [A, B] beside an anyOf of its own: both hold, through allOf', {
    given: { type: ['string', 'number'], anyOf: [{ minimum: 1 }, { minLength: 2 }] },
    want: { allOf: [{ anyOf: [{ type: 'string' }, { type: 'number' }] }], anyOf: [{ minimum: 1 }, { minLength: 2 }] },
  }],
  ['a single-element type list', { given: { type: ['boolean'] }, want: { type: 'boolean' } }],
  ["type 'null' alone", { given: { type: 'null' }, want: { nullable: true, enum: [null] } }],
  ["type 'null' with const null (z.null())", { given: { type: 'null', const: null }, want: { nullable: true, enum: [null] } }],

  // const, enum, examples
  ['const becomes a one-value enum', { given: { type: 'string', const: 'paid' }, want: { type: 'string', enum: ['paid'] } }],
  ['const wins over enum', { given: { enum: ['a', 'b'], const: 'a' }, want: { enum: ['a'] } }],
  ['enum is kept', { given: { type: 'string', enum: ['a', 'b'] }, want: { type: 'string', enum: ['a', 'b'] } }],
  ['examples becomes the first example', { given: { type: 'integer', examples: [3, 4] }, want: { type: 'integer', example: 3 } }],
  ['an explicit example wins over examples', { given: { example: 1, examples: [2] }, want: { example: 1 } }],
  ['empty examples say nothing', { given: { type: 'string', examples: [] }, want: { type: 'string' } }],

  // anyOf / oneOf with null
  ['anyOf [$ref, null] keeps siblings, $ref moves into allOf', {
    given: { description: 'the payer', anyOf: [user, { type: 'null' }] },
    want: { description: 'the payer', allOf: [user], nullable: true },
  }],
  ['anyOf [inline, null] collapses in place', {
    given: { title: 'Note', anyOf: [{ type: 'string', maxLength: 200 }, { type: 'null' }], default: null },
    want: { title: 'Note', type: 'string', maxLength: 200, nullable: true, default: null },
  }],
  ['oneOf [A, B, null] keeps the rest, nullable', {
    given: { oneOf: [{ type: 'string' }, { type: 'null' }, user] },
    want: { oneOf: [{ type: 'string' }, user], nullable: true },
  }],
  ['a branch that clashes with a sibling goes into allOf', {
    given: { description: 'outer', anyOf: [{ type: 'string', description: 'inner' }, { type: 'null' }] },
    want: { description: 'outer', allOf: [{ type: 'string', description: 'inner' }], nullable: true },
  }],
  ['anyOf of null alone', { given: { anyOf: [{ type: 'null' }] }, want: { nullable: true, enum: [null] } }],
  ['a null branch under a type that excludes null is simply dropped', {
    given: { type: 'object', anyOf: [{ required: ['a'] }, { type: 'null' }] },
    want: { type: 'object', required: ['a'] },
  }],
  ['anyOf without null is converted branch by branch', {
    given: { anyOf: [{ type: ['string', 'null'] }, { const: 1 }] },
    want: { anyOf: [{ type: 'string', nullable: true }, { enum: [1] }] },
  }],

  // Numeric bounds
  ['exclusiveMinimum: n', { given: { type: 'number', exclusiveMinimum: 0 }, want: { type: 'number', minimum: 0, exclusiveMinimum: true } }],
  ['exclusiveMaximum: n', { given: { type: 'number', exclusiveMaximum: 10 }, want: { type: 'number', maximum: 10, exclusiveMaximum: true } }],
  ['a stricter inclusive minimum wins', { given: { minimum: 5, exclusiveMinimum: 3 }, want: { minimum: 5 } }],
  ['a stricter exclusive minimum wins', { given: { minimum: 3, exclusiveMinimum: 3 }, want: { minimum: 3, exclusiveMinimum: true } }],
  ['a stricter exclusive maximum wins', { given: { exclusiveMaximum: 9, maximum: 10 }, want: { maximum: 9, exclusiveMaximum: true } }],
  ['plain bounds are kept', { given: { type: 'integer', minimum: 1, maximum: 9 }, want: { type: 'integer', minimum: 1, maximum: 9 } }],

  // $ref
  ['$ref alone stays', { given: user, want: user }],
  ['$ref with siblings moves into allOf', { given: { $ref: '#/components/schemas/User', description: 'd', readOnly: true }, want: { allOf: [user], description: 'd', readOnly: true } }],
  ['$ref joins an existing allOf', {
    given: { $ref: '#/components/schemas/User', allOf: [{ required: ['id'] }] },
    want: { allOf: [user, { required: ['id'] }] },
  }],

  // Arrays
  ['items is converted', { given: { type: 'array', items: { const: 1 } }, want: { type: 'array', items: { enum: [1] } } }],
  ['items: true becomes {}', { given: { type: 'array', items: true }, want: { type: 'array', items: {} } }],
  ['items: false alone is dropped', { given: { type: 'array', items: false }, want: { type: 'array' } }],
  ['a closed tuple becomes items: anyOf', {
    given: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false, minItems: 2, maxItems: 2 },
    want: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] }, minItems: 2, maxItems: 2 },
    issues: ['/prefixItems'],
  }],
  ['a tuple with rest items adds them to the anyOf', {
    given: { type: 'array', items: { type: 'boolean' }, prefixItems: [{ type: 'string' }], minItems: 1 },
    want: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'boolean' }] }, minItems: 1 },
    issues: ['/prefixItems'],
  }],
  ['a one-member tuple needs no anyOf', { given: { prefixItems: [{ type: 'string' }], items: false }, want: { items: { type: 'string' } }, issues: ['/prefixItems'] }],

  // Content
  ['base64 content becomes format: byte (z.base64())', {
    given: { type: 'string', format: 'base64', contentEncoding: 'base64', pattern: '^[A-Za-z0-9+/=]*$' },
    want: { type: 'string', format: 'byte', pattern: '^[A-Za-z0-9+/=]*$' },
  }],
  ['contentEncoding base64 alone', { given: { type: 'string', contentEncoding: 'base64' }, want: { type: 'string', format: 'byte' } }],
  ['a binary media type in a string becomes format: binary', { given: { type: 'string', contentMediaType: 'image/png' }, want: { type: 'string', format: 'binary' } }],
  ['z.file(): identity encoding and binary media type', {
    given: { type: 'string', format: 'binary', contentEncoding: 'binary', contentMediaType: 'image/png' },
    want: { type: 'string', format: 'binary' },
  }],
  ['a textual media type cannot be said', { given: { type: 'string', contentMediaType: 'application/json' }, want: { type: 'string' }, issues: ['/contentMediaType'] }],
  ['the media type of base64 content cannot be said', {
    given: { type: 'string', contentEncoding: 'base64', contentMediaType: 'image/png' },
    want: { type: 'string', format: 'byte' },
    issues: ['/contentMediaType'],
  }],
  ['other encodings cannot be said', { given: { type: 'string', contentEncoding: 'quoted-printable' }, want: { type: 'string' }, issues: ['/contentEncoding'] }],

  // What 3.0 cannot say
  ['dependentRequired', { given: { type: 'object', dependentRequired: { a: ['b'] } }, want: { type: 'object' }, issues: ['/dependentRequired'] }],
  ['dependentSchemas', { given: { dependentSchemas: { a: { required: ['b'] } } }, want: {}, issues: ['/dependentSchemas'] }],
  ['if/then/else, one issue each', { given: { if: { type: 'string' }, then: { minLength: 1 }, else: { minimum: 0 } }, want: {}, issues: ['/if', '/then', '/else'] }],
  ['unevaluatedProperties', { given: { type: 'object', unevaluatedProperties: false }, want: { type: 'object' }, issues: ['/unevaluatedProperties'] }],
  ['propertyNames (z.record)', {
    given: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: { type: 'number' } },
    want: { type: 'object', additionalProperties: { type: 'number' } },
    issues: ['/propertyNames'],
  }],
  ['contains', { given: { type: 'array', contains: { const: 1 }, minContains: 2 }, want: { type: 'array' }, issues: ['/contains', '/minContains'] }],
  ['patternProperties', { given: { patternProperties: { '^x': { type: 'string' } } }, want: {}, issues: ['/patternProperties'] }],
  ['$defs', { given: { $defs: { A: { type: 'string' } }, type: 'object' }, want: { type: 'object' }, issues: ['/$defs'] }],
  ['$dynamicRef', { given: { $dynamicRef: '#meta' }, want: {}, issues: ['/$dynamicRef'] }],

  // Extensions, unknown keys, recursion, pointers
  ['x-* extensions are kept as they are', { given: { type: 'string', 'x-order': { by: ['a'] } }, want: { type: 'string', 'x-order': { by: ['a'] } } }],
  ['unknown keywords are removed with an issue', { given: { type: 'string', units: 'cm' }, want: { type: 'string' }, issues: ['/units'] }],
  ['an empty required list is dropped (3.0 wants at least one name)', { given: { type: 'object', required: [] }, want: { type: 'object' } }],
  ['OAS keywords 3.0 shares are kept', {
    given: { discriminator: { propertyName: 'kind' }, xml: { name: 'a' }, externalDocs: { url: 'https://x.test' }, deprecated: true, writeOnly: true },
    want: { discriminator: { propertyName: 'kind' }, xml: { name: 'a' }, externalDocs: { url: 'https://x.test' }, deprecated: true, writeOnly: true },
  }],
  ['issues deep inside point at the keyword, with ~0 and ~1 escapes', {
    given: {
      properties: { 'a/b~c': { items: { allOf: [{ not: { if: true } }] } } },
      additionalProperties: { patternProperties: {} },
      oneOf: [{ anyOf: [{ contains: {} }] }],
    },
    want: { properties: { 'a/b~c': { items: { allOf: [{ not: {} }] } } }, additionalProperties: {}, oneOf: [{ anyOf: [{}] }] },
    issues: ['/properties/a~1b~0c/items/allOf/0/not/if', '/additionalProperties/patternProperties', '/oneOf/0/anyOf/0/contains'],
  }],
  ['the path of a collapsed branch names the branch', {
    given: { anyOf: [{ type: 'null' }, { type: 'string', if: {} }] },
    want: { type: 'string', nullable: true },
    issues: ['/anyOf/1/if'],
  }],
];

describe('jsonSchemaToOas30', () => {
  it.each(cases)('%s', (_name, { given, want, issues = [] }) => {
    const result = jsonSchemaToOas30(given);
    expect(result.schema).toEqual(want);
    expect(result.issues.map((issue) => issue.path)).toEqual(issues);
    for (const issue of result.issues) expect(issue.message).toMatch(/OpenAPI 3\.0|3\.0 has no/);
  });

  it('keeps the input key order, translated keys taking the place of their source', () => {
    const { schema } = jsonSchemaToOas30({
      description: 'd',
      const: 'a',
      type: ['string', 'null'],
      examples: ['a'],
      exclusiveMaximum: 5,
      title: 't',
      'x-z': 1,
    });
    expect(Object.keys(schema)).toEqual(['description', 'enum', 'type', 'nullable', 'example', 'maximum', 'exclusiveMaximum', 'title', 'x-z']);
  });

  it('is deterministic and never mutates or shares its input', () => {
    const given = {
      type: 'object',
      properties: { tags: { type: 'array', items: { const: { deep: [1] } }, default: [{ a: 1 }] }, n: { anyOf: [user, { type: 'null' }] } },
      'x-meta': { list: [1, 2] },
      if: { type: 'object' },
    };
    const frozen = deepFreeze(structuredClone(given));
    const first = jsonSchemaToOas30(frozen);
    expect(frozen).toEqual(given);
    expect(JSON.stringify(jsonSchemaToOas30(frozen))).toBe(JSON.stringify(first));
    // The output is free to change without touching the input.
    const out = first.schema as any;
    out.properties.tags.default[0].a = 2;
    out.properties.tags.items.enum[0].deep.push(2);
    out['x-meta'].list.push(3);
    out.properties.n.allOf[0].$ref = 'changed';
    expect(frozen).toEqual(given);
  });
});

describe('jsonSchemaToOas30 on real Zod 4 schemas', () => {
  const Customer = z.object({ id: z.string(), email: z.email() }).meta({ id: 'Customer' });
  const Invoice = z.object({
    id: z.string(),
    note: z.string().nullable(),
    memo: z.string().optional(),
    status: z.literal('open'),
    total: z.number().gt(0).lt(1_000_000),
    quantity: z.int().positive(),
    amountOrCode: z.union([z.number(), z.string()]),
    point: z.tuple([z.number(), z.number()]),
    labels: z.record(z.string(), z.string()),
    currency: z.enum(['EUR', 'USD']),
    payer: Customer.nullable(),
    event: z.discriminatedUnion('kind', [z.object({ kind: z.literal('paid'), at: z.iso.datetime() }), z.object({ kind: z.literal('voided') })]),
    attachment: z.base64().optional(),
  });

  /** What Boomerang's emitter gives the converter: 2020-12 JSON Schema with `$defs` lifted into components. */
  function lifted(schema: z.ZodType): { root: JsonSchema; components: Record<string, JsonSchema> } {
    const generated = schema['~standard'].jsonSchema.input({ target: 'draft-2020-12' });
    const text = JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/');
    const { $schema: _dialect, $defs = {}, ...root } = JSON.parse(text) as Record<string, unknown> & { $defs?: Record<string, JsonSchema> };
    return { root, components: $defs };
  }

  it('converts each feature as 3.0 says it', () => {
    const { root, components } = lifted(Invoice);
    const { schema, issues } = jsonSchemaToOas30(root);
    const properties = (schema as { properties: Record<string, unknown> }).properties;
    expect(properties['note']).toEqual({ type: 'string', nullable: true });
    expect((schema as { required: string[] }).required).not.toContain('memo');
    expect(properties['memo']).toEqual({ type: 'string' });
    expect(properties['status']).toEqual({ type: 'string', enum: ['open'] });
    expect(properties['total']).toEqual({ type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1_000_000, exclusiveMaximum: true });
    expect(properties['quantity']).toEqual({ type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: Number.MAX_SAFE_INTEGER });
    expect(properties['amountOrCode']).toEqual({ anyOf: [{ type: 'number' }, { type: 'string' }] });
    expect(properties['point']).toEqual({ type: 'array', items: { anyOf: [{ type: 'number' }, { type: 'number' }] }, minItems: 2, maxItems: 2 });
    expect(properties['labels']).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
    expect(properties['currency']).toEqual({ type: 'string', enum: ['EUR', 'USD'] });
    expect(properties['payer']).toEqual({ allOf: [{ $ref: '#/components/schemas/Customer' }], nullable: true });
    expect(properties['event']).toEqual({
      oneOf: [
        { type: 'object', properties: { kind: { type: 'string', enum: ['paid'] }, at: expect.objectContaining({ type: 'string', format: 'date-time' }) }, required: ['kind', 'at'] },
        { type: 'object', properties: { kind: { type: 'string', enum: ['voided'] } }, required: ['kind'] },
      ],
    });
    expect(properties['attachment']).toEqual(expect.objectContaining({ type: 'string', format: 'byte' }));
    expect(issues.map((issue) => issue.path)).toEqual(['/properties/point/prefixItems', '/properties/labels/propertyNames']);
    expect(Object.keys(components)).toEqual(['Customer']);
  });

  it('gives Schema Objects that the official OpenAPI 3.0 schema accepts, where the 2020-12 originals fail', async () => {
    const { root, components } = lifted(Invoice);
    const document = (toSchema: (schema: JsonSchema) => unknown) => ({
      openapi: '3.0.3',
      info: { title: 'Invoices', version: '1.0.0' },
      paths: {
        '/invoices': {
          post: {
            requestBody: { content: { 'application/json': { schema: toSchema(root) } } },
            responses: { '201': { description: 'Created.', content: { 'application/json': { schema: toSchema({ type: ['array', 'null'], items: { $ref: '#/components/schemas/Customer' } }) } } } },
          },
        },
      },
      components: { schemas: Object.fromEntries(Object.entries(components).map(([name, schema]) => [name, toSchema(schema)])) },
    });

    expect(await validateAgainstOfficialSchema(document((schema) => jsonSchemaToOas30(schema).schema))).toEqual({ valid: true, errors: [] });
    const unconverted = await validateAgainstOfficialSchema(document((schema) => schema));
    expect(unconverted.valid).toBe(false);
    expect(unconverted.errors).toContainEqual(expect.stringContaining('/properties/note/type = [array of 2]: enum'));
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
