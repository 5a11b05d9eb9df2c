/**
 * `generate` skips a run when its inputs hash as the last run's and its outputs are as that run left
 * them; any change to an input or an output makes it run in full, with the report it always gave.
 */
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, type GenerateResult } from '@boomerang/codegen';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Inside the repo, so the project's files resolve @boomerang/core and zod like a user's project.
const dir = fileURLToPath(new URL(`./.tmp/generate-cache-${process.pid}/`, import.meta.url));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files: Record<string, string> = {
  'api.ts': `import { defineApi, operation } from '@boomerang/core';
import { Note } from './schemas.ts';
export default defineApi({
  info: { title: 'Notes', version: '1.0.0' },
  operations: [operation({ method: 'post', path: '/notes', operationId: 'create_note', request: { body: Note }, responses: { 201: { description: 'Created.', body: Note } } })],
});
`,
  'schemas.ts': `import { z } from 'zod';
export const Note = z.object({ id: z.string(), text: z.string() }).meta({ id: 'Note' });
`,
  'boomerang.config.ts': `import { defineConfig } from '@boomerang/codegen';
export default defineConfig({
  openapi: { formats: ['json'] },
  targets: [{ template: './tpl', output: './out', options: { banner: new URL('./banner.txt', import.meta.url) } }],
});
`,
  'banner.txt': 'Notes, version one\n',
  'tpl/boomerang-template.json': JSON.stringify({
    name: 'tiny',
    helpers: 'helpers.ts',
    options: { banner: { description: 'A file whose first line heads the list.' } },
    files: [
      { template: 'operations.md.hbs', output: 'generated/operations.md', mode: 'generated' },
      { template: 'types.ts.hbs', output: 'generated/types.ts', mode: 'generated' },
      { template: 'note.md.hbs', output: 'notes/{{operation.operationId}}.md', mode: 'scaffold', each: 'operation' },
    ],
  }),
  // The helpers read the file an option names, as docs-redoc reads a logo.
  'tpl/helpers.ts': `import { readFileSync } from 'node:fs';
export function prepare(input: { options: { banner: URL } }) {
  return { banner: readFileSync(input.options.banner, 'utf8').split('\\n')[0] };
}
`,
  'tpl/operations.md.hbs': '# {{view.banner}}\n{{#each model.operations}}\n- {{upper method}} {{path}}\n{{/each}}\n',
  'tpl/types.ts.hbs': '{{types.api}}',
  'tpl/note.md.hbs': 'Notes about {{operation.operationId}}: yours.\n',
};

const at = (path: string) => join(dir, path);
const edit = (path: string, change: (text: string) => string) => writeFileSync(at(path), change(readFileSync(at(path), 'utf8')));
const written = (result: GenerateResult) => result.targets.flatMap((t) => t.report.written.map((path) => `${t.output}/${path}`));
const steps = (result: GenerateResult) => result.timings.map((t) => t.step);

async function settled(): Promise<GenerateResult> {
  await generate(dir);
  const again = await generate(dir);
  expect(again.cached).toBe(true);
  return again;
}

beforeAll(() => {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
});

describe('generate with nothing changed', () => {
  it('rebuilds nothing, writes nothing, and reports what a full run reports', async () => {
    const first = await generate(dir);
    expect(first.cached).toBeUndefined();
    expect(written(first)).toEqual(['generated/openapi.json', 'out/generated/operations.md', 'out/generated/types.ts', 'out/notes/create_note.md']);
    const second = await generate(dir);
    expect(second.ok).toBe(true);
    expect(second.cached).toBe(true);
    expect(steps(second)).toEqual(['inputs unchanged']);
    expect(written(second)).toEqual([]);
    // `check` always runs in full: what it reports is what a run that rebuilds reports.
    const check = await generate(dir, { mode: 'check' });
    expect(check.cached).toBeUndefined();
    expect(steps(check)).toContain('load definition');
    // The same report, but for what rendered it: none of the skipped run's targets was rendered.
    expect(second.targets.map((t) => t.rendered)).toEqual([false, false]);
    expect(check.targets.map((t) => t.rendered)).toEqual([true, true]);
    expect(second.targets.map(({ rendered: _, ...t }) => t)).toEqual(check.targets.map(({ rendered: _, ...t }) => t));
    expect(second.diagnostics).toEqual(check.diagnostics);
  });

  it('skips a dry run too, and never with --force', async () => {
    await settled();
    expect((await generate(dir, { mode: 'dry-run' })).cached).toBe(true);
    edit('out/notes/create_note.md', (t) => `${t}mine\n`); // the user's: no reason to run again
    expect((await generate(dir)).cached).toBe(true);
    const forced = await generate(dir, { force: true });
    expect(forced.cached).toBeUndefined();
    expect(steps(forced)).toContain('build model');
    expect(written(forced)).toEqual(['out/notes/create_note.md']); // --force overwrites the scaffold, as always
    expect((await generate(dir)).cached).toBe(true);
  });
});

