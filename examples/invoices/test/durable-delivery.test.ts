/**
 * Durable callback delivery, as an operator sees it: the generated invoices server runs as its own
 * process (`node … src/main.ts`, configured by env as in production), invoices are POSTed to it, the
 * process is killed (SIGKILL) or stopped (SIGTERM), and a receiver counts what arrives after the
 * restart: every invoice's callback, signed, with the webhook-id that was stored before the kill.
 * Then three processes sharing one Postgres store, one of them killed mid-delivery: its leased
 * deliveries come back to the others once the lease expires.
 *
 * At least once, never exactly once: a process killed with attempts in flight can cause one duplicate
 * per attempt in flight (the receiver got it, the answer was lost); a receiver that de-duplicates on
 * the webhook-id sees each invoice once. Duplicates are printed, and bounded by what was in flight.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSecret, openStore, verifyPayload, type Delivery } from '@boomerang/runtime';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../../../tools/testing/postgres.ts';
import { createReceiver, type Receiver as GeneratedReceiver } from '../receiver/generated/index.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const mainTs = 'examples/invoices/src/main.ts';
const stoppedMessage = 'stopped; undelivered callbacks stay queued';

// ---------------------------------------------------------------------------------------------------
// The server as its own process

interface LogLine {
  readonly level?: number;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

interface ServerProcess {
  readonly pid: number;
  readonly origin: string;
  /** The dispatcher's worker name (`<host>:<pid>:<random>`), as written in leases. */
  readonly worker: string;
  /** Every JSON line of its stdout so far. */
  readonly logs: LogLine[];
  /** stdout lines that were not JSON, and stderr. */
  readonly otherOutput: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  signal(name: NodeJS.Signals): void;
  isRunning(): boolean;
}

const children = new Set<ChildProcess>();

/** Ends every server process still running, by its PID, and waits for it. */
async function killChildren(): Promise<void> {
  const running = [...children].filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(
    running.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          try {
            if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
          } catch {
            resolve(); // already gone
          }
        }),
    ),
  );
  children.clear();
}

/** Starts `node … src/main.ts` directly (not through npm: its PID is the server's) and waits until it listens. */
async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env };
  delete childEnv.LOG_LEVEL; // the default: warnings, errors, and the server's own events
  const child = spawn(process.execPath, ['--conditions=@boomerang/source', '--import', 'tsx', mainTs], { cwd: repoRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const logs: LogLine[] = [];
  const otherOutput: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        otherOutput.push(line);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => otherOutput.push(chunk));
  const describeOutput = () => [...logs.map((line) => JSON.stringify(line)), ...otherOutput].join('\n');

  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((value) => (exit = value));
  await until(
    () => {
      if (exit !== undefined) throw new Error(`the server exited (${exit.code ?? exit.signal}) before listening:\n${describeOutput()}`);
      return logs.some((line) => line.msg?.startsWith('Server listening at ')) && logs.some((line) => line.msg === 'delivering queued callbacks');
    },
    30_000,
    () => `the server did not start within 30 s:\n${describeOutput()}`,
  );
  const origin = /Server listening at (\S+)/.exec(logs.find((line) => line.msg?.startsWith('Server listening at '))!.msg!)![1]!;
  const worker = String(logs.find((line) => line.msg === 'delivering queued callbacks')!.worker);
  return {
    pid: child.pid!,
    origin,
    worker,
    logs,
    otherOutput,
    exited,
    signal: (name) => process.kill(child.pid!, name),
    isRunning: () => child.exitCode === null && child.signalCode === null,
  };
}

/** How many log lines say `msg` (which may go on: `callback attempt failed, retrying: <why>`). */
const countLogs = (server: ServerProcess, msg: string): number => server.logs.filter((line) => line.msg === msg || line.msg?.startsWith(`${msg}: `)).length;

// ---------------------------------------------------------------------------------------------------
// The receiver: a plain node:http server that records what arrives and answers 200 {"ok":true}

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Receiver {
  readonly origin: string;
  readonly requests: Received[];
  close(): Promise<void>;
}

const receivers = new Set<Server>();

/**
 * Listens on `port` (0: any). Each request is recorded as soon as its body has arrived; the answer waits
 * for `hold` (if given), then `delayMs`.
 */
