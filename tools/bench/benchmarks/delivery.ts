/**
 * Durable callback delivery (`@boomerang/runtime`'s outbox) vs today's immediate `deliver`, end to end:
 * queued deliveries per second to a local sink, a node:http server in this process on 127.0.0.1 (port
 * 0) that drains each request and answers 200 at once, counting distinct `webhook-id`s. Each sample has
 * a sink of its own, on a fresh port: every attempt opens a connection (as `deliver` does), and the
 * loopback connections of earlier samples, in TIME_WAIT toward an old port, then cost later ones nothing.
 *
 *  - in memory (the baseline): N `deliver(request, options)` calls, at most C in flight, no store;
 *  - SQLite: `openSqliteStore(<a temp file>)` (WAL, synchronous NORMAL: the store's defaults) and
 *    `createOutbox({ store, concurrency: C })`;
 *  - Postgres: `openPostgresStore(url)` on a throwaway server (tools/testing/postgres.ts, started and
 *    stopped by this benchmark; it runs with fsync=off, so its commits cost no disk flush), each sample
 *    in a fresh schema.
 *
 * The outbox's dispatcher is started (and idle) before the clock starts; the clock runs from the first
 * `enqueue` to the moment the sink has received all N: the N `outbox.enqueue` calls are made while the
 * dispatcher runs ("queued deliveries per second", enqueue included), by C callers at once, each
 * awaiting its call before making the next, as C request handlers of a server would queue them; the
 * baseline's N `deliver` calls are made by C such callers too. Every side signs with the same `generateSecret()`
 * secret, passes the address guard through `policy: { allowHosts: ['127.0.0.1'] }`, makes one attempt
 * per delivery, and opens a connection per attempt (as `deliver` does). A sample fails if a delivery
 * failed or was not recorded as delivered, so no side is fast by failing. Each store sample starts from
 * an empty store, opened (and afterwards closed and removed) outside the clock.
 *
 * Also: `outbox.enqueue` alone on SQLite (WAL, a file), one delivery per call, awaited one after
 * another, no dispatcher; an absolute target, not a ratio.
 *
 * What runs is this file bundled by esbuild (the runtime's source with it, better-sqlite3 and pg left to
 * node_modules): JavaScript, as the runtime's own build makes it, not TypeScript under tsx (whose
 * `__name` wrappers would cost the side with more code more).
 */
import { existsSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import pg from 'pg';
import { startPostgres } from '../../testing/postgres.ts';
import { deliver, type DeliveryOptions, type OutgoingRequest } from '../../../packages/runtime/src/deliver.ts';
import { createOutbox } from '../../../packages/runtime/src/outbox/outbox.ts';
import type { DeliveryStore } from '../../../packages/runtime/src/outbox/store.ts';
import { openPostgresStore } from '../../../packages/runtime/src/outbox/stores/postgres.ts';
import { openSqliteStore } from '../../../packages/runtime/src/outbox/stores/sqlite.ts';
import { generateSecret, verifyPayload } from '../../../packages/runtime/src/standard-webhooks.ts';
import { higherIsBetter, interleaved, type Benchmark, type BenchOptions, type Measure, type Row } from '../harness.ts';

const event = 'invoice_notification';
const policy = { allowHosts: ['127.0.0.1'] };

/** A 200-byte JSON body, as the receiver benchmark sends. */
function callbackBody(): { description: string; paid: boolean } {
  const shell = JSON.stringify({ description: '', paid: true });
  return { description: 'Invoice 2expen51ve paid: '.padEnd(200 - shell.length, 'x'), paid: true };
}

// ---- the sink ---------------------------------------------------------------------------------------

interface Sink {
  readonly url: string;
  /** Resolves with the performance.now() at which the n-th distinct webhook-id arrived. */
  readonly received: Promise<number>;
  close(): Promise<void>;
}

/** A sink that expects `wanted` distinct deliveries. */
async function startSink(secret: string, wanted: number): Promise<Sink> {
  const seen = new Set<string>();
  let arrived!: (at: number) => void;
  let failed!: (error: Error) => void;
  const received = new Promise<number>((resolve, reject) => {
    arrived = resolve;
    failed = reject;
  });
  // Not unhandled if a side throws before awaiting it.
  received.catch(() => {});
  let checked = false;
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = request.headers['webhook-id'];
      if (typeof id !== 'string' || typeof request.headers['webhook-signature'] !== 'string') {
        failed(new Error('the sink got an unsigned request'));
      } else {
        // One request per sample is verified, to prove that every side signs; the rest are answered at once.
        if (!checked) {
          checked = true;
          const verdict = verifyPayload({ headers: request.headers, payload: Buffer.concat(chunks), secrets: [secret] });
          if (!verdict.ok) failed(new Error(`the sink got a bad signature: ${verdict.reason}`));
        }
        seen.add(id);
        if (seen.size === wanted) arrived(performance.now());
      }
      response.statusCode = 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/events/invoices`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

// ---- the sides --------------------------------------------------------------------------------------

interface Setup {
  readonly secret: string;
  readonly body: ReturnType<typeof callbackBody>;
}

/** Calls `call` n times from `callers` callers at once, each awaiting its call before making the next. */
async function callers(n: number, count: number, call: () => Promise<void>): Promise<void> {
  let started = 0;
  const caller = async (): Promise<void> => {
    while (started < n) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, n) }, caller));
}

/** Runs `use` with a sink of its own that expects n deliveries. */
async function withSink<T>(secret: string, n: number, use: (sink: Sink) => Promise<T>): Promise<T> {
  const sink = await startSink(secret, n);
  try {
    return await use(sink);
  } finally {
    await sink.close();
  }
}

/** The baseline: N immediate deliveries, at most `concurrency` in flight, nothing stored. Deliveries/s. */
function immediate({ secret, body }: Setup, n: number, concurrency: number): Promise<number> {
  return withSink(secret, n, async (sink) => {
    const request: OutgoingRequest = { url: sink.url, method: 'POST', body };
    const options: DeliveryOptions = { secrets: [secret], event, policy, retry: { attempts: 1 } };
    const start = performance.now();
    await callers(n, concurrency, async () => {
      const result = await deliver(request, options);
      if (!result.ok) throw new Error(`deliver failed: ${result.reason}: ${result.message}`);
    });
    const end = await sink.received;
    return (n / (end - start)) * 1000;
  });
}

/** N deliveries queued through an outbox on a fresh store, the dispatcher running. Deliveries/s. */
function queued({ secret, body }: Setup, store: DeliveryStore, n: number, concurrency: number): Promise<number> {
  return withSink(secret, n, (sink) => queuedTo(sink, secret, body, store, n, concurrency));
}

async function queuedTo(sink: Sink, secret: string, body: Setup['body'], store: DeliveryStore, n: number, concurrency: number): Promise<number> {
  const errors: unknown[] = [];
  const outbox = createOutbox({ store, secrets: [secret], policy, concurrency, onError: (error) => errors.push(error) });
  try {
    outbox.start();
    await outbox.idle();
    const request = { kind: 'callback' as const, event, url: sink.url, method: 'POST', body };
    const start = performance.now();
    await callers(n, concurrency, async () => {
      await outbox.enqueue(request);
    });
    const end = await sink.received;
    // Outside the clock: every delivery is recorded as delivered (the last records land after the sink's 200).
    await outbox.idle();
    const counts = await store.counts();
    if (errors.length > 0) throw new Error(`the dispatcher reported ${errors.length} store errors; the first: ${String(errors[0])}`);
    if (counts.delivered !== n || counts.pending !== 0 || counts.dead !== 0) throw new Error(`after the sample: ${JSON.stringify(counts)}, not ${n} delivered`);
    return (n / (end - start)) * 1000;
  } finally {
    await outbox.close();
  }
}

/** `outbox.enqueue` alone, one delivery per call, awaited one after another, no dispatcher. Calls/s. */
async function enqueueOnly({ body }: Setup, store: DeliveryStore, n: number): Promise<number> {
  const outbox = createOutbox({ store, policy });
  try {
    const request = { kind: 'callback' as const, event, url: 'http://127.0.0.1:9/events/invoices', method: 'POST', body };
    const start = performance.now();
    for (let i = 0; i < n; i++) await outbox.enqueue(request);
    const elapsed = performance.now() - start;
    const counts = await store.counts();
    if (counts.pending !== n) throw new Error(`enqueued ${n}, found ${counts.pending} pending`);
    return (n / elapsed) * 1000;
  } finally {
    await outbox.close();
  }
}

// ---- the stores -------------------------------------------------------------------------------------

/** A fresh SQLite file per sample (WAL checked), removed afterwards. */
function sqliteSamples(workDir: string) {
  let samples = 0;
  return async <T>(use: (store: DeliveryStore) => Promise<T>): Promise<T> => {
    const file = join(workDir, `deliveries-${++samples}.db`);
    const store = await openSqliteStore(file);
    try {
      // The store created its tables, so a WAL-mode file has its -wal beside it (until closed).
      if (!existsSync(`${file}-wal`)) throw new Error(`${file} is not in WAL mode`);
      return await use(store);
    } finally {
      await store.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    }
  };
}

/** A fresh schema per sample, dropped afterwards. */
function postgresSamples(url: string) {
  let samples = 0;
  return async <T>(use: (store: DeliveryStore) => Promise<T>): Promise<T> => {
    const schema = `bench_${++samples}`;
    const store = await openPostgresStore(url, { schema });
    try {
      return await use(store);
    } finally {
      await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    }
  };
}

// ---- the benchmark ----------------------------------------------------------------------------------

const rate = (value: number, label: string): Measure => ({ value, unit: 'deliveries/s', label });

/** The measurement itself, called in the bundle that `run` builds. */
export async function measure({ quick, rounds, workDir, log }: Pick<BenchOptions, 'quick' | 'rounds' | 'workDir' | 'log'>, postgresUrl: string): Promise<Row[]> {
  const setup: Setup = { secret: generateSecret(), body: callbackBody() };
  const sqlite = sqliteSamples(workDir);
  const postgres = postgresSamples(postgresUrl);
  const n = quick ? 100 : 2_000;
  const enqueues = quick ? 200 : 20_000;
  const warmup = quick ? 0 : 1;
  const at = async (c: number) => {
    const medians = await interleaved(
      rounds,
      {
        memory: () => immediate(setup, n, c),
        sqlite: () => sqlite((store) => queued(setup, store, n, c)),
        postgres: () => postgres((store) => queued(setup, store, n, c)),
      },
      { warmup },
    );
    log(`C=${c}: in-memory deliver ${medians.memory.toFixed(0)} deliveries/s, SQLite outbox ${medians.sqlite.toFixed(0)}, Postgres outbox ${medians.postgres.toFixed(0)}`);
    return medians;
  };
  const one = await at(1);
  const sixteen = await at(16);
  const enqueue = await interleaved(rounds, { sqlite: () => sqlite((store) => enqueueOnly(setup, store, enqueues)) }, { warmup });
  log(`outbox.enqueue alone, SQLite WAL: ${enqueue.sqlite.toFixed(0)} calls/s`);

  const memory = 'in-memory deliver';
  const what = (c: number) =>
    `N=${n} deliveries of a signed 200 B callback to a node:http sink in this process answering 200 at once, from the first enqueue to the sink's N-th; the N enqueue calls are made while the dispatcher runs, by ${c} caller(s) at once, each awaiting its own; the outbox has concurrency ${c}; the baseline is N deliver() calls by ${c} such caller(s), no store; median of ${rounds} interleaved rounds.`;
  return [
    higherIsBetter(`queued deliveries/s, SQLite (WAL file), concurrency 16`, rate(sixteen.sqlite, 'Boomerang outbox, SQLite'), rate(sixteen.memory, memory), 0.9, `≥ 0.9× ${memory}`, what(16)),
    higherIsBetter(`queued deliveries/s, Postgres, concurrency 16`, rate(sixteen.postgres, 'Boomerang outbox, Postgres'), rate(sixteen.memory, memory), 0.8, `≥ 0.8× ${memory}`, `${what(16)} Postgres: a throwaway local server (fsync=off), pg's default pool of 10.`),
    higherIsBetter(`queued deliveries/s, SQLite (WAL file), concurrency 1`, rate(one.sqlite, 'Boomerang outbox, SQLite'), rate(one.memory, memory), 0, 'none: informational', what(1)),
    higherIsBetter(`queued deliveries/s, Postgres, concurrency 1`, rate(one.postgres, 'Boomerang outbox, Postgres'), rate(one.memory, memory), 0, 'none: informational', what(1)),
    higherIsBetter(
      'outbox.enqueue alone, SQLite (WAL file), one delivery per call, awaited in turn',
      { value: enqueue.sqlite, unit: 'calls/s', label: 'Boomerang outbox, SQLite' },
      { value: 10_000, unit: 'calls/s', label: 'the target, 10 000/s' },
      1,
      '≥ 10 000/s (absolute, not a ratio)',
      `${enqueues} outbox.enqueue calls of one delivery each on a fresh SQLite file (WAL, synchronous NORMAL), each awaited before the next, no dispatcher running; the "peer" is the issue's absolute target, so the ratio is the rate ÷ 10 000/s.`,
    ),
  ];
}

const delivery: Benchmark = {
  name: 'delivery',
  async run(options) {
    const outfile = join(options.workDir, 'delivery-bench.mjs');
    await build({ entryPoints: [fileURLToPath(import.meta.url)], outfile, bundle: true, packages: 'external', format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
    const bundled = (await import(pathToFileURL(outfile).href)) as { measure: typeof measure };
    const server = await startPostgres();
    try {
      return await bundled.measure(options, server.url);
    } finally {
      await server.stop();
    }
  },
};

export default delivery;
