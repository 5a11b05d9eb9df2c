import { describe, expect, it } from 'vitest';
import { isJsonMediaType, jsonSchemasOf, preferredSchemaOf } from '../../src/openapi/media-type-object.ts';

describe('isJsonMediaType', () => {
  const cases: [string, { given: string; want: boolean }][] = [
    ['application/json', { given: 'application/json', want: true }],
    ['with parameters and in capitals', { given: 'Application/JSON; charset=utf-8', want: true }],
    ['a +json suffix', { given: 'application/problem+json', want: true }],
    ['a vendor +json type', { given: 'application/vnd.api+json', want: true }],
    ['text/plain', { given: 'text/plain', want: false }],
    ['a wildcard', { given: '*/*', want: false }],
    ['json as a subtype prefix only', { given: 'application/jsonl', want: false }],
    ['application/x-ndjson', { given: 'application/x-ndjson', want: false }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(isJsonMediaType(given)).toBe(want);
  });
});

describe('preferredSchemaOf (request bodies)', () => {
  const cases: [string, { given: unknown; want: unknown }][] = [
    ['application/json before another JSON type', { given: { 'application/merge-patch+json': { schema: 'patch' }, 'application/json': { schema: 'json' } }, want: 'json' }],
    ['another JSON type before a non-JSON one', { given: { 'text/csv': { schema: 'csv' }, 'application/merge-patch+json': { schema: 'patch' } }, want: 'patch' }],
    ['else the first media type', { given: { 'text/csv': { schema: 'csv' }, 'application/xml': { schema: 'xml' } }, want: 'csv' }],
    ['a media type without a schema: anything', { given: { 'application/json': {} }, want: true }],
    ['no media type: anything', { given: {}, want: true }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(preferredSchemaOf({ content: given })).toEqual(want);
  });
});

describe('jsonSchemasOf (responses)', () => {
  it('takes every JSON media type, in document order, and nothing else', () => {
    const content = { 'application/json': { schema: 'a' }, 'text/html': { schema: 'b' }, 'application/problem+json': { schema: 'c' }, 'application/hal+json': {} };
    expect(jsonSchemasOf({ content })).toEqual(['a', 'c', true]);
  });

  it('takes nothing from a response without content', () => {
    expect(jsonSchemasOf({ description: 'No content' })).toEqual([]);
  });
});
