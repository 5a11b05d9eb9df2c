import { afterEach, describe, expect, it, vi } from 'vitest';
import { bindCallback, type CallbackSenderOptions, type CallbackSpec } from '../../src/bound-callback.ts';
import { openStore } from '../../src/outbox/open-store.ts';
import { createOutbox, type Outbox } from '../../src/outbox/outbox.ts';
import type { TransactionHandle } from '../../src/outbox/store.ts';
import { generateSecret, verifyPayload } from '../../src/standard-webhooks.ts';
import { closeReceivers, inTurn, json, startReceiver } from './receiver.ts';

const spec: CallbackSpec = {
  event: 'order_shipped',
  method: 'put',
  url: '{$request.body#/callback}/orders/{$request.body#/id}?status={$response.body#/status}',
  contentType: 'application/json',
  bodySchema: { type: 'object', properties: { shipped: { type: 'boolean' } }, required: ['shipped'] },
  responses: { '204': null, '2XX': { type: 'object', properties: { ok: { const: true } }, required: ['ok'] } },
};
const secret = generateSecret();
const none = { pending: 0, delivered: 0, dead: 0 };

const outboxes: Outbox[] = [];
afterEach(async () => {
  for (const outbox of outboxes.splice(0)) await outbox.close({ graceMs: 0 });
  await closeReceivers();
});

async function newOutbox(): Promise<Outbox> {
  const outbox = createOutbox({ store: await openStore('sqlite::memory:'), secrets: [secret], policy: { allowHosts: ['127.0.0.1'] }, schedule: { delaysMs: [0, 50, 50], jitter: 0 } });
  outboxes.push(outbox);
  return outbox;
}

/** Bound to a request with `body`, and to a response (null: none yet). */
function bind(options: CallbackSenderOptions, body: unknown, response: { statusCode: number; body: unknown } | null = { statusCode: 201, body: { status: 'packed' } }) {
  return bindCallback<{ shipped: boolean }, unknown>(spec, options, { url: 'http://api.test/orders', method: 'POST', body }, () => response ?? undefined);
}

