import { describe, expect, it } from 'vitest';
import { expectedDocuments, staleDocuments } from './example-documents.ts';

describe('committed example documents', () => {
  it('are up to date with examples/*/api.ts (run `npm run regen` after a change)', async () => {
    const expected = await expectedDocuments();
    expect([...expected.keys()]).toEqual([
      'examples/invoices/generated/openapi.json',
      'examples/invoices/generated/openapi.yaml',
      'examples/subscriptions/generated/openapi.json',
      'examples/subscriptions/generated/openapi.yaml',
    ]);
    expect(staleDocuments(expected)).toEqual([]);
  });
});
