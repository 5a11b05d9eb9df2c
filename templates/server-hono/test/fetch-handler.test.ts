/**
 * The generated invoices server as a fetch handler, as Workers, Bun, Deno and Vercel call it:
 * `createServer(...).fetch(new Request(...))`, with no network. What it answers, what it logs, and
 * when a handler's `afterResponse` tasks run without Node (after the handler returns, or through the
 * execution context's `waitUntil`).
 */
import { createJsonLogger, ProblemError } from '@boomerang/runtime';
import type { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createServer, type CreateInvoiceContext, type Handlers } from './__snapshots__/invoices/generated/server.ts';

const invoice = { id: '2expen51ve', customer: 'Ada Lovelace', total: 1250.5 };
const problemType = 'application/problem+json; charset=utf-8';

function post(body: string, init: { path?: string; contentType?: string } = {}): Request {
  return new Request(`https://api.example${init.path ?? '/invoices'}`, { method: 'POST', headers: { 'content-type': init.contentType ?? 'application/json' }, body });
}

async function answer(app: Hono, request: Request) {
  const response = await app.fetch(request);
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), allow: response.headers.get('allow'), body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

/** A server whose handler records its context, with a logger whose lines the test reads. */
function server(handler: Handlers['create_invoice'] = () => ({ status: 200, body: { msg: 'Invoice received' } }), options: { bodyLimit?: number; level?: 'info' | 'warn' } = {}) {
  const lines: Record<string, unknown>[] = [];
  const contexts: CreateInvoiceContext[] = [];
  const app = createServer({
    handlers: { create_invoice: (context) => (contexts.push(context), handler(context)) },
    logger: createJsonLogger({ level: options.level ?? 'warn', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }),
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
  });
  return { app, lines, contexts };
}

