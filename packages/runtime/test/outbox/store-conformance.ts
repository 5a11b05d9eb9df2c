/**
 * What every `DeliveryStore` must do, as the dispatcher, `queue` and the admin functions rely on it:
 * one suite, run by each engine's test file (`describeStoreConformance('sqlite file', () => …)`).
 *
 * `open` is called before EACH test (and closed after it) and must return a store over an EMPTY
 * database: `counts`, `nextDueAt`, `list()` and `retry({ state: 'dead' })` look at every delivery, so
 * they cannot share a database with other tests. (A Postgres store can create a fresh schema, or
 * truncate the tables, in `open`.) Ids are unique per test all the same, so a leftover row makes a test
 * fail loudly rather than pass by accident.
 *
 * Engine-neutral: every time is a fixed epoch-ms value handed to the store (never `Date.now()`), no
 * test reads the wall clock or waits, and payloads hold no NUL character (Postgres text cannot).
 *
 * Semantics pinned here beyond the interface's comments:
 * - a lease is held while `now < leaseUntil`: at `now === leaseUntil` the delivery can be claimed
 *   again (so a dispatcher that sleeps until `nextDueAt()` finds it claimable when it wakes);
 * - ties aside, `claim` returns the oldest due first and `list` the newest created first;
 * - a new delivery's `updatedAt` is its `createdAt`;
 * - `lastStatus` / `lastError` are the last attempt's `status` / `error`, absent when it had none;
 * - returned objects leave optional fields out (rather than `undefined`-valued): `toStrictEqual` holds.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Delivery, DeliveryAttempt, DeliveryStore, NewDelivery, NextStep, Subscription } from '../../src/outbox/store.ts';

/** 2030-01-01T00:00:00Z: a fixed "now", far from the wall clock so a store that reads it fails. */
export const T0 = Date.UTC(2030, 0, 1);

