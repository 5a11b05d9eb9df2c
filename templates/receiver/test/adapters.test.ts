/**
 * Each way to serve a receiver, over real HTTP on 127.0.0.1 with Node's fetch as the client: node:http,
 * the fetch API (a plain Request, and served), Express and Fastify. Each must keep the raw body, so a
 * valid delivery passes and a tampered one does not, and each answers the same problems.
 */
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { expressMiddleware } from '../../../examples/invoices/receiver/generated/express.ts';
import { fastifyPlugin } from '../../../examples/invoices/receiver/generated/fastify.ts';
import { createReceiver, type Receiver } from '../../../examples/invoices/receiver/generated/index.ts';
import { listen, listenFetch, listenNode, sendSigned, signedHeaders, testSecret, type Listening } from './support/http.ts';

const body = JSON.stringify({ description: 'Payment celebration', paid: true });

let open: Listening[] = [];
afterEach(async () => {
  await Promise.all(open.map((server) => server.close()));
  open = [];
});

function invoicesReceiver(bodyLimit = 1024) {
  const calls: { id: string; paid: boolean }[] = [];
  const receiver = createReceiver({
    secret: testSecret,
    bodyLimit,
    handlers: {
      invoice_notification: ({ body, params }) => {
        calls.push({ id: params.id, paid: body.paid });
        return { status: 200, body: { ok: true } };
      },
    },
    onError: () => undefined,
  });
  return { receiver, calls };
}

type Serve = (receiver: Receiver) => Promise<Listening>;

const adapters: [string, Serve][] = [
  ['node:http (receiver.node)', (receiver) => listenNode(receiver.node)],
  ['the fetch API (receiver.fetch), served', (receiver) => listenFetch(receiver.fetch)],
  [
    'Express (expressMiddleware), before express.json()',
    (receiver) => {
      const app = express();
      app.use('/events', expressMiddleware(receiver));
      app.use(express.json());
      app.post('/other', (req, res) => void res.json({ parsed: req.body }));
      return listen(app.listen(0, '127.0.0.1'));
    },
  ],
  [
    'Fastify (fastifyPlugin)',
    async (receiver) => {
      const app = Fastify();
      await app.register(fastifyPlugin(receiver), { prefix: '/events' });
      app.post('/other', async (request) => ({ parsed: request.body }));
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      return { origin: `http://127.0.0.1:${port}`, port, close: () => app.close() };
    },
  ],
];

describe.each(adapters)('%s', (_name, serve) => {
  async function start(bodyLimit?: number) {
    const { receiver, calls } = invoicesReceiver(bodyLimit);
    const server = await serve(receiver);
    open.push(server);
    return { origin: server.origin, url: `${server.origin}/events/invoices/2expen51ve`, calls };
  }

  it('delivers a valid request to the handler and sends its answer', async () => {
    const { url, calls } = await start();
    const response = await sendSigned(url, body);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ ok: true });
    expect(calls).toEqual([{ id: '2expen51ve', paid: true }]);
  });

  it('verifies the raw bytes: equivalent JSON that was not signed is a 401', async () => {
    const { url, calls } = await start();
    const response = await fetch(url, { method: 'POST', headers: signedHeaders(body), body: JSON.stringify(JSON.parse(body), null, 1) });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(calls).toEqual([]);
  });

  it('answers 400 / 404 / 405 as problems', async () => {
    const { url, calls } = await start();
    expect((await sendSigned(url, '{"paid":"yes"}')).json).toMatchObject({ status: 400, errors: expect.any(Array) });
    expect((await sendSigned(url.replace('invoices', 'refunds'), body)).status).toBe(404);
    const wrongMethod = await sendSigned(url, body, { method: 'PATCH' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(calls).toEqual([]);
  });

  it('answers 413 to a streamed body over the limit (no content-length)', async () => {
    const { url, calls } = await start(256);
    const large = JSON.stringify({ description: 'x'.repeat(2048), paid: true });
    const chunks = new TextEncoder().encode(large);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < chunks.length; i += 128) controller.enqueue(chunks.slice(i, i + 128));
        controller.close();
      },
    });
    const response = await fetch(url, { method: 'POST', headers: signedHeaders(large), body: stream, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ status: 413 });
    expect(calls).toEqual([]);
  });
});

describe('the fetch API, called with a plain Request', () => {
  it('answers a Response', async () => {
    const { receiver, calls } = invoicesReceiver();
    const response = await receiver.fetch(new Request('https://receiver.example/events/invoices/2expen51ve', { method: 'POST', headers: signedHeaders(body), body }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(calls).toEqual([{ id: '2expen51ve', paid: true }]);
    const tampered = await receiver.fetch(new Request('https://receiver.example/events/invoices/2expen51ve', { method: 'POST', headers: signedHeaders(body), body: body.replace('true', 'false') }));
    expect(tampered.status).toBe(401);
    expect(calls).toHaveLength(1);
  });
});

describe('Express, with other body parsers', () => {
  it('uses a body that express.raw() already read', async () => {
    const { receiver, calls } = invoicesReceiver();
    const app = express();
    app.use(express.raw({ type: '*/*' }));
    app.use('/events', expressMiddleware(receiver));
    const server = await listen(app.listen(0, '127.0.0.1'));
    open.push(server);
    expect((await sendSigned(`${server.origin}/events/invoices/2expen51ve`, body)).status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it('says how to fix it when express.json() consumed the body first', async () => {
    const { receiver, calls } = invoicesReceiver();
    const app = express();
    app.use(express.json());
    app.use('/events', expressMiddleware(receiver));
    const server = await listen(app.listen(0, '127.0.0.1'));
    open.push(server);
    const response = await sendSigned(`${server.origin}/events/invoices/2expen51ve`, body);
    expect(response.status).toBe(500);
    expect(response.json).toMatchObject({ detail: expect.stringContaining('before') });
    expect(calls).toEqual([]);
  });

  it('leaves the rest of the app to its own parsers', async () => {
    const { receiver } = invoicesReceiver();
    const app = express();
    app.use('/events', expressMiddleware(receiver));
    app.use(express.json());
    app.post('/other', (req, res) => void res.json({ parsed: req.body }));
    const server = await listen(app.listen(0, '127.0.0.1'));
    open.push(server);
    const response = await fetch(`${server.origin}/other`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await response.json()).toEqual({ parsed: { a: 1 } });
  });
});

describe('Fastify, with other routes', () => {
  it('keeps their JSON parser outside the plugin', async () => {
    const { receiver } = invoicesReceiver();
    const app = Fastify();
    await app.register(fastifyPlugin(receiver), { prefix: '/events' });
    app.post('/other', async (request) => ({ parsed: request.body }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    open.push({ origin: '', port: 0, close: () => app.close() });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const response = await fetch(`http://127.0.0.1:${port}/other`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await response.json()).toEqual({ parsed: { a: 1 } });
  });

  it('receives at the prefix itself, routed by the event header', async () => {
    const { receiver: webhookReceiver } = invoicesReceiver();
    const app = Fastify();
    await app.register(fastifyPlugin(webhookReceiver), { prefix: '/events' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    open.push({ origin: '', port: 0, close: () => app.close() });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    // The route needs its {id}, which only the path gives: a 404 that says so, from the receiver.
    const response = await sendSigned(`http://127.0.0.1:${port}/events`, body, { headers: { 'boomerang-event': 'invoice_notification' } });
    expect(response).toMatchObject({ status: 404, json: { detail: expect.stringContaining('/invoices/{id}') } });
  });
});
