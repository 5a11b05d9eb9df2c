/**
 * The subscriptions example's webhooks, published by its generated server and received by receivers
 * built from its generated receiver package: two endpoints subscribe (one to every event, one to
 * `subscription-cancelled` only), the API's operations publish each webhook, and each endpoint gets
 * what it subscribed to, signed with its own secret, verified by its receiver.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOutbox, openStore, type Outbox } from '@boomerang/runtime';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { handlers } from '../src/generated/handlers.ts';
import { createServer, createWebhooks } from '../src/generated/server.ts';
import { subscribers } from '../src/users.ts';
import { createReceiver } from '../receiver/generated/index.ts';

interface Received {
  readonly event: string;
  readonly body: unknown;
  readonly webhookId: string;
}

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
  subscribers.clear();
});

/** A receiver from the generated package on node:http, recording what its handlers were given. */
async function startReceiver(secret: string): Promise<{ url: string; received: Received[]; refused: number }> {
  const received: Received[] = [];
  const state = { url: '', received, refused: 0 };
  const receiver = createReceiver({
    secret,
    handlers: {
      'new-subscription': ({ body, webhookId }) => {
        received.push({ event: 'new-subscription', body, webhookId });
        return { status: 200 };
      },
      'subscription-cancelled': ({ body, webhookId }) => {
        received.push({ event: 'subscription-cancelled', body, webhookId });
        return { status: 200 };
      },
    },
    onError: () => {
      state.refused++;
    },
  });
  const server: Server = createHttpServer(receiver.node);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  opened.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return state;
}

async function startApi(): Promise<{ origin: string; outbox: Outbox; app: FastifyInstance }> {
  const outbox = createOutbox({ store: await openStore('sqlite::memory:'), policy: { allowHosts: ['127.0.0.1'] }, timeoutMs: 2_000 });
  const app = createServer({ handlers, callbacks: { policy: { allowHosts: ['127.0.0.1'] }, outbox } });
  outbox.start();
  opened.push({ close: () => outbox.close({ graceMs: 1000 }) }, { close: () => app.close() });
  return { origin: await app.listen({ port: 0, host: '127.0.0.1' }), outbox, app };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 10_000) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const rich = { username: 'rich', monthly_fee: 9.99, start_date: '2024-01-01T12:00:00Z' };

describe('the subscriptions example publishes its webhooks to the subscribed endpoints', () => {
  it('gives each endpoint what it subscribed to, signed with its own secret', async () => {
    const { origin, outbox } = await startApi();
    const everything = outbox.subscriptions;
    const allEvents = await everything.add({ url: 'http://placeholder.invalid/', events: ['*'], description: 'all events' });
    const cancellations = await everything.add({ url: 'http://placeholder.invalid/', events: ['subscription-cancelled'] });
    const all = await startReceiver(allEvents.secret);
    const cancelledOnly = await startReceiver(cancellations.secret);
    // The endpoints' URLs are known once they listen; a subscription's URL can change.
    await outbox.store.updateSubscription(allEvents.id, { url: all.url, updatedAt: Date.now() });
    await outbox.store.updateSubscription(cancellations.id, { url: cancelledOnly.url, updatedAt: Date.now() });

    const created = await fetch(`${origin}/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rich) });
    expect(created.status).toBe(201);
    const cancelled = await fetch(`${origin}/subscriptions/rich`, { method: 'DELETE' });
    expect(cancelled.status).toBe(204);

    await until(() => all.received.length === 2 && cancelledOnly.received.length === 1, 'the three deliveries');
    await outbox.idle();
    expect(all.received.map((r) => r.event).sort()).toEqual(['new-subscription', 'subscription-cancelled']);
    expect(all.received.find((r) => r.event === 'new-subscription')?.body).toEqual(rich);
    expect(cancelledOnly.received).toEqual([{ event: 'subscription-cancelled', body: { username: 'rich', cancelled_at: expect.any(String) }, webhookId: expect.stringMatching(/^msg_/) }]);
    // One delivery per endpoint, each with its own webhook-id; a request reaches a handler only once its signature verified.
    const ids = [...all.received, ...cancelledOnly.received].map((r) => r.webhookId);
    expect(new Set(ids).size).toBe(3);
    expect(all.refused + cancelledOnly.refused).toBe(0);
    expect(await outbox.deliveries.counts()).toEqual({ pending: 0, delivered: 3, dead: 0 });
  });

  it("refuses another endpoint's signature: the receiver with the wrong secret gets nothing through", async () => {
    const { outbox } = await startApi();
    const subscription = await outbox.subscriptions.add({ url: 'http://placeholder.invalid/', events: ['new-subscription'] });
    const other = await outbox.subscriptions.add({ url: 'http://placeholder.invalid/', events: ['subscription-cancelled'] });
    const wrong = await startReceiver(other.secret);
    await outbox.store.updateSubscription(subscription.id, { url: wrong.url, updatedAt: Date.now() });
    // Published from outside a handler, as a job would.
    const webhooks = createWebhooks({ outbox });
    const outcome = await webhooks['new-subscription'].queue(rich);
    expect(outcome).toMatchObject({ ok: true, queued: true, deliveries: [{ subscriptionId: subscription.id, url: wrong.url }] });
    const id = outcome.ok ? outcome.deliveries[0]!.webhookId : '';
    let attempts = 0;
    await until(() => {
      void outbox.deliveries.show(id).then((detail) => (attempts = detail?.log.length ?? 0));
      return attempts > 0;
    }, 'the first attempt');
    expect(wrong.received).toEqual([]);
    // The receiver refused the signature; the delivery waits for its next attempt (the endpoint may fix its secret).
    expect(await outbox.deliveries.show(id)).toMatchObject({ state: 'pending', log: [{ attempt: 1, status: 401, reason: 'http-status' }] });
  });

  it('refuses a body that does not match the webhook schema, and stores nothing', async () => {
    const { outbox } = await startApi();
    await outbox.subscriptions.add({ url: 'http://127.0.0.1:9/', events: ['*'] });
    const outcome = await createWebhooks({ outbox })['new-subscription'].queue({ username: 'rich' } as never);
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid-body' });
    expect(await outbox.deliveries.counts()).toEqual({ pending: 0, delivered: 0, dead: 0 });
  });

  it('refuses a subscription to an event the API does not have', async () => {
    const { outbox } = await startApi();
    await expect(outbox.subscriptions.add({ url: 'http://127.0.0.1:9/', events: ['new-subscriptions'] })).rejects.toThrow(/No webhook is named "new-subscriptions"; the API's webhooks are "new-subscription", "subscription-cancelled"/);
  });
});
