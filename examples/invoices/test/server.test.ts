/**
 * The generated invoices server over real HTTP on 127.0.0.1: FastAPI's request, validation as
 * problem details, and the signed callback with its typed outcomes (retries, refused destinations,
 * a receiver that answers off-schema).
 */
import { createOutbox, openStore, type CallbackOutcome, type CallbackSenderOptions, type Outbox } from '@boomerang/runtime';
import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startRecordingReceiver, type RecordingReceiver } from '../../../tools/testing/recording-receiver.ts';
import { handlers } from '../src/generated/handlers.ts';
import { createServer, type Handlers } from '../src/generated/server.ts';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const invoice = { id: '2expen51ve', customer: 'Mr. Richie Rich', total: '9999' };
const fast = { retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 }, timeoutMs: 2_000 } as const;

let server: FastifyInstance | undefined;
let receiver: RecordingReceiver | undefined;
let outbox: Outbox | undefined;
afterEach(async () => {
  await server?.close();
  await outbox?.close({ graceMs: 1000 });
  await receiver?.close();
  server = receiver = outbox = undefined;
});

/** The server as main.ts builds it: its handler queues the callback, which the outbox's dispatcher sends. */
async function start(options: { handlers?: Handlers; callbacks?: CallbackSenderOptions } = {}): Promise<string> {
  outbox = createOutbox({ store: await openStore('sqlite::memory:'), secrets: [secret], policy: { allowHosts: ['127.0.0.1'] }, timeoutMs: 2_000 });
  outbox.start();
  server = createServer({ handlers: options.handlers ?? handlers, callbacks: options.callbacks ?? { secrets: [secret], policy: { allowHosts: ['127.0.0.1'] }, outbox, ...fast } });
  return server.listen({ port: 0, host: '127.0.0.1' });
}