describe('a changed input makes the run complete', () => {
  it.each<[string, string, (text: string) => string, string[]]>([
    ['the definition', 'api.ts', (t) => t.replace("description: 'Created.'", "description: 'Made.'"), ['generated/openapi.json', 'out/generated/types.ts']],
    ['a module the definition imports', 'schemas.ts', (t) => t.replace('text: z.string()', 'text: z.string(), done: z.boolean()'), ['generated/openapi.json', 'out/generated/types.ts']],
    ['the config (a comment only: nothing to write)', 'boomerang.config.ts', (t) => `// the notes service\n${t}`, []],
    ['a template file', 'tpl/operations.md.hbs', (t) => t.replace('# ', '## '), ['out/generated/operations.md']],
    ["the template package's helpers", 'tpl/helpers.ts', (t) => t.replace("[0] }", "[0]!.toUpperCase() }"), ['out/generated/operations.md']],
    ['a file a target option names', 'banner.txt', () => 'Notes, version two\n', ['out/generated/operations.md']],
  ])('%s', async (_name, path, change, expected) => {
    await settled();
    const before = readFileSync(at(path), 'utf8');
    try {
      edit(path, change);
      const changed = await generate(dir);
      expect(changed.cached).toBeUndefined();
      expect(steps(changed)).toEqual(expect.arrayContaining(['check inputs', 'load config', 'load definition', 'build model', 'write']));
      expect(written(changed)).toEqual(expected);
      expect((await generate(dir)).cached).toBe(true);
    } finally {
      writeFileSync(at(path), before);
    }
  });
});

describe('a changed output makes the run complete', () => {
  it('writes a deleted generated file again', async () => {
    await settled();
    rmSync(at('out/generated/types.ts'));
    const run = await generate(dir);
    expect(run.cached).toBeUndefined();
    expect(written(run)).toEqual(['out/generated/types.ts']);
  });

  it('writes a deleted scaffold again', async () => {
    await settled();
    rmSync(at('out/notes/create_note.md'));
    const run = await generate(dir);
    expect(run.cached).toBeUndefined();
    expect(written(run)).toEqual(['out/notes/create_note.md']);
  });

  it('rewrites an edited generated file and saves the edit beside it, as it always did', async () => {
    await settled();
    const original = readFileSync(at('out/generated/operations.md'), 'utf8');
    edit('out/generated/operations.md', (t) => `${t}my note\n`);
    const run = await generate(dir);
    expect(run.cached).toBeUndefined();
    expect(written(run)).toEqual(['out/generated/operations.md']);
    expect(run.targets.find((t) => t.output === 'out')!.report.edited).toEqual([{ path: 'generated/operations.md', savedAs: 'generated/operations.md.edited' }]);
    expect(readFileSync(at('out/generated/operations.md'), 'utf8')).toBe(original);
    expect(readFileSync(at('out/generated/operations.md.edited'), 'utf8')).toBe(`${original}my note\n`);
    rmSync(at('out/generated/operations.md.edited'));
  });

  it('runs in full when a file was only touched, or its edit undone, and then writes nothing', async () => {
    await settled();
    const later = new Date(Date.now() + 60_000);
    utimesSync(at('out/generated/types.ts'), later, later);
    const touched = await generate(dir);
    expect(touched.cached).toBeUndefined();
    expect(written(touched)).toEqual([]);
    await settled();
    const text = readFileSync(at('generated/openapi.json'), 'utf8');
    writeFileSync(at('generated/openapi.json'), text); // same bytes, written again
    const rewritten = await generate(dir);
    expect(rewritten.cached).toBeUndefined();
    expect(written(rewritten)).toEqual([]);
  });

  it('runs in full when a manifest was edited, and acts on it as it always did', async () => {
    await settled();
    const manifest = at('out/.boomerang-manifest.json');
    const listed = JSON.parse(readFileSync(manifest, 'utf8')) as { files: Record<string, string> };
    listed.files['../outside.txt'] = 'x';
    writeFileSync(manifest, JSON.stringify(listed));
    const run = await generate(dir);
    expect(run.cached).toBeUndefined();
    expect(run.targets.find((t) => t.output === 'out')!.report.ignored).toEqual([{ entry: '../outside.txt', problem: 'leaves the output folder (..)' }]);
  });

  it('does not skip by a run during which an input was saved', async () => {
    await settled();
    const api = readFileSync(at('api.ts'), 'utf8');
    // The definition saves the banner as it loads: what the run read of it may not be what is there now.
    writeFileSync(at('api.ts'), `import { readFileSync, writeFileSync } from 'node:fs';\nconst banner = new URL('./banner.txt', import.meta.url);\nwriteFileSync(banner, readFileSync(banner));\n${api}`);
    try {
      expect((await generate(dir)).cached).toBeUndefined();
      expect((await generate(dir)).cached).toBeUndefined();
    } finally {
      writeFileSync(at('api.ts'), api);
    }
    expect((await generate(dir)).cached).toBeUndefined();
    expect((await generate(dir)).cached).toBe(true);
  });

  it('runs in full when its record is gone or unreadable', async () => {
    await settled();
    const record = at('node_modules/.cache/boomerang/generate.json');
    writeFileSync(record, '{ not json');
    expect((await generate(dir)).cached).toBeUndefined();
    await settled();
    rmSync(record);
    expect((await generate(dir)).cached).toBeUndefined();
  });
});
