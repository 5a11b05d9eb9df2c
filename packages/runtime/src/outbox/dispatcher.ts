/**
 * The dispatcher: claims due deliveries from the store, attempts each once (signed, guarded, with a
 * timeout, its answer validated), writes the attempt to the log and schedules the next one. Any number
 * of dispatchers, in any number of processes, can share one store: a lease keeps a delivery to one of
 * them at a time. Stopping lets the attempts in flight finish within a grace period, then gives the
 * rest back to the store, where a restart (or another worker) finds them.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { DestinationPolicy, Resolver } from '../address-guard.ts';
import { deliver, type DeliveryResult } from '../deliver.ts';
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
  let heldRecords: (() => void)[] = [];
  let heldTimer: NodeJS.Timeout | undefined;
  const inFlight = new Map<string, { readonly abort: AbortController; readonly done: Promise<void> }>();
  let running = false;
  let looping = false;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  let idleWaiters: (() => void)[] = [];
  let lastScanEmpty = false;

  function wake(): void {
    woken = true;
    lastScanEmpty = false;
    wakeUp?.();
  }

  function settleIdle(): void {
    if (!lastScanEmpty || inFlight.size > 0 || woken) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async function loop(): Promise<void> {
    if (looping) return;
    looping = true;
    try {
      while (running) {
        woken = false;
        const free = concurrency - inFlight.size;
        // While attempts are in flight, claim once a quarter of the slots are free, not for every one
        // that frees: a claim is a write transaction, and this makes it one per few deliveries.
        const worthClaiming = free > 0 && (inFlight.size === 0 || free >= claimBatch);
        let claimed: Delivery[] = [];
        if (worthClaiming) {
          try {
            claimed = await store.claim({ limit: free, leaseMs, now: now(), worker });
          } catch (error) {
            options.onError?.(error);
          }
          for (const delivery of claimed) launch(delivery);
          if (!running) break;
          // A full batch: there may be more due; look again as soon as a slot is free.
          if (claimed.length === free) continue;
        }
        if (claimed.length === 0 && inFlight.size === 0 && !woken) {
          lastScanEmpty = true;
          settleIdle();
        }
        if (woken) continue;
        let wait = pollIntervalMs;
        if (worthClaiming) {
          try {
            const due = await store.nextDueAt();
            if (due !== undefined) wait = Math.max(0, Math.min(wait, due - now()));
          } catch (error) {
            options.onError?.(error);
          }
        }
        if (woken || !running) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeUp = undefined;
      }
    } finally {
      looping = false;
    }
  }

  function launch(delivery: Delivery): void {
    const abort = new AbortController();
    const done = attempt(delivery, abort.signal)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        inFlight.delete(delivery.id);
        wake();
      });
    inFlight.set(delivery.id, { abort, done });
  }

  async function attempt(delivery: Delivery, signal: AbortSignal): Promise<void> {
    const startedAt = now();
    const number = delivery.attempts + 1;
    let secrets = options.secrets ?? [];
    if (delivery.subscriptionId !== undefined) {
      const subscription = await store.getSubscription(delivery.subscriptionId);
      if (subscription === undefined || !subscription.enabled) {
        const message = `The subscription ${delivery.subscriptionId} ${subscription ? 'is disabled' : 'no longer exists'}; retry the delivery once it is enabled.`;
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
    const result = await deliver(
      { url: delivery.url, method: delivery.method, rawBody: delivery.payload, contentType: delivery.contentType, headers: delivery.headers },
      {
        secrets,
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
      void loop();
    },
    wake,
    async stop(stopOptions = {}) {
      running = false;
      wakeUp?.();
      const graceMs = stopOptions.graceMs ?? 10_000;
      const pending = [...inFlight.values()];
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'grace-over'>((resolve) => {
        timer = setTimeout(() => resolve('grace-over'), graceMs);
      });
      const finished = await Promise.race([Promise.all(pending.map((entry) => entry.done)).then(() => 'finished' as const), graceOver]);
      clearTimeout(timer);
      if (finished === 'grace-over') {
        for (const entry of inFlight.values()) entry.abort.abort();
        await Promise.all([...inFlight.values()].map((entry) => entry.done));
      }
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

