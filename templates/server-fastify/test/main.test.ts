/**
 * The main.ts the template scaffolds, run as a user runs it (`node --import tsx src/main.ts`, here the
 * invoices snapshot's, with a handler of the test's own), its log read from its stdout: without
 * LOG_LEVEL no request is logged, but where it listens, every callback delivery and every error are;
 * with LOG_LEVEL=info every request is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingReceiver, type RecordingReceiver } from '../../../tools/testing/recording-receiver.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const snapshot = fileURLToPath(new URL('./__snapshots__/invoices/', import.meta.url));

// A handler that logs at info, sends its callback when it is given a URL, and crashes on request.
const handler = `import type { Handlers } from '../generated/server.ts';

export const create_invoice: Handlers['create_invoice'] = async ({ body, callbacks, afterResponse, log }) => {
  if (body.id === 'crash') throw new Error('the handler crashed');
  log.info({ invoice: body.id }, 'handler ran');
  if (callbacks.invoice_notification.url !== undefined) afterResponse(() => callbacks.invoice_notification.send({ description: 'paid', paid: true }));
  return { status: 200, body: { msg: 'Invoice received' } };
};
`;

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

interface Running {
  readonly lines: LogLine[];
  /** Resolves with the first line (already written or still to come) that `match` accepts. */
  waitFor(match: (line: LogLine) => boolean): Promise<LogLine>;
  readonly origin: string;
}

let project: string;
let server: ChildProcess | undefined;
let receiver: RecordingReceiver | undefined;

beforeAll(() => {
  // Inside the repository, so that fastify and @boomerang/runtime resolve as they do for the examples.
  mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
  project = mkdtempSync(join(repoRoot, '.tmp', 'server-fastify-main-'));
  cpSync(join(snapshot, 'generated'), join(project, 'src', 'generated'), { recursive: true });
  cpSync(join(snapshot, 'main.ts'), join(project, 'src', 'main.ts'));
  mkdirSync(join(project, 'src', 'handlers'));
  writeFileSync(join(project, 'src', 'handlers', 'create_invoice.ts'), handler);
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

afterEach(async () => {
  if (server !== undefined && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    process.kill(server.pid!, 'SIGTERM');
    await exited;
  }
  await receiver?.close();
  server = receiver = undefined;
});

async function start(env: Record<string, string>): Promise<Running> {
  const { LOG_LEVEL: _level, CALLBACK_SECRET: _secret, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--conditions=@boomerang/source', '--import', 'tsx', join(project, 'src', 'main.ts')], {
    cwd: repoRoot,
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', CALLBACK_ALLOW_HOSTS: '127.0.0.1', CALLBACK_STORE: `sqlite:${join(project, 'deliveries.db')}`, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  server = child;
  const lines: LogLine[] = [];
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as LogLine;
    lines.push(line);
    for (const waiter of waiters.filter((w) => w.match(line))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  const waitFor = (match: (line: LogLine) => boolean) => {
    const found = lines.find(match);
    return found !== undefined ? Promise.resolve(found) : new Promise<LogLine>((resolve) => waiters.push({ match, resolve }));
  };
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`main.ts exited (code ${code}) before it listened`))));
  const listening = await Promise.race([waitFor((line) => line.msg.startsWith('Server listening at ')), exited]);
  return { lines, waitFor, origin: listening.msg.slice('Server listening at '.length) };
}

async function post(origin: string, id: string, query = ''): Promise<number> {
  const response = await fetch(`${origin}/invoices${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, customer: 'Ada', total: 10 }) });
  await response.arrayBuffer();
  return response.status;
}

const info = 30;
const warn = 40;
const error = 50;

describe('main.ts', () => {
  it('without LOG_LEVEL, logs no request, but where it listens, every callback delivery (sent, retried, failed) and every error', async () => {
    receiver = await startRecordingReceiver([{ status: 503, headers: { 'retry-after': '0' } }, { status: 200, body: { ok: true } }, { status: 400, body: {} }]);
    const { lines, waitFor, origin } = await start({});
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    expect(await post(origin, 'inv_1')).toBe(200);
    // The crash is logged after anything the first request logged: its response had been sent before the second request left.
    expect(await post(origin, 'crash')).toBe(500);
    const crash = await waitFor((line) => line.level === error);
    expect(crash).toMatchObject({ msg: 'request failed', err: { message: 'the handler crashed' } });
    expect(lines.filter((line) => line.level < warn).map((line) => line.msg)).toEqual([`Server listening at ${origin}`, 'delivering queued callbacks']);
    // Where queued callbacks are kept (CALLBACK_STORE), and the dispatcher's name in leases.
    expect(lines.find((line) => line.msg === 'delivering queued callbacks')).toMatchObject({ level: info, store: `sqlite:${join(project, 'deliveries.db')}`, worker: expect.any(String) });
    expect(lines.find((line) => line.level === warn)).toMatchObject({ msg: 'CALLBACK_SECRET is not set: callbacks are sent unsigned' });

    // Answered 503 once, then 200: one retry, one delivery.
    expect(await post(origin, 'inv_2', `?callback_url=${receiver.origin}/events`)).toBe(200);
    const delivered = await waitFor((line) => line.msg === 'callback delivered');
    expect(delivered).toMatchObject({ level: info, event: 'invoice_notification', url: `${receiver.origin}/events/invoices/inv_2`, status: 200, attempts: 2 });
    const retried = lines.find((line) => line.msg.startsWith('callback attempt failed, retrying'));
    expect(retried).toMatchObject({ level: warn, event: 'invoice_notification', attempt: 1, reason: 'http-status', status: 503, delayMs: 0 });

    // Answered 400: not retried, failed.
    expect(await post(origin, 'inv_3', `?callback_url=${receiver.origin}/events`)).toBe(200);
    const failed = await waitFor((line) => line.msg.startsWith('callback failed'));
    expect(failed).toMatchObject({ level: error, event: 'invoice_notification', url: `${receiver.origin}/events/invoices/inv_3`, reason: 'http-status', status: 400, attempts: 1 });

    expect(lines.map((line) => line.msg).filter((msg) => msg === 'incoming request' || msg === 'request completed' || msg === 'handler ran')).toEqual([]);
  });

  it('with LOG_LEVEL=info, logs every request, and what handlers log at info', async () => {
    const { lines, waitFor, origin } = await start({ LOG_LEVEL: 'info' });
    expect(await post(origin, 'inv_1')).toBe(200);
    const completed = await waitFor((line) => line.msg === 'request completed');
    expect(completed).toMatchObject({ level: info, res: { statusCode: 200 } });
    const incoming = lines.find((line) => line.msg === 'incoming request');
    expect(incoming).toMatchObject({ level: info, req: { method: 'POST', url: '/invoices' } });
    expect(lines.find((line) => line.msg === 'handler ran')).toMatchObject({ level: info, invoice: 'inv_1', reqId: incoming!.reqId });
    // Fastify says where it listens; main.ts does not say it again.
    expect(lines.filter((line) => line.msg.startsWith('Server listening at '))).toHaveLength(1);
  });
});
