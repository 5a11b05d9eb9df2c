/**
 * The Postgres delivery store against a real Postgres server (tools/testing/postgres.ts: a throwaway
 * cluster, stopped by its postmaster's PID in afterAll). Every test works in a schema of its own, so
 * they share one server without seeing each other's rows. Without Postgres installed, every test fails
 * with the setup message: nothing is skipped.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPostgres, type PostgresServer } from '../../../../tools/testing/postgres.ts';
import { openPostgresStore } from '../../src/outbox/stores/postgres.ts';
import type { Delivery, DeliveryStore, NewDelivery } from '../../src/outbox/store.ts';
import { describeStoreConformance } from './store-conformance.ts';

let server: PostgresServer | undefined;
/** Why Postgres did not start: every test rethrows it, so each one fails (a failing beforeAll would only mark them skipped). */
let startError: unknown;
const opened: DeliveryStore[] = [];
const clients: pg.Client[] = [];
let schemas = 0;

beforeAll(async () => {
  try {
    server = await startPostgres();
  } catch (error) {
    startError = error;
  }
}, 60_000);

afterAll(async () => {
  try {
    await Promise.allSettled([...opened.map((store) => store.close()), ...clients.map((client) => client.end())]);
  } finally {
    await server?.stop();
  }
}, 60_000);

function url(): string {
  if (server === undefined) throw startError ?? new Error('Postgres did not start');
  return server.url;
}

/** A store in a fresh schema of its own (or in `schema`, to share one). */
async function open(schema = `test_${process.pid}_${++schemas}`, max?: number): Promise<DeliveryStore> {
  const store = await openPostgresStore(max === undefined ? url() : { connectionString: url(), max }, { schema });
  opened.push(store);
  return store;
}

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url() });
  clients.push(client);
  await client.connect();
  return client;
}

function delivery(id: string, overrides: Partial<NewDelivery> = {}): NewDelivery {
  return {
    id,
    kind: 'callback',
    event: 'invoicePaid',
    url: 'https://receiver.example/hook',
    method: 'POST',
    contentType: 'application/json',
    payload: JSON.stringify({ id }),
    headers: { 'x-tenant': 'acme' },
    createdAt: 1_700_000_000_000,
    nextAttemptAt: 1_700_000_000_000,
    ...overrides,
  };
}

// The engine-neutral contract, each test on a store over a fresh (empty) schema of its own.
describeStoreConformance('postgres', () => open());

