/**
 * `boomerang dev` and `boomerang generate --watch` as an author runs them: the real binary as a child
 * process, on a scratch project inside the repository (so that @boomerang/* and zod resolve) whose
 * definition imports its schema from a module of its own. The test edits that module and asks the
 * real server, over HTTP on 127.0.0.1, what it accepts now; then stops everything with SIGTERM and
 * checks that every process it started is gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

const bin = fileURLToPath(new URL('../bin/boomerang.js', import.meta.url));
/** How long to wait for a run, a restart: a limit for a stuck test, not a speed requirement. */
const patience = { timeout: 30_000, interval: 50 };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const schemas = (fields: string) => `import { z } from 'zod';

export const Invoice = z.object({ ${fields} }).meta({ id: 'Invoice' });
`;

/** A project: api.ts imports Invoice from schemas.ts; its callback URL reads the invoice's id. */
function project(name: string): string {
  const dir = fileURLToPath(new URL(`./.tmp/${name}-${process.pid}/`, import.meta.url));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src/handlers'), { recursive: true });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'schemas.ts'), schemas('id: z.string(), customer: z.string()'));
  writeFileSync(
    join(dir, 'api.ts'),
    `import { defineApi, operation } from '@boomerang/core';
import { z } from 'zod';
import { Invoice } from './schemas.ts';

export default defineApi({
  info: { title: 'Invoices', version: '1.0.0' },
  operations: [
    operation({
      method: 'post',
      path: '/invoices',
      operationId: 'create_invoice',
      request: { query: z.object({ callback_url: z.url().optional() }), body: Invoice },
      responses: { 200: { description: 'Received.', body: z.object({ msg: z.string() }) } },
      callbacks: {
        invoice_notification: {
          url: '{$request.query.callback_url}/invoices/{$request.body#/id}',
          post: { request: { body: z.object({ paid: z.boolean() }) }, responses: { 200: { description: 'Received.' } } },
        },
      },
    }),
  ],
});
`,
  );
  writeFileSync(
    join(dir, 'boomerang.config.ts'),
    `import { defineConfig } from '@boomerang/codegen';
export default defineConfig({ openapi: { formats: ['json'] }, targets: [{ template: '@boomerang/template-server-fastify', output: './src' }] });
`,
  );
  // The handler, written before the first run: a scaffold that is there is the author's, and kept.
  writeFileSync(
    join(dir, 'src/handlers/create_invoice.ts'),
    `import type { Handlers } from '../generated/server.ts';

export const create_invoice: Handlers['create_invoice'] = async () => ({ status: 200, body: { msg: 'received' } });
`,
  );
  return dir;
}

interface Running {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
}

