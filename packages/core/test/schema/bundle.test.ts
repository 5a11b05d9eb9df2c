import { bundleSchema, type JsonSchema } from '@boomerang/core';
import { describe, expect, it } from 'vitest';

const components = {
  Invoice: { type: 'object', properties: { id: { type: 'string' }, total: { $ref: '#/components/schemas/Money' } } },
  Money: { type: 'object', properties: { amount: { type: 'number' } } },
  Unused: { type: 'string' },
};

const cases: [string, { given: JsonSchema; want: JsonSchema }][] = [
  ['no references', { given: { type: 'string' }, want: { type: 'string' } }],
  [
    'transitive references, sorted, rewritten',
    {
      given: { type: 'array', items: { $ref: '#/components/schemas/Invoice' } },
      want: {
        type: 'array',
        items: { $ref: '#/$defs/Invoice' },
        $defs: {
          Invoice: { type: 'object', properties: { id: { type: 'string' }, total: { $ref: '#/$defs/Money' } } },
          Money: { type: 'object', properties: { amount: { type: 'number' } } },
        },
      },
    },
  ],
  ['a boolean schema', { given: true, want: true }],
];

describe('bundleSchema', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(bundleSchema(given, components)).toEqual(want);
  });
});
