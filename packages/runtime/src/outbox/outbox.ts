/**
 * The outbox: durable delivery of callbacks and webhooks. `enqueue` stores a delivery (in the caller's
 * transaction when given one) and wakes the dispatcher; the dispatcher sends it, retries it on the
 * schedule, logs every attempt. The same object gives an admin page (or the CLI) the delivery log,
 * replays and the webhook subscriptions. At least once, never exactly once: a receiver de-duplicates on
 * the `webhook-id`, the same on every attempt.
 */
import { randomUUID } from 'node:crypto';
import type { DeliveryFailure, DeliveryResult } from '../deliver.ts';
import { createDispatcher, type AttemptReport, type DispatcherOptions } from './dispatcher.ts';
import { groupCommit } from './group-commit.ts';
import type { Delivery, DeliveryDetail, DeliveryFilter, DeliveryKind, DeliveryState, DeliveryStore, NewDelivery, TransactionHandle } from './store.ts';
import { subscriptionsOf, type Subscriptions } from './subscriptions.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import type { DeliveryAuthSpec } from '../delivery-auth.ts';

/** What to send later. */
export interface QueuedRequest {
  readonly kind: DeliveryKind;
  readonly event: string;
  readonly url: string;
  readonly method: string;
  /** Default `application/json`. */
  readonly contentType?: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly subscriptionId?: string;
}

export interface QueueOptions {
  /** The caller's open transaction (a `pg` client in Postgres): the delivery is stored if and only if it commits. */
  readonly tx?: TransactionHandle;
  /** No attempt before this many ms from now; default 0. */
  readonly delayMs?: number;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

export type AnswerValidator = (status: number, body: unknown) => readonly ValidationIssue[] | undefined;

export interface OutboxOptions extends Omit<DispatcherOptions, 'store' | 'validatorFor' | 'authFor' | 'onAttempt'> {
  readonly store: DeliveryStore;
  /** After every attempt, with the log entry written. */
  readonly onAttempt?: (report: AttemptReport) => void;
  /** When a delivery is delivered, or dead after its last attempt. */
  readonly onDelivery?: (event: string, url: string, result: DeliveryResult) => void;
  /** When an attempt failed and the next one is due in `delayMs`. */
  readonly onRetry?: (event: string, url: string, failure: DeliveryFailure, delayMs: number) => void;
  readonly idGenerator?: () => string;
}

export interface Deliveries {
  /** Newest first. */
  list(filter?: DeliveryFilter): Promise<Delivery[]>;
  /** The delivery and every attempt made. */
  show(id: string): Promise<DeliveryDetail | undefined>;
  counts(): Promise<Record<DeliveryState, number>>;
  /** Sends the deliveries again now, with a fresh schedule (the same webhook-id). Returns how many. */
  retry(...ids: string[]): Promise<number>;
  /** Every dead delivery, again. */
  retryDead(): Promise<number>;
}

export interface Outbox {
  readonly store: DeliveryStore;
  readonly worker: string;
  /** How answers to `event` are checked, and which webhook names subscriptions may ask for. */
  registerEvent(event: string, kind: DeliveryKind, validateAnswer?: AnswerValidator, auth?: DeliveryAuthSpec): void;
  /** Stores one delivery; resolves with its webhook-id once it is stored (or, with `tx`, written in the transaction). */
  enqueue(request: QueuedRequest, options?: QueueOptions): Promise<string>;
  /** Stores several deliveries, all or none. */
  enqueueAll(requests: readonly QueuedRequest[], options?: QueueOptions): Promise<string[]>;
  readonly deliveries: Deliveries;
  readonly subscriptions: Subscriptions;
  /** Starts the dispatcher in this process (a server does; a process that only queues need not). */
  start(): void;
  /** Stops the dispatcher: in-flight attempts get `graceMs` (default 10 s) to finish; the rest stay queued. */
  stop(options?: { readonly graceMs?: number }): Promise<void>;
  /** Resolves once nothing is due and nothing is in flight. */
  idle(): Promise<void>;
  /** Stops, then closes the store. */
  close(options?: { readonly graceMs?: number }): Promise<void>;
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { store, onDelivery, onRetry, onAttempt, idGenerator = () => `msg_${randomUUID()}`, now = Date.now, ...dispatcherOptions } = options;
  const validators = new Map<string, AnswerValidator>();
  const auths = new Map<string, DeliveryAuthSpec>();
  const webhookEvents = new Set<string>();
  const dispatcher = createDispatcher({
    ...dispatcherOptions,
    store,
    now,
    validatorFor: (event) => validators.get(event),
    authFor: (event) => auths.get(event),
    onAttempt(report) {
      onAttempt?.(report);
      const { delivery, next } = report;
      // Each attempt is one `deliver` call, whose count is 1: the hooks report the delivery's own count.
      const result = { ...report.result, attempts: report.attempt.attempt };
      if (next.state === 'pending') {
        if (!result.ok) onRetry?.(delivery.event, delivery.url, result, Math.max(0, next.nextAttemptAt - now()));
      } else {
        onDelivery?.(delivery.event, delivery.url, result);
      }
    },
  });

