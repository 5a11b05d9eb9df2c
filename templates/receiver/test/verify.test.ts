/**
 * `verify` / `unwrap` (verification for a developer who keeps their own routing) and the test kit
 * (`createTestDelivery`), as the committed invoices and subscriptions receivers export them: a
 * delivery made by the test kit passes the receiver, over real HTTP too; every kind of refusal comes
 * back typed, with the status and problem to answer.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createReceiver,
  createTestDelivery,
  examples,
  testSecret as packageTestSecret,
  unwrap,
  verify,
  WebhookVerificationError,
  type ReceivedEvent,
} from '../../../examples/invoices/receiver/generated/index.ts';
import { routes as invoiceRoutes } from '../../../examples/invoices/receiver/generated/routes.ts';
import * as subscriptions from '../../../examples/subscriptions/receiver/generated/index.ts';
import { routes as subscriptionRoutes } from '../../../examples/subscriptions/receiver/generated/routes.ts';
import { listen, signedHeaders, testSecret, type Listening } from './support/http.ts';

const body = JSON.stringify({ description: 'Payment celebration', paid: true });

let open: Listening[] = [];
afterEach(async () => {
  await Promise.all(open.map((server) => server.close()));
  open = [];
});

describe('verify', () => {
  it('answers the typed, validated event for a signed delivery', async () => {
    const timestamp = new Date(Math.floor(Date.now() / 1000) * 1000);
    const outcome = await verify(body, signedHeaders(body, { id: 'msg_ok', timestamp, headers: { 'boomerang-event': 'invoice_notification' } }), testSecret);
    expect(outcome).toMatchObject({ ok: true, event: 'invoice_notification', webhookId: 'msg_ok', timestamp, body: { description: 'Payment celebration', paid: true } });
    if (outcome.ok && outcome.event === 'invoice_notification') {
      // Typed: the body is the callback's (a wrong member would not compile).
      const paid: boolean = outcome.body.paid;
      expect(paid).toBe(true);
    }
  });

  it('takes bytes, a fetch Headers object and node-style headers with arrays', async () => {
    const headers = signedHeaders(body);
    expect((await verify(new TextEncoder().encode(body), new Headers(headers), testSecret)).ok).toBe(true);
    expect((await verify(Buffer.from(body), { ...headers, 'X-Extra': ['a', 'b'] }, testSecret)).ok).toBe(true);
  });

  it('names the only event of an API without the event header, and needs it (or options.event) where there are several', async () => {
    expect(await verify(body, signedHeaders(body), testSecret)).toMatchObject({ ok: true, event: 'invoice_notification' });
    const subscriptionBody = JSON.stringify(subscriptions.examples['new-subscription']!.body);
    const unnamed = await subscriptions.verify(subscriptionBody, signedHeaders(subscriptionBody), testSecret);
    expect(unnamed).toMatchObject({ ok: false, reason: 'unknown-event', status: 404 });
    expect(await subscriptions.verify(subscriptionBody, signedHeaders(subscriptionBody), testSecret, { event: 'new-subscription' })).toMatchObject({ ok: true, event: 'new-subscription' });
  });

  it('refuses a request for another event than the expected one, and an event the API does not have', async () => {
    const subscriptionBody = JSON.stringify(subscriptions.examples['new-subscription']!.body);
    const other = await subscriptions.verify(subscriptionBody, signedHeaders(subscriptionBody, { headers: { 'boomerang-event': 'new-subscription' } }), testSecret, { event: 'subscription-cancelled' });
    expect(other).toMatchObject({ ok: false, reason: 'unknown-event', status: 404 });
    const unknown = await verify(body, signedHeaders(body, { headers: { 'boomerang-event': 'invoice_deleted' } }), testSecret);
    expect(unknown).toMatchObject({ ok: false, reason: 'unknown-event', status: 404, problem: { status: 404, title: 'Not Found' } });
  });

  it('refuses a bad signature, a stale or missing timestamp, and missing headers with 401 before reading the body', async () => {
    const otherSecret = 'whsec_' + Buffer.from('another secret, also 32 bytes!!!').toString('base64');
    expect(await verify(body, signedHeaders(body, { secret: otherSecret }), testSecret)).toMatchObject({ ok: false, reason: 'bad-signature', status: 401 });
    expect(await verify(body, signedHeaders(body, { timestamp: new Date(Date.now() - 600_000) }), testSecret)).toMatchObject({ ok: false, reason: 'stale-timestamp', status: 401 });
    const { 'webhook-signature': _, ...unsigned } = signedHeaders(body);
    const missing = await verify(body, unsigned, testSecret);
    expect(missing).toMatchObject({ ok: false, reason: 'missing-headers', status: 401, problem: { type: 'about:blank', title: 'Unauthorized', status: 401 } });
    // Even a body that is not JSON: the signature is checked first.
    expect(await verify('not json', signedHeaders(body), testSecret)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('accepts any of several secrets (a rotation) and honours toleranceSeconds and now', async () => {
    const otherSecret = 'whsec_' + Buffer.from('another secret, also 32 bytes!!!').toString('base64');
    expect((await verify(body, signedHeaders(body, { secret: otherSecret }), [testSecret, otherSecret])).ok).toBe(true);
    const old = new Date(Date.now() - 3_600_000);
    expect((await verify(body, signedHeaders(body, { timestamp: old }), testSecret, { toleranceSeconds: 7200 })).ok).toBe(true);
    expect((await verify(body, signedHeaders(body, { timestamp: old }), testSecret, { now: () => old.getTime() })).ok).toBe(true);
  });

  it('refuses a body that does not match the schema with 400 and each issue, and the wrong media type with 415', async () => {
    const invalid = JSON.stringify({ description: 'x', paid: 'yes' });
    const outcome = await verify(invalid, signedHeaders(invalid), testSecret);
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid-request', status: 400, issues: [{ in: 'body', path: '/paid' }] });
    if (!outcome.ok) expect(outcome.problem).toMatchObject({ status: 400, errors: [{ in: 'body', path: '/paid' }] });
    expect(await verify('{"description":', signedHeaders('{"description":'), testSecret)).toMatchObject({ ok: false, reason: 'invalid-request', status: 400, detail: 'The request body is not valid JSON.' });
    expect(await verify(body, signedHeaders(body, { contentType: 'text/plain' }), testSecret)).toMatchObject({ ok: false, reason: 'unsupported-media-type', status: 415 });
  });

  it('throws for a malformed secret and for a parsed body: mistakes of the caller, not of the request', async () => {
    await expect(verify(body, signedHeaders(body), 'not-a-secret')).rejects.toThrow(/whsec_/);
    await expect(verify(JSON.parse(body) as string, signedHeaders(body), testSecret)).rejects.toThrow(/raw body/);
  });
});

describe('unwrap', () => {
  it('returns the event, and throws a WebhookVerificationError with the status and problem for a refusal', async () => {
    const event: ReceivedEvent = await unwrap(body, signedHeaders(body, { id: 'msg_unwrapped' }), testSecret);
    expect(event).toMatchObject({ event: 'invoice_notification', webhookId: 'msg_unwrapped', body: { paid: true } });
    expect(event).not.toHaveProperty('ok');
    const error = await unwrap(body, signedHeaders(body, { secret: 'whsec_' + Buffer.from('x'.repeat(32)).toString('base64') }), testSecret).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error).toMatchObject({ name: 'WebhookVerificationError', reason: 'bad-signature', status: 401, problem: { status: 401 } });
  });

  it('serves a node:http endpoint routed by the developer, over real HTTP', async () => {
    const received: ReceivedEvent[] = [];
    const server = createServer(async (request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const outcome = await verify(Buffer.concat(chunks), request.headers, packageTestSecret);
      if (!outcome.ok) {
        response.writeHead(outcome.status, { 'content-type': 'application/problem+json' }).end(JSON.stringify(outcome.problem));
        return;
      }
      received.push(outcome);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const listening = await listen(server);
    open.push(listening);
    const delivery = await createTestDelivery('invoice_notification', undefined, { baseUrl: `${listening.origin}/hooks` });
    const answer = await fetch(delivery.request);
    expect(answer.status).toBe(200);
    expect(received).toMatchObject([{ event: 'invoice_notification', webhookId: delivery.webhookId, body: examples.invoice_notification!.body }]);
    const tampered = await fetch(delivery.url, { method: 'POST', headers: { ...delivery.headers, 'webhook-signature': 'v1,' + Buffer.alloc(32).toString('base64') }, body: delivery.rawBody as string });
    expect(tampered.status).toBe(401);
    expect(tampered.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('createTestDelivery', () => {
  it('builds the signed request the API would send: method, URL with the path parameter, event header, the example body', async () => {
    const delivery = await createTestDelivery('invoice_notification');
    expect(delivery.method).toBe('POST');
    expect(delivery.url).toBe(`http://localhost/events/invoices/${examples.invoice_notification!.params['id']}`);
    expect(delivery.body).toEqual(examples.invoice_notification!.body);
    expect(delivery.rawBody).toBe(JSON.stringify(delivery.body));
    expect(delivery.headers).toMatchObject({ 'boomerang-event': 'invoice_notification', 'content-type': 'application/json', 'webhook-id': delivery.webhookId });
    expect(delivery.webhookId).toMatch(/^msg_[A-Za-z0-9]{24}$/);
    expect(delivery.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    // Signed with the package's test secret, so verify takes it.
    expect(await verify(delivery.rawBody, delivery.headers, packageTestSecret)).toMatchObject({ ok: true, webhookId: delivery.webhookId });
  });

  it('passes the generated receiver, through receiver.fetch and receiver.handle, with the body given or the example', async () => {
    const calls: unknown[] = [];
    const receiver = createReceiver({
      secret: packageTestSecret,
      handlers: {
        invoice_notification: ({ body: received, params }) => {
          calls.push({ body: received, params });
          return { status: 200, body: { ok: true } };
        },
      },
    });
    const given = await createTestDelivery('invoice_notification', { description: 'Invoice 7 paid', paid: true }, { params: { id: 'inv_7' } });
    const response = await receiver.fetch(given.request);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    const example = await createTestDelivery('invoice_notification');
    const answer = await receiver.handle({ method: example.method, url: example.url, headers: example.headers, body: new TextEncoder().encode(example.rawBody as string) });
    expect(answer.status).toBe(200);
    expect(calls).toEqual([
      { body: { description: 'Invoice 7 paid', paid: true }, params: { id: 'inv_7' } },
      { body: examples.invoice_notification!.body, params: examples.invoice_notification!.params },
    ]);
  });

  it('signs with the secret, id and timestamp given, and each read of request is a fresh Request', async () => {
    const timestamp = new Date(Math.floor(Date.now() / 1000) * 1000);
    const delivery = await createTestDelivery('invoice_notification', undefined, { secret: testSecret, webhookId: 'msg_fixed', timestamp, headers: { 'X-Trace': 't1' } });
    expect(delivery.headers).toMatchObject({ 'webhook-id': 'msg_fixed', 'webhook-timestamp': String(timestamp.getTime() / 1000), 'x-trace': 't1' });
    expect(await verify(delivery.rawBody, delivery.headers, testSecret)).toMatchObject({ ok: true, webhookId: 'msg_fixed', timestamp });
    expect(await delivery.request.text()).toBe(delivery.rawBody);
    expect(await delivery.request.text()).toBe(delivery.rawBody);
  });

  it('makes a webhook delivery to the base URL, routed by its event header', async () => {
    const calls: string[] = [];
    const receiver = subscriptions.createReceiver({
      secret: subscriptions.testSecret,
      handlers: {
        'new-subscription': ({ webhookId }) => {
          calls.push(webhookId);
          return { status: 200 };
        },
        'subscription-cancelled': () => ({ status: 200 }),
      },
    });
    const delivery = await subscriptions.createTestDelivery('new-subscription', undefined, { baseUrl: 'https://me.example/webhooks' });
    expect(delivery.url).toBe('https://me.example/webhooks');
    expect((await receiver.fetch(delivery.request)).status).toBe(200);
    expect(calls).toEqual([delivery.webhookId]);
  });

  it('refuses an event the API does not have', async () => {
    // @ts-expect-error: not an event of the invoices API.
    await expect(createTestDelivery('invoice_deleted')).rejects.toThrow(/no event "invoice_deleted".*invoice_notification/);
  });
});

describe('examples', () => {
  it("are bodies each event's own validator accepts, in both examples", () => {
    for (const api of [{ routes: invoiceRoutes, examples }, { routes: subscriptionRoutes, examples: subscriptions.examples }]) {
      for (const route of api.routes) {
        const example = api.examples[route.event];
        expect(example, route.event).toBeDefined();
        if (route.body?.validate) expect([route.event, route.body.validate(example!.body)]).toEqual([route.event, true]);
      }
    }
  });
});
