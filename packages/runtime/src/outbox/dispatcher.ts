/**
 * The dispatcher: claims due deliveries from the store, attempts each once (signed, guarded, with a
 * timeout, its answer validated), writes the attempt to the log and schedules the next one. Any number
 * of dispatchers, in any number of processes, can share one store: a lease keeps a delivery to one of
 * them at a time. Stopping lets the attempts in flight finish within a grace period, then gives the
 * rest back to the store, where a restart (or another worker) finds them.
 */
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { DestinationPolicy, Resolver } from '../address-guard.ts';
import { deliver, type DeliveryResult } from '../deliver.ts';
import { authenticateDelivery, MissingCredentialError, type DeliveryAuthSpec, type DeliveryCredentials } from '../delivery-auth.ts';
import { parseRetryAfter } from '../retry-schedule.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import { nextRetryDelay, resolveRetrySchedule, type RetryScheduleOptions } from './schedule.ts';
import type { Delivery, DeliveryAttempt, DeliveryStore, NextStep } from './store.ts';

/** What the dispatcher tells its hooks after each attempt. */
export interface AttemptReport {
  readonly delivery: Delivery;
  readonly attempt: DeliveryAttempt;
  readonly result: DeliveryResult;
  readonly next: NextStep;
}

export interface DispatcherOptions {
  readonly store: DeliveryStore;
  /** The callbacks' `whsec_` secrets (webhooks are signed with their subscription's). */
  readonly secrets?: readonly string[];
  readonly policy?: DestinationPolicy;
  /** Per attempt; default 10 000. */
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  readonly resolve?: Resolver;
  readonly schedule?: RetryScheduleOptions;
  /** Attempts in flight at once; default 16. */
  readonly concurrency?: number;
  /** How often to look for deliveries that other processes queued; default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** How long a claimed delivery stays this worker's; default the timeout plus 30 s. */
  readonly leaseMs?: number;
  /** This worker's name in leases and the log; default `<host>:<pid>:<random>`. */
  readonly worker?: string;
  /** The values of the credentials that deliveries secured by an apiKey or http scheme carry, by scheme name. */
  readonly credentials?: DeliveryCredentials;
  /** How an event's deliveries are secured, when not only signed (generated servers register it per event). */
  readonly authFor?: (event: string) => DeliveryAuthSpec | undefined;
  /** The validator of an event's documented answers, if it has any. */
  readonly validatorFor?: (event: string) => ((status: number, body: unknown) => readonly ValidationIssue[] | undefined) | undefined;
  readonly onAttempt?: (report: AttemptReport) => void;
  /** An error of the store itself (the database is down): the dispatcher keeps going and tries again. */
  readonly onError?: (error: unknown) => void;
  readonly now?: () => number;
  readonly random?: () => number;
}

export interface Dispatcher {
  readonly worker: string;
  /** Starts claiming; idempotent. */
  start(): void;
  /** Look again now: something was queued. */
  wake(): void;
  /**
   * Stops claiming, waits up to `graceMs` (default 10 000) for the attempts in flight, aborts the rest and
   * gives their leases back, so they stay queued. Resolves when nothing is in flight.
   */
  stop(options?: { readonly graceMs?: number }): Promise<void>;
  /** Resolves once nothing is due now and nothing is in flight (tests and benchmarks). */
  idle(): Promise<void>;
  readonly inFlight: number;
  /**
   * The hand-over of deliveries queued in this process: while the dispatcher runs and has room for `count`
   * more, it reserves that room and answers the lease to store them with (this worker, until when), so
   * that no other worker claims them; then `adopt` them once stored, or `unreserve` if storing failed.
   * Undefined when there is no room (or it is stopped): store them unleased and `wake` it.
   */
  reserve(count: number): { readonly leaseOwner: string; readonly leaseUntil: number } | undefined;
  /** Attempts the reserved deliveries, now stored leased to this worker (or gives them back if it stopped meanwhile). */
  adopt(deliveries: readonly Delivery[]): void;
  unreserve(count: number): void;
}

