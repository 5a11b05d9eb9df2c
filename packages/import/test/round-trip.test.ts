/**
 * Round trip on third-party documents (test/fixtures/<name>, each with its licence): import, emit
 * the definition in the document's own OpenAPI version, and compare the two structurally, for what
 * the import carried over (see support/round-trip.ts for the normalisation); a difference fails
 * with its JSON pointer and both values.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fixtures, importFixture, removeScratchDirs } from './support/imported-project.ts';
import { normaliseEmitted, normaliseOriginal, structuralDiff } from './support/round-trip.ts';

afterAll(removeScratchDirs);

describe('emit(import(doc)) is doc, for what is carried over', () => {
  it.each(fixtures)('%s', async (name) => {
    const project = await importFixture(name);
    const expected = normaliseOriginal(project.original, project.findings);
    const actual = normaliseEmitted(project.emitted, project.original);
    expect(structuralDiff(expected, actual).join('\n')).toBe('');
  });
});
