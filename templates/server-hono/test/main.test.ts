/**
 * The main.ts server-hono scaffolds, run as a user runs it (`node --import tsx src/main.ts`, the invoices
 * snapshot's, with a handler of the test's own) on @hono/node-server, its JSON-lines log read from its
 * stdout: the same settings and the same log lines as the Fastify target's main.ts; what Node cannot
 * parse answered as a problem; SIGTERM stops it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from '../../../tools/testing/raw-http.ts';
import { startRecordingReceiver, type RecordingReceiver } from '../../../tools/testing/recording-receiver.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const snapshot = fileURLToPath(new URL('./__snapshots__/invoices/', import.meta.url));

// A handler that logs at info, sends its callback after answering when it is given a URL, and crashes on request.
const handler = `import type { Handlers } from '../generated/server.ts';

export const create_invoice: Handlers['create_invoice'] = async ({ body, callbacks, afterResponse, log }) => {
  if (body.id === 'crash') throw new Error('the handler crashed');
  log.info({ invoice: body.id }, 'handler ran');
  if (callbacks.invoice_notification.url !== undefined) afterResponse(() => callbacks.invoice_notification.send({ description: 'paid', paid: true }));
  return { status: 200, body: { msg: 'Invoice received' } };
};
`;

type Line = { readonly level: number; readonly msg: string } & Record<string, unknown>;

let project: string;
let child: ChildProcess | undefined;
let receiver: RecordingReceiver | undefined;

beforeAll(() => {
  // Inside the repository, so that hono and @boomerang/runtime resolve as they do for the examples.
  mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
  project = mkdtempSync(join(repoRoot, '.tmp', 'server-hono-main-'));
  cpSync(join(snapshot, 'generated'), join(project, 'src', 'generated'), { recursive: true });
  cpSync(join(snapshot, 'main.ts'), join(project, 'src', 'main.ts'));
  mkdirSync(join(project, 'src', 'handlers'));
  writeFileSync(join(project, 'src', 'handlers', 'create_invoice.ts'), handler);
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

afterEach(async () => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  await receiver?.close();
  child = receiver = undefined;
});

/** Starts main.ts with `env`; resolves once it says where it listens. `next(match)` waits for a line, written or to come. */
async function start(env: Record<string, string>) {
  const { LOG_LEVEL: _level, CALLBACK_SECRET: _secret, ...inherited } = process.env;
  child = spawn(process.execPath, ['--conditions=@boomerang/source', '--import', 'tsx', join(project, 'src', 'main.ts')], {
    cwd: repoRoot,
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', CALLBACK_ALLOW_HOSTS: '127.0.0.1', CALLBACK_STORE: `sqlite:${join(project, 'deliveries.db')}`, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Line[] = [];
  const wanted = new Set<{ match: (line: Line) => boolean; found: (line: Line) => void }>();
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Line;
    lines.push(line);
    for (const want of wanted) if (want.match(line)) (wanted.delete(want), want.found(line));
  });
  const next = (match: (line: Line) => boolean) => new Promise<Line>((found) => (lines.some(match) ? found(lines.find(match)!) : wanted.add({ match, found })));
  const exit = new Promise<number | null>((resolve) => child!.once('exit', resolve));
  const listening = await Promise.race([next((line) => line.msg.startsWith('Server listening at ')), exit.then((code) => Promise.reject(new Error(`main.ts exited (code ${code}) before it listened`)))]);
  const origin = listening.msg.slice('Server listening at '.length);
  return { lines, next, exit, origin, port: Number(new URL(origin).port) };
}

async function post(origin: string, id: string, query = ''): Promise<number> {
  const response = await fetch(`${origin}/invoices${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, customer: 'Ada', total: 10 }) });
  await response.arrayBuffer();
  return response.status;
}

const [info, warn, error] = [30, 40, 50];

describe('main.ts on @hono/node-server', () => {
  it('without LOG_LEVEL, logs no request, but where it listens, each callback delivery and every error', async () => {
    receiver = await startRecordingReceiver();
    const { lines, next, origin } = await start({});
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await post(origin, 'inv_1')).toBe(200);
    expect(await post(origin, 'crash')).toBe(500);
    expect(await next((line) => line.level === error)).toMatchObject({ msg: 'request failed', err: { message: 'the handler crashed' } });
    expect(await post(origin, 'inv_2', `?callback_url=${receiver.origin}/events`)).toBe(200);
    expect(await next((line) => line.msg === 'callback delivered')).toMatchObject({ level: info, event: 'invoice_notification', url: `${receiver.origin}/events/invoices/inv_2`, status: 200, attempts: 1 });

    expect(lines.filter((line) => line.level < warn).map((line) => line.msg)).toEqual([`Server listening at ${origin}`, 'delivering queued callbacks', 'callback delivered']);
    expect(lines.find((line) => line.msg === 'delivering queued callbacks')).toMatchObject({ store: `sqlite:${join(project, 'deliveries.db')}`, worker: expect.any(String) });
    expect(lines.filter((line) => line.level === warn).map((line) => line.msg)).toEqual(['CALLBACK_SECRET is not set: callbacks are sent unsigned']);
  });

  it('with LOG_LEVEL=info, logs every request, and what handlers log at info, under one reqId', async () => {
    const { lines, next, origin } = await start({ LOG_LEVEL: 'info' });
    expect(await post(origin, 'inv_1')).toBe(200);
    const completed = await next((line) => line.msg === 'request completed');
    expect(completed).toMatchObject({ level: info, res: { statusCode: 200 }, responseTime: expect.any(Number) });
    const incoming = lines.find((line) => line.msg === 'incoming request');
    expect(incoming).toMatchObject({ level: info, reqId: completed.reqId, req: { method: 'POST', url: '/invoices', remoteAddress: '127.0.0.1' } });
    expect(lines.find((line) => line.msg === 'handler ran')).toMatchObject({ level: info, invoice: 'inv_1', reqId: completed.reqId });
    expect(lines.filter((line) => line.msg.startsWith('Server listening at '))).toHaveLength(1);
  });

  it("answers what Node's HTTP parser refuses as a problem", async () => {
    const { port } = await start({});
    const answer = await rawExchange(port, 'GARBAGE\r\n\r\n');
    expect(answer?.status).toBe(400);
    expect(answer?.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(answer!.body)).toEqual({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The request is not valid HTTP/1.1.' });
  });

  it('on SIGTERM, stops taking requests, closes the outbox and exits', async () => {
    const { next, exit, origin } = await start({ SHUTDOWN_GRACE_MS: '500' });
    expect(await post(origin, 'inv_1')).toBe(200);
    child!.kill('SIGTERM');
    expect(await next((line) => line.msg === 'shutting down')).toMatchObject({ signal: 'SIGTERM', graceMs: 500 });
    await next((line) => line.msg === 'stopped; undelivered callbacks stay queued');
    expect(await exit).toBe(0);
    await expect(post(origin, 'inv_2')).rejects.toThrow();
  });
});