const excerptBytes = 1024;

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, now = Date.now, random = Math.random } = options;
  const schedule = resolveRetrySchedule(options.schedule);
  const concurrency = options.concurrency ?? 16;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? timeoutMs + 30_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const worker = options.worker ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError(`concurrency must be a whole number of at least 1; got ${concurrency}.`);
  if (!(leaseMs > timeoutMs)) throw new RangeError(`leaseMs (${leaseMs}) must be longer than timeoutMs (${timeoutMs}): a lease that ends mid-attempt lets another worker send the same delivery.`);

  const claimBatch = Math.max(1, Math.floor(concurrency / 4));
  // Deliveries leased to this worker and waiting for a slot: claimed ahead of need, so a slot that
  // frees starts its next attempt at once instead of waiting for a claim (a write transaction, a round
  // trip to Postgres), and handed over by `queue` in this process, which need no claim at all.
  const prefetch = Math.max(concurrency, 8);
  // The most leases this worker holds at once, so the most a killed process strands until they expire:
  // `concurrency + max(concurrency, 8)`, twice the concurrency from 8 up. A claim or a reservation takes
  // at most `capacity - leased()`, and `leased()` counts every lease not yet given up (recorded,
  // released), so however far the store falls behind with records, the sum never passes `capacity`.
  const capacity = concurrency + prefetch;
  // A delivery whose lease has less left than this is given back rather than attempted: its attempt
  // (at most timeoutMs) and its record must end while the lease is still this worker's.
  const minLeaseLeft = timeoutMs + (leaseMs - timeoutMs) / 2;
  const ready: Delivery[] = [];
  let reserved = 0;
  let reservationWaiters: (() => void)[] = [];
  const releasing = new Set<Promise<void>>();
  // Leases being given back, and the most that the claim under way can take: still this worker's.
  let givingBack = 0;
  let claiming = 0;
  let heldRecords: (() => void)[] = [];
  let heldTimer: NodeJS.Timeout | undefined;
  // Attempts not yet recorded; `sending` of them still have their request open. A slot is free once
  // the request ends: the record (a write, a round trip to Postgres) goes on without holding it, up to
  // `concurrency` records behind. Their leases are held until the record is written, so they take room
  // from the buffer: a store that falls behind with records slows claiming, not the bound.
  const inFlight = new Map<string, { readonly done: Promise<void> }>();
  // One signal for every attempt of a run: stop() past its grace period aborts them all at once, and an
  // attempt does not pay for a controller of its own (about 6 µs each on Node 20).
  // Every attempt in flight listens to it: no leak warning past 10 listeners.
  const runSignal = (): AbortController => {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    return controller;
  };
  let abortRun = runSignal();
  let sending = 0;
  let running = false;
  let looping = false;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  let idleWaiters: (() => void)[] = [];
  let lastScanEmpty = false;
  // Whether the store may hold due deliveries that no worker holds: set by `wake` (something was
  // queued for the store to hand out, a retry asked for) and by every poll; cleared by a claim that got
  // fewer than it asked for, unless something was queued while it ran (`dueGeneration` tells).
  let mayHaveDue = true;
  let dueGeneration = 0;
  // The earliest retry this worker scheduled: the loop wakes for it without asking the store.
  let retryAt: number | undefined;

  /** The leases this worker holds, or may hold once the claim and the reservations under way end. */
  function leased(): number {
    return inFlight.size + ready.length + reserved + claiming + givingBack;
  }

  /**
   * Whether the loop would claim now: once there is room for half the buffer (a claim is a write
   * transaction: this makes it one per several deliveries; with every slot sending and no record
   * pending, that is when half the buffer is gone); a smaller batch only when the attempts awaiting
   * their records take that room and the buffer is almost empty; anything at all when nothing is
   * running. An attempt that ends wakes the loop only then: waking it to find nothing worth claiming
   * cost a timer and a promise per delivery.
   */
  function worthClaiming(): boolean {
    if (!mayHaveDue) return false;
    const room = capacity - leased();
    const starving = sending === 0 && ready.length === 0;
    return room > 0 && (starving || room >= prefetch / 2 || (ready.length < claimBatch && room >= claimBatch));
  }

  function kick(): void {
    woken = true;
    wakeUp?.();
  }

  function wake(): void {
    mayHaveDue = true;
    dueGeneration++;
    lastScanEmpty = false;
    kick();
  }

  function settleIdle(): void {
    if (!lastScanEmpty || inFlight.size > 0 || ready.length > 0 || reserved > 0 || woken) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function releaseReservation(count: number): void {
    reserved = Math.max(0, reserved - count);
    if (reserved > 0) return;
    const waiters = reservationWaiters;
    reservationWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Gives leases back to the store (stopping, or too little lease left); stop waits for it. */
  function giveBack(ids: readonly string[]): void {
    if (ids.length === 0) return;
    givingBack += ids.length;
    const released: Promise<void> = store
      .release(ids, worker)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        givingBack -= ids.length;
        releasing.delete(released);
        if (running) kick();
      });
    releasing.add(released);
    if (running) wake();
  }

  /** Starts the ready deliveries that fit in the free slots. */
  function pump(): void {
    let stale: string[] | undefined;
    while (running && sending < concurrency && inFlight.size < 2 * concurrency && ready.length > 0) {
      const delivery = ready.shift() as Delivery;
      if ((delivery.leaseUntil ?? 0) - now() < minLeaseLeft) (stale ??= []).push(delivery.id);
      else launch(delivery);
    }
    if (stale) giveBack(stale);
  }

  async function loop(): Promise<void> {
    if (looping) return;
    looping = true;
    try {
      while (running) {
        woken = false;
        const room = capacity - leased();
        let drained = false;
        if (worthClaiming()) {
          const generation = dueGeneration;
          let claimed: Delivery[] = [];
          let failed = false;
          claiming = room;
          try {
            claimed = await store.claim({ limit: room, leaseMs, now: now(), worker });
          } catch (error) {
            failed = true;
            options.onError?.(error);
          } finally {
            claiming = 0;
          }
          if (!running) {
            giveBack(claimed.map((delivery) => delivery.id));
            break;
          }
          ready.push(...claimed);
          pump();
          // A full batch: there may be more due; look again as soon as there is room.
          if (claimed.length === room) continue;
          if (!failed && generation === dueGeneration) {
            mayHaveDue = false;
            drained = true;
          }
        }
        if (!mayHaveDue && inFlight.size === 0 && ready.length === 0 && reserved === 0 && !woken) {
          lastScanEmpty = true;
          settleIdle();
        }
        if (woken) continue;
        let wait = pollIntervalMs;
        if (drained) {
          try {
            const due = await store.nextDueAt();
            if (due !== undefined) wait = Math.min(wait, due - now());
          } catch (error) {
            options.onError?.(error);
          }
        }
        if (retryAt !== undefined) wait = Math.min(wait, retryAt - now());
        if (woken || !running) continue;
        const timedOut = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), Math.max(0, wait));
          wakeUp = () => {
            clearTimeout(timer);
            resolve(false);
          };
        });
        wakeUp = undefined;
        if (timedOut) {
          // The poll: other processes queue too, retries fall due, leases expire.
          if (retryAt !== undefined && retryAt <= now()) retryAt = undefined;
          mayHaveDue = true;
          dueGeneration++;
        }
      }
    } finally {
      looping = false;
    }
  }

  function launch(delivery: Delivery): void {
    let open = true;
    sending++;
    const sent = (): void => {
      if (!open) return;
      open = false;
      sending--;
      pump();
      if (worthClaiming()) kick();
    };
    const done = attempt(delivery, abortRun.signal, sent)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        sent();
        inFlight.delete(delivery.id);
        pump();
        // The loop only needs to look if it would claim, or to tell idle() that all is done.
        if (worthClaiming() || (inFlight.size === 0 && ready.length === 0)) kick();
      });
    inFlight.set(delivery.id, { done });
  }

  /** One attempt of `delivery`: `sent()` once its request is over, then the record. */
  async function attempt(delivery: Delivery, signal: AbortSignal, sent: () => void): Promise<void> {
    const startedAt = now();
    const number = delivery.attempts + 1;
    let secrets = options.secrets ?? [];
    if (delivery.subscriptionId !== undefined) {
      const subscription = await store.getSubscription(delivery.subscriptionId);
      if (subscription === undefined || !subscription.enabled) {
        const message = `The subscription ${delivery.subscriptionId} ${subscription ? 'is disabled' : 'no longer exists'}; retry the delivery once it is enabled.`;
        sent();
        await finish(delivery, { deliveryId: delivery.id, attempt: number, startedAt, durationMs: 0, reason: 'subscription-disabled', error: message, worker }, { state: 'dead' }, {
          ok: false,
          reason: 'refused-destination',
          message,
          attempts: number,
          webhookId: delivery.id,
        });
        return;
      }
      secrets = [subscription.secret];
    }
    const validateResponse = options.validatorFor?.(delivery.event);
    const auth = options.authFor?.(delivery.event);
    let secured: ReturnType<typeof authenticateDelivery>;
    try {
      secured = authenticateDelivery(delivery.event, delivery.url, auth, options.credentials);
    } catch (error) {
      if (!(error instanceof MissingCredentialError)) throw error;
      // Not sent: an attempt without the credential would only be refused. Dead, to retry once it is configured.
      sent();
      await finish(delivery, { deliveryId: delivery.id, attempt: number, startedAt, durationMs: 0, reason: 'missing-credential', error: error.message, worker }, { state: 'dead' }, {
        ok: false,
        reason: 'refused-destination',
        message: error.message,
        attempts: number,
        webhookId: delivery.id,
      });
      return;
    }
    const result = await deliver(
      { url: secured.url, method: delivery.method, rawBody: delivery.payload, contentType: delivery.contentType, headers: auth === undefined ? delivery.headers : { ...delivery.headers, ...secured.headers } },
      {
        secrets: secured.signed ? secrets : [],
        event: delivery.event,
        timeoutMs,
        retry: { attempts: 1 },
        ...(options.policy ? { policy: options.policy } : {}),
        ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
        ...(options.resolve ? { resolve: options.resolve } : {}),
        ...(validateResponse ? { validateResponse } : {}),
        idGenerator: () => delivery.id,
        now,
        signal,
      },
    );
    const durationMs = Math.max(0, now() - startedAt);
    sent();
    if (!result.ok && result.reason === 'aborted') {
      // Stopping: not an attempt that counts. Whether the receiver got it is unknown, so it is sent again
      // (with the same webhook-id, which the receiver de-duplicates on).
      await store.release([delivery.id], worker);
      return;
    }
    const next = nextStep(delivery, result, number, startedAt + durationMs);
    const logged: DeliveryAttempt = {
      deliveryId: delivery.id,
      attempt: number,
      startedAt,
      durationMs,
      ...(result.ok || result.status !== undefined ? { status: result.status } : {}),
      ...(result.ok ? {} : { reason: result.reason, error: result.message }),
      ...excerptOf(result.body),
      ...(next.state === 'pending' ? { nextAttemptAt: next.nextAttemptAt } : {}),
      worker,
    };
    await finish(delivery, logged, next, result);
  }

  function nextStep(delivery: Delivery, result: DeliveryResult, number: number, at: number): NextStep {
    if (result.ok) return { state: 'delivered' };
    // The guard refused the address, or the receiver answered 2xx with an undocumented body: the same
    // delivery would get the same verdict, so it is dead at once (and kept, to retry by hand).
    if (result.reason === 'refused-destination' || result.reason === 'invalid-response') return { state: 'dead' };
    const retryAfter = result.headers ? parseRetryAfter(result.headers['retry-after'], at) : undefined;
    const delay = nextRetryDelay(schedule, number - delivery.scheduleStart, random, retryAfter);
    return delay === undefined ? { state: 'dead' } : { state: 'pending', nextAttemptAt: at + delay };
  }

  /**
   * Writes an attempt's record. While other attempts are in flight, it waits up to a millisecond for
   * the ones that end meanwhile, and they are written together (the store commits what is asked for in
   * one turn as one transaction): measured at 16 in flight, this took queued delivery on SQLite from
   * ~0.75× to ~0.9× of in-memory sending. An attempt alone is written at once.
   */
  function record(logged: DeliveryAttempt, next: NextStep): Promise<boolean> {
    if (inFlight.size <= 1) return store.record(logged, next);
    return new Promise<boolean>((resolve, reject) => {
      heldRecords.push(() => store.record(logged, next).then(resolve, reject));
      heldTimer ??= setTimeout(() => {
        heldTimer = undefined;
        const due = heldRecords;
        heldRecords = [];
        for (const write of due) write();
      }, 1);
    });
  }

  async function finish(delivery: Delivery, logged: DeliveryAttempt, next: NextStep, result: DeliveryResult): Promise<void> {
    const held = await record(logged, next);
    // A lease that expired mid-attempt belongs to another worker now: its record is the one that counts.
    if (!held) return;
    if (next.state === 'pending' && (retryAt === undefined || next.nextAttemptAt < retryAt)) {
      retryAt = next.nextAttemptAt;
      kick();
    }
    options.onAttempt?.({ delivery, attempt: logged, result, next });
  }

  return {
    worker,
    get inFlight() {
      return inFlight.size;
    },
    start() {
      if (running) return;
      running = true;
      if (abortRun.signal.aborted) abortRun = runSignal();
      mayHaveDue = true;
      void loop();
    },
    wake,
    reserve(count) {
      if (!running || count > capacity - leased()) return undefined;
      reserved += count;
      lastScanEmpty = false;
      return { leaseOwner: worker, leaseUntil: now() + leaseMs };
    },
    adopt(deliveries) {
      releaseReservation(deliveries.length);
      if (!running) {
        giveBack(deliveries.map((delivery) => delivery.id));
        return;
      }
      ready.push(...deliveries);
      pump();
    },
    unreserve(count) {
      releaseReservation(count);
      if (running) kick();
    },
    async stop(stopOptions = {}) {
      running = false;
      wakeUp?.();
      const graceMs = stopOptions.graceMs ?? 10_000;
      // Claimed but not started: back to the store at once, for a restart or another worker.
      giveBack(ready.splice(0).map((delivery) => delivery.id));
      const pending = [...inFlight.values()];
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'grace-over'>((resolve) => {
        timer = setTimeout(() => resolve('grace-over'), graceMs);
      });
      // Deliveries queued in this process and being stored leased to it are given back once stored.
      const reservations = new Promise<void>((resolve) => (reserved === 0 ? resolve() : reservationWaiters.push(resolve)));
      const finished = await Promise.race([Promise.all([...pending.map((entry) => entry.done), reservations]).then(() => 'finished' as const), graceOver]);
      clearTimeout(timer);
      if (finished === 'grace-over') {
        abortRun.abort();
        await Promise.all([...inFlight.values()].map((entry) => entry.done));
      }
      await Promise.all([...releasing]);
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    },
    idle() {
      if (!running) return Promise.resolve();
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake();
      });
    },
  };
}

/** The first KiB of the receiver's answer, as text, for the log. */
function excerptOf(body: unknown): { responseExcerpt?: string } {
  if (body === undefined) return {};
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { responseExcerpt: Buffer.byteLength(text) <= excerptBytes ? text : Buffer.from(text).subarray(0, excerptBytes).toString('utf8') };
}

