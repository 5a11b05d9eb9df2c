/**
 * `boomerang worker` as an operator runs it: the real binary, as a child process, on a SQLite store that
 * another process (this test, through the runtime's `openStore` + `createOutbox`, dispatcher never
 * started) queued callbacks into, delivering them to a real node:http receiver on 127.0.0.1; then
 * stopped with SIGTERM. What it did is checked at the receiver, in its JSON lines and in the store.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOutbox, generateSecret, openStore, verifyPayload, type Outbox } from '@boomerang/runtime';
import { afterEach, describe, expect, it, vi } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/boomerang.js', import.meta.url));
/** How long to wait for what the worker does: a limit for a stuck test, not a speed requirement. */
const patience = { timeout: 45_000, interval: 50 };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'boomerang-worker-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Received {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly payload: string;
}

/** A receiver on 127.0.0.1 that records every request and answers 200 with `answer` as JSON. */
async function receiver(answer: unknown): Promise<{ base: string; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, payload: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** A SQLite store file in a fresh folder, with an outbox on it that queues and never sends. */
async function queueIn(dir: string): Promise<{ file: string; outbox: Outbox }> {
  const file = join(dir, 'deliveries.db');
  const outbox = createOutbox({ store: await openStore(`sqlite:${file}`) });
  cleanups.push(() => outbox.close({ graceMs: 0 }));
  return { file, outbox };
}

async function enqueueInvoices(outbox: Outbox, base: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    ids.push(await outbox.enqueue({ kind: 'callback', event: 'invoice_notification', url: `${base}/invoices/inv_${i}`, method: 'post', body: { description: `invoice ${i}`, paid: true } }));
  }
  return ids;
}

