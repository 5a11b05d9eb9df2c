/**
 * A render cache (what `generate --watch` keeps from run to run) renders again exactly the targets
 * whose inputs changed: the model and documents, the target's options and the files they name, its
 * template package, its helpers and every module they import (one the definition or another package
 * loaded first included); the others are not rendered, and their files are still written.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRenderCache, generate, type GenerateResult, type StepEvent } from '@boomerang/codegen/generate';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

// Inside the repo, so the project's files resolve @boomerang/core and zod like a user's project.
const dir = fileURLToPath(new URL(`./.tmp/render-cache-${process.pid}/`, import.meta.url));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files: Record<string, string> = {
  'api.ts': `import { defineApi, operation } from '@boomerang/core';
import { title } from './names.ts';
import { Note } from './schemas.ts';
export default defineApi({
  info: { title, version: '1.0.0' },
  operations: [operation({ method: 'post', path: '/notes', operationId: 'create_note', request: { body: Note }, responses: { 201: { description: 'Created.', body: Note } } })],
});
`,
  'schemas.ts': `import { z } from 'zod';
export const Note = z.object({ id: z.string(), text: z.string() }).meta({ id: 'Note' });
`,
  // The definition reads `title`; package b's helpers read `suffix`, which the model does not show.
  'names.ts': `export const title = 'Notes';
export const suffix = '!';
`,
  'shared/words.ts': `export const shout = (text: string) => text.toUpperCase();
`,
  'banner.txt': 'Notes, version one\n',
  'boomerang.config.ts': `import { defineConfig } from '@boomerang/codegen';
export default defineConfig({
  openapi: { formats: ['json'] },
  targets: [
    { template: './tpl-a', output: './out-a', options: { banner: new URL('./banner.txt', import.meta.url) } },
    { template: './tpl-b', output: './out-b', options: { flavour: 'plain' } },
  ],
});
`,
  'tpl-a/boomerang-template.json': JSON.stringify({
    name: 'a',
    helpers: 'helpers.ts',
    options: { banner: { description: 'A file whose first line heads the page.' } },
    files: [{ template: 'a.md.hbs', output: 'generated/a.md', mode: 'generated' }],
  }),
  // Reads the file its option names, as docs-redoc reads a logo; and loads shared/words.ts first.
  'tpl-a/helpers.ts': `import { readFileSync } from 'node:fs';
import { shout } from '../shared/words.ts';
export const helpers = { shout };
export function prepare(input: { options: { banner: URL } }) {
  return { banner: readFileSync(input.options.banner, 'utf8').split('\\n')[0] };
}
`,
  'tpl-a/a.md.hbs': '# {{view.banner}}\n{{#each model.operations}}\n- {{shout operationId}}\n{{/each}}\n',
  'tpl-b/boomerang-template.json': JSON.stringify({
    name: 'b',
    helpers: 'helpers.ts',
    options: { flavour: { description: 'A word.' } },
    files: [{ template: 'b.md.hbs', output: 'generated/b.md', mode: 'generated' }],
  }),
  // Both of its modules were loaded before it, by package a and by the definition.
  'tpl-b/helpers.ts': `import { shout } from '../shared/words.js';
import { suffix } from '../names.ts';
export const helpers = { shout };
export function prepare(input: { options: { flavour: string } }) {
  return { flavour: input.options.flavour, suffix };
}
`,
  'tpl-b/b.md.hbs': '{{view.flavour}}{{#each model.operations}} {{shout path}}{{/each}}{{view.suffix}}\n',
};

const at = (path: string) => join(dir, path);
const edit = (path: string, change: (text: string) => string) => writeFileSync(at(path), change(readFileSync(at(path), 'utf8')));
const rendered = (result: GenerateResult) => result.targets.filter((t) => t.rendered).map((t) => t.target);
const written = (result: GenerateResult) => result.targets.flatMap((t) => t.report.written.map((path) => `${t.output}/${path}`));

/** Every file as `files` has it; one already so is not written again (its ctime stays). */
function restore(): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    let now: string | undefined;
    try {
      now = readFileSync(at(path), 'utf8');
    } catch {
      // not there yet
    }
    if (now !== content) writeFileSync(at(path), content);
  }
}

const cache = createRenderCache();
beforeEach(async () => {
  restore();
  expect((await generate(dir, { renderCache: cache })).ok).toBe(true);
});

