import { describe, expect, it } from 'vitest';
import { checkPointerInSchema, type JsonSchema, type PointerCheck, type RefResolver } from '../../src/runtime-expression/schema-pointer.ts';

const components: Record<string, JsonSchema> = {
  Invoice: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string' }, amount: { type: 'number' }, customer: { $ref: '#/components/schemas/Customer' }, lines: { type: 'array', items: { $ref: '#/components/schemas/Line' } } },
  },
  Customer: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string' } }, additionalProperties: false },
  Line: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer' } } },
  Node: { type: 'object', properties: { name: { type: 'string' }, next: { $ref: '#/components/schemas/Node' } } },
  LoopA: { $ref: '#/components/schemas/LoopB' },
  LoopB: { $ref: '#/components/schemas/LoopA' },
  Base: { type: 'object', properties: { id: { type: 'string' } } },
};
const resolveRef: RefResolver = (ref) => components[ref.replace('#/components/schemas/', '')];
const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const missing = (failedAt: number, available: string[]): PointerCheck => ({ ok: false, failedAt, available });
const ok: PointerCheck = { ok: true };

describe('checkPointerInSchema', () => {
  const cases: [string, { given: { schema: JsonSchema; tokens: string[] }; want: PointerCheck }][] = [
    ['no tokens always exist', { given: { schema: false, tokens: [] }, want: ok }],
    ['a property', { given: { schema: ref('Invoice'), tokens: ['id'] }, want: ok }],
    ['an optional property counts', { given: { schema: ref('Invoice'), tokens: ['amount'] }, want: ok }],
    ['a missing property, names sorted', { given: { schema: ref('Invoice'), tokens: ['idd'] }, want: missing(0, ['amount', 'customer', 'id', 'lines']) }],
    ['through two $refs', { given: { schema: ref('Invoice'), tokens: ['customer', 'email'] }, want: ok }],
    ['missing below a $ref', { given: { schema: ref('Invoice'), tokens: ['customer', 'phone'] }, want: missing(1, ['email', 'name']) }],
    ['an array item by index', { given: { schema: ref('Invoice'), tokens: ['lines', '0', 'sku'] }, want: ok }],
    ['an array needs a decimal index', { given: { schema: ref('Invoice'), tokens: ['lines', 'sku'] }, want: missing(1, []) }],
    ['- is not an index', { given: { schema: ref('Invoice'), tokens: ['lines', '-'] }, want: missing(1, []) }],
    ['a leading zero is not an index', { given: { schema: ref('Invoice'), tokens: ['lines', '01'] }, want: missing(1, []) }],
    ['a string has no fields', { given: { schema: ref('Invoice'), tokens: ['id', 'length'] }, want: missing(1, []) }],
    ['a recursive schema, deep', { given: { schema: ref('Node'), tokens: ['next', 'next', 'next', 'name'] }, want: ok }],
    ['a recursive schema, missing', { given: { schema: ref('Node'), tokens: ['next', 'next', 'nope'] }, want: missing(2, ['name', 'next']) }],
    ['a $ref cycle ends (and says nothing)', { given: { schema: ref('LoopA'), tokens: ['x'] }, want: ok }],
    ['an unresolvable $ref allows anything', { given: { schema: ref('Nowhere'), tokens: ['x', 'y'] }, want: ok }],
    ['true allows anything', { given: { schema: true, tokens: ['a', '0', 'b'] }, want: ok }],
    ['{} allows anything', { given: { schema: {}, tokens: ['a'] }, want: ok }],
    ['a free-form object allows anything', { given: { schema: { type: 'object' }, tokens: ['a', 'b'] }, want: ok }],
    ['false allows nothing', { given: { schema: false, tokens: ['a'] }, want: missing(0, []) }],
    ['properties without additionalProperties are strict', { given: { schema: { properties: { a: {} } }, tokens: ['b'] }, want: missing(0, ['a']) }],
    ['additionalProperties: true opens', { given: { schema: { properties: { a: {} }, additionalProperties: true }, tokens: ['b'] }, want: ok }],
    ['additionalProperties schema is followed', { given: { schema: { type: 'object', additionalProperties: ref('Customer') }, tokens: ['anyKey', 'name'] }, want: ok }],
    ['additionalProperties schema, missing below', { given: { schema: { type: 'object', additionalProperties: ref('Customer') }, tokens: ['anyKey', 'x'] }, want: missing(1, ['email', 'name']) }],
    ['patternProperties match', { given: { schema: { type: 'object', patternProperties: { '^x-': { type: 'string' } } }, tokens: ['x-trace'] }, want: ok }],
    ['patternProperties no match', { given: { schema: { type: 'object', patternProperties: { '^x-': { type: 'string' } } }, tokens: ['trace'] }, want: missing(0, []) }],
    ['unevaluatedProperties: false counts like additionalProperties', { given: { schema: { allOf: [ref('Base')], unevaluatedProperties: false }, tokens: ['id'] }, want: ok }],
    ['allOf: a property of any member', { given: { schema: { allOf: [ref('Base'), { type: 'object', properties: { extra: {} } }] }, tokens: ['extra'] }, want: ok }],
    ['allOf: the other member', { given: { schema: { allOf: [ref('Base'), { properties: { extra: {} } }] }, tokens: ['id'] }, want: ok }],
    ['allOf: a description-only member does not open it', { given: { schema: { allOf: [ref('Base'), { description: 'd' }] }, tokens: ['nope'] }, want: missing(0, ['id']) }],
    ['$ref with siblings', { given: { schema: { $ref: '#/components/schemas/Base', properties: { more: {} } }, tokens: ['more'] }, want: ok }],
    ['anyOf: in one branch', { given: { schema: { anyOf: [ref('Customer'), ref('Line')] }, tokens: ['qty'] }, want: ok }],
    ['oneOf: in no branch', { given: { schema: { oneOf: [ref('Customer'), ref('Line')] }, tokens: ['zip'] }, want: missing(0, ['email', 'name', 'qty', 'sku']) }],
    ['oneOf with null (3.1 style)', { given: { schema: { oneOf: [ref('Customer'), { type: 'null' }] }, tokens: ['name'] }, want: ok }],
    ["type: ['object', 'null']", { given: { schema: { type: ['object', 'null'], properties: { a: {} } }, tokens: ['a'] }, want: ok }],
    ["type: ['object', 'null'], missing", { given: { schema: { type: ['object', 'null'], properties: { a: {} } }, tokens: ['b'] }, want: missing(0, ['a']) }],
    ['nullable (3.0 style)', { given: { schema: { type: 'object', nullable: true, properties: { a: { type: 'object', nullable: true, properties: { b: {} } } } }, tokens: ['a', 'b'] }, want: ok }],
    ['prefixItems then items', { given: { schema: { type: 'array', prefixItems: [{ properties: { first: {} } }], items: { properties: { rest: {} } } }, tokens: ['1', 'rest'] }, want: ok }],
    ['prefixItems first element', { given: { schema: { type: 'array', prefixItems: [{ properties: { first: {} } }], items: false }, tokens: ['0', 'first'] }, want: ok }],
    ['items: false after prefixItems', { given: { schema: { type: 'array', prefixItems: [{}], items: false }, tokens: ['1'] }, want: missing(0, []) }],
    ['an array without items allows any index', { given: { schema: { type: 'array' }, tokens: ['3', 'x'] }, want: ok }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(checkPointerInSchema(given.schema, given.tokens, resolveRef)).toEqual(want);
  });

  it('resolves a $ref once per level: a cycle stops, a recursive schema goes on', () => {
    const calls: string[] = [];
    const counting: RefResolver = (r) => {
      calls.push(r.replace('#/components/schemas/', ''));
      return resolveRef(r);
    };
    expect(checkPointerInSchema(ref('LoopA'), ['x'], counting)).toEqual(ok);
    expect(calls).toEqual(['LoopA', 'LoopB']);
    calls.length = 0;
    expect(checkPointerInSchema(ref('Node'), ['next', 'next', 'name'], counting)).toEqual(ok);
    expect(calls).toEqual(['Node', 'Node', 'Node']);
  });
});
