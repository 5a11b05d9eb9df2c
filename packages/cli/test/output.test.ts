/**
 * What generate, check and generate --watch print: the progress of the steps (a line rewritten on a
 * terminal, plain lines elsewhere), --quiet and --json, and in a watch which targets each run
 * rendered. The terminal is a fake one handed to main() in this process; everything else is the
 * real binary in a child process, without a terminal, as CI runs it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { OutputStream } from '../src/io.ts';
import { main } from '../src/main.ts';
import { progressStyle } from '../src/progress.ts';

const bin = fileURLToPath(new URL('../bin/boomerang.js', import.meta.url));
// Inside the repo, so that the project's files resolve @boomerang/core and zod like a user's project.
const scratch = fileURLToPath(new URL(`./.tmp/output-${process.pid}/`, import.meta.url));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const schemas = (fields: string) => `import { z } from 'zod';\nexport const Note = z.object({ ${fields} }).meta({ id: 'Note' });\n`;

/** A project with two local template packages: `list` (the operations) and `count` (how many). */
function project(name: string): string {
  const dir = join(scratch, name);
  const files: Record<string, string> = {
    'api.ts': `import { defineApi, operation } from '@boomerang/core';
import { Note } from './schemas.ts';
// Without a warning: what a run prints on stderr is the test's to say.
export default defineApi({
  info: { title: 'Notes', version: '1.0.0', license: { name: 'MIT', identifier: 'MIT' } },
  servers: [{ url: 'https://notes.acme.dev' }],
  security: [],
  operations: [
    operation({
      method: 'post', path: '/notes', operationId: 'create_note', summary: 'Create a note', request: { body: Note },
      responses: { 201: { description: 'Created.', body: Note }, 400: { description: 'Not a note.' } },
    }),
  ],
});
`,
    'schemas.ts': schemas('id: z.string(), text: z.string()'),
    'boomerang.config.ts': `export default {
  openapi: { formats: ['json'] },
  targets: [{ template: './templates/list', output: './list' }, { template: './templates/count', output: './count' }],
};
`,
    'templates/list/boomerang-template.json': JSON.stringify({ name: 'list', files: [{ template: 'list.md.hbs', output: 'generated/list.md', mode: 'generated' }] }),
    'templates/list/list.md.hbs': '{{#each model.operations}}\n- {{upper method}} {{path}}\n{{/each}}\n',
    'templates/count/boomerang-template.json': JSON.stringify({ name: 'count', files: [{ template: 'count.md.hbs', output: 'generated/count.md', mode: 'generated' }] }),
    'templates/count/count.md.hbs': '{{model.operations.length}} operation(s)\n',
  };
  rmSync(dir, { recursive: true, force: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** The binary, with no terminal (pipes), and CI as the test says. */
function boomerang(cwd: string, args: string[], env: { CI?: string } = {}) {
  const { CI: _, ...rest } = process.env;
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...rest, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const escapes = /[\r\x1b]/;

describe('progress as plain lines', () => {
  it.each([
    ['with CI set', { CI: '1' }],
    ['without a terminal', {}],
  ])('prints each step as it ends on stdout, %s, and nothing that rewrites a line', (_name, env) => {
    const dir = project(`plain-${Object.keys(env).length}`);
    const run = boomerang(dir, ['generate', '.'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(escapes);
    const lines = run.stdout.split('\n');
    const steps = lines.slice(0, lines.indexOf('openapi → generated'));
    expect(steps.map((line) => line.replace(/\d+ ms$/, 'N ms'))).toEqual([
      'step load config: N ms',
      'step load definition: N ms',
      'step build model: N ms',
      'step emit documents: N ms',
      'step openapi-typescript: N ms',
      'step load template ./templates/list: N ms',
      'step render list: N ms',
      'step load template ./templates/count: N ms',
      'step render count: N ms',
      'step write: N ms',
      'step record inputs: N ms',
    ]);
    // The timings it always printed stay, after the report.
    expect(run.stdout).toMatch(/\n {2}1 wrote, 0 unchanged, 0 kept, 0 deleted\ntimings: load config \d+ ms, .*record inputs \d+ ms\n$/);
  });
});

describe('progress on a terminal', () => {
  /** A terminal of `columns` columns: what is written to it, chunk by chunk. */
  const terminal = (columns: number) => {
    const chunks: string[] = [];
    const stream: OutputStream = { isTTY: true, columns, write: (text: string) => chunks.push(text) };
    return { stream, chunks };
  };

  it.each<[string, { stdout?: boolean; stderr?: boolean; env: Record<string, string> }, 'live' | 'lines']>([
    ['both streams a terminal', { stdout: true, stderr: true, env: {} }, 'live'],
    ['stdout a file', { stderr: true, env: {} }, 'lines'],
    ['stderr a file', { stdout: true, env: {} }, 'lines'],
    ['CI set', { stdout: true, stderr: true, env: { CI: 'true' } }, 'lines'],
    ['CI=false', { stdout: true, stderr: true, env: { CI: 'false' } }, 'live'],
    ['TERM=dumb', { stdout: true, stderr: true, env: { TERM: 'dumb' } }, 'lines'],
  ])('%s: %s', (_name, { stdout, stderr, env }, style) => {
    const stream = (isTTY: boolean | undefined): OutputStream => ({ ...(isTTY ? { isTTY } : {}), write: () => true });
    expect(progressStyle({ stdout: stream(stdout), stderr: stream(stderr), cwd: '.', env })).toBe(style);
  });

  it('rewrites one line on stderr as the steps go, no wider than the terminal, and clears it before the report', async () => {
    const dir = project('terminal');
    const out = terminal(60);
    const err = terminal(48);
    const code = await main(['generate', '.'], { stdout: out.stream, stderr: err.stream, cwd: dir, env: { TERM: 'xterm' } });
    expect(code).toBe(0);
    const clear = '\r\x1b[2K';
    expect(err.chunks.length).toBeGreaterThan(5);
    for (const chunk of err.chunks) {
      expect(chunk.startsWith(clear)).toBe(true);
      expect(chunk.slice(clear.length).length).toBeLessThanOrEqual(47);
    }
    expect(err.chunks.at(-1)).toBe(clear);
    expect(err.chunks).toContainEqual(expect.stringMatching(/^\r\x1b\[2Kgenerating: load definition… \(\d+ done, \d+\.\d s\)$/));
    // A line that would not fit is cut, not wrapped.
    expect(err.chunks).toContainEqual(expect.stringMatching(/^\r\x1b\[2Kgenerating: load template \.\/templates\/list…?.*…$/));
    const stdout = out.chunks.join('');
    expect(stdout).not.toMatch(escapes);
    expect(stdout).not.toMatch(/^step /m);
    expect(stdout).toMatch(/^list → list\n {2}wrote list\/generated\/list\.md\n/m);
    expect(stdout).toMatch(/\ntimings: load config \d+ ms, .*\n$/);
  });

  it('prints plain lines on a terminal too when CI is set, and nothing on stderr', async () => {
    const dir = project('terminal-ci');
    const out = terminal(80);
    const err = terminal(80);
    expect(await main(['generate', '.'], { stdout: out.stream, stderr: err.stream, cwd: dir, env: { CI: '1' } })).toBe(0);
    expect(err.chunks).toEqual([]);
    expect(out.chunks.join('')).toMatch(/^step load config: \d+ ms\nstep load definition: \d+ ms\n/);
  });
});

describe('--quiet and --json', () => {
  it('--quiet prints only errors and warnings', () => {
    const dir = project('quiet');
    expect(boomerang(dir, ['generate', '.', '--quiet'])).toEqual({ code: 0, stdout: '', stderr: '' });
    writeFileSync(join(dir, 'list/generated/list.md'), 'mine\n');
    const edited = boomerang(dir, ['generate', '.', '-q']);
    expect(edited).toEqual({ code: 0, stdout: '', stderr: 'warning: list/generated/list.md was edited since it was generated; it is rewritten, and your version is saved as list/generated/list.md.edited.\n' });
    expect(boomerang(dir, ['check', '.', '--quiet'])).toEqual({ code: 0, stdout: '', stderr: '' });
    writeFileSync(join(dir, 'schemas.ts'), schemas('id: z.string(), text: z.string(), done: z.boolean()'));
    const stale = boomerang(dir, ['check', '.', '--quiet']);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe('');
    expect(stale.stderr).toBe('1 generated file is out of date:\n  generated/openapi.json\nRun `boomerang generate .`.\n');
  });

  it('--json prints one JSON document and nothing else on stdout', () => {
    const dir = project('json');
    const run = boomerang(dir, ['generate', '.', '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')).toHaveLength(2); // one line, and its newline
    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({ command: 'generate', mode: 'write', ok: true, cached: false, diagnostics: [] });
    expect(document.targets).toEqual([
      { target: 'openapi', output: 'generated', rendered: true, written: ['generated/openapi.json'], unchanged: [], deleted: [], kept: [], edited: [], notDeleted: [], ignored: [] },
      { target: 'list', output: 'list', rendered: true, written: ['list/generated/list.md'], unchanged: [], deleted: [], kept: [], edited: [], notDeleted: [], ignored: [] },
      { target: 'count', output: 'count', rendered: true, written: ['count/generated/count.md'], unchanged: [], deleted: [], kept: [], edited: [], notDeleted: [], ignored: [] },
    ]);
    expect(document.timings.map((t: { step: string }) => t.step)).toEqual(expect.arrayContaining(['load definition', 'render list', 'write']));
    expect(document.ms).toBeGreaterThan(0);

    const again = JSON.parse(boomerang(dir, ['generate', '.', '--json']).stdout);
    expect(again).toMatchObject({ ok: true, cached: true, timings: [{ step: 'inputs unchanged' }] });
    expect(again.targets.map((t: { rendered: boolean; unchanged: string[] }) => [t.rendered, t.unchanged.length])).toEqual([[false, 1], [false, 1], [false, 1]]);

    const dry = JSON.parse(boomerang(dir, ['generate', '.', '--dry-run', '--json', '--force']).stdout);
    expect(dry).toMatchObject({ mode: 'dry-run', ok: true });
  });

  it('--json says what failed: definition errors with their code and location, a stale check, a config that does not load', () => {
    const dir = project('json-errors');
    const api = readFileSync(join(dir, 'api.ts'), 'utf8');
    writeFileSync(join(dir, 'api.ts'), api.replace("path: '/notes',", "path: '/notes/{id}',"));
    expect(api).not.toBe(readFileSync(join(dir, 'api.ts'), 'utf8'));
    const broken = boomerang(dir, ['generate', '.', '--json']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^error BMR020 \(path-parameter-missing\) at operation POST \/notes\/\{id\}/);
    expect(broken.stderr).toMatch(/\nboomerang: the definition has 1 error; nothing was written\.\n$/);
    const document = JSON.parse(broken.stdout);
    expect(document).toMatchObject({ ok: false, targets: [] });
    expect(document.diagnostics).toEqual([
      expect.objectContaining({ code: 'BMR020', name: 'path-parameter-missing', severity: 'error', location: 'operation POST /notes/{id}', message: expect.stringContaining('{id}'), hint: expect.any(String) }),
    ]);

    writeFileSync(join(dir, 'api.ts'), api);
    const check = boomerang(dir, ['check', '.', '--json']);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout)).toMatchObject({ command: 'check', mode: 'check', ok: false, stale: ['generated/openapi.json', 'list/generated/list.md', 'count/generated/count.md'] });
    expect(boomerang(dir, ['generate', '.', '-q']).code).toBe(0);
    expect(JSON.parse(boomerang(dir, ['check', '.', '--json']).stdout)).toMatchObject({ ok: true, stale: [] });

    writeFileSync(join(dir, 'boomerang.config.ts'), 'export default { targets: [{ template: "./templates/nope", output: "./x" }] };\n');
    const missing = boomerang(dir, ['generate', '.', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^boomerang: the template folder `\.\/templates\/nope` has no boomerang-template\.json/);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { message: expect.stringContaining('./templates/nope'), hint: expect.any(String) } });
  });

  it.each([
    [['generate', '.', '--json', '--quiet'], 'generate', '--json prints a JSON document on stdout and --quiet prints nothing there: give one of them (errors and warnings go to stderr either way).'],
    [['check', '.', '--json', '-q'], 'check', '--json prints a JSON document on stdout and --quiet prints nothing there: give one of them (errors and warnings go to stderr either way).'],
    [['docs', '.', '--quiet', '--json'], 'docs', '--json prints a JSON document on stdout and --quiet prints nothing there: give one of them (errors and warnings go to stderr either way).'],
    [['generate', '.', '--dry-run', '--quiet'], 'generate', '--dry-run lists what would be written, and --quiet would print none of it; for a listing a tool reads, give --dry-run --json.'],
    [['dev', '.', '--json'], 'dev', '`boomerang dev` has no --json: the server it runs writes on the same stdout. For one JSON line per run, run `boomerang generate --watch --json` (and the server apart).'],
  ])('boomerang %j is bad usage', (args, command, message) => {
    expect(boomerang(scratch, args)).toEqual({ code: 2, stdout: '', stderr: `boomerang: ${message}\nRun \`boomerang ${command} --help\` for usage.\n` });
  });
});

describe('generate --watch', () => {
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    }
  });
  const patience = { timeout: 30_000, interval: 50 };

  function watch(dir: string, ...options: string[]) {
    const { CI: _, ...env } = process.env;
    const child = spawn(process.execPath, [bin, 'generate', '.', '--watch', ...options], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    return { child, stdout: () => stdout, stderr: () => stderr };
  }

  it('--json: one JSON line per run, saying which targets it rendered; a target whose inputs did not change is not rendered', { timeout: 120_000 }, async () => {
    const dir = project('watch-json');
    const run = watch(dir, '--json');
    const lines = () => run.stdout().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { ok: boolean; changed: string[]; targets: { target: string; rendered: boolean; written: string[] }[] });
    const rendered = (n: number) => lines()[n]!.targets.filter((t) => t.rendered).map((t) => t.target);
    const written = (n: number) => lines()[n]!.targets.flatMap((t) => t.written);
    await vi.waitFor(() => expect(lines()).toHaveLength(1), patience);
    expect(lines()[0]).toMatchObject({ command: 'generate', ok: true, changed: [] });
    expect(rendered(0)).toEqual(['openapi', 'list', 'count']);
    // The watcher is ready a moment after the first run (nothing says so on stdout but JSON lines).
    await new Promise((done) => setTimeout(done, 2_000));

    // One template file: that target alone.
    writeFileSync(join(dir, 'templates/list/list.md.hbs'), '{{#each model.operations}}\n* {{upper method}} {{path}}\n{{/each}}\n');
    await vi.waitFor(() => expect(lines()).toHaveLength(2), patience);
    expect(lines()[1]).toMatchObject({ ok: true, changed: ['templates/list/list.md.hbs'] });
    expect(rendered(1)).toEqual(['list']);
    expect(written(1)).toEqual(['list/generated/list.md']);
    expect(readFileSync(join(dir, 'list/generated/list.md'), 'utf8')).toContain('* POST /notes\n');

    // The definition, in a way the model does not show: nothing.
    writeFileSync(join(dir, 'schemas.ts'), `// notes\n${schemas('id: z.string(), text: z.string()')}`);
    await vi.waitFor(() => expect(lines()).toHaveLength(3), patience);
    expect(lines()[2]).toMatchObject({ ok: true, changed: ['schemas.ts'] });
    expect(rendered(2)).toEqual([]);
    expect(written(2)).toEqual([]);

    // A schema: every target sees it.
    writeFileSync(join(dir, 'schemas.ts'), schemas('id: z.string(), text: z.string(), done: z.boolean()'));
    await vi.waitFor(() => expect(lines()).toHaveLength(4), patience);
    expect(rendered(3)).toEqual(['openapi', 'list', 'count']);
    expect(written(3)).toEqual(['generated/openapi.json']);

    run.child.kill('SIGTERM');
    const [code] = (await once(run.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(lines()).toHaveLength(4); // and nothing but JSON lines on stdout: each parsed
    expect(run.stderr()).toBe('');
  });

  it('prints each run\'s steps and the targets it rendered; --quiet only the lines about a problem', { timeout: 120_000 }, async () => {
    const dir = project('watch-text');
    const text = watch(dir);
    await vi.waitFor(() => expect(text.stdout()).toMatch(/^\[boomerang\] watching \d+ files/m), patience);
    expect(text.stdout()).toMatch(/^\[boomerang\] step render count: \d+ ms\n/m);
    expect(text.stdout()).toMatch(/^\[boomerang\] regenerated in \d+ ms: 3 written \(generated\/openapi\.json, list\/generated\/list\.md, count\/generated\/count\.md\), 0 unchanged, 0 kept, 0 deleted; rendered openapi, list, count\n/m);
    writeFileSync(join(dir, 'templates/count/count.md.hbs'), '{{model.operations.length}} operations\n');
    await vi.waitFor(() => expect(text.stdout()).toMatch(/regenerated in \d+ ms: 1 written \(count\/generated\/count\.md\), 2 unchanged, 0 kept, 0 deleted; rendered count; not rendered \(inputs unchanged\): openapi, list\n/), patience);
    expect(text.stdout()).toMatch(/^\[boomerang\] step render openapi: inputs unchanged, not rendered\n\[boomerang\] step render list: inputs unchanged, not rendered\n/m);
    expect(text.stdout()).not.toMatch(escapes);
    text.child.kill('SIGTERM');
    await once(text.child, 'exit');

    const quiet = watch(dir, '--quiet');
    // Its runs that go well print nothing, so nothing says when it watches: the broken edit is saved
    // again until a run sees it.
    await vi.waitFor(
      () => {
        if (quiet.stdout() === '') writeFileSync(join(dir, 'schemas.ts'), 'export const Note = ;\n');
        expect(quiet.stdout()).not.toBe('');
      },
      { timeout: 30_000, interval: 1_000 },
    );
    await vi.waitFor(() => expect(quiet.stderr()).toMatch(/^boomerang: .*schemas\.ts/), patience);
    quiet.child.kill('SIGTERM');
    const [code] = (await once(quiet.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(quiet.stdout()).toMatch(/^(\[boomerang\] generation failed\n)+$/);
  });
});