  function toNew(request: QueuedRequest, queueOptions: QueueOptions, at: number): NewDelivery {
    const headers = { ...request.headers, ...queueOptions.headers };
    return {
      id: idGenerator(),
      kind: request.kind,
      event: request.event,
      url: request.url,
      method: request.method.toUpperCase(),
      contentType: request.contentType ?? 'application/json',
      payload: request.body === undefined ? '' : JSON.stringify(request.body),
      headers,
      ...(request.subscriptionId === undefined ? {} : { subscriptionId: request.subscriptionId }),
      createdAt: at,
      nextAttemptAt: at + (queueOptions.delayMs ?? 0),
    };
  }

  // Handlers that queue in the same turn of the event loop share one transaction; each caller's rows
  // stay all or none (a failed batch is retried caller by caller), and each resolves once committed.
  const enqueueGrouped = groupCommit<readonly NewDelivery[], void>(
    async (groups) => {
      await store.enqueue(groups.flat());
      return groups.map(() => undefined);
    },
    (rows) => store.enqueue(rows),
  );

  async function enqueueAll(requests: readonly QueuedRequest[], queueOptions: QueueOptions = {}): Promise<string[]> {
    const at = now();
    let rows = requests.map((request) => toNew(request, queueOptions, at));
    if (rows.length === 0) return [];
    if (queueOptions.tx) {
      await store.enqueue(rows, { tx: queueOptions.tx });
      // In a transaction the rows are not visible before it commits: the poll finds them then.
      dispatcher.wake();
      return rows.map((row) => row.id);
    }
    // Due now and this process's dispatcher has room: stored leased to it and handed over, no claim.
    const lease = (queueOptions.delayMs ?? 0) <= 0 ? dispatcher.reserve(rows.length) : undefined;
    if (lease === undefined) {
      await enqueueGrouped(rows);
      dispatcher.wake();
      return rows.map((row) => row.id);
    }
    rows = rows.map((row) => ({ ...row, ...lease }));
    try {
      await enqueueGrouped(rows);
    } catch (error) {
      dispatcher.unreserve(rows.length);
      throw error;
    }
    dispatcher.adopt(rows.map((row): Delivery => ({ ...row, state: 'pending', attempts: 0, scheduleStart: 0, updatedAt: row.createdAt })));
    return rows.map((row) => row.id);
  }

  return {
    store,
    worker: dispatcher.worker,
    registerEvent(event, kind, validateAnswer, auth) {
      if (kind === 'webhook') webhookEvents.add(event);
      if (validateAnswer) validators.set(event, validateAnswer);
      if (auth) auths.set(event, auth);
    },
    async enqueue(request, queueOptions) {
      const [id] = await enqueueAll([request], queueOptions);
      return id as string;
    },
    enqueueAll,
    deliveries: {
      list: (filter) => store.list(filter),
      show: (id) => store.get(id),
      counts: () => store.counts(),
      async retry(...ids) {
        const count = await store.retry({ ids }, now());
        dispatcher.wake();
        return count;
      },
      async retryDead() {
        const count = await store.retry({ state: 'dead' }, now());
        dispatcher.wake();
        return count;
      },
    },
    subscriptions: subscriptionsOf(store, () => [...webhookEvents], now),
    start: () => dispatcher.start(),
    stop: (stopOptions) => dispatcher.stop(stopOptions),
    idle: () => dispatcher.idle(),
    async close(stopOptions) {
      await dispatcher.stop(stopOptions);
      await store.close();
    },
  };
}