describe('the Postgres store', () => {
  it("enqueue({ tx }) joins the caller's transaction: a ROLLBACK stores neither their row nor the delivery", async () => {
    const store = await openPostgresStore(url()); // the default schema (the search_path's public)
    opened.push(store);
    const client = await connect();
    await client.query('CREATE TABLE IF NOT EXISTS orders (id text PRIMARY KEY)');

    await client.query('BEGIN');
    await client.query('INSERT INTO orders (id) VALUES ($1)', ['ord_rolled_back']);
    await store.enqueue([delivery('msg_rolled_back_1'), delivery('msg_rolled_back_2')], { tx: client });
    // Not committed yet: the store's own connections do not see it.
    expect(await store.get('msg_rolled_back_1')).toBeUndefined();
    await client.query('ROLLBACK');

    expect(await store.get('msg_rolled_back_1')).toBeUndefined();
    expect(await store.get('msg_rolled_back_2')).toBeUndefined();
    expect((await client.query('SELECT id FROM orders WHERE id = $1', ['ord_rolled_back'])).rows).toEqual([]);
  });

  it("enqueue({ tx }) joins the caller's transaction: a COMMIT stores both their row and the delivery", async () => {
    const store = await openPostgresStore(url());
    opened.push(store);
    const client = await connect();
    await client.query('CREATE TABLE IF NOT EXISTS orders (id text PRIMARY KEY)');

    await client.query('BEGIN');
    await client.query('INSERT INTO orders (id) VALUES ($1)', ['ord_committed']);
    await store.enqueue([delivery('msg_committed_1'), delivery('msg_committed_2', { kind: 'webhook', subscriptionId: 'sub_1' })], { tx: client });
    await client.query('COMMIT');

    expect(await store.get('msg_committed_1')).toMatchObject({ id: 'msg_committed_1', state: 'pending', log: [] });
    expect(await store.get('msg_committed_2')).toMatchObject({ id: 'msg_committed_2', kind: 'webhook', subscriptionId: 'sub_1' });
    expect((await client.query('SELECT id FROM orders WHERE id = $1', ['ord_committed'])).rows).toEqual([{ id: 'ord_committed' }]);
  });

  it('enqueue({ tx }) with a failing delivery fails the caller’s statement, and the caller’s ROLLBACK leaves nothing', async () => {
    const store = await open();
    await store.enqueue([delivery('msg_existing')]);
    const client = await connect();
    await client.query('BEGIN');
    await expect(store.enqueue([delivery('msg_new'), delivery('msg_existing')], { tx: client })).rejects.toThrow(/duplicate key/);
    await client.query('ROLLBACK');
    expect(await store.get('msg_new')).toBeUndefined();
    expect(await store.counts()).toEqual({ pending: 1, delivered: 0, dead: 0 });
  });

  it('three stores (three pools, as three processes) claiming at once from 300 due rows claim every row exactly once', async () => {
    const schema = `test_${process.pid}_${++schemas}`;
    const stores = [await open(schema, 3), await open(schema, 3), await open(schema, 3)];
    const now = 1_700_000_100_000;
    const ids = Array.from({ length: 300 }, (_, i) => `msg_${String(i).padStart(3, '0')}`);
    await stores[0]!.enqueue(ids.map((id, i) => delivery(id, { nextAttemptAt: now - 1000 + (i % 50), createdAt: now - 2000 })));

    const claimedBy = new Map<string, string[]>();
    // Two workers per store, each claiming small batches until nothing is left for it.
    const workers = stores.flatMap((store, s) =>
      [0, 1].map(async (w) => {
        const worker = `worker-${s}-${w}`;
        for (;;) {
          const batch: Delivery[] = await store.claim({ limit: 7, leaseMs: 60_000, now, worker });
          if (batch.length === 0) return;
          for (const claimed of batch) {
            expect(claimed.leaseOwner).toBe(worker);
            expect(claimed.leaseUntil).toBe(now + 60_000);
            claimedBy.set(claimed.id, [...(claimedBy.get(claimed.id) ?? []), worker]);
          }
        }
      }),
    );
    await Promise.all(workers);

    const duplicates = [...claimedBy].filter(([, by]) => by.length > 1);
    expect(duplicates).toEqual([]);
    expect([...claimedBy.keys()].sort()).toEqual(ids);
    // Nothing is left to claim, and every row is leased to the worker that got it.
    expect(await stores[1]!.claim({ limit: 300, leaseMs: 60_000, now, worker: 'late' })).toEqual([]);
    const leased = await stores[2]!.list({ limit: 1000 });
    expect(leased).toHaveLength(300);
    for (const row of leased) expect(row.leaseOwner).toBe(claimedBy.get(row.id)?.[0]);
  });

  it('creates its tables idempotently when three stores open at once, and again when one opens later', async () => {
    for (let round = 0; round < 5; round++) {
      const schema = `test_${process.pid}_${++schemas}`;
      const stores = await Promise.all([open(schema), open(schema), open(schema)]);
      await stores[0]!.enqueue([delivery(`msg_round_${round}`)]);
      for (const store of stores) expect((await store.get(`msg_round_${round}`))?.id).toBe(`msg_round_${round}`);
      const later = await open(schema);
      expect(await later.counts()).toEqual({ pending: 1, delivered: 0, dead: 0 });
    }
  });

  it('claims through its partial index of pending rows, which a store made by the first releases gets at its next open', async () => {
    const schema = `test_${process.pid}_${++schemas}`;
    const first = await open(schema);
    await first.enqueue([delivery('msg_before_upgrade')]);
    const client = await connect();
    const indexes = async () =>
      (await client.query<{ indexname: string; indexdef: string }>('SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 ORDER BY indexname', [schema, 'boomerang_deliveries'])).rows;
    expect((await indexes()).find((row) => row.indexname === 'boomerang_deliveries_pending')?.indexdef).toMatch(/\(next_attempt_at, created_at, id\) WHERE \(state = 'pending'::text\)$/);
    // As the first releases left it.
    await client.query(`DROP INDEX "${schema}".boomerang_deliveries_pending; CREATE INDEX boomerang_deliveries_due ON "${schema}".boomerang_deliveries (state, next_attempt_at)`);
    const upgraded = await open(schema);
    expect((await indexes()).map((row) => row.indexname)).toEqual(['boomerang_deliveries_created', 'boomerang_deliveries_pending', 'boomerang_deliveries_pkey']);
    expect((await upgraded.claim({ limit: 5, leaseMs: 30_000, now: Date.UTC(2031, 0, 1), worker: 'w' })).map((d) => d.id)).toEqual(['msg_before_upgrade']);
  });

  it('returns bigint columns as numbers and leaves NULL columns out', async () => {
    const store = await open();
    await store.enqueue([delivery('msg_numbers', { createdAt: 1_700_000_000_123, nextAttemptAt: 1_700_000_000_456 })]);
    const [claimed] = await store.claim({ limit: 1, leaseMs: 30_000, now: 1_700_000_001_000, worker: 'w' });
    expect(claimed).toEqual({
      ...delivery('msg_numbers', { createdAt: 1_700_000_000_123, nextAttemptAt: 1_700_000_000_456 }),
      state: 'pending',
      attempts: 0,
      scheduleStart: 0,
      leaseOwner: 'w',
      leaseUntil: 1_700_000_031_000,
      updatedAt: 1_700_000_000_123,
    });
    expect(Object.keys(claimed!)).not.toContain('subscriptionId');
    await store.record(
      { deliveryId: 'msg_numbers', attempt: 1, startedAt: 1_700_000_001_000, durationMs: 12.6, status: 503, reason: 'status', nextAttemptAt: 1_700_000_061_000, worker: 'w' },
      { state: 'pending', nextAttemptAt: 1_700_000_061_000 },
    );
    const detail = await store.get('msg_numbers');
    expect(detail?.log).toEqual([
      { deliveryId: 'msg_numbers', attempt: 1, startedAt: 1_700_000_001_000, durationMs: 13, status: 503, reason: 'status', nextAttemptAt: 1_700_000_061_000, worker: 'w' },
    ]);
    expect(detail).toMatchObject({ attempts: 1, lastStatus: 503, nextAttemptAt: 1_700_000_061_000, updatedAt: 1_700_000_001_013 });
    expect(Object.keys(detail!)).not.toContain('leaseOwner');
    expect(Object.keys(detail!)).not.toContain('lastError');
    expect(await store.nextDueAt()).toBe(1_700_000_061_000);
  });

  it('its description names the server and database, never the password', async () => {
    const withPassword = url().replace('postgres@', 'postgres:s3cr3t-pw@') + '?password=s3cr3t-param&application_name=boomerang';
    const store = await openPostgresStore(withPassword, { schema: `test_${process.pid}_${++schemas}` });
    opened.push(store);
    expect(store.description).toContain(`127.0.0.1:${server!.port}/boomerang_test`);
    expect(store.description).toContain('postgres@');
    expect(store.description).not.toContain('s3cr3t');
  });

  it('says which package to install when pg cannot be loaded', async () => {
    vi.resetModules();
    vi.doMock('pg', () => {
      throw new Error('Cannot find package pg');
    });
    try {
      const { openPostgresStore: openWithoutPg } = await import('../../src/outbox/stores/postgres.ts');
      await expect(openWithoutPg(url())).rejects.toThrow('CALLBACK_STORE=postgres://… needs the pg package: npm install pg@8');
    } finally {
      vi.doUnmock('pg');
      vi.resetModules();
    }
  });
});