async function startReceiver(port: number, options: { readonly hold?: Promise<void>; readonly delayMs?: number; readonly receiver?: GeneratedReceiver } = {}): Promise<Receiver> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    res.on('error', () => {}); // the sender may be killed before it reads the answer
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const body = Buffer.concat(chunks);
      void (async () => {
        await options.hold;
        if (options.delayMs) await delay(options.delayMs);
        if (options.receiver === undefined) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: true }));
          return;
        }
        // The API user's side as they run it: the generated receiver verifies, de-duplicates, routes.
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
        const answer = await options.receiver.fetch(new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: req.method ?? 'POST', headers, body }));
        res.writeHead(answer.status, Object.fromEntries(answer.headers));
        res.end(Buffer.from(await answer.arrayBuffer()));
      })();
    });
  });
  receivers.add(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${actual}`,
    requests,
    close: () => closeReceiver(server),
  };
}

function closeReceiver(server: Server): Promise<void> {
  receivers.delete(server);
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A port nobody listens on (for now): listen on 0, note the port, close. */
async function reservePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------------------------------------------
// Helpers

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every `pollMs`; fails with `message()` after `timeoutMs`. */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, message: () => string, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(message());
    await delay(pollMs);
  }
}

const invoiceIds = (count: number): string[] => Array.from({ length: count }, (_, index) => `inv-${String(index + 1).padStart(4, '0')}`);

/** POSTs one invoice per id, round-robin over `origins`, `concurrency` at a time; returns the statuses by id. */
async function postInvoices(origins: readonly string[], ids: readonly string[], callbackUrl: string, concurrency: number): Promise<Map<string, number>> {
  const statuses = new Map<string, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const index = next++;
      const id = ids[index]!;
      const origin = origins[index % origins.length]!;
      const body = { id, title: `Invoice ${id}`, customer: 'Mr. Richie Rich', total: 100 + index };
      const response = await fetch(`${origin}/invoices?callback_url=${encodeURIComponent(callbackUrl)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      statuses.set(id, response.status);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

/** The invoice id a callback went to: the last segment of `…/invoices/<id>`. */
const invoiceOf = (url: string): string => decodeURIComponent(new URL(url, 'http://x').pathname.split('/').at(-1)!);

const header = (headers: IncomingHttpHeaders, name: string): string => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
};

/** What the receiver got, by webhook-id: how often each arrived, and which ids arrived more than once. */
function tally(requests: readonly Received[]) {
  const byWebhookId = new Map<string, number>();
  for (const request of requests) {
    const id = header(request.headers, 'webhook-id');
    byWebhookId.set(id, (byWebhookId.get(id) ?? 0) + 1);
  }
  const duplicates = [...byWebhookId].filter(([, count]) => count > 1);
  return {
    uniqueWebhookIds: new Set(byWebhookId.keys()),
    uniqueInvoices: new Set(requests.map((request) => invoiceOf(request.url))),
    /** Arrivals beyond the first, summed over webhook-ids. */
    duplicateArrivals: duplicates.reduce((sum, [, count]) => sum + count - 1, 0),
    duplicatedIds: duplicates.map(([id]) => id),
  };
}

/** Every delivery in the store, and the webhook-id each invoice's callback got. */
async function readStore(location: string): Promise<{ deliveries: Delivery[]; webhookIdByInvoice: Map<string, string>; counts: Record<string, number> }> {
  const store = await openStore(location);
  try {
    const deliveries = await store.list({ limit: 10_000 });
    const counts = await store.counts();
    return { deliveries, webhookIdByInvoice: new Map(deliveries.map((delivery) => [invoiceOf(delivery.url), delivery.id])), counts };
  } finally {
    await store.close();
  }
}

/** The checks common to every scenario: each request signed, the stored webhook-id, every invoice there. */
function expectDelivered(requests: readonly Received[], ids: readonly string[], webhookIdByInvoice: ReadonlyMap<string, string>, secret: string): void {
  const badSignatures = requests.filter((request) => !verifyPayload({ headers: request.headers, payload: request.body, secrets: [secret] }).ok);
  expect(badSignatures.map((request) => request.url), 'requests whose webhook-signature does not verify').toEqual([]);
  for (const request of requests) {
    expect(request.method).toBe('POST');
    expect(header(request.headers, 'boomerang-event')).toBe('invoice_notification');
    expect(JSON.parse(request.body)).toEqual({ description: 'Payment celebration', paid: true });
  }
  // Each invoice's callback carries the webhook-id stored when it was queued, on every arrival.
  const wrongIds = requests.filter((request) => header(request.headers, 'webhook-id') !== webhookIdByInvoice.get(invoiceOf(request.url)));
  expect(wrongIds.map((request) => `${request.url} ${header(request.headers, 'webhook-id')}`), 'arrivals whose webhook-id is not the stored one').toEqual([]);
  const { uniqueInvoices, uniqueWebhookIds } = tally(requests);
  const lost = ids.filter((id) => !uniqueInvoices.has(id));
  expect(lost, 'invoices whose callback never arrived').toEqual([]);
  // The receiver de-duplicating on webhook-id sees each invoice exactly once.
  expect(uniqueWebhookIds).toEqual(new Set(webhookIdByInvoice.values()));
  expect(uniqueWebhookIds.size).toBe(ids.length);
}

afterEach(async () => {
  await killChildren();
  await Promise.all([...receivers].map((server) => closeReceiver(server)));
});

// ---------------------------------------------------------------------------------------------------

describe('durable callback delivery across a restart (SQLite)', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /**
   * The receiver is down: each invoice's first attempt fails (connection refused) and its next one is
   * due about 5 s later. The server is stopped by `stop` before that; the receiver comes up on the same
   * port; a new server on the same store sends what the first one had queued.
   */
  async function deliverAcrossRestart(stop: (server: ServerProcess) => Promise<void>, extraEnv: Record<string, string> = {}) {
    dir = await mkdtemp(join(tmpdir(), 'boomerang-durable-'));
    const secret = generateSecret();
    const location = `sqlite:${join(dir, 'd.db')}`;
    const env = { CALLBACK_SECRET: secret, CALLBACK_ALLOW_HOSTS: '127.0.0.1', CALLBACK_STORE: location, ...extraEnv };
    const receiverPort = await reservePort();
    const callbackUrl = `http://127.0.0.1:${receiverPort}`;
    const ids = invoiceIds(120);

    const first = await startServer(env);
    const statuses = await postInvoices([first.origin], ids, callbackUrl, 10);
    expect([...statuses.values()].filter((status) => status !== 200), 'POST /invoices answers other than 200').toEqual([]);
    expect(statuses.size).toBe(120);
    // Every first attempt made and logged (connection refused), each retry scheduled.
    await until(
      () => countLogs(first, 'callback attempt failed, retrying') >= 120,
      30_000,
      () => `only ${countLogs(first, 'callback attempt failed, retrying')} of 120 first attempts failed and were rescheduled`,
    );
    const retries = first.logs.filter((line) => line.msg?.startsWith('callback attempt failed, retrying: '));
    expect(new Set(retries.map((line) => line.attempt))).toEqual(new Set([1]));
    for (const line of retries) expect(line.delayMs as number).toBeGreaterThan(1_000); // the 5 s wait, not the 5 min one

    await stop(first);

    // What the first process left in the store: 120 pending deliveries, each with its webhook-id.
    const before = await readStore(location);
    expect(before.counts).toEqual({ pending: 120, delivered: 0, dead: 0 });
    expect(new Set(before.webhookIdByInvoice.keys())).toEqual(new Set(ids));
    const leasedAtStop = before.deliveries.filter((delivery) => delivery.leaseOwner !== undefined && (delivery.leaseUntil ?? 0) > Date.now()).length;

    const receiver = await startReceiver(receiverPort);
    const second = await startServer(env);
    await until(
      () => tally(receiver.requests).uniqueInvoices.size >= 120,
      60_000,
      () => `after 60 s, ${tally(receiver.requests).uniqueInvoices.size} of 120 invoices' callbacks arrived`,
    );
    // The store has each one as delivered once the second process has logged it so.
    await until(
      () => countLogs(second, 'callback delivered') >= 120,
      15_000,
      () => `the second process logged ${countLogs(second, 'callback delivered')} of 120 deliveries`,
    );
    expectDelivered(receiver.requests, ids, before.webhookIdByInvoice, secret);
    const { duplicateArrivals, duplicatedIds } = tally(receiver.requests);
    return { first, second, receiver, before, leasedAtStop, duplicateArrivals, duplicatedIds, location };
  }

  it('loses nothing when the process is SIGKILLed: after the restart every invoice arrives, signed, with its stored webhook-id', async () => {
    const { second, leasedAtStop, duplicateArrivals, duplicatedIds, receiver, location } = await deliverAcrossRestart(async (first) => {
      first.signal('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    });
    console.log(
      `SIGKILL: ${receiver.requests.length} callbacks received for 120 invoices, ${duplicateArrivals} duplicate(s)` +
        ` (${duplicatedIds.join(', ') || 'none'}); ${leasedAtStop} delivery(ies) were leased (in flight) at the kill`,
    );
    // The receiver was down while the first process ran: only an attempt in flight at the kill could repeat.
    expect(duplicateArrivals).toBeLessThanOrEqual(leasedAtStop);

    second.signal('SIGTERM');
    await second.exited;
    expect((await readStore(location)).counts).toEqual({ pending: 0, delivered: 120, dead: 0 });
  });

  it('stops cleanly on SIGTERM, keeps what is queued, and sends it after the restart, once each', async () => {
    const { first, second, duplicateArrivals, duplicatedIds, receiver, location } = await deliverAcrossRestart(
      async (server) => {
        server.signal('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const exit = await Promise.race([server.exited, new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), 15_000)))]);
        clearTimeout(timer);
        // It exits by itself (no SIGKILL needed), with code 0.
        expect(exit, 'the server did not exit within 15 s of SIGTERM').toEqual({ code: 0, signal: null });
      },
      { SHUTDOWN_GRACE_MS: '2000' },
    );
    expect(first.logs.find((line) => line.msg === 'shutting down')).toMatchObject({ signal: 'SIGTERM', graceMs: 2000 });
    expect(countLogs(first, stoppedMessage)).toBe(1);
    expect(first.logs.filter((line) => (line.level ?? 0) >= 50), 'errors logged by the first process').toEqual([]);
    console.log(`SIGTERM: ${receiver.requests.length} callbacks received for 120 invoices, ${duplicateArrivals} duplicate(s) (${duplicatedIds.join(', ') || 'none'})`);
    expect(duplicateArrivals).toBe(0);
    expect(receiver.requests).toHaveLength(120);

    second.signal('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(countLogs(second, stoppedMessage)).toBe(1);
    expect((await readStore(location)).counts).toEqual({ pending: 0, delivered: 120, dead: 0 });
  });
});

describe('three processes sharing one Postgres store', () => {
  let postgres: PostgresServer | undefined;
  afterAll(async () => {
    await killChildren();
    await postgres?.stop();
    postgres = undefined;
  });

  /**
   * The receiver is up from the start but holds its answers until every invoice is POSTed, so that each
   * process has attempts in flight (the dispatcher's 16) when one of them is SIGKILLed; then it answers
   * each in 50 ms. The killed process's leased deliveries reached the receiver but their answers were
   * lost: the others send them again once the lease expires (the 10 s timeout + 30 s), with the same
   * webhook-id: duplicates, at most one per delivery in flight. It also held up to 16 more ready for a
   * slot, never sent: they too wait for the lease, and are no duplicates.
   */
  it('delivers all 1,000 invoices when one of three processes is SIGKILLed mid-delivery', { timeout: 150_000 }, async () => {
    postgres = await startPostgres();
    try {
      const secret = generateSecret();
      const env = { CALLBACK_SECRET: secret, CALLBACK_ALLOW_HOSTS: '127.0.0.1', CALLBACK_STORE: postgres.url, SHUTDOWN_GRACE_MS: '2000' };
      let release!: () => void;
      const hold = new Promise<void>((resolve) => (release = resolve));
      // The generated receiver, remembering the webhook-ids it has handled: a duplicate is answered 204 unhandled.
      const seen = new Set<string>();
      const handled: string[] = [];
      const generated = createReceiver({
        secret,
        isDuplicate: (webhookId) => {
          if (seen.has(webhookId)) return true;
          seen.add(webhookId);
          return false;
        },
        handlers: {
          invoice_notification: ({ params }) => {
            handled.push(params.id);
            return { status: 200, body: { ok: true } };
          },
        },
      });
      const receiver = await startReceiver(0, { hold, delayMs: 50, receiver: generated });
      const ids = invoiceIds(1000);

      const servers = await Promise.all([startServer(env), startServer(env), startServer(env)]);
      // Never hold an answer past the 10 s attempt timeout (a timed-out attempt is retried: another duplicate).
      const holdTimer = setTimeout(() => release(), 6_000);
      const postsStarted = Date.now();
      const statuses = await postInvoices(
        servers.map((server) => server.origin),
        ids,
        receiver.origin,
        20,
      );
      expect([...statuses.values()].filter((status) => status !== 200), 'POST /invoices answers other than 200').toEqual([]);
      expect(statuses.size).toBe(1000);

      const postsMs = Date.now() - postsStarted;
      const [victim, ...survivors] = servers as [ServerProcess, ServerProcess, ServerProcess];
      const receivedBeforeKill = receiver.requests.length;
      victim.signal('SIGKILL');
      expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
      clearTimeout(holdTimer);
      release();

      // What the killed process held: deliveries leased to it, still pending.
      const atKill = await readStore(postgres.url);
      expect(atKill.deliveries).toHaveLength(1000);
      const leasedByVictim = atKill.deliveries.filter((delivery) => delivery.state === 'pending' && delivery.leaseOwner === victim.worker).length;
      // The dispatcher's 16 attempts in flight, and at most 16 more held ready for a slot (never sent).
      expect(leasedByVictim).toBeLessThanOrEqual(32);

      await until(
        () => tally(receiver.requests).uniqueInvoices.size >= 1000,
        50_000,
        () => `after 50 s, ${tally(receiver.requests).uniqueInvoices.size} of 1,000 invoices' callbacks arrived`,
      );
      // Every invoice has arrived once, but the killed process's leased deliveries are still pending (their
      // answers were lost): the survivors send them again once the leases expire, and the store says so.
      let after = await readStore(postgres.url);
      const pendingWhenAllArrived = after.counts.pending;
      await until(
        async () => {
          after = await readStore(postgres!.url);
          return after.counts.delivered === 1000;
        },
        70_000,
        () => `the store has ${JSON.stringify(after.counts)}, not 1,000 delivered`,
        500,
      );
      expect(after.counts).toEqual({ pending: 0, delivered: 1000, dead: 0 });
      expect(after.webhookIdByInvoice).toEqual(atKill.webhookIdByInvoice);
      expectDelivered(receiver.requests, ids, atKill.webhookIdByInvoice, secret);

      const { duplicateArrivals, duplicatedIds } = tally(receiver.requests);
      const deliveredBy = new Map<string, number>();
      for (const server of survivors) deliveredBy.set(server.worker, countLogs(server, 'callback delivered'));
      console.log(
        `Postgres, 3 processes: ${receiver.requests.length} callbacks received for 1,000 invoices, ${duplicateArrivals} duplicate(s);` +
          ` the POSTs took ${postsMs} ms; ${receivedBeforeKill} had arrived when process ${victim.pid} was killed holding ${leasedByVictim} lease(s);` +
          ` ${pendingWhenAllArrived} were still pending when every invoice had arrived once;` +
          ` the survivors logged ${[...deliveredBy.values()].join(' and ')} deliveries` +
          (duplicatedIds.length > 0 ? `\n  duplicated webhook-ids: ${duplicatedIds.join(', ')}` : ''),
      );
      // At most one duplicate per delivery in flight at the kill: at most the dispatcher's 16 (the ones
      // it held ready had not been sent).
      expect(duplicateArrivals).toBeLessThanOrEqual(Math.min(16, leasedByVictim));
      // The receiver's isDuplicate makes them harmless: its handler ran once per invoice.
      expect(handled).toHaveLength(1000);
      expect(new Set(handled)).toEqual(new Set(ids));
      expect(survivors.every((server) => server.isRunning())).toBe(true);

      for (const server of survivors) server.signal('SIGTERM');
      expect(await Promise.all(survivors.map((server) => server.exited))).toEqual([
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);
    } finally {
      await killChildren();
      await postgres.stop();
      postgres = undefined;
    }
  });
});
