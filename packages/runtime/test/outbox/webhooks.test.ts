import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/outbox/open-store.ts';
import { createOutbox, type Outbox } from '../../src/outbox/outbox.ts';
import type { DeliveryState, Subscription } from '../../src/outbox/store.ts';
import { generateSecret, verifyPayload } from '../../src/standard-webhooks.ts';
import { webhookSender, type WebhookQueueOutcome, type WebhookSender, type WebhookSpec } from '../../src/webhook-sender.ts';
import { closeReceivers, inTurn, startReceiver, type Received, type Receiver } from './receiver.ts';

interface Order {
  readonly orderId: string;
}

const orderSchema = { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] };
const created: WebhookSpec = { event: 'order-created', method: 'post', contentType: 'application/json', bodySchema: orderSchema, responses: { '2XX': null } };
const shipped: WebhookSpec = { event: 'order-shipped', method: 'post', contentType: 'application/json', bodySchema: orderSchema, responses: { '2XX': null } };
const policy = { allowHosts: ['127.0.0.1'] };
const none = { pending: 0, delivered: 0, dead: 0 };

let outbox: Outbox;
let webhooks: { created: WebhookSender<Order, unknown>; shipped: WebhookSender<Order, unknown> };
/** Receives every webhook. */
let everything: { receiver: Receiver; subscription: Subscription };
/** Receives order-shipped only. */
let shipping: { receiver: Receiver; subscription: Subscription };
/** Subscribed to everything, but disabled. */
let disabled: { receiver: Receiver; subscription: Subscription };

beforeEach(async () => {
  outbox = createOutbox({ store: await openStore('sqlite::memory:'), policy, schedule: { delaysMs: [0, 50, 50], jitter: 0 } });
  webhooks = {
    created: webhookSender<Order, unknown>(created, { outbox, policy, retry: { attempts: 1 } }),
    shipped: webhookSender<Order, unknown>(shipped, { outbox, policy, retry: { attempts: 1 } }),
  };
  const subscribe = async (events: string[], enabled = true) => {
    const receiver = await startReceiver(inTurn({ status: 204 }));
    const subscription = await outbox.subscriptions.add({ url: `${receiver.origin}/webhooks`, events, enabled });
    return { receiver, subscription };
  };
  everything = await subscribe(['*']);
  shipping = await subscribe(['order-shipped']);
  disabled = await subscribe(['*'], false);
});
afterEach(async () => {
  await outbox.close({ graceMs: 0 });
  await closeReceivers();
});

const verify = (request: Received, secret: string) => verifyPayload({ headers: request.headers, payload: request.body, secrets: [secret] });

async function untilCounts(counts: Record<DeliveryState, number>) {
  await vi.waitFor(async () => expect(await outbox.deliveries.counts()).toEqual(counts), { timeout: 10_000, interval: 10 });
}

async function untilState(id: string, state: DeliveryState) {
  return vi.waitFor(
    async () => {
      const detail = await outbox.deliveries.show(id);
      expect(detail?.state).toBe(state);
      return detail!;
    },
    { timeout: 10_000, interval: 10 },
  );
}

const idsOf = (outcome: WebhookQueueOutcome) => (outcome.ok ? outcome.deliveries.map((delivery) => delivery.webhookId) : []);