describe('queue on a bound callback', () => {
  it('stores nothing when the callback has no URL for this request', async () => {
    const outbox = await newOutbox();
    const outcome = await bind({ outbox }, { id: '7' }).queue({ shipped: true });
    expect(outcome).toEqual({
      ok: false,
      reason: 'url-unavailable',
      missing: ['$request.body#/callback'],
      message: 'The callback order_shipped has no URL for this request: $request.body#/callback has no value.',
    });
    expect(await outbox.deliveries.counts()).toEqual(none);
  });

  it('stores nothing while the response it reads is not there yet', async () => {
    const outbox = await newOutbox();
    const outcome = await bind({ outbox }, { callback: 'http://127.0.0.1:9', id: '7' }, null).queue({ shipped: true });
    expect(outcome).toMatchObject({ ok: false, reason: 'url-unavailable', missing: ['$response.body#/status'] });
    expect(await outbox.deliveries.counts()).toEqual(none);
  });

  it('stores nothing when the body does not match its schema', async () => {
    const outbox = await newOutbox();
    const outcome = await bind({ outbox }, { callback: 'http://127.0.0.1:9', id: '7' }).queue({ shipped: 'yes' } as never);
    expect(outcome).toEqual({
      ok: false,
      reason: 'invalid-body',
      issues: [{ path: '/shipped', message: 'must be boolean' }],
      message: 'The order_shipped body does not match its schema; nothing was queued.',
    });
    expect(await outbox.deliveries.counts()).toEqual(none);
  });

  it('stores the delivery and answers its URL and webhook-id; the dispatcher then sends exactly that', async () => {
    const receiver = await startReceiver(inTurn({ status: 204 }));
    const outbox = await newOutbox();
    const { queue, url } = bind({ outbox }, { callback: `${receiver.origin}/hooks`, id: 'a/b' });
    const outcome = await queue({ shipped: true });
    const expectedUrl = `${receiver.origin}/hooks/orders/a%2Fb?status=packed`;
    expect(url).toBe(expectedUrl);
    expect(outcome).toEqual({ ok: true, queued: true, url: expectedUrl, webhookId: expect.stringMatching(/^msg_/) });
    const { webhookId } = outcome as { webhookId: string };

    const stored = await outbox.deliveries.show(webhookId);
    expect(stored).toMatchObject({
      id: webhookId,
      kind: 'callback',
      event: 'order_shipped',
      url: expectedUrl,
      method: 'PUT',
      contentType: 'application/json',
      payload: '{"shipped":true}',
      state: 'pending',
      attempts: 0,
      log: [],
    });
    expect(await outbox.deliveries.counts()).toEqual({ ...none, pending: 1 });
    expect(receiver.received).toEqual([]);

    outbox.start();
    const [request] = await receiver.waitFor(1);
    expect(request).toMatchObject({ method: 'PUT', url: '/hooks/orders/a%2Fb?status=packed', body: '{"shipped":true}' });
    expect(request!.headers).toMatchObject({ 'webhook-id': webhookId, 'boomerang-event': 'order_shipped' });
    expect(verifyPayload({ headers: request!.headers, payload: request!.body, secrets: [secret] })).toEqual({ ok: true });
    await vi.waitFor(async () => expect((await outbox.deliveries.show(webhookId))?.state).toBe('delivered'), { timeout: 10_000, interval: 10 });
  });

  it('keeps the extra headers and the delay asked for', async () => {
    const outbox = await newOutbox();
    const outcome = await bind({ outbox }, { callback: 'http://127.0.0.1:9', id: '1' }).queue({ shipped: true }, { headers: { 'x-trace': 't-1' }, delayMs: 60_000 });
    const stored = await outbox.deliveries.show((outcome as { webhookId: string }).webhookId);
    expect(stored?.headers).toEqual({ 'x-trace': 't-1' });
    expect(stored!.nextAttemptAt - stored!.createdAt).toBe(60_000);
  });

  it('makes the dispatcher check the answer against the callback’s documented responses', async () => {
    const receiver = await startReceiver(inTurn(json(200, { ok: false })));
    const outbox = await newOutbox();
    outbox.start();
    const outcome = await bind({ outbox }, { callback: receiver.origin, id: '1' }).queue({ shipped: true });
    const { webhookId } = outcome as { webhookId: string };
    const dead = await vi.waitFor(
      async () => {
        const detail = await outbox.deliveries.show(webhookId);
        expect(detail?.state).toBe('dead');
        return detail!;
      },
      { timeout: 10_000, interval: 10 },
    );
    expect(dead.log).toEqual([expect.objectContaining({ status: 200, reason: 'invalid-response' })]);
  });

  it('throws, saying what to pass, without an outbox', async () => {
    const callback = bind({ policy: { allowHosts: ['127.0.0.1'] } }, { callback: 'http://127.0.0.1:9', id: '1' });
    await expect(callback.queue({ shipped: true })).rejects.toThrow(
      'callbacks.order_shipped.queue needs a delivery store: give createServer an `outbox` (createOutbox({ store: await openStore(process.env.CALLBACK_STORE) })), or use send.',
    );
  });

  it('rejects a transaction on SQLite, which cannot join one, and stores nothing', async () => {
    const outbox = await newOutbox();
    const queries: string[] = [];
    const tx: TransactionHandle = { query: async (text) => void queries.push(text) };
    await expect(bind({ outbox }, { callback: 'http://127.0.0.1:9', id: '1' }).queue({ shipped: true }, { tx })).rejects.toThrow(
      "The SQLite delivery store cannot join the caller's transaction: queue(body, { tx }) needs the Postgres store",
    );
    expect(queries).toEqual([]);
    expect(await outbox.deliveries.counts()).toEqual(none);
  });
});
