/**
 * The delivery store on SQLite (better-sqlite3), for one machine: several processes may share the file
 * (WAL mode lets readers run beside the one writer; every writing transaction is `BEGIN IMMEDIATE`, so
 * two workers claiming at once queue on the write lock instead of reading the same due rows).
 *
 * better-sqlite3 is an optional peer dependency: it is loaded only when this store is opened, and only
 * its types are imported here (never in an exported signature, so the package's .d.ts does not need
 * @types/better-sqlite3).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { groupCommit } from '../group-commit.ts';
import type {
  Delivery,
  DeliveryAttempt,
  DeliveryDetail,
  DeliveryFilter,
  DeliveryState,
  DeliveryStore,
  NewDelivery,
  NextStep,
  Subscription,
  SubscriptionPatch,
  TransactionHandle,
} from '../store.ts';

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[], unknown>;

export interface SqliteStoreOptions {
  /**
   * `NORMAL` (the default) in WAL mode: a commit survives a crash of the process; a power loss (or an OS
   * crash) can lose the transactions committed since the last checkpoint, but never corrupts the file.
   * `FULL` syncs the WAL on every commit, so a commit survives a power loss too, at the cost of one
   * fsync per transaction.
   */
  readonly synchronous?: 'NORMAL' | 'FULL';
}

