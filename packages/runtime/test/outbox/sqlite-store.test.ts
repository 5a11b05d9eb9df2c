import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryStore, NewDelivery } from '../../src/outbox/store.ts';
import { openSqliteStore } from '../../src/outbox/stores/sqlite.ts';
import { T0, describeStoreConformance } from './store-conformance.ts';

let dir = '';
let files = 0;
/** A new database file, in a directory removed after the tests. */
const newFile = (): string => join(dir, `deliveries-${++files}.db`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'boomerang-sqlite-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeStoreConformance('sqlite file (WAL)', () => openSqliteStore(newFile()));
describeStoreConformance('sqlite file (synchronous = FULL)', () => openSqliteStore(newFile(), { synchronous: 'FULL' }));
describeStoreConformance('sqlite :memory:', () => openSqliteStore(':memory:'));

function delivery(id: string, overrides: Partial<NewDelivery> = {}): NewDelivery {
  return {
    id,
    kind: 'webhook',
    event: 'invoice.paid',
    url: 'https://receiver.example/hooks',
    method: 'POST',
    contentType: 'application/json',
    payload: `{"id":"${id}"}`,
    headers: { 'x-trace': id },
    subscriptionId: 'sub_1',
    createdAt: T0,
    nextAttemptAt: T0,
    ...overrides,
  };
}

describe('the SQLite store', () => {
  const open: DeliveryStore[] = [];
  async function openFile(path: string): Promise<DeliveryStore> {
    const store = await openSqliteStore(path);
    open.push(store);
    return store;
  }
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });

  it('puts the file in WAL mode, at schema version 1, with its tables', async () => {
    const file = newFile();
    await openFile(file);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      expect(tables).toEqual(['boomerang_deliveries', 'boomerang_delivery_attempts', 'boomerang_subscriptions']);
      const indexes = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'boomerang_deliveries'").pluck().all();
      expect(indexes).toContainEqual(expect.stringMatching(/\(next_attempt_at, created_at, id\) WHERE state = 'pending'$/));
      // A claim reads the pending rows in its own order from that index: no sort of every due row.
      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT id FROM boomerang_deliveries
           WHERE state = 'pending' AND next_attempt_at <= 1 AND (lease_until IS NULL OR lease_until <= 1)
           ORDER BY next_attempt_at, created_at, id LIMIT 16`,
        )
        .all() as { detail: string }[];
      expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING INDEX boomerang_deliveries_pending/);
      expect(plan.map((row) => row.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
    } finally {
      db.close();
    }
  });

  it('gives a file made by the first releases the claim index, and drops the one it replaces', async () => {
    const file = newFile();
    await openFile(file);
    const old = new Database(file);
    old.exec('DROP INDEX boomerang_deliveries_pending; CREATE INDEX boomerang_deliveries_due ON boomerang_deliveries (state, next_attempt_at);');
    old.close();
    const store = await openFile(file);
    const db = new Database(file, { readonly: true });
    try {
      const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'boomerang_deliveries' ORDER BY name").pluck().all();
      expect(names).toContain('boomerang_deliveries_pending');
      expect(names).not.toContain('boomerang_deliveries_due');
    } finally {
      db.close();
    }
    // And it works as before.
    await store.enqueue([delivery('msg_after_upgrade')]);
    expect((await store.claim({ limit: 5, leaseMs: 30_000, now: T0 + 1_000_000, worker: 'w1' })).map((d) => d.id)).toEqual(['msg_after_upgrade']);
  });

  it('describes itself with its path', async () => {
    const file = newFile();
    expect((await openFile(file)).description).toBe(`sqlite:${file}`);
    expect((await openFile(':memory:')).description).toBe('sqlite::memory:');
  });

  it('keeps everything across close and reopen', async () => {
    const file = newFile();
    const first = await openSqliteStore(file);
    const d = delivery('msg_persist', { payload: 'Grüße 🎉\r\n' });
    await first.enqueue([d, delivery('msg_other', { nextAttemptAt: T0 + 60_000 })]);
    await first.claim({ limit: 1, leaseMs: 30_000, now: T0, worker: 'w1' });
    await first.record(
      { deliveryId: d.id, attempt: 1, startedAt: T0, durationMs: 40, status: 500, reason: 'status', error: 'HTTP 500', nextAttemptAt: T0 + 5_000, worker: 'w1' },
      { state: 'pending', nextAttemptAt: T0 + 5_000 },
    );
    const subscription = { id: 'sub_1', url: 'https://receiver.example/hooks', secret: 'whsec_abc', events: ['*'], enabled: true, createdAt: T0, updatedAt: T0 };
    await first.addSubscription(subscription);
    const before = await first.get(d.id);
    await first.close();

    const second = await openFile(file);
    expect(await second.get(d.id)).toStrictEqual(before);
    expect(before).toMatchObject({ attempts: 1, lastStatus: 500, nextAttemptAt: T0 + 5_000 });
    expect(await second.counts()).toStrictEqual({ pending: 2, delivered: 0, dead: 0 });
    expect(await second.getSubscription('sub_1')).toStrictEqual(subscription);
    expect(await second.nextDueAt()).toBe(T0 + 5_000);
  });

  it('never gives the same delivery to two stores on the same file (as two processes)', async () => {
    const file = newFile();
    const a = await openFile(file);
    const b = await openFile(file);
    const ids = Array.from({ length: 200 }, (_, i) => `msg_${String(i).padStart(3, '0')}`);
    // Enqueued from both, in batches and one by one.
    await a.enqueue(ids.slice(0, 100).map((id, i) => delivery(id, { nextAttemptAt: T0 + i })));
    for (const [i, id] of ids.slice(100).entries()) await (i % 2 === 0 ? b : a).enqueue([delivery(id, { nextAttemptAt: T0 + 100 + i })]);

    const claimedBy = new Map<string, string[]>();
    for (let round = 0; ; round++) {
      const [store, worker] = round % 2 === 0 ? [a, 'a'] : [b, 'b'];
      const claimed = await store.claim({ limit: 7, leaseMs: 60_000, now: T0 + 1_000, worker });
      if (claimed.length === 0) break;
      for (const d of claimed) {
        expect(d.leaseOwner).toBe(worker);
        claimedBy.set(d.id, [...(claimedBy.get(d.id) ?? []), worker]);
      }
    }
    expect([...claimedBy.keys()].sort()).toEqual(ids);
    expect([...claimedBy.values()].filter((workers) => workers.length !== 1)).toEqual([]);
    const byA = [...claimedBy.values()].filter(([w]) => w === 'a').length;
    // 200 = 28 × 7 + 4: a claims 7 in rounds 0, 2, …, 26 and the last 4 in round 28; b 7 in the 14 odd rounds.
    expect(byA).toBe(102);
    expect(await b.claim({ limit: 7, leaseMs: 60_000, now: T0 + 1_000, worker: 'b' })).toEqual([]);
    expect(await a.counts()).toStrictEqual({ pending: 200, delivered: 0, dead: 0 });
  });

  it('never gives the same delivery to two processes claiming at the same time', async () => {
    const file = newFile();
    const seed = await openSqliteStore(file);
    const ids = Array.from({ length: 1_500 }, (_, i) => `msg_${String(i).padStart(4, '0')}`);
    await seed.enqueue(ids.map((id, i) => delivery(id, { nextAttemptAt: T0 + i })));
    await seed.close();

    // Each child opens the store, says "ready", waits for "go" (so that both claim at once), then claims
    // one at a time, recording every claimed one, until nothing is left; it prints what it claimed.
    const child = join(dir, 'claimer.mts');
    const storeUrl = pathToFileURL(fileURLToPath(new URL('../../src/outbox/stores/sqlite.ts', import.meta.url))).href;
    await writeFile(
      child,
      `import { openSqliteStore } from ${JSON.stringify(storeUrl)};
const [file, worker] = process.argv.slice(2);
const store = await openSqliteStore(file);
process.stdout.write('ready\\n');
await new Promise((go) => process.stdin.once('data', go));
const claimed = [];
for (;;) {
  const [d] = await store.claim({ limit: 1, leaseMs: 600000, now: ${T0 + 10_000}, worker });
  if (d === undefined) break;
  claimed.push(d.id);
  const ok = await store.record({ deliveryId: d.id, attempt: 1, startedAt: ${T0 + 10_000}, durationMs: 1, status: 204, worker }, { state: 'delivered' });
  if (!ok) throw new Error('lost the lease on ' + d.id);
}
await store.close();
process.stdout.write(JSON.stringify(claimed) + '\\n');
process.stdin.destroy();
`,
    );
    const repo = fileURLToPath(new URL('../../../../', import.meta.url));
    const children = ['p1', 'p2'].map((worker) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', child, file, worker], { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      const ready = new Promise<void>((resolve, reject) => {
        proc.stdout.on('data', () => out.startsWith('ready\n') && resolve());
        proc.once('exit', () => reject(new Error(`${worker} exited before it was ready: ${err}`)));
      });
      const done = new Promise<string[]>((resolve, reject) => {
        proc.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length)) as string[]) : reject(new Error(`${worker} exited with ${code}: ${err}`))));
      });
      return { proc, ready, done };
    });
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.proc.stdin.write('go\n');
    const [first, second] = await Promise.all(children.map((c) => c.done));

    const all = [...first!, ...second!];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(ids);
    const check = await openFile(file);
    expect(await check.counts()).toStrictEqual({ pending: 0, delivered: 1_500, dead: 0 });
  });

  it('sees, in one store, what another store on the same file recorded', async () => {
    const file = newFile();
    const a = await openFile(file);
    const b = await openFile(file);
    await a.enqueue([delivery('msg_shared')]);
    const [claimed] = await b.claim({ limit: 1, leaseMs: 60_000, now: T0, worker: 'b' });
    expect(claimed?.id).toBe('msg_shared');
    expect(await a.record({ deliveryId: 'msg_shared', attempt: 1, startedAt: T0, durationMs: 1, status: 200, worker: 'a' }, { state: 'delivered' })).toBe(false);
    expect(await b.record({ deliveryId: 'msg_shared', attempt: 1, startedAt: T0, durationMs: 1, status: 200, worker: 'b' }, { state: 'delivered' })).toBe(true);
    expect(await a.get('msg_shared')).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 200 });
  });

  it('fails clearly when the directory does not exist', async () => {
    const file = join(dir, 'no-such-directory', 'deliveries.db');
    await expect(openSqliteStore(file)).rejects.toThrow(`Cannot open the SQLite delivery store ${file}: its directory ${join(dir, 'no-such-directory')} does not exist`);
  });

  it('refuses a file of a newer schema version', async () => {
    const file = newFile();
    const db = new Database(file);
    db.pragma('user_version = 7');
    db.close();
    await expect(openSqliteStore(file)).rejects.toThrow(/schema version 7/);
  });

  it("cannot join the caller's transaction: enqueue with tx rejects and stores nothing", async () => {
    const store = await openFile(':memory:');
    const tx = { query: vi.fn(async () => undefined) };
    await expect(store.enqueue([delivery('msg_tx')], { tx })).rejects.toThrow(/cannot join the caller's transaction/);
    expect(tx.query).not.toHaveBeenCalled();
    expect(await store.get('msg_tx')).toBeUndefined();
  });

  it('stores a fractional duration to the millisecond', async () => {
    const store = await openFile(':memory:');
    await store.enqueue([delivery('msg_frac')]);
    await store.claim({ limit: 1, leaseMs: 1_000, now: T0, worker: 'w1' });
    expect(await store.record({ deliveryId: 'msg_frac', attempt: 1, startedAt: T0, durationMs: 12.6, status: 204, worker: 'w1' }, { state: 'delivered' })).toBe(true);
    expect((await store.get('msg_frac'))?.log[0]?.durationMs).toBe(13);
  });

  describe('without better-sqlite3 installed', () => {
    beforeEach(() => {
      vi.resetModules();
      vi.doMock('better-sqlite3', () => {
        throw new Error("Cannot find package 'better-sqlite3'");
      });
    });
    afterEach(() => {
      vi.doUnmock('better-sqlite3');
      vi.resetModules();
    });

    it('says which package to install', async () => {
      const { openSqliteStore: openWithout } = await import('../../src/outbox/stores/sqlite.ts');
      await expect(openWithout('/tmp/x.db')).rejects.toThrow('CALLBACK_STORE=sqlite:/tmp/x.db needs the better-sqlite3 package: npm install better-sqlite3@12');
    });
  });
});