describe('webhooks', () => {
  it('queue fans out to the enabled subscriptions of the event, each signed with its own secret and with its own webhook-id', async () => {
    const createdOutcome = await webhooks.created.queue({ orderId: 'o-1' });
    const shippedOutcome = await webhooks.shipped.queue({ orderId: 'o-1' });
    expect(createdOutcome).toEqual({
      ok: true,
      queued: true,
      deliveries: [{ subscriptionId: everything.subscription.id, url: everything.subscription.url, webhookId: expect.stringMatching(/^msg_/) }],
    });
    expect(shippedOutcome).toEqual({
      ok: true,
      queued: true,
      deliveries: [
        { subscriptionId: everything.subscription.id, url: everything.subscription.url, webhookId: expect.stringMatching(/^msg_/) },
        { subscriptionId: shipping.subscription.id, url: shipping.subscription.url, webhookId: expect.stringMatching(/^msg_/) },
      ],
    });
    const ids = [...idsOf(createdOutcome), ...idsOf(shippedOutcome)];
    expect(new Set(ids).size).toBe(3);
    const [shippedToEverything, shippedToShipping] = idsOf(shippedOutcome);
    expect(await outbox.store.get(shippedToShipping!)).toMatchObject({ kind: 'webhook', event: 'order-shipped', subscriptionId: shipping.subscription.id, payload: '{"orderId":"o-1"}', method: 'POST' });

    outbox.start();
    await untilCounts({ ...none, delivered: 3 });
    const toEverything = everything.receiver.received;
    const toShipping = shipping.receiver.received;
    expect(toEverything.map((request) => request.headers['boomerang-event']).sort()).toEqual(['order-created', 'order-shipped']);
    expect(toShipping.map((request) => [request.headers['boomerang-event'], request.headers['webhook-id']])).toEqual([['order-shipped', shippedToShipping]]);
    expect(toEverything.find((request) => request.headers['boomerang-event'] === 'order-shipped')?.headers['webhook-id']).toBe(shippedToEverything);
    expect(disabled.receiver.received).toEqual([]);

    for (const request of toEverything) {
      expect(request).toMatchObject({ method: 'POST', url: '/webhooks', body: '{"orderId":"o-1"}' });
      expect(verify(request, everything.subscription.secret)).toEqual({ ok: true });
      expect(verify(request, shipping.subscription.secret)).toEqual({ ok: false, reason: 'bad-signature' });
    }
    expect(verify(toShipping[0]!, shipping.subscription.secret)).toEqual({ ok: true });
    expect(verify(toShipping[0]!, everything.subscription.secret)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('send delivers to each subscribed endpoint now and reports each result, storing nothing', async () => {
    shipping.receiver.answer(inTurn({ status: 500, body: 'down' }));
    const outcome = await webhooks.shipped.send({ orderId: 'o-2' });
    expect(outcome).toEqual({
      ok: true,
      deliveries: [
        { subscriptionId: everything.subscription.id, url: everything.subscription.url, ok: true, attempts: 1, webhookId: expect.stringMatching(/^msg_/), status: 204, body: undefined },
        expect.objectContaining({ subscriptionId: shipping.subscription.id, url: shipping.subscription.url, ok: false, reason: 'http-status', status: 500, attempts: 1 }),
      ],
      delivered: 1,
      failed: 1,
    });
    const [toEverything] = everything.receiver.received;
    const [toShipping] = shipping.receiver.received;
    expect(everything.receiver.received).toHaveLength(1);
    expect(shipping.receiver.received).toHaveLength(1);
    expect(disabled.receiver.received).toEqual([]);
    expect(toEverything!.headers['webhook-id']).not.toBe(toShipping!.headers['webhook-id']);
    expect(verify(toEverything!, everything.subscription.secret)).toEqual({ ok: true });
    expect(verify(toShipping!, shipping.subscription.secret)).toEqual({ ok: true });
    expect(verify(toShipping!, everything.subscription.secret)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await outbox.deliveries.counts()).toEqual(none);
  });

  it('send of an event nobody subscribed to sends nothing', async () => {
    await outbox.subscriptions.setEvents(everything.subscription.id, ['order-shipped']);
    expect(await webhooks.created.send({ orderId: 'o-3' })).toEqual({ ok: true, deliveries: [], delivered: 0, failed: 0 });
    expect(await webhooks.created.queue({ orderId: 'o-3' })).toEqual({ ok: true, queued: true, deliveries: [] });
    expect(await outbox.deliveries.counts()).toEqual(none);
  });

  it('refuses a body that does not match its schema, storing and sending nothing', async () => {
    const refusal = { ok: false, reason: 'invalid-body', issues: [{ path: '/orderId', message: "must have required property 'orderId'" }], message: 'The order-shipped body does not match its schema; nothing was sent.' };
    expect(await webhooks.shipped.queue({} as never)).toEqual(refusal);
    expect(await webhooks.shipped.send({} as never)).toEqual(refusal);
    outbox.start();
    await outbox.idle();
    expect(await outbox.deliveries.counts()).toEqual(none);
    expect([...everything.receiver.received, ...shipping.receiver.received]).toEqual([]);
  });

  it('refuses a subscription to an event the API does not have', async () => {
    const message = 'No webhook is named "order-cancelled"; the API\'s webhooks are "order-created", "order-shipped".';
    await expect(outbox.subscriptions.add({ url: 'https://example.com/hooks', events: ['order-shipped', 'order-cancelled'] })).rejects.toThrow(new TypeError(message));
    await expect(outbox.subscriptions.setEvents(shipping.subscription.id, ['order-cancelled'])).rejects.toThrow(new TypeError(message));
    await expect(outbox.subscriptions.add({ url: 'https://example.com/hooks', events: [] })).rejects.toThrow('A subscription needs at least one event');
    expect((await outbox.subscriptions.list()).map((subscription) => subscription.id)).toEqual([everything.subscription.id, shipping.subscription.id, disabled.subscription.id]);
    expect((await outbox.subscriptions.get(shipping.subscription.id))?.events).toEqual(['order-shipped']);
  });

  it('refuses a malformed secret and an unknown subscription with a rejected promise', async () => {
    const promise = outbox.subscriptions.rotateSecret(shipping.subscription.id, 'not-a-secret');
    await expect(promise).rejects.toThrow(new TypeError('A webhook secret must look like "whsec_<base64>"; got a string of 12 characters without the "whsec_" prefix.'));
    await expect(outbox.subscriptions.rotateSecret('sub_nope')).rejects.toThrow('No subscription has the id "sub_nope".');
    await expect(outbox.subscriptions.disable('sub_nope')).rejects.toThrow('No subscription has the id "sub_nope".');
    expect((await outbox.subscriptions.get(shipping.subscription.id))?.secret).toBe(shipping.subscription.secret);
  });

  it('signs the next attempt with a rotated secret', async () => {
    const rotated = generateSecret();
    // The first attempt fails; before answering it, the secret is rotated.
    shipping.receiver.answer(async (_request, index) => {
      if (index > 0) return { status: 204 };
      await outbox.subscriptions.rotateSecret(shipping.subscription.id, rotated);
      return { status: 503 };
    });
    outbox.start();
    const [, toShipping] = idsOf(await webhooks.shipped.queue({ orderId: 'o-4' }));
    await untilState(toShipping!, 'delivered');
    const [first, second] = shipping.receiver.received;
    expect(shipping.receiver.received).toHaveLength(2);
    expect(first!.headers['webhook-id']).toBe(second!.headers['webhook-id']);
    expect(verify(first!, shipping.subscription.secret)).toEqual({ ok: true });
    expect(verify(first!, rotated)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verify(second!, rotated)).toEqual({ ok: true });
    expect(verify(second!, shipping.subscription.secret)).toEqual({ ok: false, reason: 'bad-signature' });
    expect((await outbox.subscriptions.get(shipping.subscription.id))?.secret).toBe(rotated);
  });

  it('kills a delivery whose subscription was disabled after it was queued; enabled and retried, it arrives', async () => {
    const [toEverything, toShipping] = idsOf(await webhooks.shipped.queue({ orderId: 'o-5' }));
    await outbox.subscriptions.disable(shipping.subscription.id);
    outbox.start();

    const dead = await untilState(toShipping!, 'dead');
    await untilState(toEverything!, 'delivered');
    expect(shipping.receiver.received).toEqual([]);
    expect(dead.log).toEqual([
      expect.objectContaining({ attempt: 1, reason: 'subscription-disabled', error: `The subscription ${shipping.subscription.id} is disabled; retry the delivery once it is enabled.` }),
    ]);
    expect((await outbox.deliveries.list({ state: 'dead' })).map((delivery) => delivery.id)).toEqual([toShipping]);

    await outbox.subscriptions.enable(shipping.subscription.id);
    expect(await outbox.deliveries.retryDead()).toBe(1);
    await untilState(toShipping!, 'delivered');
    expect(shipping.receiver.received.map((request) => request.headers['webhook-id'])).toEqual([toShipping]);
    expect(verify(shipping.receiver.received[0]!, shipping.subscription.secret)).toEqual({ ok: true });
  });

  it('kills a delivery whose subscription was removed, saying so', async () => {
    const [, toShipping] = idsOf(await webhooks.shipped.queue({ orderId: 'o-6' }));
    expect(await outbox.subscriptions.remove(shipping.subscription.id)).toBe(true);
    outbox.start();
    const dead = await untilState(toShipping!, 'dead');
    expect(dead.log[0]).toMatchObject({ reason: 'subscription-disabled', error: `The subscription ${shipping.subscription.id} no longer exists; retry the delivery once it is enabled.` });
    expect(shipping.receiver.received).toEqual([]);
  });

  it('needs an outbox to send or queue, and says so', async () => {
    const alone = webhookSender<Order, unknown>(shipped, { policy });
    await expect(alone.send({ orderId: 'o-7' })).rejects.toThrow('webhooks["order-shipped"].send needs the store that keeps the subscriptions: give createServer (or createWebhooks) an `outbox`.');
    await expect(alone.queue({ orderId: 'o-7' })).rejects.toThrow('webhooks["order-shipped"].queue needs the store that keeps the subscriptions');
  });
});