/** Bumped (with a migration in `migrate`) whenever the tables change. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS boomerang_deliveries (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('callback', 'webhook')),
  event TEXT NOT NULL,
  url TEXT NOT NULL,
  method TEXT NOT NULL,
  content_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  headers TEXT NOT NULL,
  subscription_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  schedule_start INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until INTEGER,
  last_status INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
-- What a claim reads, in the order it takes it: only pending rows, so delivered ones cost it nothing,
-- and no sort (an index on (state, next_attempt_at) left every due row of one millisecond to sort).
-- Replaces boomerang_deliveries_due of the first releases, which is dropped.
DROP INDEX IF EXISTS boomerang_deliveries_due;
CREATE INDEX IF NOT EXISTS boomerang_deliveries_pending ON boomerang_deliveries (next_attempt_at, created_at, id) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS boomerang_deliveries_created ON boomerang_deliveries (created_at);
CREATE TABLE IF NOT EXISTS boomerang_delivery_attempts (
  delivery_id TEXT NOT NULL REFERENCES boomerang_deliveries (id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  status INTEGER,
  reason TEXT,
  error TEXT,
  response_excerpt TEXT,
  next_attempt_at INTEGER,
  worker TEXT NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
) STRICT;
CREATE TABLE IF NOT EXISTS boomerang_subscriptions (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  events TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  description TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
`;

interface DeliveryRow {
  id: string;
  kind: Delivery['kind'];
  event: string;
  url: string;
  method: string;
  content_type: string;
  payload: string;
  headers: string;
  subscription_id: string | null;
  state: DeliveryState;
  attempts: number;
  schedule_start: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  next_attempt_at: number;
  updated_at: number;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  started_at: number;
  duration_ms: number;
  status: number | null;
  reason: string | null;
  error: string | null;
  response_excerpt: string | null;
  next_attempt_at: number | null;
  worker: string;
}

interface SubscriptionRow {
  id: string;
  url: string;
  secret: string;
  events: string;
  enabled: number;
  description: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * Opens (creating if need be) the store in the SQLite file at `path`, or in memory for `:memory:` (one
 * connection's private database: for tests).
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<DeliveryStore> {
  let Driver: typeof BetterSqlite3;
  try {
    Driver = (await import('better-sqlite3')).default;
  } catch (cause) {
    throw new Error(`CALLBACK_STORE=sqlite:${path} needs the better-sqlite3 package: npm install better-sqlite3@12`, { cause });
  }
  const synchronous = options.synchronous ?? 'NORMAL';
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL') throw new Error(`Unknown SQLite synchronous mode ${String(synchronous)}: NORMAL or FULL`);
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) {
    const directory = dirname(resolve(path));
    if (!existsSync(directory)) throw new Error(`Cannot open the SQLite delivery store ${path}: its directory ${directory} does not exist`);
  }
  let db: Database;
  try {
    db = new Driver(path);
  } catch (cause) {
    throw new Error(`Cannot open the SQLite delivery store ${path}: ${(cause as Error).message}`, { cause });
  }
  try {
    // WAL: readers do not block the writer, nor it them. With synchronous = NORMAL a commit is durable
    // across a crash of the process (it is in the WAL file); a power loss can lose the last transactions
    // committed since the last checkpoint, but never corrupts the file. FULL also survives a power loss.
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    // Another process holding the write lock (a claim, an enqueue) is waited for, up to 5 s.
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return new SqliteDeliveryStore(db, `sqlite:${path}`);
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database, path: string): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`The SQLite delivery store ${path} has schema version ${version}; this version of @boomerang/runtime knows up to ${SCHEMA_VERSION}`);
    }
    db.exec(SCHEMA);
    if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

const DELIVERY_COLUMNS =
  'id, kind, event, url, method, content_type, payload, headers, subscription_id, state, attempts, schedule_start, lease_owner, lease_until, last_status, last_error, created_at, next_attempt_at, updated_at';

class SqliteDeliveryStore implements DeliveryStore {
  readonly description: string;
  readonly #db: Database;
  readonly #statements: {
    insertDelivery: Statement;
    selectDue: Statement;
    lease: Statement;
    insertAttempt: Statement;
    updateAfterAttempt: Statement;
    release: Statement;
    nextDueAt: Statement;
    selectDelivery: Statement;
    selectLog: Statement;
    counts: Statement;
    retryOne: Statement;
    retryDead: Statement;
    insertSubscription: Statement;
    selectSubscription: Statement;
    listSubscriptions: Statement;
    listSubscriptionsFor: Statement;
    updateSubscription: Statement;
    deleteSubscription: Statement;
  };
  /** `list`'s statements, one per combination of filters, prepared when first used. */
  readonly #listStatements = new Map<string, Statement>();
  readonly #enqueueMany: (deliveries: readonly NewDelivery[]) => void;
  readonly #claim: (limit: number, leaseMs: number, now: number, worker: string) => DeliveryRow[];
  readonly #record: (attempt: DeliveryAttempt, next: NextStep) => boolean;
  readonly #recordMany: (entries: readonly (readonly [DeliveryAttempt, NextStep])[]) => boolean[];
  /** Attempts that end in the same turn of the event loop are recorded in one transaction (group commit). */
  readonly #recordGrouped = groupCommit<readonly [DeliveryAttempt, NextStep], boolean>(
    async (entries) => this.#recordMany(entries),
    async ([attempt, next]) => this.#record(attempt, next),
  );
  readonly #release: (ids: readonly string[], worker: string) => void;
  readonly #get: (id: string) => DeliveryDetail | undefined;
  readonly #retryIds: (ids: readonly string[], now: number) => number;
  readonly #updateSubscription: (id: string, patch: SubscriptionPatch) => Subscription | undefined;

  constructor(db: Database, description: string) {
    this.#db = db;
    this.description = description;
    const prepare = (sql: string): Statement => db.prepare(sql);
    const s = (this.#statements = {
      insertDelivery: prepare(
        `INSERT INTO boomerang_deliveries (${DELIVERY_COLUMNS}) VALUES ` +
          `(@id, @kind, @event, @url, @method, @contentType, @payload, @headers, @subscriptionId, 'pending', 0, 0, @leaseOwner, @leaseUntil, NULL, NULL, @createdAt, @nextAttemptAt, @createdAt)`,
      ),
      // Only the ids: the ORDER BY sorts every due row that shares a next_attempt_at (a temp B-tree for
      // its last two terms), and sorting whole rows (payload and all) cost more than the rest of a claim.
      selectDue: prepare(
        `SELECT id FROM boomerang_deliveries
         WHERE state = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
         ORDER BY next_attempt_at, created_at, id LIMIT @limit`,
      ).pluck(),
      lease: prepare(`UPDATE boomerang_deliveries SET lease_owner = @worker, lease_until = @leaseUntil WHERE id = @id RETURNING ${DELIVERY_COLUMNS}`),
      insertAttempt: prepare(
        `INSERT INTO boomerang_delivery_attempts (delivery_id, attempt, started_at, duration_ms, status, reason, error, response_excerpt, next_attempt_at, worker)
         VALUES (@deliveryId, @attempt, @startedAt, @durationMs, @status, @reason, @error, @responseExcerpt, @nextAttemptAt, @worker)`,
      ),
      updateAfterAttempt: prepare(
        `UPDATE boomerang_deliveries SET state = @state, attempts = @attempts, last_status = @status, last_error = @error,
           next_attempt_at = coalesce(@nextAttemptAt, next_attempt_at), updated_at = @updatedAt, lease_owner = NULL, lease_until = NULL
         WHERE id = @id AND state = 'pending' AND lease_owner = @worker`,
      ),
      release: prepare(
        "UPDATE boomerang_deliveries SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND state = 'pending'",
      ),
      nextDueAt: prepare(
        "SELECT min(max(next_attempt_at, coalesce(lease_until, next_attempt_at))) FROM boomerang_deliveries WHERE state = 'pending'",
      ).pluck(),
      selectDelivery: prepare(`SELECT ${DELIVERY_COLUMNS} FROM boomerang_deliveries WHERE id = ?`),
      selectLog: prepare('SELECT * FROM boomerang_delivery_attempts WHERE delivery_id = ? ORDER BY attempt'),
      counts: prepare('SELECT state, count(*) AS n FROM boomerang_deliveries GROUP BY state'),
      retryOne: prepare(
        "UPDATE boomerang_deliveries SET state = 'pending', schedule_start = attempts, next_attempt_at = @now, updated_at = @now WHERE id = @id",
      ),
      retryDead: prepare(
        "UPDATE boomerang_deliveries SET state = 'pending', schedule_start = attempts, next_attempt_at = @now, updated_at = @now WHERE state = 'dead'",
      ),
      insertSubscription: prepare(
        `INSERT INTO boomerang_subscriptions (id, url, secret, events, enabled, description, created_at, updated_at)
         VALUES (@id, @url, @secret, @events, @enabled, @description, @createdAt, @updatedAt)`,
      ),
      selectSubscription: prepare('SELECT * FROM boomerang_subscriptions WHERE id = ?'),
      listSubscriptions: prepare('SELECT * FROM boomerang_subscriptions ORDER BY created_at, rowid'),
      listSubscriptionsFor: prepare(
        `SELECT * FROM boomerang_subscriptions
         WHERE enabled = 1 AND EXISTS (SELECT 1 FROM json_each(boomerang_subscriptions.events) WHERE value = @event OR value = '*')
         ORDER BY created_at, rowid`,
      ),
      updateSubscription: prepare(
        `UPDATE boomerang_subscriptions SET url = @url, secret = @secret, events = @events, enabled = @enabled,
           description = @description, updated_at = @updatedAt WHERE id = @id`,
      ),
      deleteSubscription: prepare('DELETE FROM boomerang_subscriptions WHERE id = ?'),
    });

    this.#enqueueMany = db.transaction((deliveries: readonly NewDelivery[]) => {
      for (const delivery of deliveries) s.insertDelivery.run(deliveryParams(delivery));
    }).immediate;

    this.#claim = db.transaction((limit: number, leaseMs: number, now: number, worker: string) => {
      const ids = s.selectDue.all({ now, limit }) as string[];
      const leaseUntil = now + leaseMs;
      // In this IMMEDIATE transaction, so nothing changes between the SELECT and the UPDATEs.
      return ids.map((id) => s.lease.get({ id, worker, leaseUntil }) as DeliveryRow);
    }).immediate;

    // The UPDATE moves the delivery on only while `attempt.worker` holds its lease; the log row is
    // written only when it did. No savepoint per attempt: a batch that throws is rolled back whole and
    // group commit records its attempts one by one.
    const recordIn = (attempt: DeliveryAttempt, next: NextStep): boolean => {
      const durationMs = Math.round(attempt.durationMs);
      const moved = s.updateAfterAttempt.run({
        id: attempt.deliveryId,
        worker: attempt.worker,
        state: next.state,
        attempts: attempt.attempt,
        status: attempt.status ?? null,
        error: attempt.error ?? null,
        nextAttemptAt: next.state === 'pending' ? next.nextAttemptAt : null,
        updatedAt: attempt.startedAt + durationMs,
      });
      if (moved.changes !== 1) return false;
      s.insertAttempt.run({
        deliveryId: attempt.deliveryId,
        attempt: attempt.attempt,
        startedAt: attempt.startedAt,
        // An INTEGER column: a duration measured with performance.now() is stored to the millisecond.
        durationMs,
        status: attempt.status ?? null,
        reason: attempt.reason ?? null,
        error: attempt.error ?? null,
        responseExcerpt: attempt.responseExcerpt ?? null,
        nextAttemptAt: attempt.nextAttemptAt ?? null,
        worker: attempt.worker,
      });
      return true;
    };
    this.#record = db.transaction(recordIn).immediate;
    this.#recordMany = db.transaction((entries: readonly (readonly [DeliveryAttempt, NextStep])[]) => entries.map(([attempt, next]) => recordIn(attempt, next))).immediate;

    this.#release = db.transaction((ids: readonly string[], worker: string) => {
      for (const id of ids) s.release.run(id, worker);
    }).immediate;

    this.#get = db.transaction((id: string): DeliveryDetail | undefined => {
      const row = s.selectDelivery.get(id) as DeliveryRow | undefined;
      if (row === undefined) return undefined;
      const log = (s.selectLog.all(id) as AttemptRow[]).map(toAttempt);
      return { ...toDelivery(row), log };
    }).deferred;

    this.#retryIds = db.transaction((ids: readonly string[], now: number): number => {
      let changed = 0;
      for (const id of new Set(ids)) changed += s.retryOne.run({ id, now }).changes;
      return changed;
    }).immediate;

    this.#updateSubscription = db.transaction((id: string, patch: SubscriptionPatch): Subscription | undefined => {
      const row = s.selectSubscription.get(id) as SubscriptionRow | undefined;
      if (row === undefined) return undefined;
      const current = toSubscription(row);
      const updated: Subscription = {
        ...current,
        ...(patch.url !== undefined && { url: patch.url }),
        ...(patch.secret !== undefined && { secret: patch.secret }),
        ...(patch.events !== undefined && { events: [...patch.events] }),
        ...(patch.enabled !== undefined && { enabled: patch.enabled }),
        ...(patch.description !== undefined && { description: patch.description }),
        updatedAt: patch.updatedAt,
      };
      s.updateSubscription.run(subscriptionParams(updated));
      return updated;
    }).immediate;
  }

  async enqueue(deliveries: readonly NewDelivery[], options?: { readonly tx?: TransactionHandle }): Promise<void> {
    if (options?.tx !== undefined) {
      throw new Error("The SQLite delivery store cannot join the caller's transaction: queue(body, { tx }) needs the Postgres store");
    }
    if (deliveries.length === 0) return;
    if (deliveries.length === 1) {
      // One statement is atomic on its own: no need for BEGIN/COMMIT around it.
      this.#statements.insertDelivery.run(deliveryParams(deliveries[0]!));
      return;
    }
    this.#enqueueMany(deliveries);
  }

  async claim(options: { readonly limit: number; readonly leaseMs: number; readonly now: number; readonly worker: string }): Promise<Delivery[]> {
    if (options.limit <= 0) return [];
    return this.#claim(options.limit, options.leaseMs, options.now, options.worker).map(toDelivery);
  }

  record(attempt: DeliveryAttempt, next: NextStep): Promise<boolean> {
    return this.#recordGrouped([attempt, next]);
  }

  async release(ids: readonly string[], worker: string): Promise<void> {
    if (ids.length > 0) this.#release(ids, worker);
  }

  async nextDueAt(): Promise<number | undefined> {
    const at = this.#statements.nextDueAt.get() as number | null;
    return at ?? undefined;
  }

  async get(id: string): Promise<DeliveryDetail | undefined> {
    return this.#get(id);
  }

  async list(filter: DeliveryFilter = {}): Promise<Delivery[]> {
    const conditions: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit ?? 50 };
    if (filter.state !== undefined) {
      conditions.push('state = @state');
      params['state'] = filter.state;
    }
    if (filter.event !== undefined) {
      conditions.push('event = @event');
      params['event'] = filter.event;
    }
    if (filter.subscriptionId !== undefined) {
      conditions.push('subscription_id = @subscriptionId');
      params['subscriptionId'] = filter.subscriptionId;
    }
    const key = conditions.join(' AND ');
    let statement = this.#listStatements.get(key);
    if (statement === undefined) {
      statement = this.#db.prepare(
        `SELECT ${DELIVERY_COLUMNS} FROM boomerang_deliveries ${key === '' ? '' : `WHERE ${key}`} ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
      );
      this.#listStatements.set(key, statement);
    }
    return (statement.all(params) as DeliveryRow[]).map(toDelivery);
  }

  async counts(): Promise<Record<DeliveryState, number>> {
    const counts: Record<DeliveryState, number> = { pending: 0, delivered: 0, dead: 0 };
    for (const { state, n } of this.#statements.counts.all() as { state: DeliveryState; n: number }[]) counts[state] = n;
    return counts;
  }

  async retry(target: { readonly ids: readonly string[] } | { readonly state: 'dead' }, now: number): Promise<number> {
    if ('ids' in target) return target.ids.length === 0 ? 0 : this.#retryIds(target.ids, now);
    return this.#statements.retryDead.run({ now }).changes;
  }

  async addSubscription(subscription: Subscription): Promise<void> {
    this.#statements.insertSubscription.run(subscriptionParams(subscription));
  }

  async getSubscription(id: string): Promise<Subscription | undefined> {
    const row = this.#statements.selectSubscription.get(id) as SubscriptionRow | undefined;
    return row === undefined ? undefined : toSubscription(row);
  }

  async listSubscriptions(filter: { readonly event?: string } = {}): Promise<Subscription[]> {
    const rows =
      filter.event === undefined
        ? this.#statements.listSubscriptions.all()
        : this.#statements.listSubscriptionsFor.all({ event: filter.event });
    return (rows as SubscriptionRow[]).map(toSubscription);
  }

  async updateSubscription(id: string, patch: SubscriptionPatch): Promise<Subscription | undefined> {
    return this.#updateSubscription(id, patch);
  }

  async deleteSubscription(id: string): Promise<boolean> {
    return this.#statements.deleteSubscription.run(id).changes > 0;
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}

function deliveryParams(delivery: NewDelivery): Record<string, unknown> {
  return {
    id: delivery.id,
    kind: delivery.kind,
    event: delivery.event,
    url: delivery.url,
    method: delivery.method,
    contentType: delivery.contentType,
    payload: delivery.payload,
    headers: JSON.stringify(delivery.headers),
    subscriptionId: delivery.subscriptionId ?? null,
    createdAt: delivery.createdAt,
    nextAttemptAt: delivery.nextAttemptAt,
    // Both or neither: a lease needs its owner and its end.
    leaseOwner: delivery.leaseOwner !== undefined && delivery.leaseUntil !== undefined ? delivery.leaseOwner : null,
    leaseUntil: delivery.leaseOwner !== undefined && delivery.leaseUntil !== undefined ? delivery.leaseUntil : null,
  };
}

function subscriptionParams(subscription: Subscription): Record<string, unknown> {
  return {
    id: subscription.id,
    url: subscription.url,
    secret: subscription.secret,
    events: JSON.stringify(subscription.events),
    enabled: subscription.enabled ? 1 : 0,
    description: subscription.description ?? null,
    createdAt: subscription.createdAt,
    updatedAt: subscription.updatedAt,
  };
}

/** A row as a `Delivery`, its NULL columns left out (not `undefined`-valued). */
function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    kind: row.kind,
    event: row.event,
    url: row.url,
    method: row.method,
    contentType: row.content_type,
    payload: row.payload,
    headers: JSON.parse(row.headers) as Record<string, string>,
    ...(row.subscription_id !== null && { subscriptionId: row.subscription_id }),
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    state: row.state,
    attempts: row.attempts,
    scheduleStart: row.schedule_start,
    ...(row.lease_owner !== null && { leaseOwner: row.lease_owner }),
    ...(row.lease_until !== null && { leaseUntil: row.lease_until }),
    ...(row.last_status !== null && { lastStatus: row.last_status }),
    ...(row.last_error !== null && { lastError: row.last_error }),
    updatedAt: row.updated_at,
  };
}

function toAttempt(row: AttemptRow): DeliveryAttempt {
  return {
    deliveryId: row.delivery_id,
    attempt: row.attempt,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    ...(row.status !== null && { status: row.status }),
    ...(row.reason !== null && { reason: row.reason }),
    ...(row.error !== null && { error: row.error }),
    ...(row.response_excerpt !== null && { responseExcerpt: row.response_excerpt }),
    ...(row.next_attempt_at !== null && { nextAttemptAt: row.next_attempt_at }),
    worker: row.worker,
  };
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    url: row.url,
    secret: row.secret,
    events: JSON.parse(row.events) as string[],
    enabled: row.enabled === 1,
    ...(row.description !== null && { description: row.description }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
