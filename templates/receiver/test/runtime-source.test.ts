/**
 * The receiver's Standard Webhooks, problem details and validation code is not its own: it is a copy of
 * `packages/runtime/src/shared/`, which @boomerang/runtime runs on the server. These tests fail when a
 * copy was edited by hand or not remade after the source changed, and when the source grew something a
 * generated receiver cannot run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { receiverRuntimeCopies, receiverRuntimeDir } from '../../../tools/sync-receiver-runtime.ts';
import { repoRoot } from './support/paths.ts';

const copies = receiverRuntimeCopies();

describe('the runtime code both sides run', () => {
  it('holds the modules that the receiver imports as its own', () => {
    expect(copies.map((copy) => copy.path)).toEqual(expect.arrayContaining(['problem-details.ts', 'standard-webhooks.ts', 'validation.ts'].map((name) => `${receiverRuntimeDir}/${name}`)));
  });

  it.each(copies.map((copy) => [copy.path, copy] as const))('%s is what `npm run sync-receiver-runtime` makes', (path, copy) => {
    const actual = readFileSync(join(repoRoot, path), 'utf8');
    // The message, not only a diff: whoever edited the copy learns where the source is.
    expect(actual === copy.text, `${path} differs from ${copy.source} at line ${firstDifferentLine(actual, copy.text)}: change ${copy.source} and run \`npm run sync-receiver-runtime\` (never edit the copy)`).toBe(true);
  });

  it('is the only runtime file that says it is a copy', () => {
    const marked = readdirSync(join(repoRoot, receiverRuntimeDir))
      .filter((name) => readFileSync(join(repoRoot, receiverRuntimeDir, name), 'utf8').startsWith('// Generated from '))
      .map((name) => `${receiverRuntimeDir}/${name}`);
    // A copy whose source was deleted or renamed would otherwise stay behind, hand-maintained again.
    expect(marked).toEqual(copies.map((copy) => copy.path));
  });

  it('is rendered into every receiver', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'templates/receiver/boomerang-template.json'), 'utf8')) as { files: { template: string; output: string }[] };
    for (const copy of copies) {
      const name = copy.path.slice(receiverRuntimeDir.length + 1);
      expect(manifest.files).toContainEqual(expect.objectContaining({ template: `runtime/${name}`, output: `generated/${name}` }));
    }
  });

  it.each(copies.map((copy) => [copy.source, copy] as const))('%s imports only its siblings, so that it runs on fetch runtimes', (_source, copy) => {
    const imports = [...copy.text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm)].map((match) => match[1]!);
    expect(imports.filter((specifier) => !/^\.\/[a-z-]+\.ts$/.test(specifier))).toEqual([]);
    expect(copy.text).not.toMatch(/\b(?:Buffer|require)\b|import\(/);
  });
});

function firstDifferentLine(a: string, b: string): number {
  const [left, right] = [a.split('\n'), b.split('\n')];
  const at = left.findIndex((line, i) => line !== right[i]);
  return (at === -1 ? left.length : at) + 1;
}
