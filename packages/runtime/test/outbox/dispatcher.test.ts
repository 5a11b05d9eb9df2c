import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerCallbackSpecs, type CallbackSpec } from '../../src/bound-callback.ts';
import type { DeliveryResult } from '../../src/deliver.ts';
import type { AttemptReport } from '../../src/outbox/dispatcher.ts';
import { openStore } from '../../src/outbox/open-store.ts';
import { createOutbox, type Outbox, type OutboxOptions } from '../../src/outbox/outbox.ts';
import type { DeliveryStore, NewDelivery, TransactionHandle } from '../../src/outbox/store.ts';
import { generateSecret, verifyPayload } from '../../src/standard-webhooks.ts';
import { closeReceivers, inTurn, json, startReceiver, tempDirectory, type Received } from './receiver.ts';

const secret = generateSecret();
const quick = { delaysMs: [0, 50, 50], jitter: 0 };
const allowLoopback = { allowHosts: ['127.0.0.1'] };

let dir: Awaited<ReturnType<typeof tempDirectory>>;
let files = 0;
const newFile = () => dir.file(`deliveries-${++files}.db`);
beforeAll(async () => {
  dir = await tempDirectory();
});
afterAll(async () => {
  await dir.remove();
});

const outboxes: Outbox[] = [];
afterEach(async () => {
  for (const outbox of outboxes.splice(0)) await outbox.close({ graceMs: 0 });
  await closeReceivers();
});

/** An outbox on `store` (default: a fresh in-memory SQLite store), signing with `secret`, 127.0.0.1 allowed, the quick schedule. */
async function newOutbox(options: Partial<OutboxOptions> = {}): Promise<Outbox> {
  const store: DeliveryStore = options.store ?? (await openStore('sqlite::memory:'));
  const outbox = createOutbox({ secrets: [secret], policy: allowLoopback, schedule: quick, ...options, store });
  outboxes.push(outbox);
  return outbox;
}

const callback = (url: string, body: unknown = { id: 'inv_1' }) => ({ kind: 'callback' as const, event: 'invoice.paid', url, method: 'post', body });

async function stateOf(outbox: Outbox, id: string, state: 'pending' | 'delivered' | 'dead') {
  return vi.waitFor(
    async () => {
      const detail = await outbox.deliveries.show(id);
      expect(detail?.state).toBe(state);
      return detail!;
    },
    { timeout: 10_000, interval: 10 },
  );
}

const signed = (request: Received, secrets: string[]) => verifyPayload({ headers: request.headers, payload: request.body, secrets });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `store` with its enqueued rows, claimed deliveries and records seen; `beforeRecord` holds each record
 * back until it settles. With `worker`, `maxLeased()` is the most pending deliveries leased to it at
 * once: leases are taken only by a claim or an enqueue, so it is counted right after each.
 */