interface Worker {
  readonly child: ChildProcess;
  /** Every line written so far, parsed (each must be JSON). */
  lines(): Record<string, unknown>[];
  stderr(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The real CLI binary, from the repository root, with the environment main.ts reads. */
function startWorker(args: readonly string[], env: Record<string, string>): Worker {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
  for (const name of ['CALLBACK_STORE', 'SHUTDOWN_GRACE_MS', 'BOOMERANG_DEBUG']) if (!(name in env)) delete childEnv[name];
  const child = spawn(process.execPath, [bin, 'worker', ...args], { cwd: repo, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  cleanups.push(async () => {
    // Still running (a failed assertion): killed by its PID, and waited for.
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGKILL');
      await exited;
    }
  });
  return {
    child,
    lines: () => stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>),
    stderr: () => stderr,
    exited,
  };
}

async function stop(worker: Worker): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  process.kill(worker.child.pid!, 'SIGTERM');
  return await worker.exited;
}

const withMessage = (worker: Worker, msg: string) => worker.lines().filter((line) => typeof line['msg'] === 'string' && (line['msg'] === msg || line['msg'].startsWith(`${msg}: `)));

describe('boomerang worker', () => {
  it('delivers what another process queued, signed, and stops on SIGTERM with exit code 0', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const { base, received } = await receiver({ ok: true });
    const { file, outbox } = await queueIn(dir);
    const ids = await enqueueInvoices(outbox, base, 20);
    const secret = generateSecret();

    const worker = startWorker(['examples/invoices', '--store', `sqlite:${file}`, '--concurrency', '4'], { CALLBACK_SECRET: secret, CALLBACK_ALLOW_HOSTS: '127.0.0.1' });
    await vi.waitFor(() => {
      expect(worker.child.exitCode, worker.stderr()).toBeNull();
      expect(received).toHaveLength(20);
      expect(withMessage(worker, 'callback delivered')).toHaveLength(20);
    }, patience);

    const [started] = worker.lines();
    expect(started).toMatchObject({ level: 'info', msg: 'worker started', store: `sqlite:${file}`, concurrency: 4, validatesAnswers: true, project: 'examples/invoices', callbacks: ['invoice_notification'], webhooks: [] });
    expect(started!['worker']).toMatch(new RegExp(`:${worker.child.pid}:`));

    for (const request of received) {
      expect(verifyPayload({ headers: request.headers, payload: request.payload, secrets: [secret] })).toEqual({ ok: true });
      expect(verifyPayload({ headers: request.headers, payload: request.payload, secrets: [generateSecret()] })).toEqual({ ok: false, reason: 'bad-signature' });
      expect(request.headers['boomerang-event']).toBe('invoice_notification');
    }
    expect(received.map((r) => r.headers['webhook-id']).sort()).toEqual([...ids].sort());
    expect(received.map((r) => r.url).sort()).toEqual(ids.map((_, i) => `/invoices/inv_${i + 1}`).sort());
    const delivered = withMessage(worker, 'callback delivered');
    expect(delivered.map((line) => line['webhookId']).sort()).toEqual([...ids].sort());
    for (const line of delivered) expect(line).toMatchObject({ level: 'info', event: 'invoice_notification', status: 200, attempts: 1, url: expect.stringMatching(new RegExp(`^${base}/invoices/inv_\\d+$`)) });
    expect(await outbox.deliveries.counts()).toEqual({ pending: 0, delivered: 20, dead: 0 });

    expect(await stop(worker)).toEqual({ code: 0, signal: null });
    expect(worker.lines().at(-1)).toMatchObject({ level: 'info', msg: 'worker stopped', signal: 'SIGTERM', worker: started!['worker'] });
    expect(worker.stderr()).toBe('');
  });

  it("with the project, an answer that does not match the callback's documented response makes the delivery dead (invalid-response)", { timeout: 90_000 }, async () => {
    const dir = tempDir();
    // examples/invoices/api.ts: the callback answers 200 { ok: boolean }.
    const { base, received } = await receiver({ ok: 'yes' });
    const { file, outbox } = await queueIn(dir);
    const [id] = await enqueueInvoices(outbox, base, 1);

    const worker = startWorker(['examples/invoices', '--store', `sqlite:${file}`], { CALLBACK_SECRET: generateSecret(), CALLBACK_ALLOW_HOSTS: '127.0.0.1' });
    await vi.waitFor(() => {
      expect(worker.child.exitCode, worker.stderr()).toBeNull();
      // Its outcome, whichever it is: a worker that did not check the answer would log it delivered.
      expect([...withMessage(worker, 'callback failed'), ...withMessage(worker, 'callback delivered')]).toHaveLength(1);
    }, patience);

    expect(withMessage(worker, 'callback failed')[0]).toMatchObject({ level: 'error', event: 'invoice_notification', url: `${base}/invoices/inv_1`, reason: 'invalid-response', status: 200, attempts: 1, webhookId: id });
    expect(withMessage(worker, 'callback delivered')).toEqual([]);
    expect(received).toHaveLength(1);
    const detail = await outbox.deliveries.show(id!);
    expect(detail?.state).toBe('dead');
    expect(detail?.log.map((attempt) => attempt.reason)).toEqual(['invalid-response']);

    expect(await stop(worker)).toEqual({ code: 0, signal: null });
    expect(worker.lines().at(-1)).toMatchObject({ msg: 'worker stopped' });
  });

  it('without a project, answers are not checked: the same answer counts as delivered, and the started line says so', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const { base, received } = await receiver({ ok: 'yes' });
    const { file, outbox } = await queueIn(dir);
    const [id] = await enqueueInvoices(outbox, base, 1);

    const worker = startWorker(['--store', `sqlite:${file}`], { CALLBACK_SECRET: generateSecret(), CALLBACK_ALLOW_HOSTS: '127.0.0.1' });
    await vi.waitFor(() => {
      expect(worker.child.exitCode, worker.stderr()).toBeNull();
      expect(withMessage(worker, 'callback delivered')).toHaveLength(1);
    }, patience);

    expect(worker.lines()[0]).toMatchObject({ msg: 'worker started', validatesAnswers: false });
    expect(worker.lines()[0]).not.toHaveProperty('project');
    expect(withMessage(worker, 'callback delivered')[0]).toMatchObject({ webhookId: id, status: 200 });
    expect(received).toHaveLength(1);
    expect((await outbox.deliveries.show(id!))?.state).toBe('delivered');
    expect(await stop(worker)).toEqual({ code: 0, signal: null });
  });

  it('--store wins over CALLBACK_STORE; a SQLite store file that is not there exits 1 and creates nothing', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const file = join(dir, 'missing.db');
    const worker = startWorker(['--store', `sqlite:${file}`], { CALLBACK_STORE: `sqlite:${join(dir, 'from-env.db')}` });
    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.stderr()).toBe(`boomerang: No delivery store at ${file}: start the server once (it creates it) or pass --store\n`);
    expect(worker.lines()).toEqual([]);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
