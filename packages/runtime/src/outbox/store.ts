/**
 * The durable part of delivery: what a store keeps (deliveries, their attempt log, webhook
 * subscriptions) and the few operations the dispatcher, `queue` and the admin functions need. One small
 * interface; each engine (SQLite, Postgres) implements it in its own file, with its driver loaded only
 * when that store is chosen.
 *
 * A delivery is `pending` until it is `delivered` or `dead` (its last scheduled attempt failed, or it
 * could not be sent at all); both are kept. While a worker attempts a pending delivery it holds a
 * *lease* on it (`leaseOwner` until `leaseUntil`): no other worker claims it before the lease expires,
 * so a worker that is killed mid-attempt costs one duplicate at most, never a lost delivery.
 */

export type DeliveryState = 'pending' | 'delivered' | 'dead';

export type DeliveryKind = 'callback' | 'webhook';

/** What `queue` and `publish` store: everything needed to send it later, from another process too. */
export interface NewDelivery {
  /** The `webhook-id`, the same on every attempt (`msg_…`). */
  readonly id: string;
  readonly kind: DeliveryKind;
  /** The callback's or webhook's name, sent as `boomerang-event`. */
  readonly event: string;
  readonly url: string;
  readonly method: string;
  readonly contentType: string;
  /** The exact bytes that are signed and sent. */
  readonly payload: string;
  /** Extra request headers the caller asked for. */
  readonly headers: Readonly<Record<string, string>>;
  /** A webhook's endpoint: its secret is read when each attempt is signed, so a rotation applies at once. */
  readonly subscriptionId?: string;
  /** Epoch ms. */
  readonly createdAt: number;
  /** Epoch ms: no attempt before. */
  readonly nextAttemptAt: number;
  /**
   * The worker holding the delivery's lease, and until when (epoch ms). Given at enqueue when the
   * process that queues it will send it itself (its dispatcher has room): no claim is needed, and no
   * other worker takes it before the lease expires.
   */
  readonly leaseOwner?: string;
  readonly leaseUntil?: number;
}

export interface Delivery extends NewDelivery {
  readonly state: DeliveryState;
  /** Attempts made so far, every one in the log. */
  readonly attempts: number;
  /**
   * The attempt count when the schedule last started: 0, or `attempts` at a manual retry. The wait after
   * a failed attempt is `schedule[attempts - scheduleStart]`; past its end, the delivery is dead.
   */
  readonly scheduleStart: number;
  /** The last attempt's status and error, for lists. */
  readonly lastStatus?: number;
  readonly lastError?: string;
  readonly updatedAt: number;
}

/** One row of the delivery log. */
export interface DeliveryAttempt {
  readonly deliveryId: string;
  /** 1 for the first attempt; counts on across manual retries. */
  readonly attempt: number;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly durationMs: number;
  /** The HTTP status, when the receiver answered. */
  readonly status?: number;
  /** Absent when the attempt delivered; else a `DeliveryFailureReason` or `subscription-disabled`. */
  readonly reason?: string;
  readonly error?: string;
  /** The first bytes of the receiver's answer (at most 1 KiB of text). */
  readonly responseExcerpt?: string;
  /** Epoch ms of the next attempt; absent once the delivery is delivered or dead. */
  readonly nextAttemptAt?: number;
  /** The worker that made it. */
  readonly worker: string;
}

/** An endpoint that receives webhooks: Svix's "endpoint", Stripe's "webhook endpoint". */
export interface Subscription {
  /** `sub_…` */
  readonly id: string;
  readonly url: string;
  /** The `whsec_…` secret its deliveries are signed with. */
  readonly secret: string;
  /** The webhook names it receives; `['*']` for all of them. */
  readonly events: readonly string[];
  readonly enabled: boolean;
  readonly description?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type SubscriptionPatch = Partial<Pick<Subscription, 'url' | 'secret' | 'events' | 'enabled' | 'description'>> & { readonly updatedAt: number };

/** A delivery with its whole log, oldest attempt first. */
export interface DeliveryDetail extends Delivery {
  readonly log: readonly DeliveryAttempt[];
}

export interface DeliveryFilter {
  readonly state?: DeliveryState;
  readonly event?: string;
  readonly subscriptionId?: string;
  /** Newest first; default 50. */
  readonly limit?: number;
}

/** What happens to a delivery after an attempt. */
export type NextStep = { readonly state: 'pending'; readonly nextAttemptAt: number } | { readonly state: 'delivered' | 'dead' };

/** The caller's own open transaction, for `queue(body, { tx })`: a `pg` client (or pool client) in Postgres. */
export interface TransactionHandle {
  query(text: string, values?: readonly unknown[]): Promise<unknown>;
}

export interface DeliveryStore {
  /** `sqlite` or `postgres`, and where: for logs and the CLI. Never holds a password. */
  readonly description: string;
  /**
   * Stores the deliveries, all or none, pending, leased as given (`leaseOwner`, `leaseUntil`) or not. With `tx`, inside the caller's transaction (Postgres), so that
   * they exist if and only if it commits; a store that cannot join the caller's transaction throws.
   */
  enqueue(deliveries: readonly NewDelivery[], options?: { readonly tx?: TransactionHandle }): Promise<void>;
  /**
   * Leases up to `limit` pending deliveries that are due (`nextAttemptAt <= now`) and not leased (or
   * whose lease has expired), oldest due first, to `worker` until `now + leaseMs`. Two workers calling
   * at once never get the same delivery.
   */
  claim(options: { readonly limit: number; readonly leaseMs: number; readonly now: number; readonly worker: string }): Promise<Delivery[]>;
  /**
   * Appends `attempt` to the log and moves the delivery to `next`, in one transaction, and clears the
   * lease, if `attempt.worker` still holds it; false (and nothing written) when it does not.
   */
  record(attempt: DeliveryAttempt, next: NextStep): Promise<boolean>;
  /** Gives leases back without an attempt (a worker shutting down): the deliveries are due again at once. */
  release(ids: readonly string[], worker: string): Promise<void>;
  /** The earliest `nextAttemptAt` (or expired lease) of a pending delivery, for the dispatcher's sleep. */
  nextDueAt(): Promise<number | undefined>;

  get(id: string): Promise<DeliveryDetail | undefined>;
  list(filter?: DeliveryFilter): Promise<Delivery[]>;
  counts(): Promise<Record<DeliveryState, number>>;
  /**
   * Makes deliveries pending again, due at `now`, with a fresh schedule (`scheduleStart = attempts`):
   * the ones named, or every dead one. Delivered ones are sent again only when named. Returns how many.
   */
  retry(target: { readonly ids: readonly string[] } | { readonly state: 'dead' }, now: number): Promise<number>;

  addSubscription(subscription: Subscription): Promise<void>;
  getSubscription(id: string): Promise<Subscription | undefined>;
  /** Oldest first; with `event`, the enabled ones that receive it (named, or `*`). */
  listSubscriptions(filter?: { readonly event?: string }): Promise<Subscription[]>;
  updateSubscription(id: string, patch: SubscriptionPatch): Promise<Subscription | undefined>;
  deleteSubscription(id: string): Promise<boolean>;

  close(): Promise<void>;
}