export function describeStoreConformance(name: string, open: () => Promise<DeliveryStore>): void {
  describe(`DeliveryStore conformance: ${name}`, () => {
    let store: DeliveryStore;
    let prefix: string;
    let serial = 0;

    beforeEach(async () => {
      store = await open();
      prefix = randomUUID().slice(0, 8);
      serial = 0;
    });
    afterEach(async () => {
      await store.close();
    });

    /** A fresh, unique delivery id. */
    const id = (): string => `msg_${prefix}_${++serial}`;
    const subId = (): string => `sub_${prefix}_${++serial}`;

    function delivery(overrides: Partial<NewDelivery> = {}): NewDelivery {
      return {
        id: id(),
        kind: 'callback',
        event: 'order.created',
        url: 'https://receiver.example/hooks/orders',
        method: 'POST',
        contentType: 'application/json',
        payload: '{"orderId":"o_1","total":12.5}',
        headers: {},
        createdAt: T0,
        nextAttemptAt: T0,
        ...overrides,
      };
    }

    /** What `get` returns for a delivery just enqueued. */
    function fresh(d: NewDelivery): Delivery {
      return { ...d, state: 'pending', attempts: 0, scheduleStart: 0, updatedAt: d.createdAt };
    }

    function attempt(d: { readonly id: string }, overrides: Partial<DeliveryAttempt> & Pick<DeliveryAttempt, 'attempt' | 'worker'>): DeliveryAttempt {
      return { deliveryId: d.id, startedAt: T0, durationMs: 120, ...overrides };
    }

    const failed = (d: { readonly id: string }, n: number, worker: string, startedAt: number, nextAttemptAt?: number): DeliveryAttempt =>
      attempt(d, {
        attempt: n,
        worker,
        startedAt,
        status: 503,
        reason: 'status',
        error: 'the receiver answered 503',
        responseExcerpt: 'Service Unavailable',
        ...(nextAttemptAt !== undefined && { nextAttemptAt }),
      });

    const succeeded = (d: { readonly id: string }, n: number, worker: string, startedAt: number): DeliveryAttempt =>
      attempt(d, { attempt: n, worker, startedAt, status: 204 });

    /** Claims `d` (alone: it must be the only due one) for `worker` and records one attempt. */
    async function attemptOnce(d: NewDelivery, n: number, next: NextStep, now: number, worker = 'w1'): Promise<void> {
      const claimed = await store.claim({ limit: 10, leaseMs: 30_000, now, worker });
      expect(claimed.map((c) => c.id)).toEqual([d.id]);
      const made =
        next.state === 'delivered' ? succeeded(d, n, worker, now) : failed(d, n, worker, now, next.state === 'pending' ? next.nextAttemptAt : undefined);
      expect(await store.record(made, next)).toBe(true);
    }

    async function deadDelivery(overrides: Partial<NewDelivery> = {}, now = T0): Promise<NewDelivery> {
      const d = delivery({ nextAttemptAt: now, ...overrides });
      await store.enqueue([d]);
      await attemptOnce(d, 1, { state: 'dead' }, now);
      return d;
    }

    async function deliveredDelivery(overrides: Partial<NewDelivery> = {}, now = T0): Promise<NewDelivery> {
      const d = delivery({ nextAttemptAt: now, ...overrides });
      await store.enqueue([d]);
      await attemptOnce(d, 1, { state: 'delivered' }, now);
      return d;
    }

    describe('enqueue and get', () => {
      it('gives back what was stored, pending with no attempts and an empty log', async () => {
        const callback = delivery({ headers: { 'x-request-id': 'r_1' } });
        const webhook = delivery({ kind: 'webhook', event: 'invoice.paid', subscriptionId: 'sub_x', createdAt: T0 + 1, nextAttemptAt: T0 + 500 });
        await store.enqueue([callback, webhook]);
        expect(await store.get(callback.id)).toStrictEqual({ ...fresh(callback), log: [] });
        expect(await store.get(webhook.id)).toStrictEqual({ ...fresh(webhook), log: [] });
      });

      it('leaves optional fields out rather than undefined', async () => {
        const d = delivery();
        await store.enqueue([d]);
        const got = await store.get(d.id);
        for (const key of ['subscriptionId', 'leaseOwner', 'leaseUntil', 'lastStatus', 'lastError'] as const) {
          expect(Object.hasOwn(got ?? {}, key), key).toBe(false);
        }
      });

      const payloads: [string, string][] = [
        ['JSON', '{"a":1,"b":[true,null],"c":"x"}'],
        ['the empty string', ''],
        ['whitespace and line ends kept', '  {\r\n  "a" : 1\n}\t \n'],
        ['non-ASCII text', 'Grüße, 東京, Ελληνικά, 🎉👩🏽‍💻'],
        ['JSON escapes not decoded', '{"s":"\\u00e9\\n\\"q\\"\\\\"}'],
        ['form encoded', 'a=1&b=%C3%A9+x&c='],
        ['large (256 KiB)', 'xyz0123456789'.repeat(20_165) + 'end'],
      ];
      it.each(payloads)('keeps the payload exactly: %s', async (_name, payload) => {
        const d = delivery({ payload });
        await store.enqueue([d]);
        const got = await store.get(d.id);
        expect(got?.payload).toBe(payload);
        expect(got?.payload.length).toBe(payload.length);
      });

      const headerCases: [string, Record<string, string>][] = [
        ['none', {}],
        ['several', { 'x-request-id': 'r_1', Authorization: 'Bearer abc', 'X-Tags': 'a, "b", c' }],
        ['non-ASCII and empty values', { 'x-note': 'café', 'x-empty': '' }],
      ];
      it.each(headerCases)('keeps the headers: %s', async (_name, headers) => {
        const d = delivery({ headers });
        await store.enqueue([d]);
        expect((await store.get(d.id))?.headers).toStrictEqual(headers);
      });

      it('returns undefined for an unknown id', async () => {
        expect(await store.get(id())).toBeUndefined();
      });

      it('stores nothing for an empty batch', async () => {
        await store.enqueue([]);
        expect(await store.counts()).toStrictEqual({ pending: 0, delivered: 0, dead: 0 });
      });

      it('stores all or none: a duplicate id inside the batch rejects it whole', async () => {
        const first = delivery();
        const second = delivery();
        await expect(store.enqueue([first, second, { ...first, event: 'other' }])).rejects.toThrow();
        expect(await store.get(first.id)).toBeUndefined();
        expect(await store.get(second.id)).toBeUndefined();
        expect(await store.counts()).toStrictEqual({ pending: 0, delivered: 0, dead: 0 });
      });

      it('stores all or none: an id already stored rejects the batch and keeps the stored one as it was', async () => {
        const existing = delivery({ event: 'kept' });
        await store.enqueue([existing]);
        const other = delivery();
        await expect(store.enqueue([other, { ...existing, event: 'replaced' }])).rejects.toThrow();
        expect(await store.get(other.id)).toBeUndefined();
        expect(await store.get(existing.id)).toStrictEqual({ ...fresh(existing), log: [] });
      });
    });

    describe('enqueue leased (handed to the worker that queued it)', () => {
      it('stores the lease: no other worker claims the delivery before leaseUntil, and one does at it', async () => {
        const d = delivery({ leaseOwner: 'w1', leaseUntil: T0 + 30_000 });
        await store.enqueue([d]);
        expect(await store.get(d.id)).toStrictEqual({ ...fresh(d), log: [] });
        expect(await store.claim({ limit: 10, leaseMs: 30_000, now: T0, worker: 'w2' })).toEqual([]);
        expect(await store.claim({ limit: 10, leaseMs: 30_000, now: T0 + 29_999, worker: 'w2' })).toEqual([]);
        const taken = await store.claim({ limit: 10, leaseMs: 30_000, now: T0 + 30_000, worker: 'w2' });
        expect(taken.map((c) => [c.id, c.leaseOwner, c.leaseUntil])).toEqual([[d.id, 'w2', T0 + 60_000]]);
        // w1 lost it: its record of an attempt is refused.
        expect(await store.record(succeeded(d, 1, 'w1', T0 + 30_001), { state: 'delivered' })).toBe(false);
      });

      it('lets the worker that holds it record its attempt with no claim', async () => {
        const d = delivery({ leaseOwner: 'w1', leaseUntil: T0 + 30_000 });
        await store.enqueue([d]);
        expect(await store.record(succeeded(d, 1, 'w1', T0 + 5), { state: 'delivered' })).toBe(true);
        const detail = await store.get(d.id);
        expect(detail).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 204 });
        expect(detail?.leaseOwner).toBeUndefined();
        expect(detail?.log).toHaveLength(1);
      });

      it('is due at once for everyone when its holder releases it', async () => {
        const d = delivery({ leaseOwner: 'w1', leaseUntil: T0 + 30_000 });
        await store.enqueue([d]);
        await store.release([d.id], 'w1');
        expect((await store.claim({ limit: 10, leaseMs: 30_000, now: T0, worker: 'w2' })).map((c) => c.id)).toEqual([d.id]);
      });

      it('keeps leased and unleased rows of one batch apart', async () => {
        const leased = delivery({ leaseOwner: 'w1', leaseUntil: T0 + 30_000 });
        const open = delivery();
        await store.enqueue([leased, open]);
        expect((await store.claim({ limit: 10, leaseMs: 30_000, now: T0, worker: 'w2' })).map((c) => c.id)).toEqual([open.id]);
        expect(await store.nextDueAt()).toBe(T0 + 30_000);
      });

      it('stores a lease without its end (or an end without its owner) as no lease at all', async () => {
        const ownerOnly = delivery({ leaseOwner: 'w1' });
        const endOnly = delivery({ leaseUntil: T0 + 30_000 });
        await store.enqueue([ownerOnly, endOnly]);
        const claimed = await store.claim({ limit: 10, leaseMs: 30_000, now: T0, worker: 'w2' });
        expect(claimed.map((c) => c.id).sort()).toEqual([ownerOnly.id, endOnly.id].sort());
      });
    });

    describe('claim', () => {
      it('claims only pending deliveries that are due (nextAttemptAt <= now)', async () => {
        const early = delivery({ nextAttemptAt: T0 - 1 });
        const onTime = delivery({ nextAttemptAt: T0 });
        const later = delivery({ nextAttemptAt: T0 + 1 });
        await store.enqueue([later, onTime, early]);
        const claimed = await store.claim({ limit: 10, leaseMs: 30_000, now: T0, worker: 'w1' });
        expect(claimed.map((d) => d.id)).toEqual([early.id, onTime.id]);
      });

      it('returns the claimed deliveries leased to the worker until now + leaseMs, and get shows the lease', async () => {
        const d = delivery({ kind: 'webhook', subscriptionId: 'sub_1', headers: { 'x-a': 'b' } });
        await store.enqueue([d]);
        const claimed = await store.claim({ limit: 1, leaseMs: 45_000, now: T0 + 10, worker: 'w1' });
        expect(claimed).toStrictEqual([{ ...fresh(d), leaseOwner: 'w1', leaseUntil: T0 + 45_010 }]);
        expect(await store.get(d.id)).toMatchObject({ leaseOwner: 'w1', leaseUntil: T0 + 45_010, state: 'pending', attempts: 0 });
      });

      it('respects the limit, oldest due first, and the next claim gets the rest', async () => {
        const times = [T0 + 40, T0 + 10, T0 + 50, T0 + 20, T0 + 30];
        const all = times.map((nextAttemptAt, i) => delivery({ nextAttemptAt, createdAt: T0 - i }));
        await store.enqueue(all);
        const byDue = [...all].sort((a, b) => a.nextAttemptAt - b.nextAttemptAt).map((d) => d.id);
        const first = await store.claim({ limit: 3, leaseMs: 30_000, now: T0 + 100, worker: 'w1' });
        expect(first.map((d) => d.id)).toEqual(byDue.slice(0, 3));
        const second = await store.claim({ limit: 3, leaseMs: 30_000, now: T0 + 100, worker: 'w2' });
        expect(second.map((d) => d.id)).toEqual(byDue.slice(3));
        expect(await store.claim({ limit: 3, leaseMs: 30_000, now: T0 + 100, worker: 'w3' })).toEqual([]);
      });

      it('does not claim a leased delivery again before its lease expires, and does at leaseUntil', async () => {
        const d = delivery();
        await store.enqueue([d]);
        expect(await store.claim({ limit: 10, leaseMs: 30_000, now: T0, worker: 'w1' })).toHaveLength(1);
        expect(await store.claim({ limit: 10, leaseMs: 30_000, now: T0, worker: 'w1' })).toEqual([]);
        expect(await store.claim({ limit: 10, leaseMs: 30_000, now: T0 + 29_999, worker: 'w2' })).toEqual([]);
        const again = await store.claim({ limit: 10, leaseMs: 30_000, now: T0 + 30_000, worker: 'w2' });
        expect(again.map((c) => [c.id, c.leaseOwner, c.leaseUntil])).toEqual([[d.id, 'w2', T0 + 60_000]]);
      });

      it('lets another worker claim an expired lease; the first worker then records nothing', async () => {
        const d = delivery();
        await store.enqueue([d]);
        await store.claim({ limit: 1, leaseMs: 1_000, now: T0, worker: 'w1' });
        const taken = await store.claim({ limit: 1, leaseMs: 30_000, now: T0 + 5_000, worker: 'w2' });
        expect(taken.map((c) => c.id)).toEqual([d.id]);

        expect(await store.record(succeeded(d, 1, 'w1', T0), { state: 'delivered' })).toBe(false);
        expect(await store.get(d.id)).toStrictEqual({ ...fresh(d), leaseOwner: 'w2', leaseUntil: T0 + 35_000, log: [] });

        const second = failed(d, 1, 'w2', T0 + 5_000, T0 + 65_000);
        expect(await store.record(second, { state: 'pending', nextAttemptAt: T0 + 65_000 })).toBe(true);
        expect((await store.get(d.id))?.log).toStrictEqual([second]);
      });

      it('never claims delivered or dead deliveries', async () => {
        await deliveredDelivery();
        await deadDelivery();
        expect(await store.claim({ limit: 10, leaseMs: 30_000, now: T0 + 10_000_000, worker: 'w2' })).toEqual([]);
      });

      it('never gives the same delivery to two workers claiming at once', async () => {
        const all = Array.from({ length: 40 }, (_, i) => delivery({ nextAttemptAt: T0 + i }));
        await store.enqueue(all);
        const claims = await Promise.all(
          ['a', 'b', 'c', 'd', 'e'].map((worker) => store.claim({ limit: 12, leaseMs: 30_000, now: T0 + 100, worker })),
        );
        const ids = claims.flat().map((d) => d.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.sort()).toEqual(all.map((d) => d.id).sort());
        for (const [i, claimed] of claims.entries()) expect(claimed.every((d) => d.leaseOwner === ['a', 'b', 'c', 'd', 'e'][i])).toBe(true);
      });
    });

    describe('record', () => {
      it('a failed attempt with a next attempt: logged, still pending, due at that time, lease cleared', async () => {
        const d = delivery();
        await store.enqueue([d]);
        await store.claim({ limit: 1, leaseMs: 30_000, now: T0, worker: 'w1' });
        const made = failed(d, 1, 'w1', T0, T0 + 60_000);
        expect(await store.record(made, { state: 'pending', nextAttemptAt: T0 + 60_000 })).toBe(true);

        const got = await store.get(d.id);
        expect(got).toMatchObject({ state: 'pending', attempts: 1, scheduleStart: 0, nextAttemptAt: T0 + 60_000, lastStatus: 503, lastError: 'the receiver answered 503' });
        expect(got).not.toHaveProperty('leaseOwner');
        expect(got).not.toHaveProperty('leaseUntil');
        expect(got?.log).toStrictEqual([made]);

        expect(await store.claim({ limit: 1, leaseMs: 30_000, now: T0 + 59_999, worker: 'w2' })).toEqual([]);
        const again = await store.claim({ limit: 1, leaseMs: 30_000, now: T0 + 60_000, worker: 'w2' });
        expect(again.map((c) => [c.id, c.attempts])).toEqual([[d.id, 1]]);
      });

      it('a delivered attempt: delivered, its status kept, no error, not claimed again', async () => {
        const d = delivery();
        await store.enqueue([d]);
        await attemptOnce(d, 1, { state: 'pending', nextAttemptAt: T0 + 1_000 }, T0);
        await attemptOnce(d, 2, { state: 'delivered' }, T0 + 1_000);

        const got = await store.get(d.id);
        expect(got).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 204 });
        expect(got).not.toHaveProperty('lastError');
        expect(got).not.toHaveProperty('leaseOwner');
        expect(got?.log.map((a) => [a.attempt, a.status, a.error])).toEqual([
          [1, 503, 'the receiver answered 503'],
          [2, 204, undefined],
        ]);
        expect(await store.claim({ limit: 1, leaseMs: 30_000, now: T0 + 10_000_000, worker: 'w2' })).toEqual([]);
      });

      it('a last failed attempt: dead, kept, and listed with the state filter', async () => {
        const d = delivery();
        await store.enqueue([d]);
        await store.claim({ limit: 1, leaseMs: 30_000, now: T0, worker: 'w1' });
        const made = attempt(d, { attempt: 1, worker: 'w1', reason: 'network', error: 'ECONNREFUSED' });
        expect(await store.record(made, { state: 'dead' })).toBe(true);

        const got = await store.get(d.id);
        expect(got).toMatchObject({ state: 'dead', attempts: 1, lastError: 'ECONNREFUSED' });
        expect(got).not.toHaveProperty('lastStatus');
        expect(got?.log).toStrictEqual([made]);
        expect((await store.list({ state: 'dead' })).map((x) => x.id)).toEqual([d.id]);
        expect(await store.list({ state: 'pending' })).toEqual([]);
      });

      it('returns false, and writes nothing, for a delivery the worker never claimed', async () => {
        const d = delivery();
        await store.enqueue([d]);
        expect(await store.record(succeeded(d, 1, 'w1', T0), { state: 'delivered' })).toBe(false);
        expect(await store.get(d.id)).toStrictEqual({ ...fresh(d), log: [] });
      });

      it('returns false, and writes nothing, for a delivery leased to another worker', async () => {
        const d = delivery();
        await store.enqueue([d]);
        await store.claim({ limit: 1, leaseMs: 30_000, now: T0, worker: 'w1' });
        expect(await store.record(succeeded(d, 1, 'w2', T0), { state: 'delivered' })).toBe(false);
        expect(await store.get(d.id)).toStrictEqual({ ...fresh(d), leaseOwner: 'w1', leaseUntil: T0 + 30_000, log: [] });
      });

      it('returns false a second time: the first record gave the lease back', async () => {
        const d = delivery();
        await store.enqueue([d]);
        await store.claim({ limit: 1, leaseMs: 30_000, now: T0, worker: 'w1' });
        expect(await store.record(succeeded(d, 1, 'w1', T0), { state: 'delivered' })).toBe(true);
        expect(await store.record(succeeded(d, 2, 'w1', T0 + 1), { state: 'delivered' })).toBe(false);
        expect((await store.get(d.id))?.log).toHaveLength(1);
      });

      it('returns false for an unknown delivery', async () => {
        expect(await store.record(succeeded({ id: id() }, 1, 'w1', T0), { state: 'delivered' })).toBe(false);
      });

      it('records attempts that end together (one group commit), each against its own lease', async () => {
        const ds = [delivery(), delivery(), delivery(), delivery()];
        await store.enqueue(ds);
        expect(await store.claim({ limit: 4, leaseMs: 1_000, now: T0, worker: 'w1' })).toHaveLength(4);
        // The third one's lease expires and w2 takes it: w1's attempt at it must not count.
        expect((await store.claim({ limit: 4, leaseMs: 30_000, now: T0 + 1_000, worker: 'w2' })).map((c) => c.id)).toHaveLength(4);
        await store.release([ds[0]!.id, ds[1]!.id, ds[3]!.id], 'w2');
        await store.claim({ limit: 4, leaseMs: 30_000, now: T0 + 1_000, worker: 'w1' });
        const results = await Promise.all([
          store.record(succeeded(ds[0]!, 1, 'w1', T0 + 1_000), { state: 'delivered' }),
          store.record(failed(ds[1]!, 1, 'w1', T0 + 1_000, T0 + 6_000), { state: 'pending', nextAttemptAt: T0 + 6_000 }),
          store.record(succeeded(ds[2]!, 1, 'w1', T0 + 1_000), { state: 'delivered' }),
          store.record(failed(ds[3]!, 1, 'w1', T0 + 1_000), { state: 'dead' }),
          store.record(succeeded({ id: id() }, 1, 'w1', T0 + 1_000), { state: 'delivered' }),
        ]);
        expect(results).toEqual([true, true, false, true, false]);
        const [first, second, third, fourth] = await Promise.all(ds.map((d) => store.get(d.id)));
        expect(first).toMatchObject({ state: 'delivered', attempts: 1, log: [{ attempt: 1, status: 204, worker: 'w1' }] });
        expect(second).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: T0 + 6_000, log: [{ attempt: 1, status: 503 }] });
        expect(second?.leaseOwner).toBeUndefined();
        expect(third).toMatchObject({ state: 'pending', attempts: 0, leaseOwner: 'w2', log: [] });
        expect(fourth).toMatchObject({ state: 'dead', attempts: 1, log: [{ attempt: 1, status: 503 }] });
      });

      it('keeps the log oldest first with every field, optional ones left out', async () => {
        const d = delivery({ kind: 'webhook', subscriptionId: 'sub_1' });
        await store.enqueue([d]);
        const made: DeliveryAttempt[] = [
          attempt(d, { attempt: 1, worker: 'w1', startedAt: T0, durationMs: 10_000, reason: 'timeout', error: 'no answer in 10 s', nextAttemptAt: T0 + 15_000 }),
          attempt(d, { attempt: 2, worker: 'w2', startedAt: T0 + 15_000, durationMs: 37, status: 500, reason: 'status', error: 'the receiver answered 500', responseExcerpt: '{"error":"boom"}', nextAttemptAt: T0 + 75_000 }),
          attempt(d, { attempt: 3, worker: 'w1', startedAt: T0 + 75_000, durationMs: 5, status: 200 }),
        ];
        const steps: NextStep[] = [{ state: 'pending', nextAttemptAt: T0 + 15_000 }, { state: 'pending', nextAttemptAt: T0 + 75_000 }, { state: 'delivered' }];
        for (const [i, a] of made.entries()) {
          const claimed = await store.claim({ limit: 1, leaseMs: 30_000, now: a.startedAt, worker: a.worker });
          expect(claimed.map((c) => [c.id, c.attempts])).toEqual([[d.id, i]]);
          expect(await store.record(a, steps[i]!)).toBe(true);
        }
        const got = await store.get(d.id);
        expect(got?.log).toStrictEqual(made);
        expect(got).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200 });
        expect(got).not.toHaveProperty('lastError');
      });
    });

    describe('release', () => {
      it('gives the leases back: due again at once, to any worker', async () => {
        const a = delivery({ nextAttemptAt: T0 - 10 });
        const b = delivery({ nextAttemptAt: T0 - 5 });
        await store.enqueue([a, b]);
        await store.claim({ limit: 10, leaseMs: 60_000, now: T0, worker: 'w1' });
        await store.release([a.id, b.id], 'w1');

        const gotA = await store.get(a.id);
        expect(gotA).not.toHaveProperty('leaseOwner');
        expect(gotA).not.toHaveProperty('leaseUntil');
        expect(gotA).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: T0 - 10 });
        expect(await store.nextDueAt()).toBe(T0 - 10);
        const again = await store.claim({ limit: 10, leaseMs: 60_000, now: T0, worker: 'w2' });
        expect(again.map((d) => d.id)).toEqual([a.id, b.id]);
        expect((await store.get(a.id))?.log).toEqual([]);
      });

      it("does not release another worker's lease", async () => {
        const d = delivery();
        await store.enqueue([d]);
        await store.claim({ limit: 10, leaseMs: 60_000, now: T0, worker: 'w1' });
        await store.release([d.id], 'w2');
        expect(await store.get(d.id)).toMatchObject({ leaseOwner: 'w1', leaseUntil: T0 + 60_000 });
        expect(await store.claim({ limit: 10, leaseMs: 60_000, now: T0, worker: 'w2' })).toEqual([]);
      });

      it('ignores ids that are unknown or not leased', async () => {
        const d = delivery();
        await store.enqueue([d]);
        await store.release([d.id, id()], 'w1');
        await store.release([], 'w1');
        expect(await store.get(d.id)).toStrictEqual({ ...fresh(d), log: [] });
      });
    });

    describe('nextDueAt', () => {
      it('is undefined with no pending delivery', async () => {
        expect(await store.nextDueAt()).toBeUndefined();
        await deliveredDelivery();
        await deadDelivery();
        expect(await store.nextDueAt()).toBeUndefined();
      });

      it('is the earliest nextAttemptAt of a pending delivery, due or not', async () => {
        await store.enqueue([delivery({ nextAttemptAt: T0 + 5_000 }), delivery({ nextAttemptAt: T0 + 1_000 }), delivery({ nextAttemptAt: T0 + 9_000 })]);
        expect(await store.nextDueAt()).toBe(T0 + 1_000);
      });

      it('counts a leased delivery from its lease expiry, when that is later than its nextAttemptAt', async () => {
        const soon = delivery({ nextAttemptAt: T0 });
        const later = delivery({ nextAttemptAt: T0 + 50_000 });
        await store.enqueue([soon, later]);
        await store.claim({ limit: 1, leaseMs: 30_000, now: T0, worker: 'w1' });
        // `soon` is leased until T0 + 30 000: before `later` is due.
        expect(await store.nextDueAt()).toBe(T0 + 30_000);
        // At its lease expiry `soon` is claimable again; leased now until after `later` is due.
        const again = await store.claim({ limit: 1, leaseMs: 80_000, now: T0 + 30_000, worker: 'w2' });
        expect(again.map((d) => d.id)).toEqual([soon.id]);
        expect(await store.nextDueAt()).toBe(T0 + 50_000);
        await store.claim({ limit: 1, leaseMs: 30_000, now: T0 + 50_000, worker: 'w3' });
        expect(await store.nextDueAt()).toBe(T0 + 80_000);
        await store.record(succeeded(later, 1, 'w3', T0 + 50_000), { state: 'delivered' });
        expect(await store.nextDueAt()).toBe(T0 + 110_000);
      });

      it('moves to the next attempt after a failure, and ignores delivered and dead ones', async () => {
        const d = delivery({ nextAttemptAt: T0 });
        await store.enqueue([d]);
        await deadDelivery({ nextAttemptAt: T0 - 1 }, T0 - 1);
        await attemptOnce(d, 1, { state: 'pending', nextAttemptAt: T0 + 7_000 }, T0);
        expect(await store.nextDueAt()).toBe(T0 + 7_000);
      });
    });

    describe('counts', () => {
      it('counts every state, zero included', async () => {
        expect(await store.counts()).toStrictEqual({ pending: 0, delivered: 0, dead: 0 });
        await deliveredDelivery();
        await deadDelivery({}, T0 + 1);
        await deadDelivery({}, T0 + 2);
        await store.enqueue([delivery({ nextAttemptAt: T0 + 100 }), delivery({ nextAttemptAt: T0 + 100 }), delivery({ nextAttemptAt: T0 + 100 })]);
        expect(await store.counts()).toStrictEqual({ pending: 3, delivered: 1, dead: 2 });
      });
    });

    describe('list', () => {
      it('lists newest first, 50 by default, fewer with limit', async () => {
        const all = Array.from({ length: 55 }, (_, i) => delivery({ createdAt: T0 + ((i * 37) % 55) * 1_000, nextAttemptAt: T0 + 10_000_000 }));
        await store.enqueue(all);
        const newestFirst = [...all].sort((a, b) => b.createdAt - a.createdAt).map((d) => d.id);
        expect((await store.list()).map((d) => d.id)).toEqual(newestFirst.slice(0, 50));
        expect((await store.list({ limit: 3 })).map((d) => d.id)).toEqual(newestFirst.slice(0, 3));
        expect((await store.list({ limit: 100 })).map((d) => d.id)).toEqual(newestFirst);
      });

      it('returns whole deliveries', async () => {
        const d = delivery({ kind: 'webhook', subscriptionId: 'sub_1', headers: { 'x-a': 'b' } });
        await store.enqueue([d]);
        expect(await store.list()).toStrictEqual([fresh(d)]);
      });

      it('filters by state, event and subscription, alone or together', async () => {
        const subA = subId();
        const subB = subId();
        const paidA = await deadDelivery({ kind: 'webhook', event: 'invoice.paid', subscriptionId: subA, createdAt: T0 + 1 }, T0);
        const paidB = await deliveredDelivery({ kind: 'webhook', event: 'invoice.paid', subscriptionId: subB, createdAt: T0 + 2 }, T0 + 1);
        const voidA = delivery({ kind: 'webhook', event: 'invoice.voided', subscriptionId: subA, createdAt: T0 + 3, nextAttemptAt: T0 + 10_000_000 });
        const callback = delivery({ event: 'invoice.paid', createdAt: T0 + 4, nextAttemptAt: T0 + 10_000_000 });
        await store.enqueue([voidA, callback]);

        const cases: [string, Parameters<DeliveryStore['list']>[0], NewDelivery[]][] = [
          ['state', { state: 'pending' }, [callback, voidA]],
          ['state dead', { state: 'dead' }, [paidA]],
          ['event', { event: 'invoice.paid' }, [callback, paidB, paidA]],
          ['subscription', { subscriptionId: subA }, [voidA, paidA]],
          ['event and subscription', { event: 'invoice.paid', subscriptionId: subA }, [paidA]],
          ['state and event', { state: 'delivered', event: 'invoice.paid' }, [paidB]],
          ['all three, nothing matches', { state: 'pending', event: 'invoice.paid', subscriptionId: subB }, []],
          ['event and limit', { event: 'invoice.paid', limit: 2 }, [callback, paidB]],
        ];
        for (const [label, filter, want] of cases) {
          expect((await store.list(filter)).map((d) => d.id), label).toEqual(want.map((d) => d.id));
        }
      });
    });

    describe('retry', () => {
      it('makes the named deliveries pending, due now, with a fresh schedule and their log kept', async () => {
        const d = delivery();
        await store.enqueue([d]);
        await attemptOnce(d, 1, { state: 'pending', nextAttemptAt: T0 + 1_000 }, T0);
        await attemptOnce(d, 2, { state: 'dead' }, T0 + 1_000);

        expect(await store.retry({ ids: [d.id, id()] }, T0 + 500_000)).toBe(1);
        const got = await store.get(d.id);
        expect(got).toMatchObject({ state: 'pending', attempts: 2, scheduleStart: 2, nextAttemptAt: T0 + 500_000 });
        expect(got?.log.map((a) => a.attempt)).toEqual([1, 2]);
        expect(await store.nextDueAt()).toBe(T0 + 500_000);
        expect(await store.claim({ limit: 10, leaseMs: 30_000, now: T0 + 499_999, worker: 'w1' })).toEqual([]);
        const claimed = await store.claim({ limit: 10, leaseMs: 30_000, now: T0 + 500_000, worker: 'w1' });
        expect(claimed.map((c) => [c.id, c.attempts, c.scheduleStart])).toEqual([[d.id, 2, 2]]);

        // The next attempt counts on: attempt 3.
        const third = succeeded(d, 3, 'w1', T0 + 500_000);
        expect(await store.record(third, { state: 'delivered' })).toBe(true);
        expect((await store.get(d.id))?.log.map((a) => a.attempt)).toEqual([1, 2, 3]);
      });

      it('retries every dead one with { state: "dead" }, not delivered or pending ones', async () => {
        const deadA = await deadDelivery({}, T0);
        const deadB = await deadDelivery({}, T0 + 1);
        const delivered = await deliveredDelivery({}, T0 + 2);
        const pending = delivery({ nextAttemptAt: T0 + 900_000 });
        await store.enqueue([pending]);

        expect(await store.retry({ state: 'dead' }, T0 + 10_000)).toBe(2);
        for (const d of [deadA, deadB]) {
          expect(await store.get(d.id)).toMatchObject({ state: 'pending', attempts: 1, scheduleStart: 1, nextAttemptAt: T0 + 10_000 });
        }
        expect(await store.get(delivered.id)).toMatchObject({ state: 'delivered', scheduleStart: 0 });
        expect(await store.get(pending.id)).toMatchObject({ state: 'pending', scheduleStart: 0, nextAttemptAt: T0 + 900_000 });
        expect(await store.counts()).toStrictEqual({ pending: 3, delivered: 1, dead: 0 });
        expect(await store.retry({ state: 'dead' }, T0 + 20_000)).toBe(0);
      });

      it('sends a delivered one again only when named', async () => {
        const delivered = await deliveredDelivery();
        expect(await store.retry({ ids: [delivered.id] }, T0 + 3_000)).toBe(1);
        expect(await store.get(delivered.id)).toMatchObject({ state: 'pending', attempts: 1, scheduleStart: 1, nextAttemptAt: T0 + 3_000 });
        expect((await store.claim({ limit: 10, leaseMs: 30_000, now: T0 + 3_000, worker: 'w1' })).map((d) => d.id)).toEqual([delivered.id]);
      });

      it('returns 0 for no ids or unknown ones', async () => {
        expect(await store.retry({ ids: [] }, T0)).toBe(0);
        expect(await store.retry({ ids: [id(), id()] }, T0)).toBe(0);
      });
    });

    describe('subscriptions', () => {
      function subscription(overrides: Partial<Subscription> = {}): Subscription {
        return {
          id: subId(),
          url: 'https://receiver.example/webhooks',
          secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
          events: ['invoice.paid'],
          enabled: true,
          createdAt: T0,
          updatedAt: T0,
          ...overrides,
        };
      }

      it('adds and gets one, with or without a description', async () => {
        const plain = subscription();
        const described = subscription({ description: 'Accounting', events: ['invoice.paid', 'invoice.voided'], enabled: false });
        await store.addSubscription(plain);
        await store.addSubscription(described);
        expect(await store.getSubscription(plain.id)).toStrictEqual(plain);
        expect(await store.getSubscription(described.id)).toStrictEqual(described);
        expect(await store.getSubscription(subId())).toBeUndefined();
      });

      it('rejects a second subscription with the same id', async () => {
        const s = subscription();
        await store.addSubscription(s);
        await expect(store.addSubscription({ ...s, url: 'https://other.example/' })).rejects.toThrow();
        expect(await store.getSubscription(s.id)).toStrictEqual(s);
      });

      it('lists all of them oldest first, disabled ones included', async () => {
        const b = subscription({ createdAt: T0 + 2 });
        const a = subscription({ createdAt: T0 + 1, enabled: false });
        const c = subscription({ createdAt: T0 + 3, events: ['*'] });
        await store.addSubscription(b);
        await store.addSubscription(c);
        await store.addSubscription(a);
        expect(await store.listSubscriptions()).toStrictEqual([a, b, c]);
        expect(await store.listSubscriptions({})).toStrictEqual([a, b, c]);
      });

      it("lists, for an event, the enabled ones that receive it by name or '*'", async () => {
        const paid = subscription({ createdAt: T0 + 1, events: ['invoice.paid'] });
        const everything = subscription({ createdAt: T0 + 2, events: ['*'] });
        const both = subscription({ createdAt: T0 + 3, events: ['invoice.voided', 'invoice.paid'] });
        const disabledPaid = subscription({ createdAt: T0 + 4, events: ['invoice.paid'], enabled: false });
        const disabledAll = subscription({ createdAt: T0 + 5, events: ['*'], enabled: false });
        const prefix = subscription({ createdAt: T0 + 6, events: ['invoice.pai', 'invoice.paid.late', 'invoice.*'] });
        for (const s of [prefix, disabledAll, both, paid, disabledPaid, everything]) await store.addSubscription(s);

        const cases: [string, Subscription[]][] = [
          ['invoice.paid', [paid, everything, both]],
          ['invoice.voided', [everything, both]],
          ['customer.created', [everything]],
          ['invoice.pai', [everything, prefix]],
        ];
        for (const [event, want] of cases) {
          expect((await store.listSubscriptions({ event })).map((s) => s.id), event).toEqual(want.map((s) => s.id));
        }
        expect(await store.listSubscriptions({ event: 'invoice.paid' })).toStrictEqual([paid, everything, both]);
      });

      it('updates one: a rotated secret, other fields kept, updatedAt moved', async () => {
        const s = subscription({ description: 'Accounting' });
        await store.addSubscription(s);
        const rotated = { ...s, secret: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD', updatedAt: T0 + 60_000 };
        expect(await store.updateSubscription(s.id, { secret: rotated.secret, updatedAt: T0 + 60_000 })).toStrictEqual(rotated);
        expect(await store.getSubscription(s.id)).toStrictEqual(rotated);
      });

      it('updates one: disabled, it no longer receives events; url, events and description changed', async () => {
        const s = subscription({ events: ['invoice.paid'] });
        await store.addSubscription(s);
        const disabled = await store.updateSubscription(s.id, { enabled: false, updatedAt: T0 + 1 });
        expect(disabled).toStrictEqual({ ...s, enabled: false, updatedAt: T0 + 1 });
        expect(await store.listSubscriptions({ event: 'invoice.paid' })).toEqual([]);
        expect((await store.listSubscriptions()).map((x) => x.id)).toEqual([s.id]);

        const changed = await store.updateSubscription(s.id, {
          enabled: true,
          url: 'https://receiver.example/v2/webhooks',
          events: ['invoice.voided'],
          description: 'v2',
          updatedAt: T0 + 2,
        });
        const want = { ...s, enabled: true, url: 'https://receiver.example/v2/webhooks', events: ['invoice.voided'], description: 'v2', updatedAt: T0 + 2 };
        expect(changed).toStrictEqual(want);
        expect(await store.getSubscription(s.id)).toStrictEqual(want);
        expect(await store.listSubscriptions({ event: 'invoice.paid' })).toEqual([]);
        expect(await store.listSubscriptions({ event: 'invoice.voided' })).toStrictEqual([want]);
      });

      it('returns undefined when updating an unknown one', async () => {
        expect(await store.updateSubscription(subId(), { enabled: false, updatedAt: T0 })).toBeUndefined();
      });

      it('deletes one: true once, then false; the others stay', async () => {
        const gone = subscription();
        const kept = subscription({ createdAt: T0 + 1 });
        await store.addSubscription(gone);
        await store.addSubscription(kept);
        expect(await store.deleteSubscription(gone.id)).toBe(true);
        expect(await store.getSubscription(gone.id)).toBeUndefined();
        expect(await store.deleteSubscription(gone.id)).toBe(false);
        expect(await store.listSubscriptions()).toStrictEqual([kept]);
      });

      it("keeps a deleted subscription's deliveries", async () => {
        const s = subscription();
        await store.addSubscription(s);
        const d = delivery({ kind: 'webhook', subscriptionId: s.id });
        await store.enqueue([d]);
        expect(await store.deleteSubscription(s.id)).toBe(true);
        expect(await store.get(d.id)).toStrictEqual({ ...fresh(d), log: [] });
      });
    });

    describe('close', () => {
      it('closes the store: it resolves, and later operations reject', async () => {
        const other = await open();
        await other.enqueue([delivery()]);
        await expect(other.close()).resolves.toBeUndefined();
        await expect(other.get(id())).rejects.toThrow();
        await expect(other.enqueue([delivery()])).rejects.toThrow();
      });
    });

    it('describes itself', () => {
      expect(typeof store.description).toBe('string');
      expect(store.description.length).toBeGreaterThan(0);
    });
  });
}