describe('generate with a render cache', () => {
  it('renders every target the first time, and without a cache every time', async () => {
    edit('api.ts', (t) => `// the notes\n${t}`);
    expect(rendered(await generate(dir, { renderCache: createRenderCache() }))).toEqual(['openapi', 'a', 'b']);
    edit('api.ts', (t) => `// the notes API\n${t}`);
    expect(rendered(await generate(dir))).toEqual(['openapi', 'a', 'b']);
  });

  it.each<[string, string, (text: string) => string, string[], [string, string]?]>([
    ['the definition, in a way the model does not show', 'api.ts', (t) => `// the notes API\n${t}`, []],
    ['a module of the definition, in a way the model shows', 'schemas.ts', (t) => t.replace('text: z.string()', 'text: z.string(), done: z.boolean()'), ['openapi', 'a', 'b'], ['generated/openapi.json', '"done"']],
    ["one package's template file", 'tpl-a/a.md.hbs', (t) => t.replace('# ', '## '), ['a'], ['out-a/generated/a.md', '## Notes, version one']],
    ["one package's helpers", 'tpl-b/helpers.ts', (t) => t.replace('flavour: input.options.flavour', 'flavour: input.options.flavour.toUpperCase()'), ['b'], ['out-b/generated/b.md', 'PLAIN /NOTES!']],
    ["a module both packages' helpers import (the first loads it)", 'shared/words.ts', (t) => t.replace('text.toUpperCase()', '`*${text}*`'), ['a', 'b'], ['out-b/generated/b.md', 'plain */notes*!']],
    ['a module the definition and a helper import, in a way the model does not show', 'names.ts', (t) => t.replace("'!'", "'?'"), ['b'], ['out-b/generated/b.md', 'plain /NOTES?']],
    ['a file a target option names', 'banner.txt', () => 'Notes, version two\n', ['a'], ['out-a/generated/a.md', '# Notes, version two']],
    ["a target's option", 'boomerang.config.ts', (t) => t.replace("flavour: 'plain'", "flavour: 'spicy'"), ['b'], ['out-b/generated/b.md', 'spicy /NOTES!']],
    ['the config, in a way no target sees', 'boomerang.config.ts', (t) => `// the notes service\n${t}`, []],
  ])('%s', async (_name, path, change, expected, output) => {
    edit(path, change);
    const steps: StepEvent[] = [];
    const run = await generate(dir, { renderCache: cache, onStep: (event) => steps.push(event) });
    expect(run.cached).toBeUndefined();
    expect(rendered(run)).toEqual(expected);
    // The progress is told of each target not rendered, and never loads its package.
    const notRendered = ['openapi', 'a', 'b'].filter((t) => !expected.includes(t));
    expect(steps.filter((s) => s.state === 'unchanged').map((s) => s.step)).toEqual(notRendered.map((t) => `render ${t}`));
    expect(steps.filter((s) => s.state === 'started').map((s) => s.step)).toEqual(expect.arrayContaining(expected.filter((t) => t !== 'openapi').map((t) => `render ${t}`)));
    for (const t of notRendered.filter((t) => t !== 'openapi')) expect(steps.map((s) => s.step)).not.toContain(`load template ./tpl-${t}`);
    if (output !== undefined) expect(readFileSync(at(output[0]), 'utf8')).toContain(output[1]);
    // Rendered again from the same inputs, the cache gives what a render gives.
    const fresh = await generate(dir, { force: true });
    expect(written(fresh)).toEqual([]);
  });

  it('writes again the files of a target it does not render', async () => {
    const before = readFileSync(at('out-b/generated/b.md'), 'utf8');
    expect(before).toMatch(/\nplain \/NOTES!\n$/);
    rmSync(at('out-b/generated/b.md'));
    const run = await generate(dir, { renderCache: cache });
    expect(rendered(run)).toEqual([]);
    expect(written(run)).toEqual(['out-b/generated/b.md']);
    expect(readFileSync(at('out-b/generated/b.md'), 'utf8')).toBe(before);
  });

  it('keeps no render of a run during which one of its inputs was saved', async () => {
    // The helpers save the banner (the same bytes) as they prepare: what they read may not be what is there now.
    edit('tpl-a/helpers.ts', (t) => t.replace('export function prepare(input: { options: { banner: URL } }) {', "import { writeFileSync } from 'node:fs';\nexport function prepare(input: { options: { banner: URL } }) {\n  writeFileSync(input.options.banner, readFileSync(input.options.banner));"));
    expect(rendered(await generate(dir, { renderCache: cache }))).toEqual(['a']);
    edit('api.ts', (t) => `// the notes API\n${t}`);
    expect(rendered(await generate(dir, { renderCache: cache }))).toEqual(['a']);
    restore();
    expect(rendered(await generate(dir, { renderCache: cache }))).toEqual(['a']);
    edit('api.ts', (t) => `// the notes API\n${t}`);
    expect(rendered(await generate(dir, { renderCache: cache }))).toEqual([]);
  });

  it('forgets a target taken out of the config, and renders it when it is back', async () => {
    edit('boomerang.config.ts', (t) => t.replace("    { template: './tpl-b', output: './out-b', options: { flavour: 'plain' } },\n", ''));
    expect(rendered(await generate(dir, { renderCache: cache }))).toEqual([]);
    restore();
    expect(rendered(await generate(dir, { renderCache: cache }))).toEqual(['b']);
  });
});
