import { describe, expect, it } from 'vitest';
import { compileJsonSchema } from '../src/json-schema-validator.ts';
import type { ValidationIssue } from '../src/validation-issue.ts';

const components = {
  Invoice: {
    type: 'object',
    required: ['id', 'total', 'lines'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', format: 'uuid' },
      total: { $ref: '#/components/schemas/Money' },
      lines: { type: 'array', items: { $ref: '#/components/schemas/Line' } },
      issuedAt: { type: 'string', format: 'date-time' },
    },
    example: { id: '00000000-0000-4000-8000-000000000000' },
  },
  Line: { type: 'object', required: ['amount'], properties: { amount: { $ref: '#/components/schemas/Money' } } },
  Money: {
    type: 'object',
    required: ['value', 'currency'],
    properties: { value: { type: 'integer', minimum: 0 }, currency: { $ref: '#/components/schemas/Currency' } },
  },
  Currency: { type: 'string', enum: ['EUR', 'USD'] },
};

const invoiceRef = { $ref: '#/components/schemas/Invoice' };
const valid = {
  id: '6f1c2a34-8b5d-4e6f-9a0b-1c2d3e4f5a6b',
  total: { value: 100, currency: 'EUR' },
  lines: [{ amount: { value: 100, currency: 'EUR' } }],
  issuedAt: '2024-05-01T10:00:00Z',
};

describe('compileJsonSchema', () => {
  const validate = compileJsonSchema(invoiceRef, components);

  const cases: [string, { given: unknown; want: ValidationIssue[] }][] = [
    ['a valid invoice', { given: valid, want: [] }],
    ['a missing property, at its own path', { given: { ...valid, id: undefined }, want: [{ path: '/id', message: "must have required property 'id'" }] }],
    [
      'an unexpected property, at its own path',
      { given: { ...valid, extra: 1 }, want: [{ path: '/extra', message: 'must NOT have additional properties' }] },
    ],
    ['a format (ajv-formats)', { given: { ...valid, id: 'not-a-uuid' }, want: [{ path: '/id', message: 'must match format "uuid"' }] }],
    ['a date-time format', { given: { ...valid, issuedAt: 'yesterday' }, want: [{ path: '/issuedAt', message: 'must match format "date-time"' }] }],
    [
      'refs three levels deep (Invoice → Line → Money → Currency)',
      { given: { ...valid, lines: [{ amount: { value: 1, currency: 'GBP' } }] }, want: [{ path: '/lines/0/amount/currency', message: 'must be equal to one of the allowed values' }] },
    ],
    [
      'every error, not only the first',
      {
        given: { ...valid, total: { value: -1 }, lines: 'none' },
        want: [
          { path: '/total/currency', message: "must have required property 'currency'" },
          { path: '/total/value', message: 'must be >= 0' },
          { path: '/lines', message: 'must be array' },
        ],
      },
    ],
    ['the wrong type at the root', { given: 'invoice', want: [{ path: '', message: 'must be object' }] }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    const json: unknown = JSON.parse(JSON.stringify(given));
    expect(validate(json)).toEqual(want);
  });

  it('resolves refs inside an inline schema, next to other keywords', () => {
    const list = compileJsonSchema({ type: 'object', properties: { items: { type: 'array', items: invoiceRef }, default: { $ref: '#/components/schemas/Currency' } } }, components);
    expect(list({ items: [valid], default: 'EUR' })).toEqual([]);
    expect(list({ items: [valid], default: 'GBP' })).toEqual([{ path: '/default', message: 'must be equal to one of the allowed values' }]);
  });

  it('leaves data keywords alone', () => {
    const schema = { const: { $ref: '#/components/schemas/Money' } };
    expect(compileJsonSchema(schema, components)({ $ref: '#/components/schemas/Money' })).toEqual([]);
  });

  it('works without components', () => {
    const check = compileJsonSchema({ type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] });
    expect(check({ ok: true })).toEqual([]);
    expect(check({ ok: 'yes' })).toEqual([{ path: '/ok', message: 'must be boolean' }]);
  });

  it('ignores OpenAPI keywords JSON Schema does not know', () => {
    const check = compileJsonSchema({ type: 'string', example: 'x', xml: { name: 'n' }, discriminator: { propertyName: 'k' }, 'x-internal': true });
    expect(check('a')).toEqual([]);
  });

  it('compiles each schema object once', () => {
    const schema = { type: 'integer' };
    expect(compileJsonSchema(schema, components)).toBe(compileJsonSchema(schema, components));
    expect(compileJsonSchema(schema)).toBe(compileJsonSchema(schema));
    expect(compileJsonSchema(schema)).not.toBe(compileJsonSchema({ type: 'integer' }));
  });

  it('accepts two schema objects with the same $id', () => {
    expect(() => {
      compileJsonSchema({ $id: 'https://example.test/thing', type: 'string' });
      compileJsonSchema({ $id: 'https://example.test/thing', type: 'string' });
    }).not.toThrow();
  });

  it('throws for a ref to a component that does not exist', () => {
    expect(() => compileJsonSchema({ $ref: '#/components/schemas/Nope' }, components)).toThrow(/Nope/);
  });

  it('supports recursive components', () => {
    const tree = { Node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Node' } }, name: { type: 'string' } } } };
    const check = compileJsonSchema({ $ref: '#/components/schemas/Node' }, tree);
    expect(check({ name: 'a', children: [{ name: 'b', children: [{ name: 3 }] }] })).toEqual([{ path: '/children/0/children/0/name', message: 'must be string' }]);
  });
});