async function createInvoice(origin: string, query: string, body: unknown = invoice) {
  const response = await fetch(`${origin}/invoices${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, type: response.headers.get("content-type"), body: (await response.json()) as any };
}

/** A handler that sends the callback after answering and hands its typed outcome to the test. */
function capturing(): { handlers: Handlers; outcome: Promise<CallbackOutcome<unknown>>; total: Promise<unknown> } {
  let resolveOutcome!: (o: CallbackOutcome<unknown>) => void;
  let resolveTotal!: (t: unknown) => void;
  const outcome = new Promise<CallbackOutcome<unknown>>((r) => (resolveOutcome = r));
  const total = new Promise<unknown>((r) => (resolveTotal = r));
  return {
    outcome,
    total,
    handlers: {
      create_invoice: async ({ body, callbacks, afterResponse }) => {
        resolveTotal(body.total);
        afterResponse(async () => resolveOutcome(await callbacks.invoice_notification.send({ description: 'Payment celebration', paid: true })));
        return { status: 200, body: { msg: 'Invoice received' } };
      },
    },
  };
}

describe('the invoices server', () => {
  it("accepts FastAPI's invoice and sends the signed callback to the evaluated URL", async () => {
    receiver = await startRecordingReceiver();
    const origin = await start();
    expect(await createInvoice(origin, `?callback_url=${receiver.origin}/events`)).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: { msg: 'Invoice received' } });
    const [request] = await receiver.waitFor(1);
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/events/invoices/2expen51ve');
    expect(request!.headers['boomerang-event']).toBe('invoice_notification');
    const verified = new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>);
    expect(verified).toEqual({ description: 'Payment celebration', paid: true });
  });

  // The invoice id is the API user's to choose; whatever it is, the callback goes to its own path segment.
  const ids: [string, string][] = [
    ['..', '%2E%2E'],
    ['.', '%2E'],
    ['/', '%2F'],
    ['?', '%3F'],
    ['#', '%23'],
    ['%2e%2e', '%252e%252e'],
    ['../../admin', '..%2F..%2Fadmin'],
  ];
  it.each(ids)('sends the callback of invoice %j to /events/invoices/%s, that one segment', async (id, segment) => {
    receiver = await startRecordingReceiver();
    const origin = await start();
    expect((await createInvoice(origin, `?callback_url=${receiver.origin}/events`, { ...invoice, id })).status).toBe(200);
    const [request] = await receiver.waitFor(1);
    expect(request!.url).toBe(`/events/invoices/${segment}`);
    expect(decodeURIComponent(request!.url.split('/').at(-1)!)).toBe(id);
  });

  it('coerces "9999" to the number the schema says, and answers "abc" with a 400 problem', async () => {
    const capture = capturing();
    receiver = await startRecordingReceiver();
    const origin = await start({ handlers: capture.handlers });
    await createInvoice(origin, `?callback_url=${receiver.origin}/events`);
    expect(await capture.total).toBe(9999);
    const bad = await createInvoice(origin, '', { ...invoice, total: 'abc' });
    expect(bad).toEqual({
      status: 400,
      type: 'application/problem+json; charset=utf-8',
      body: { type: 'about:blank', title: 'Bad Request', status: 400, detail: "The request body does not match the API's schema.", errors: [{ in: 'body', path: '/total', message: 'must be number' }] },
    });
  });

  it('answers a callback_url that is not a URI with a 400 problem', async () => {
    const origin = await start();
    const bad = await createInvoice(origin, '?callback_url=not%20a%20url');
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('application/problem+json; charset=utf-8');
    expect(bad.body.errors).toEqual([{ in: 'query', path: '/callback_url', message: 'must match format "uri"' }]);
  });

  it('gives the handler a typed validation failure when the receiver answers off-schema', async () => {
    const capture = capturing();
    receiver = await startRecordingReceiver([{ status: 200, body: { ok: 'yes' } }]);
    const origin = await start({ handlers: capture.handlers });
    expect((await createInvoice(origin, `?callback_url=${receiver.origin}/events`)).status).toBe(200);
    const outcome = await capture.outcome;
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid-response', status: 200, body: { ok: 'yes' }, attempts: 1 });
    expect(outcome.ok === false && outcome.reason === 'invalid-response' && outcome.issues).toEqual([{ path: '/ok', message: 'must be boolean' }]);
  });

  it('retries 503 and succeeds on the next attempt, with the same webhook-id', async () => {
    const capture = capturing();
    receiver = await startRecordingReceiver([{ status: 503 }, { status: 200, body: { ok: true } }]);
    const origin = await start({ handlers: capture.handlers });
    await createInvoice(origin, `?callback_url=${receiver.origin}/events`);
    expect(await capture.outcome).toMatchObject({ ok: true, status: 200, body: { ok: true }, attempts: 2, url: `${receiver.origin}/events/invoices/2expen51ve` });
    const [first, second] = receiver.requests;
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
  });

  it('refuses a callback_url naming a forbidden address with a 400 at once, and sends nothing', async () => {
    receiver = await startRecordingReceiver();
    const origin = await start();
    const answer = await createInvoice(origin, `?callback_url=${encodeURIComponent(`http://localhost:${receiver.port}/events`)}`);
    expect(answer).toMatchObject({ status: 400, type: 'application/problem+json; charset=utf-8', body: { errors: [{ in: 'query', path: '/callback_url', message: 'must not point to the local machine (localhost)' }] } });
    expect(receiver.requests).toEqual([]);
  });

  it('refuses, when sending, a name that resolves to a metadata or loopback address, unless the operator allows it', async () => {
    receiver = await startRecordingReceiver();
    // Names the request-time check cannot judge without DNS; here they resolve to forbidden addresses.
    const resolve = async (hostname: string) => [{ address: hostname === 'metadata.test' ? '169.254.169.254' : '127.0.0.1', family: 4 }];
    for (const target of ['http://metadata.test/latest/meta-data', `http://loopback.test:${receiver.port}/events`]) {
      const capture = capturing();
      const origin = await start({ handlers: capture.handlers, callbacks: { secrets: [secret], policy: { allowHosts: ['127.0.0.1'] }, resolve, ...fast } });
      expect((await createInvoice(origin, `?callback_url=${encodeURIComponent(target)}`)).status).toBe(200);
      expect(await capture.outcome).toMatchObject({ ok: false, reason: 'refused-destination', attempts: 0 });
      await server!.close();
    }
    expect(receiver.requests).toEqual([]);
    const capture = capturing();
    const origin = await start({ handlers: capture.handlers, callbacks: { secrets: [secret], policy: { allowHosts: ['loopback.test'] }, resolve, ...fast } });
    await createInvoice(origin, `?callback_url=http://loopback.test:${receiver.port}/events`);
    expect(await capture.outcome).toMatchObject({ ok: true, attempts: 1 });
    expect(receiver.requests).toHaveLength(1);
  });

  it('makes a missing callback_url a typed outcome, not a crash', async () => {
    const capture = capturing();
    const origin = await start({ handlers: capture.handlers });
    expect(await createInvoice(origin, '')).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: { msg: 'Invoice received' } });
    expect(await capture.outcome).toEqual({
      ok: false,
      reason: 'url-unavailable',
      missing: ['$request.query.callback_url'],
      message: 'The callback invoice_notification has no URL for this request: $request.query.callback_url has no value.',
    });
  });
});