function boomerang(cwd: string, ...args: string[]): Running {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  return { child, stdout: () => stdout, stderr: () => stderr };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills, at the end of the test, a server that dev started and did not stop (when the test failed). */
function serverStarted(pid: number): number {
  cleanups.push(() => {
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  });
  return pid;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/** The status of POST /invoices with that body; 0 when the server does not answer. */
async function post(port: number, body: unknown): Promise<number> {
  return (await answer(port, body)).status;
}

async function answer(port: number, body: unknown): Promise<{ status: number; text: string }> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/invoices`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, text: await response.text() };
  } catch {
    return { status: 0, text: '' };
  }
}

/** The pids of every `server started`/`server restarted` line so far. */
const serverPids = (stdout: string) => [...stdout.matchAll(/^\[boomerang\] server (?:re)?started \(pid (\d+)\)/gm)].map((m) => Number(m[1]));

const count = (text: string, part: string) => text.split(part).length - 1;

describe('boomerang dev', () => {
  it('restarts the server on an edit of an imported module or a handler, keeps the last good one through a broken edit, and stops everything on SIGTERM', { timeout: 120_000 }, async () => {
    const dir = project('dev');
    const port = await freePort();
    const dev = boomerang(dir, 'dev', '.', '--port', String(port));
    const short = { id: 'inv_1', customer: 'Ada' };

    await vi.waitFor(() => expect(dev.stdout()).toMatch(/^\[boomerang\] watching \d+ files/m), patience);
    expect(dev.stdout()).toMatch(/^\[boomerang\] regenerated in \d+ ms: \d+ written/m);
    expect(dev.stdout()).toContain(`on http://127.0.0.1:${port}\n`);
    const [first] = serverPids(dev.stdout()).map(serverStarted);
    await vi.waitFor(async () => expect(await post(port, short)).toBe(200), patience);

    // A new required field in the imported module: the restarted server refuses the request without it.
    writeFileSync(join(dir, 'schemas.ts'), schemas('id: z.string(), customer: z.string(), total: z.number()'));
    await vi.waitFor(() => expect(serverPids(dev.stdout())).toHaveLength(2), patience);
    expect(dev.stdout()).toContain('[boomerang] changed: schemas.ts\n');
    expect(dev.stdout()).toMatch(/^\[boomerang\] server restarted \(pid \d+\): src\/main\.ts on /m);
    const second = serverStarted(serverPids(dev.stdout())[1]!);
    expect(second).not.toBe(first);
    expect(alive(first!)).toBe(false);
    await vi.waitFor(async () => expect(await post(port, short)).toBe(400), patience);
    expect(await post(port, { ...short, total: 12.5 })).toBe(200);

    // A definition error (the callback URL reads the body's id, which is gone): printed; the old server answers on.
    writeFileSync(join(dir, 'schemas.ts'), schemas('customer: z.string(), total: z.number()'));
    await vi.waitFor(() => expect(dev.stdout()).toMatch(new RegExp(`^\\[boomerang\\] the definition has 1 error( \\(.*\\))?; nothing was written; the server \\(pid ${second}\\) keeps running the last good version$`, 'm')), patience);
    expect(dev.stderr()).toMatch(/^error BMR\d+ .*callback invoice_notification.*\$request\.body#\/id/m);
    // A syntax error: the module does not load; printed, and the old server answers on.
    writeFileSync(join(dir, 'schemas.ts'), `${schemas('id: z.string(), customer: z.string(), total: z.number()')}export const Broken = z.object({\n`);
    await vi.waitFor(() => expect(dev.stdout()).toContain(`[boomerang] generation failed; the server (pid ${second}) keeps running the last good version\n`), patience);
    expect(dev.stderr()).toMatch(/^boomerang: .*schemas\.ts/m);
    expect(serverPids(dev.stdout())).toHaveLength(2);
    expect(alive(second)).toBe(true);
    expect(await post(port, { ...short, total: 12.5 })).toBe(200);
    expect(await post(port, short)).toBe(400);

    // Fixed, with one more required field: service is back, with the new shape.
    writeFileSync(join(dir, 'schemas.ts'), schemas('id: z.string(), customer: z.string(), total: z.number(), currency: z.string()'));
    await vi.waitFor(() => expect(serverPids(dev.stdout())).toHaveLength(3), patience);
    const third = serverStarted(serverPids(dev.stdout())[2]!);
    await vi.waitFor(async () => expect(await post(port, { ...short, total: 12.5 })).toBe(400), patience);
    expect(await post(port, { ...short, total: 12.5, currency: 'EUR' })).toBe(200);
    expect(alive(second)).toBe(false);

    // The server's own code (a handler): an edit restarts it, with nothing to regenerate.
    const handler = join(dir, 'src/handlers/create_invoice.ts');
    writeFileSync(handler, readFileSync(handler, 'utf8').replace("msg: 'received'", "msg: 'thanks'"));
    await vi.waitFor(() => expect(serverPids(dev.stdout())).toHaveLength(4), patience);
    const fourth = serverStarted(serverPids(dev.stdout())[3]!);
    expect(dev.stdout()).toMatch(/\[boomerang\] changed: src\/handlers\/create_invoice\.ts\n\[boomerang\] step inputs unchanged: \d+ ms\n\[boomerang\] nothing to regenerate/);
    await vi.waitFor(async () => expect(await answer(port, { ...short, total: 12.5, currency: 'EUR' })).toEqual({ status: 200, text: '{"msg":"thanks"}' }), patience);
    expect(alive(third)).toBe(false);

    dev.child.kill('SIGTERM');
    const [code] = (await once(dev.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(dev.stdout()).toContain(`[boomerang] server stopped (pid ${fourth}, code 0)\n[boomerang] stopped (SIGTERM)\n`);
    // Restarted four times, and no restart for the files the runs wrote in src/ themselves.
    expect(serverPids(dev.stdout())).toHaveLength(4);
    expect(alive(dev.child.pid!)).toBe(false);
    expect(alive(fourth)).toBe(false);
    expect(await post(port, short)).toBe(0);
  });
});

describe('boomerang dev and generate --watch: mistakes', () => {
  it.each([
    [['dev', 'nope'], 1, 'boomerang: the project folder `nope` does not exist.\n'],
    [['generate', 'nope', '--watch'], 1, 'boomerang: the project folder `nope` does not exist.\n'],
    [['dev', '.', '--port', '0'], 2, 'boomerang: --port (or PORT) must be a port number, 1 to 65535, not `0`.\n'],
    [['dev', 'a', 'b'], 2, 'boomerang: `boomerang dev` takes one project folder.\n'],
    [['generate', '.', '--watch', '--dry-run'], 2, 'boomerang: --watch writes: it does not go with --dry-run.\n'],
  ])('boomerang %j exits %i, watching nothing', async (args, code, first) => {
    const run = boomerang(fileURLToPath(new URL('.', import.meta.url)), ...args);
    const [exit] = (await once(run.child, 'exit')) as [number | null];
    expect(exit).toBe(code);
    expect(run.stderr()).toMatch(new RegExp(`^${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(run.stdout()).toBe('');
  });
});

describe('boomerang generate --watch', () => {
  it('regenerates on an edit of an imported module, rewrites nothing for an edit that changes no output, and exits 0 on SIGTERM', { timeout: 90_000 }, async () => {
    const dir = project('generate-watch');
    const watch = boomerang(dir, 'generate', '.', '--watch');
    const document = join(dir, 'generated/openapi.json');

    await vi.waitFor(() => expect(watch.stdout()).toMatch(/^\[boomerang\] watching \d+ files/m), patience);
    expect(watch.stdout()).toMatch(/^\[boomerang\] regenerated in \d+ ms: \d+ written/m);
    expect(readFileSync(document, 'utf8')).not.toContain('"total"');

    writeFileSync(join(dir, 'schemas.ts'), schemas('id: z.string(), customer: z.string(), total: z.number()'));
    await vi.waitFor(() => expect(count(watch.stdout(), '[boomerang] regenerated in ')).toBe(2), patience);
    expect(watch.stdout()).toContain('[boomerang] changed: schemas.ts\n');
    expect(readFileSync(document, 'utf8')).toContain('"total"');
    const server = join(dir, 'src/generated/server.ts');
    const mtime = statSync(server).mtimeMs;

    expect(watch.stdout()).toMatch(/regenerated in \d+ ms: \d+ written \(.*\), \d+ unchanged, \d+ kept, 0 deleted; rendered openapi, server-fastify( \(.*\))?\n/);
    // A comment: the inputs changed, so the run is done, but the model is what it was: no target is
    // rendered, and nothing is rewritten.
    writeFileSync(join(dir, 'schemas.ts'), `// the invoice\n${schemas('id: z.string(), customer: z.string(), total: z.number()')}`);
    await vi.waitFor(() => expect(count(watch.stdout(), '[boomerang] regenerated in ')).toBe(3), patience);
    expect(watch.stdout()).toMatch(/regenerated in \d+ ms: 0 written, \d+ unchanged, \d+ kept, 0 deleted; no target rendered \(inputs unchanged\)( \(.*\))?\n$/);
    expect(statSync(server).mtimeMs).toBe(mtime);

    watch.child.kill('SIGTERM');
    const [code] = (await once(watch.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(watch.stdout()).toMatch(/\[boomerang\] stopped \(SIGTERM\)\n$/);
    expect(watch.stderr()).not.toMatch(/^(error|boomerang:)/m);
  });
});