function watched(store: DeliveryStore, options: { readonly beforeRecord?: () => Promise<unknown>; readonly worker?: string } = {}) {
  const enqueued: NewDelivery[] = [];
  const claimed: string[] = [];
  let recorded = 0;
  let maxLeased = 0;
  const countLeases = async () => {
    if (options.worker === undefined) return;
    const pending = await store.list({ state: 'pending', limit: 10_000 });
    maxLeased = Math.max(maxLeased, pending.filter((delivery) => delivery.leaseOwner === options.worker).length);
  };
  const proxy = new Proxy(store, {
    get(target, property) {
      if (property === 'enqueue')
        return async (rows: readonly NewDelivery[], enqueueOptions?: { tx?: TransactionHandle }) => {
          enqueued.push(...rows);
          await target.enqueue(rows, enqueueOptions);
          await countLeases();
        };
      if (property === 'claim')
        return async (claimOptions: Parameters<DeliveryStore['claim']>[0]) => {
          const got = await target.claim(claimOptions);
          claimed.push(...got.map((delivery) => delivery.id));
          await countLeases();
          return got;
        };
      if (property === 'record')
        return async (...args: Parameters<DeliveryStore['record']>) => {
          await options.beforeRecord?.();
          const held = await target.record(...args);
          recorded++;
          return held;
        };
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, enqueued, claimed, recorded: () => recorded, maxLeased: () => maxLeased };
}

describe('the dispatcher', () => {
  it('delivers a queued callback signed, with its event, the same webhook-id on every attempt, and logs each attempt', async () => {
    const receiver = await startReceiver(inTurn({ status: 503, body: 'busy' }, { status: 503, body: 'still busy' }, json(200, { ok: true })));
    const outbox = await newOutbox();
    outbox.start();
    const id = await outbox.enqueue(callback(`${receiver.origin}/hooks/invoices?x=1`));
    expect(id).toMatch(/^msg_/);

    const requests = await receiver.waitFor(3);
    const detail = await stateOf(outbox, id, 'delivered');
    for (const request of requests) {
      expect(request).toMatchObject({ method: 'POST', url: '/hooks/invoices?x=1', body: '{"id":"inv_1"}' });
      expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'boomerang-event': 'invoice.paid', 'webhook-id': id });
      expect(signed(request, [secret])).toEqual({ ok: true });
      expect(signed(request, [generateSecret()])).toEqual({ ok: false, reason: 'bad-signature' });
    }

    expect(detail).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200, kind: 'callback', event: 'invoice.paid' });
    expect(detail.log.map(({ attempt, status, reason, responseExcerpt, worker }) => ({ attempt, status, reason, responseExcerpt, worker }))).toEqual([
      { attempt: 1, status: 503, reason: 'http-status', responseExcerpt: 'busy', worker: outbox.worker },
      { attempt: 2, status: 503, reason: 'http-status', responseExcerpt: 'still busy', worker: outbox.worker },
      { attempt: 3, status: 200, reason: undefined, responseExcerpt: '{"ok":true}', worker: outbox.worker },
    ]);
    const [first, second, third] = detail.log;
    for (const attempt of detail.log) {
      expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(attempt.durationMs)).toBe(true);
    }
    // The failed ones say when the next attempt is due: the schedule's 50 ms after the attempt ended.
    expect(first!.nextAttemptAt! - (first!.startedAt + first!.durationMs)).toBe(50);
    expect(second!.nextAttemptAt! - (second!.startedAt + second!.durationMs)).toBe(50);
    expect(second!.startedAt).toBeGreaterThanOrEqual(first!.nextAttemptAt!);
    expect(third!.startedAt).toBeGreaterThanOrEqual(second!.nextAttemptAt!);
    expect(third).not.toHaveProperty('nextAttemptAt');
    expect(third).not.toHaveProperty('error');
    expect(await outbox.deliveries.counts()).toEqual({ pending: 0, delivered: 1, dead: 0 });
  });

  it('keeps a delivery dead after its last attempt fails; retryDead sends it again on a fresh schedule, same webhook-id', async () => {
    const receiver = await startReceiver(inTurn({ status: 500 }));
    const outbox = await newOutbox();
    outbox.start();
    const id = await outbox.enqueue(callback(`${receiver.origin}/hooks`));

    const dead = await stateOf(outbox, id, 'dead');
    expect(receiver.received).toHaveLength(3);
    expect(dead).toMatchObject({ attempts: 3, lastStatus: 500 });
    expect(dead.log.map((attempt) => [attempt.attempt, attempt.status, attempt.reason])).toEqual([
      [1, 500, 'http-status'],
      [2, 500, 'http-status'],
      [3, 500, 'http-status'],
    ]);
    expect(dead.log[2]).not.toHaveProperty('nextAttemptAt');
    expect((await outbox.deliveries.list({ state: 'dead' })).map((delivery) => delivery.id)).toEqual([id]);
    expect(await outbox.deliveries.list({ state: 'pending' })).toEqual([]);

    // Fails once more, then answers: with a fresh schedule, attempt 4 failing is not the end.
    receiver.answer(inTurn({ status: 500 }, { status: 500 }, { status: 500 }, { status: 503 }, { status: 204 }));
    expect(await outbox.deliveries.retryDead()).toBe(1);
    const delivered = await stateOf(outbox, id, 'delivered');
    expect(receiver.received).toHaveLength(5);
    expect(new Set(receiver.received.map((request) => request.headers['webhook-id']))).toEqual(new Set([id]));
    expect(delivered).toMatchObject({ attempts: 5, scheduleStart: 3, lastStatus: 204 });
    expect(delivered.log.map((attempt) => [attempt.attempt, attempt.status, attempt.nextAttemptAt === undefined])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 500, true],
      [4, 503, false],
      [5, 204, true],
    ]);
    expect(await outbox.deliveries.retryDead()).toBe(0);
  });

  it('waits at least the Retry-After of a 429 before the next attempt', async () => {
    const receiver = await startReceiver(inTurn({ status: 429, headers: { 'retry-after': '1' } }, { status: 204 }));
    const retries: number[] = [];
    const outbox = await newOutbox({ onRetry: (_event, _url, _failure, delayMs) => void retries.push(delayMs) });
    outbox.start();
    const id = await outbox.enqueue(callback(`${receiver.origin}/hooks`));

    const { log } = await stateOf(outbox, id, 'delivered');
    const [limited, delivered] = log;
    expect(limited).toMatchObject({ attempt: 1, status: 429, reason: 'http-status' });
    // Retry-After (1 s) is longer than the schedule's 50 ms: it wins.
    expect(limited!.nextAttemptAt! - (limited!.startedAt + limited!.durationMs)).toBe(1000);
    expect(delivered!.startedAt).toBeGreaterThanOrEqual(limited!.nextAttemptAt!);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toBeGreaterThan(50);
    expect(retries[0]).toBeLessThanOrEqual(1000);
  });

  it('sends nothing to an address the guard refuses: the delivery is dead at once', async () => {
    const receiver = await startReceiver();
    const delivered: DeliveryResult[] = [];
    const outbox = createOutbox({ store: await openStore('sqlite::memory:'), secrets: [secret], schedule: quick, onDelivery: (_e, _u, result) => void delivered.push(result) });
    outboxes.push(outbox);
    outbox.start();
    const id = await outbox.enqueue(callback(`${receiver.origin}/hooks`));

    const dead = await stateOf(outbox, id, 'dead');
    expect(dead.attempts).toBe(1);
    expect(dead.log).toHaveLength(1);
    expect(dead.log[0]).toMatchObject({ attempt: 1, reason: 'refused-destination', error: expect.stringContaining('127.0.0.1') });
    expect(dead.log[0]).not.toHaveProperty('status');
    expect(dead.log[0]).not.toHaveProperty('nextAttemptAt');
    expect(delivered).toMatchObject([{ ok: false, reason: 'refused-destination' }]);
    expect(receiver.received).toEqual([]);
  });

  describe('an answer that does not match the registered validator', () => {
    const spec: CallbackSpec = {
      event: 'invoice.paid',
      method: 'post',
      url: '{$request.body#/callback}',
      contentType: 'application/json',
      responses: { '200': { type: 'object', properties: { ok: { const: true } }, required: ['ok'] } },
    };

    it('is invalid-response, and the delivery dead at once', async () => {
      const receiver = await startReceiver(inTurn(json(200, { ok: false })));
      const outbox = await newOutbox();
      registerCallbackSpecs(outbox, [spec]);
      outbox.start();
      const id = await outbox.enqueue(callback(`${receiver.origin}/hooks`));

      const dead = await stateOf(outbox, id, 'dead');
      expect(receiver.received).toHaveLength(1);
      expect(dead.log).toEqual([
        expect.objectContaining({ attempt: 1, status: 200, reason: 'invalid-response', responseExcerpt: '{"ok":false}', error: expect.stringContaining('/ok must be equal to constant') }),
      ]);
      expect(dead.log[0]).not.toHaveProperty('nextAttemptAt');
    });

    it('is checked by a dispatcher that registered the spec, for a delivery another process queued', async () => {
      const file = newFile();
      const receiver = await startReceiver(inTurn(json(200, { ok: false })));
      const queuer = await newOutbox({ store: await openStore(`sqlite:${file}`) });
      const id = await queuer.enqueue(callback(`${receiver.origin}/hooks`));
      const sender = await newOutbox({ store: await openStore(`sqlite:${file}`) });
      registerCallbackSpecs(sender, [spec]);
      sender.start();
      expect((await stateOf(sender, id, 'dead')).log[0]).toMatchObject({ reason: 'invalid-response' });
    });

    it('is delivered when no validator is registered for the event', async () => {
      const receiver = await startReceiver(inTurn(json(200, { ok: false })));
      const outbox = await newOutbox();
      outbox.start();
      const id = await outbox.enqueue(callback(`${receiver.origin}/hooks`));
      await stateOf(outbox, id, 'delivered');
    });
  });

  it('calls onAttempt after every attempt, onRetry before each retry and onDelivery once, with the event, URL and results', async () => {
    const receiver = await startReceiver(inTurn({ status: 503 }, { status: 502 }, json(200, { ok: true })));
    const attempts: AttemptReport[] = [];
    const calls: unknown[] = [];
    const outbox = await newOutbox({
      onAttempt: (report) => void attempts.push(report),
      onRetry: (event, url, failure, delayMs) => void calls.push({ retry: event, url, reason: failure.reason, status: failure.status, attempts: failure.attempts, delayMs }),
      onDelivery: (event, url, result) => void calls.push({ delivered: event, url, ok: result.ok, status: result.ok ? result.status : undefined, attempts: result.attempts, webhookId: result.webhookId }),
    });
    outbox.start();
    const url = `${receiver.origin}/hooks`;
    const id = await outbox.enqueue(callback(url));
    await stateOf(outbox, id, 'delivered');

    // `attempts` counts the delivery's attempts, as a `send` with retries would.
    expect(calls).toEqual([
      { retry: 'invoice.paid', url, reason: 'http-status', status: 503, attempts: 1, delayMs: expect.any(Number) },
      { retry: 'invoice.paid', url, reason: 'http-status', status: 502, attempts: 2, delayMs: expect.any(Number) },
      { delivered: 'invoice.paid', url, ok: true, status: 200, attempts: 3, webhookId: id },
    ]);
    for (const call of calls.slice(0, 2)) {
      const { delayMs } = call as { delayMs: number };
      expect(delayMs).toBeGreaterThanOrEqual(0);
      expect(delayMs).toBeLessThanOrEqual(50);
    }

    expect(attempts).toHaveLength(3);
    const [failed, , succeeded] = attempts;
    expect(failed).toMatchObject({ delivery: { id, event: 'invoice.paid', url, attempts: 0 }, attempt: { attempt: 1, status: 503, reason: 'http-status' }, result: { ok: false, status: 503 }, next: { state: 'pending' } });
    expect((failed!.next as { nextAttemptAt: number }).nextAttemptAt).toBe(failed!.attempt.nextAttemptAt);
    expect(succeeded).toMatchObject({ delivery: { id, attempts: 2 }, attempt: { attempt: 3, status: 200 }, result: { ok: true, status: 200, body: { ok: true } }, next: { state: 'delivered' } });
    // What the hooks were told is what the log says.
    expect((await outbox.deliveries.show(id))?.log).toEqual(attempts.map((report) => report.attempt));
  });

  it('reports a dead delivery to onDelivery with its reason and every attempt counted', async () => {
    const receiver = await startReceiver(inTurn({ status: 500 }));
    const results: DeliveryResult[] = [];
    const outbox = await newOutbox({ onDelivery: (_event, _url, result) => void results.push(result) });
    outbox.start();
    const id = await outbox.enqueue(callback(`${receiver.origin}/hooks`));
    await stateOf(outbox, id, 'dead');
    expect(results).toEqual([expect.objectContaining({ ok: false, reason: 'http-status', status: 500, attempts: 3, webhookId: id })]);
  });

  it('on stop, aborts an attempt still open after the grace period and leaves the delivery queued for another worker', async () => {
    const file = newFile();
    const receiver = await startReceiver(inTurn('hang', { status: 204 }));
    const first = await newOutbox({ store: await openStore(`sqlite:${file}`) });
    first.start();
    const id = await first.enqueue(callback(`${receiver.origin}/hooks`));
    await receiver.waitFor(1);

    await first.stop({ graceMs: 100 });
    const kept = await first.deliveries.show(id);
    expect(kept).toMatchObject({ state: 'pending', attempts: 0, log: [] });
    expect(kept).not.toHaveProperty('leaseOwner');
    expect(kept).not.toHaveProperty('leaseUntil');
    expect(await first.deliveries.counts()).toEqual({ pending: 1, delivered: 0, dead: 0 });

    const second = await newOutbox({ store: await openStore(`sqlite:${file}`) });
    second.start();
    const delivered = await stateOf(second, id, 'delivered');
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.headers['webhook-id']).toBe(id);
    expect(delivered.log).toEqual([expect.objectContaining({ attempt: 1, status: 204, worker: second.worker })]);
  });

  it('never has more than `concurrency` requests open at once', async () => {
    const receiver = await startReceiver(inTurn({ status: 204, holdMs: 30 }));
    const outbox = await newOutbox({ concurrency: 4 });
    outbox.start();
    const ids = await outbox.enqueueAll(Array.from({ length: 40 }, (_, n) => callback(`${receiver.origin}/hooks/${n}`, { n })));
    expect(new Set(ids).size).toBe(40);

    await receiver.waitFor(40);
    await vi.waitFor(async () => expect(await outbox.deliveries.counts()).toEqual({ pending: 0, delivered: 40, dead: 0 }), { timeout: 10_000, interval: 10 });
    expect(receiver.maxOpen).toBeLessThanOrEqual(4);
    // …and it does send in parallel, up to that.
    expect(receiver.maxOpen).toBeGreaterThan(1);
    expect(receiver.received.map((request) => request.url).sort()).toEqual(Array.from({ length: 40 }, (_, n) => `/hooks/${n}`).sort());
  });

  it('shares one SQLite file between two dispatchers without sending any delivery twice', async () => {
    const file = newFile();
    const receiver = await startReceiver(inTurn({ status: 204, holdMs: 2 }));
    const a = await newOutbox({ store: await openStore(`sqlite:${file}`), concurrency: 8, worker: 'worker-a' });
    const b = await newOutbox({ store: await openStore(`sqlite:${file}`), concurrency: 8, worker: 'worker-b' });
    const ids = await a.enqueueAll(Array.from({ length: 100 }, (_, n) => callback(`${receiver.origin}/hooks`, { n })));
    a.start();
    b.start();

    await receiver.waitFor(100, 30_000);
    await vi.waitFor(async () => expect(await b.deliveries.counts()).toEqual({ pending: 0, delivered: 100, dead: 0 }), { timeout: 30_000, interval: 20 });
    await Promise.all([a.idle(), b.idle()]);
    const received = receiver.received.map((request) => request.headers['webhook-id']);
    expect(received).toHaveLength(100);
    expect(new Set(received)).toEqual(new Set(ids));
    for (const id of ids.slice(0, 10)) expect((await a.deliveries.show(id))?.log).toHaveLength(1);
  });

  describe('deliveries queued in its own process', () => {
    it('are stored leased to its running dispatcher and sent with no claim', async () => {
      const receiver = await startReceiver();
      const spy = watched(await openStore('sqlite::memory:'));
      const outbox = await newOutbox({ store: spy.store });
      outbox.start();
      await outbox.idle();
      const before = Date.now();
      const ids = await outbox.enqueueAll([callback(`${receiver.origin}/hooks/1`), callback(`${receiver.origin}/hooks/2`)]);
      await receiver.waitFor(2);
      await outbox.idle();
      expect(spy.enqueued.map((row) => [row.id, row.leaseOwner])).toEqual(ids.map((id) => [id, outbox.worker]));
      for (const row of spy.enqueued) expect(row.leaseUntil).toBeGreaterThan(before);
      expect(spy.claimed).toEqual([]);
      expect(await outbox.deliveries.counts()).toEqual({ pending: 0, delivered: 2, dead: 0 });
    });

    it('are stored unleased, for any worker to claim, when the dispatcher is not running or they are delayed', async () => {
      const spy = watched(await openStore('sqlite::memory:'));
      const outbox = await newOutbox({ store: spy.store });
      await outbox.enqueue(callback('http://127.0.0.1:9/hooks'));
      outbox.start();
      await outbox.enqueue(callback('http://127.0.0.1:9/hooks'), { delayMs: 60_000 });
      expect(spy.enqueued.map((row) => row.leaseOwner)).toEqual([undefined, undefined]);
    });

    it('that it held but had not started are given back at stop, and another worker sends them', async () => {
      const file = newFile();
      const receiver = await startReceiver(inTurn('hang', { status: 204 }));
      const first = await newOutbox({ store: await openStore(`sqlite:${file}`), concurrency: 1 });
      first.start();
      const ids = await first.enqueueAll([1, 2, 3].map((n) => callback(`${receiver.origin}/hooks/${n}`)));
      await receiver.waitFor(1);
      // One attempt open, two leased to this worker, waiting for the slot.
      expect((await first.deliveries.list()).filter((delivery) => delivery.leaseOwner === first.worker)).toHaveLength(3);
      await first.stop({ graceMs: 50 });
      for (const id of ids) expect(await first.deliveries.show(id)).toMatchObject({ state: 'pending', attempts: 0 });
      expect((await first.deliveries.list()).filter((delivery) => delivery.leaseOwner !== undefined)).toEqual([]);

      const second = await newOutbox({ store: await openStore(`sqlite:${file}`) });
      second.start();
      for (const id of ids) await stateOf(second, id, 'delivered');
      expect(receiver.received).toHaveLength(4);
    });

    it('free their slot when the request ends: the next attempt does not wait for the record', async () => {
      const receiver = await startReceiver();
      const spy = watched(await openStore('sqlite::memory:'), { beforeRecord: () => sleep(300) });
      const outbox = await newOutbox({ store: spy.store, concurrency: 1 });
      outbox.start();
      await outbox.enqueueAll([1, 2].map((n) => callback(`${receiver.origin}/hooks/${n}`)));
      await receiver.waitFor(2);
      expect(spy.recorded()).toBe(0);
      await outbox.idle();
      expect(spy.recorded()).toBe(2);
      expect(await outbox.deliveries.counts()).toEqual({ pending: 0, delivered: 2, dead: 0 });
    });
  });

  describe('the leases it holds while the store falls behind with records', () => {
    // [concurrency, the bound: concurrency + max(concurrency, 8)]
    it.each([
      [2, 10],
      [8, 16],
      [16, 32],
    ])('at concurrency %i, are at most %i, and everything is delivered once the records are written', async (concurrency, bound) => {
      const receiver = await startReceiver();
      let openGate!: () => void;
      const gate = new Promise<void>((resolve) => (openGate = resolve));
      const worker = 'worker-behind';
      const spy = watched(await openStore('sqlite::memory:'), { beforeRecord: () => gate, worker });
      const outbox = await newOutbox({ store: spy.store, concurrency, worker, pollIntervalMs: 10 });
      const total = 80;
      const url = (n: number) => `${receiver.origin}/hooks/${n}`;
      // Half queued before it starts, so claimed; half queued while it runs, so handed over while it has room.
      const ids = await outbox.enqueueAll(Array.from({ length: total / 2 }, (_, n) => callback(url(n), { n })));
      outbox.start();
      for (let n = total / 2; n < total; n++) ids.push(await outbox.enqueue(callback(url(n), { n })));

      // Every request is answered at once and no record is written: it sends until the records it
      // awaits fill their 2 × concurrency, then holds those and a buffer, claiming no more over many polls.
      try {
        await receiver.waitFor(2 * concurrency);
        await sleep(200);
        expect(spy.recorded()).toBe(0);
        expect(receiver.received).toHaveLength(2 * concurrency);
        expect(spy.maxLeased()).toBe(bound);
      } finally {
        // Else a failure here would leave the attempts awaiting their records, and closing would hang.
        openGate();
      }
      await receiver.waitFor(total);
      await outbox.idle();
      expect(await outbox.deliveries.counts()).toEqual({ pending: 0, delivered: total, dead: 0 });
      const sent = receiver.received.map((request) => request.headers['webhook-id']);
      expect(sent.sort()).toEqual([...ids].sort());
      expect(spy.maxLeased()).toBe(bound);
    });
  });

  describe('idle()', () => {
    it('resolves at once when the dispatcher is not running', async () => {
      const outbox = await newOutbox();
      await outbox.idle();
      outbox.start();
      await outbox.stop();
      await outbox.idle();
    });

    it('resolves once every due delivery has been attempted and recorded', async () => {
      const receiver = await startReceiver();
      const outbox = await newOutbox();
      outbox.start();
      await outbox.idle();
      await outbox.enqueueAll(Array.from({ length: 5 }, (_, n) => callback(`${receiver.origin}/hooks`, { n })));
      await outbox.idle();
      expect(await outbox.deliveries.counts()).toEqual({ pending: 0, delivered: 5, dead: 0 });
      expect(receiver.received).toHaveLength(5);
    });

    it('does not wait for a retry that is not due yet', async () => {
      const receiver = await startReceiver(inTurn({ status: 503 }));
      const outbox = await newOutbox({ schedule: { delaysMs: [0, 60_000], jitter: 0 } });
      outbox.start();
      const id = await outbox.enqueue(callback(`${receiver.origin}/hooks`));
      await receiver.waitFor(1);
      await outbox.idle();
      expect(await outbox.deliveries.show(id)).toMatchObject({ state: 'pending', attempts: 1 });
    });
  });
});
