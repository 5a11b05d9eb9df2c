/**
 * Whatever a definition holds, building it gives a model or catalogued errors, never an exception;
 * and a model it gives, the emitters turn into documents without an exception either.
 */
import {
  buildApiModel,
  buildReceiverRoutes,
  defineApi,
  diagnosticCatalog,
  emitOpenApi,
  emitReceiverDocument,
  formatDiagnostic,
  serializeDocument,
  type Diagnostic,
} from '@boomerang/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definitionArb } from './arbitraries.ts';

/** Bounded in runs and in time (each property stops after 1.5 s), so that the file stays a few seconds long. */
const bounds = { numRuns: 300, interruptAfterTimeLimit: 1_500 } as const;

function expectCatalogued(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    expect(diagnosticCatalog[d.code]?.severity).toBe(d.severity);
    for (const text of [d.where, d.message, d.hint]) expect(typeof text === 'string' && text.trim() !== '').toBe(true);
    expect(typeof formatDiagnostic(d)).toBe('string');
  }
}

/** What the CLI and codegen do with a definition: build, then emit and print both documents. */
function buildAndEmit(definition: unknown): 'model' | 'errors' {
  const built = buildApiModel(definition as never);
  expectCatalogued(built.diagnostics);
  const errors = built.diagnostics.filter((d) => d.severity === 'error');
  if (!built.ok) {
    expect(errors.length).toBeGreaterThan(0);
    return 'errors';
  }
  expect(errors).toEqual([]);
  for (const openapi of ['3.1', '3.0'] as const) {
    const { document, warnings } = emitOpenApi(built.model, { openapi });
    expectCatalogued(warnings);
    serializeDocument(document, 'json');
    serializeDocument(document, 'yaml');
  }
  const { routes, diagnostics } = buildReceiverRoutes(built.model);
  expectCatalogued(diagnostics);
  serializeDocument(emitReceiverDocument(built.model, routes), 'yaml');
  return 'model';
}

describe('building any definition', () => {
  it.each([
    ['malformed definitions, as buildApiModel gets them', true, (d: unknown) => d],
    ['malformed definitions, through defineApi', true, (d: unknown) => defineApi(d as never)],
    ['definitions of the right shape, with wrong values, schemas and URLs', false, (d: unknown) => d],
  ] as const)('%s: a model or error diagnostics, never an exception', (_name, malformed, wrap) => {
    const outcomes = { model: 0, errors: 0 };
    fc.assert(
      fc.property(definitionArb({ malformed }), (definition) => {
        outcomes[buildAndEmit(wrap(definition))]++;
      }),
      bounds,
    );
    // Both ends are reached: the arbitraries are not all errors, nor all fine.
    expect(outcomes.errors).toBeGreaterThan(0);
    if (!malformed) expect(outcomes.model).toBeGreaterThan(0);
  });
});