describe('the generated Hono server, called as a fetch handler', () => {
  it('creates an invoice: the handler gets the typed, validated request; the reply is JSON', async () => {
    const { app, contexts } = server();
    expect(await answer(app, post(JSON.stringify(invoice), { path: '/invoices?callback_url=https://client.example/events' }))).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      allow: null,
      body: { msg: 'Invoice received' },
    });
    const [context] = contexts;
    expect(context).toMatchObject({ body: invoice, query: { callback_url: 'https://client.example/events' }, params: {} });
    expect(context!.callbacks.invoice_notification.url).toBe('https://client.example/events/invoices/2expen51ve');
    // `request` is Hono's Context, whose `req.raw` is the fetch Request itself.
    expect(context!.request.req.raw.url).toBe('https://api.example/invoices?callback_url=https://client.example/events');
  });

  it('refuses a body that does not match the schema with a 400 problem listing each issue', async () => {
    const { app, contexts } = server();
    expect(await answer(app, post(JSON.stringify({ id: 7, total: 'lots' })))).toEqual({
      status: 400,
      type: problemType,
      allow: null,
      body: {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: "The request body does not match the API's schema.",
        errors: [
          { in: 'body', path: '/customer', message: "must have required property 'customer'" },
          { in: 'body', path: '/id', message: 'must be string' },
          { in: 'body', path: '/total', message: 'must be number' },
        ],
      },
    });
    expect(contexts).toEqual([]);
  });

  it.each([
    ['a media type the operation does not take', post('<invoice/>', { contentType: 'application/xml' }), 415, 'POST /invoices takes application/json, not application/xml.'],
    ['a body that does not say its media type', new Request('https://api.example/invoices', { method: 'POST', headers: { 'content-type': '' }, body: '{}' }), 415, 'POST /invoices takes application/json; the request does not say what its body is.'],
    ['no body', new Request('https://api.example/invoices', { method: 'POST', headers: { 'content-type': 'application/json' } }), 400, 'POST /invoices needs a request body (application/json).'],
    ['malformed JSON', post('{"id":'), 400, 'The request body is not valid JSON.'],
    ['an unknown path', new Request('https://api.example/nothing'), 404, 'No route matches GET /nothing.'],
    ['another method', new Request('https://api.example/invoices', { method: 'DELETE' }), 405, '/invoices does not accept DELETE; it accepts POST.'],
  ])('answers %s as a problem', async (_name, request, status, detail) => {
    const { app, contexts } = server();
    const got = await answer(app, request);
    expect(got).toMatchObject({ status, type: problemType, body: { type: 'about:blank', status, detail } });
    expect(got.allow).toBe(status === 405 ? 'POST' : null);
    expect(contexts).toEqual([]);
  });

  it('answers a body over the limit with a 413, by its content-length or, without one, as it is read', async () => {
    const { app } = server(undefined, { bodyLimit: 100 });
    const big = JSON.stringify({ ...invoice, title: 'x'.repeat(200) });
    const withLength = new Request('https://api.example/invoices', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(big.length) }, body: big });
    const streamed = post(big);
    expect(streamed.headers.get('content-length')).toBeNull();
    for (const request of [withLength, streamed]) {
      expect(await answer(app, request)).toMatchObject({ status: 413, type: problemType, body: { status: 413, detail: 'The request body is larger than the limit of 100 bytes.' } });
    }
    expect((await answer(app, post(JSON.stringify(invoice)))).status).toBe(200);
  });

  it('answers a ProblemError with its problem, and any other error with a 500 that says nothing, logged', async () => {
    const { app, lines } = server(({ body }) => {
      if (body.id === 'taken') throw new ProblemError({ status: 409, detail: 'That invoice exists.' });
      throw new Error('the database is down');
    });
    expect(await answer(app, post(JSON.stringify({ ...invoice, id: 'taken' })))).toMatchObject({ status: 409, type: problemType, body: { type: 'about:blank', title: 'Conflict', status: 409, detail: 'That invoice exists.' } });
    expect(lines).toEqual([]);
    expect(await answer(app, post(JSON.stringify(invoice)))).toEqual({ status: 500, type: problemType, allow: null, body: { type: 'about:blank', title: 'Internal Server Error', status: 500 } });
    expect(lines).toEqual([expect.objectContaining({ level: 50, msg: 'request failed', reqId: 'req-2', err: expect.objectContaining({ type: 'Error', message: 'the database is down' }) })]);
  });

  it('logs each request at info, and what the handler logs with its reqId', async () => {
    const { app, lines } = server(({ body, log }) => (log.info({ invoice: body.id }, 'handler ran'), { status: 200, body: { msg: 'ok' } }), { level: 'info' });
    await answer(app, post(JSON.stringify(invoice)));
    expect(lines.map((line) => [line.msg, line.reqId])).toEqual([
      ['incoming request', 'req-1'],
      ['handler ran', 'req-1'],
      ['request completed', 'req-1'],
    ]);
    expect(lines[0]).toMatchObject({ level: 30, req: { method: 'POST', url: '/invoices', host: 'api.example' } });
    expect(lines[1]).toMatchObject({ invoice: '2expen51ve' });
    expect(lines[2]).toMatchObject({ res: { statusCode: 200 }, responseTime: expect.any(Number) });
  });

  it('runs afterResponse tasks once the handler has returned its response, logging their errors', async () => {
    const ran: string[] = [];
    const { app, lines } = server(({ afterResponse }) => {
      afterResponse(() => ran.push('notified'));
      afterResponse(() => Promise.reject(new Error('the mail server is down')));
      return { status: 200, body: { msg: 'ok' } };
    });
    const response = await app.fetch(post(JSON.stringify(invoice)));
    expect(response.status).toBe(200);
    expect(ran).toEqual([]);
    await expect.poll(() => ran).toEqual(['notified']);
    await expect.poll(() => lines).toEqual([expect.objectContaining({ level: 50, msg: 'afterResponse task failed', err: expect.objectContaining({ message: 'the mail server is down' }) })]);
  });

  it("hands afterResponse tasks to the execution context's waitUntil where there is one (Workers)", async () => {
    const ran: string[] = [];
    const waited: Promise<unknown>[] = [];
    const { app } = server(({ afterResponse }) => (afterResponse(() => ran.push('notified')), { status: 200, body: { msg: 'ok' } }));
    const executionContext = { waitUntil: (promise: Promise<unknown>) => void waited.push(promise), passThroughOnException: () => {}, props: {} };
    const response = await app.fetch(post(JSON.stringify(invoice)), {}, executionContext);
    expect(response.status).toBe(200);
    expect(waited).toHaveLength(1);
    expect(ran).toEqual([]);
    await waited[0];
    expect(ran).toEqual(['notified']);
  });
});
