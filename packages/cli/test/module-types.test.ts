/**
 * A user's project loads whatever its module type: `"type": "commonjs"` (what `npm init -y` writes),
 * no `type` at all, or a `.mts` definition in a CommonJS project. `boomerang openapi` and `boomerang
 * generate` both work in each, and a definition that throws is named by file and line in each.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/boomerang.js', import.meta.url));
// Inside the repo so that the projects resolve @boomerang/core and zod as a user's project does.
const scratch = fileURLToPath(new URL(`./.tmp/module-types-${process.pid}/`, import.meta.url));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function boomerang(cwd: string, ...args: string[]) {
  // In this repository the binary adds the `@boomerang/source` condition through an ESM resolve hook,
  // which `require()` does not see; a CommonJS project's `require('@boomerang/core')` would then get
  // dist/, which a fresh clone has not built. Installed, both are dist/. The flag gives both the sources.
  const result = spawnSync(process.execPath, ['--conditions=@boomerang/source', bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What `npm init -y` writes, with or without a `type`. */
function packageJson(name: string, type: 'commonjs' | undefined): string {
  return `${JSON.stringify({ name, version: '1.0.0', main: 'index.js', ...(type ? { type } : {}), scripts: { test: 'echo "Error: no test specified" && exit 1' }, keywords: [], author: '', license: 'ISC', description: '' }, null, 2)}\n`;
}

// A definition that imports a module of its own and zod: both resolve through the project's loader.
const schemas = `import { z } from 'zod';
export const Note = z.object({ id: z.string(), text: z.string() }).meta({ id: 'Note' });
`;
const definition = (schemasModule: string) => `import { defineApi, operation } from '@boomerang/core';
import { z } from 'zod';
import { Note } from '${schemasModule}';
export default defineApi({
  info: { title: 'Notes', version: '1.0.0' },
  operations: [operation({ method: 'post', path: '/notes', request: { body: Note }, responses: { 201: { description: 'Created.', body: Note } } })],
});
`;
const throwing = `import { defineApi } from '@boomerang/core';
const rates: Record<string, number> = {};
if (Object.keys(rates).length === 0) {
  throw new Error('no rates configured');
}
export default defineApi({ info: { title: 'T', version: '1' }, operations: [] });
`;

function project(name: string, type: 'commonjs' | undefined, definitionFile: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const schemasFile = definitionFile.endsWith('.mts') ? 'schemas.mts' : 'schemas.ts';
  writeFileSync(join(dir, 'package.json'), packageJson(name, type));
  writeFileSync(join(dir, schemasFile), schemas);
  writeFileSync(join(dir, definitionFile), definition(`./${schemasFile}`));
  writeFileSync(join(dir, 'throws.ts'), throwing);
  writeFileSync(
    join(dir, 'boomerang.config.ts'),
    `import { defineConfig } from '@boomerang/codegen';\nexport default defineConfig({ definition: './${definitionFile}', openapi: { output: './generated', formats: ['json'] } });\n`,
  );
  return dir;
}

describe.concurrent.each([
  ['"type": "commonjs"', 'commonjs' as const, 'api.ts'],
  ['no "type"', undefined, 'api.ts'],
  ['"type": "commonjs" and an .mts definition', 'commonjs' as const, 'api.mts'],
])('a project with %s', (name, type, definitionFile) => {
  const dir = project(name.replace(/\W+/g, '-'), type, definitionFile);

  it(`boomerang openapi ${definitionFile} prints the document`, () => {
    const { code, stdout, stderr } = boomerang(dir, 'openapi', definitionFile);
    expect(stderr).not.toMatch(/^(error |boomerang:)/m); // warnings about the definition's content may come
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.paths['/notes'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Note' });
  });

  it('boomerang generate . writes the document', () => {
    const { code, stdout, stderr } = boomerang(dir, 'generate', '.');
    expect(stderr).not.toMatch(/^(error |boomerang:)/m); // warnings about the definition's content may come
    expect(code).toBe(0);
    expect(stdout).toContain('openapi → generated\n  wrote generated/openapi.json\n');
    expect(JSON.parse(readFileSync(join(dir, 'generated/openapi.json'), 'utf8')).components.schemas.Note).toBeDefined();
  });

  it('a definition that throws is named by file and line, with no stack', () => {
    const { code, stdout, stderr } = boomerang(dir, 'openapi', 'throws.ts');
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toBe('boomerang: `throws.ts` could not be loaded: no rates configured\n    at throws.ts:4:9\n  hint: Fix the error above; the definition is a TypeScript module run as it is.\n');
  });
});
