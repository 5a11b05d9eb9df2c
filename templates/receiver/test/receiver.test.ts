/**
 * The request pipeline of a generated receiver (the committed invoices and subscriptions receivers),
 * over real HTTP through its node:http listener: each check answers with its problem, in order, and
 * the handler is never called on a request that failed one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createReceiver, type ErrorInfo, type InvoiceNotificationContext, type InvoiceNotificationReply, type ReceiverOptions } from '../../../examples/invoices/receiver/generated/index.ts';
import { createReceiver as createSubscriptionsReceiver } from '../../../examples/subscriptions/receiver/generated/index.ts';
import { listenNode, sendSigned, signedHeaders, testSecret, type Listening } from './support/http.ts';

const body = JSON.stringify({ description: 'Payment celebration', paid: true });
const otherSecret = 'whsec_' + Buffer.from('another secret, also 32 bytes!!!').toString('base64');

let open: Listening[] = [];
afterEach(async () => {
  await Promise.all(open.map((server) => server.close()));
  open = [];
});

interface Harness {
  readonly url: string;
  readonly calls: InvoiceNotificationContext[];
  readonly errors: { error: unknown; info: ErrorInfo }[];
}

async function invoicesReceiver(options: Partial<ReceiverOptions> = {}, answer: (context: InvoiceNotificationContext) => InvoiceNotificationReply | Promise<InvoiceNotificationReply> = () => ({ status: 200, body: { ok: true } })): Promise<Harness> {
  const calls: InvoiceNotificationContext[] = [];
  const errors: { error: unknown; info: ErrorInfo }[] = [];
  const receiver = createReceiver({
    secret: testSecret,
    handlers: {
      invoice_notification: async (context) => {
        calls.push(context);
        return answer(context);
      },
    },
    onError: (error, info) => errors.push({ error, info }),
    ...options,
  });
  const server = await listenNode(receiver.node);
  open.push(server);
  return { url: `${server.origin}/events/invoices/2expen51ve`, calls, errors };
}

describe('a valid delivery', () => {
  it('reaches the handler with its body, path parameters and metadata, and the answer is sent', async () => {
    const { url, calls } = await invoicesReceiver();
    const timestamp = new Date(Math.floor(Date.now() / 1000) * 1000);
    const response = await sendSigned(`${url}?attempt=1`, body, { id: 'msg_valid', timestamp });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.json).toEqual({ ok: true });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ event: 'invoice_notification', webhookId: 'msg_valid', timestamp, body: { description: 'Payment celebration', paid: true }, params: { id: '2expen51ve' }, query: { attempt: '1' } });
    expect(new TextDecoder().decode(calls[0]!.rawBody)).toBe(body);
  });

  it('is routed by the boomerang-event header', async () => {
    const { url, calls } = await invoicesReceiver();
    const response = await sendSigned(url, body, { headers: { 'boomerang-event': 'invoice_notification' } });
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it('passes with either secret during a rotation', async () => {
    const { url, calls } = await invoicesReceiver({ secret: [otherSecret, testSecret] });
    expect((await sendSigned(url, body, { secret: testSecret })).status).toBe(200);
    expect((await sendSigned(url, body, { secret: otherSecret })).status).toBe(200);
    expect(calls).toHaveLength(2);
  });
});

describe('signature checks come first: 401, and the handler is not called', () => {
  const cases: [string, (url: string) => Promise<{ status: number; headers: Headers; json: unknown }>][] = [
    ['a tampered body', (url) => fetch(url, { method: 'POST', headers: signedHeaders(body), body: body.replace('true', 'false') }).then(withJson)],
    ['a stale timestamp', (url) => sendSigned(url, body, { timestamp: new Date(Date.now() - 10 * 60_000) })],
    ['a timestamp from the future', (url) => sendSigned(url, body, { timestamp: new Date(Date.now() + 10 * 60_000) })],
    ['another secret', (url) => sendSigned(url, body, { secret: otherSecret })],
    ['no signature headers', (url) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(withJson)],
    ['an invalid body that is not signed', (url) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }).then(withJson)],
    ['an unknown route that is not signed', (url) => fetch(url.replace('/invoices/', '/nothing/'), { method: 'POST', body }).then(withJson)],
  ];
  it.each(cases)('%s', async (_name, send) => {
    const { url, calls } = await invoicesReceiver();
    const response = await send(url);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(response.json).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401 });
    expect(calls).toHaveLength(0);
  });

  it('accepts the Standard Webhooks test vector, with a clock at its timestamp', async () => {
    const vector = { 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': '1614265330', 'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=', 'content-type': 'application/json' };
    const { url } = await invoicesReceiver({ now: () => 1614265330 * 1000 });
    // Verified, then routed: the vector's path is no route of this receiver.
    const accepted = await fetch(url.replace('/invoices/', '/vector/'), { method: 'POST', headers: vector, body: '{"test": 2432232314}' }).then(withJson);
    expect(accepted.status).toBe(404);
    const tampered = await fetch(url.replace('/invoices/', '/vector/'), { method: 'POST', headers: vector, body: '{"test": 2432232315}' }).then(withJson);
    expect(tampered.status).toBe(401);
  });
});

describe('then routing, then the request: problems, and the handler is not called', () => {
  it('400 for a body that does not match the schema, saying where', async () => {
    const { url, calls } = await invoicesReceiver();
    const response = await sendSigned(url, JSON.stringify({ description: 7 }));
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      status: 400,
      title: 'Bad Request',
      errors: expect.arrayContaining([
        { in: 'body', path: '/paid', message: "must have required property 'paid'" },
        { in: 'body', path: '/description', message: 'must be string' },
      ]),
    });
    expect(calls).toHaveLength(0);
  });

  it('400 for a body that is not JSON', async () => {
    const { url, calls } = await invoicesReceiver();
    const response = await sendSigned(url, '{"description":');
    expect(response).toMatchObject({ status: 400, json: { detail: 'The request body is not valid JSON.' } });
    expect(calls).toHaveLength(0);
  });

  it('400 for an empty body where one is required', async () => {
    const { url, calls } = await invoicesReceiver();
    expect((await sendSigned(url, '')).status).toBe(400);
    expect(calls).toHaveLength(0);
  });

  it('415 for another content type', async () => {
    const { url, calls } = await invoicesReceiver();
    const response = await sendSigned(url, body, { contentType: 'text/plain' });
    expect(response).toMatchObject({ status: 415, json: { title: 'Unsupported Media Type' } });
    expect(calls).toHaveLength(0);
  });

  it('404 for a path no callback ends with', async () => {
    const { url, calls } = await invoicesReceiver();
    const response = await sendSigned(url.replace('/invoices/', '/refunds/'), body);
    expect(response).toMatchObject({ status: 404, json: { title: 'Not Found' } });
    expect(calls).toHaveLength(0);
  });

  it('404 for an unknown event header', async () => {
    const { url, calls } = await invoicesReceiver();
    const response = await sendSigned(url, body, { headers: { 'boomerang-event': 'invoice_refunded' } });
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ detail: expect.stringContaining('invoice_notification') });
    expect(calls).toHaveLength(0);
  });

  it('405 with Allow for a known path and another method', async () => {
    const { url, calls } = await invoicesReceiver();
    const response = await sendSigned(url, body, { method: 'PUT' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(calls).toHaveLength(0);
  });

  it('413 for a body over the limit, before reading it all', async () => {
    const { url, calls } = await invoicesReceiver({ bodyLimit: 64 });
    const large = JSON.stringify({ description: 'x'.repeat(100), paid: true });
    const response = await sendSigned(url, large);
    expect(response).toMatchObject({ status: 413, json: { title: 'Content Too Large' } });
    expect(calls).toHaveLength(0);
  });

  it('204 for a webhook-id isDuplicate recognizes', async () => {
    const seen = new Set<string>();
    const asked: [string, string][] = [];
    const { url, calls } = await invoicesReceiver({
      isDuplicate: (id, event) => {
        asked.push([id, event]);
        if (seen.has(id)) return true;
        seen.add(id);
        return false;
      },
    });
    expect((await sendSigned(url, body, { id: 'msg_once' })).status).toBe(200);
    const again = await sendSigned(url, body, { id: 'msg_once' });
    expect(again.status).toBe(204);
    expect(again.text).toBe('');
    expect(calls).toHaveLength(1);
    expect(asked).toEqual([['msg_once', 'invoice_notification'], ['msg_once', 'invoice_notification']]);
  });
});

describe('the handler and its answer', () => {
  it('500 without internals when the handler throws, the error going to onError', async () => {
    const { url, errors } = await invoicesReceiver({}, () => {
      throw new Error('database password is hunter2');
    });
    const response = await sendSigned(url, body);
    expect(response.status).toBe(500);
    expect(response.json).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
    expect(response.text).not.toContain('hunter2');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.info).toEqual({ stage: 'handler', event: 'invoice_notification', webhookId: 'msg_test' });
  });

  it('500 when the handler answers an undocumented status: logged, not sent', async () => {
    const { url, errors } = await invoicesReceiver({}, () => ({ status: 201, body: { ok: true } }) as unknown as InvoiceNotificationReply);
    const response = await sendSigned(url, body);
    expect(response.status).toBe(500);
    expect(response.text).not.toContain('201');
    expect(errors[0]!.info.stage).toBe('response');
    expect(String(errors[0]!.error)).toContain('status 201 is not documented');
  });

  it('500 when the handler answers an undocumented body: logged with the issues, not sent', async () => {
    const { url, errors } = await invoicesReceiver({}, () => ({ status: 200, body: { ok: 'yes' } }) as unknown as InvoiceNotificationReply);
    const response = await sendSigned(url, body);
    expect(response.status).toBe(500);
    expect(response.text).not.toContain('yes');
    expect(errors[0]!.info).toMatchObject({ stage: 'response', issues: [{ path: '/ok', message: 'must be boolean' }] });
  });
});

describe('createReceiver', () => {
  const handlers = { invoice_notification: () => ({ status: 200 as const, body: { ok: true } }) };
  it('throws at once on a malformed secret, without quoting it', () => {
    expect(() => createReceiver({ secret: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', handlers })).toThrow(/whsec_/);
    expect(() => createReceiver({ secret: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', handlers })).not.toThrow(/MfKQ9r8/);
  });
  it('throws at once on a missing handler', () => {
    expect(() => createReceiver({ secret: testSecret, handlers: {} as never })).toThrow(/no handler for invoice_notification/);
  });
  it('throws on a bad bodyLimit or toleranceSeconds', () => {
    expect(() => createReceiver({ secret: testSecret, handlers, bodyLimit: 0 })).toThrow(RangeError);
    expect(() => createReceiver({ secret: testSecret, handlers, toleranceSeconds: -1 })).toThrow(RangeError);
  });
});

describe('a webhook (the subscriptions receiver)', () => {
  async function subscriptionsReceiver() {
    const calls: unknown[] = [];
    const receiver = createSubscriptionsReceiver({
      secret: testSecret,
      handlers: {
        'new-subscription': ({ body }) => {
          calls.push(body);
          return { status: 200 };
        },
        'subscription-cancelled': ({ body }) => {
          calls.push(body);
          return { status: 200 };
        },
      },
      onError: () => undefined,
    });
    const server = await listenNode(receiver.node);
    open.push(server);
    return { origin: server.origin, calls };
  }
  const subscription = JSON.stringify({ username: 'rich', monthly_fee: 9.99, start_date: '2024-01-01T12:00:00Z' });

  it('is routed by the event header at any path, and answered without a body', async () => {
    const { origin, calls } = await subscriptionsReceiver();
    const response = await sendSigned(`${origin}/hooks`, subscription, { headers: { 'boomerang-event': 'new-subscription' } });
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    expect(calls).toEqual([JSON.parse(subscription)]);
  });

  it('is routed by a path ending in its name without the header', async () => {
    const { origin, calls } = await subscriptionsReceiver();
    expect((await sendSigned(`${origin}/hooks/new-subscription`, subscription)).status).toBe(200);
    expect((await sendSigned(`${origin}/hooks`, subscription)).status).toBe(404);
    expect(calls).toHaveLength(1);
  });

  it('checks formats: a start_date that is not a date-time is a 400', async () => {
    const { origin, calls } = await subscriptionsReceiver();
    const response = await sendSigned(`${origin}/new-subscription`, JSON.stringify({ username: 'rich', monthly_fee: 9.99, start_date: '2024-02-30T12:00:00Z' }));
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ errors: expect.arrayContaining([expect.objectContaining({ in: 'body', path: '/start_date' })]) });
    expect(calls).toHaveLength(0);
  });
});

async function withJson(response: Response): Promise<{ status: number; headers: Headers; json: unknown }> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}
