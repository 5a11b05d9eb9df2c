import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, staleFiles } from '@boomerang/codegen';
import { formatDiagnostic } from '@boomerang/core';
import { describe, expect, it } from 'vitest';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));
const projects = readdirSync(examples).filter((name) => existsSync(join(examples, name, 'boomerang.config.ts'))).sort();

describe('committed generated output of the examples', () => {
  it('covers the examples', () => {
    expect(projects).toContain('invoices');
  });

  it.each(projects)('%s is up to date with its definition (run `npm run regen` after a change)', async (name) => {
    const result = await generate(join(examples, name), { mode: 'check' });
    expect(result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
    expect(result.targets.flatMap((t) => staleFiles(t.report).map((path) => `${t.output}/${path}`))).toEqual([]);
  });
});
