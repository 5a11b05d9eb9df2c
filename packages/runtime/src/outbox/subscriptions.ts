/**
 * Webhook subscriptions: the endpoints that receive an API's webhooks, each with its own secret and the
 * events it wants, kept in the delivery store. The functions an operator's CLI or an admin page calls.
 */
import { randomUUID } from 'node:crypto';
import { generateSecret, parseSecret } from '../standard-webhooks.ts';
import type { DeliveryStore, Subscription } from './store.ts';

export interface NewSubscription {
  readonly url: string;
  /** Webhook names; default `['*']`, every webhook. */
  readonly events?: readonly string[];
  /** Default: a fresh `whsec_` secret, returned in the subscription for its owner to keep. */
  readonly secret?: string;
  readonly description?: string;
  readonly enabled?: boolean;
}

export interface Subscriptions {
  add(subscription: NewSubscription): Promise<Subscription>;
  get(id: string): Promise<Subscription | undefined>;
  /** With `event`: the enabled subscriptions that receive it. */
  list(filter?: { readonly event?: string }): Promise<Subscription[]>;
  enable(id: string): Promise<Subscription>;
  disable(id: string): Promise<Subscription>;
  /** A new secret (given, or generated), used from the next attempt on; returns the subscription. */
  rotateSecret(id: string, secret?: string): Promise<Subscription>;
  setEvents(id: string, events: readonly string[]): Promise<Subscription>;
  remove(id: string): Promise<boolean>;
}

/**
 * The subscription functions on `store`. `knownEvents`, when given, are the API's webhook names: a
 * subscription to a name that is not one of them is refused, since it would never receive anything.
 */
export function subscriptionsOf(store: DeliveryStore, knownEvents?: () => readonly string[], now: () => number = Date.now): Subscriptions {
  function checkEvents(events: readonly string[]): void {
    if (events.length === 0) throw new TypeError('A subscription needs at least one event (or "*" for all of them).');
    const known = knownEvents?.() ?? [];
    if (known.length === 0) return;
    const unknown = events.filter((event) => event !== '*' && !known.includes(event));
    if (unknown.length > 0) throw new TypeError(`No webhook is named ${unknown.map((e) => JSON.stringify(e)).join(', ')}; the API's webhooks are ${known.map((e) => JSON.stringify(e)).join(', ')}.`);
  }
  function checkUrl(url: string): void {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TypeError(`A subscription's URL must be an absolute http(s) URL; got ${JSON.stringify(url)}.`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new TypeError(`A subscription's URL must be http or https; got ${JSON.stringify(url)}.`);
  }
  async function update(id: string, patch: Omit<Parameters<DeliveryStore['updateSubscription']>[1], 'updatedAt'>): Promise<Subscription> {
    const updated = await store.updateSubscription(id, { ...patch, updatedAt: now() });
    if (updated === undefined) throw new Error(`No subscription has the id ${JSON.stringify(id)}.`);
    return updated;
  }
  return {
    async add(input) {
      checkUrl(input.url);
      const events = input.events ?? ['*'];
      checkEvents(events);
      const secret = input.secret ?? generateSecret();
      parseSecret(secret);
      const at = now();
      const subscription: Subscription = {
        id: `sub_${randomUUID().replaceAll('-', '')}`,
        url: input.url,
        secret,
        events: [...events],
        enabled: input.enabled ?? true,
        ...(input.description === undefined ? {} : { description: input.description }),
        createdAt: at,
        updatedAt: at,
      };
      await store.addSubscription(subscription);
      return subscription;
    },
    get: (id) => store.getSubscription(id),
    list: (filter) => store.listSubscriptions(filter),
    enable: (id) => update(id, { enabled: true }),
    disable: (id) => update(id, { enabled: false }),
    // async, as `add` is: a bad argument is a rejected promise, not an exception thrown before it.
    async rotateSecret(id, secret = generateSecret()) {
      parseSecret(secret);
      return update(id, { secret });
    },
    async setEvents(id, events) {
      checkEvents(events);
      return update(id, { events: [...events] });
    },
    remove: (id) => store.deleteSubscription(id),
  };
}
