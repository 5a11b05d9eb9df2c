/**
 * The generated kitchen-sink and tic-tac-toe servers (the committed snapshots) on Node, as main.ts serves
 * them (@hono/node-server), over real HTTP on 127.0.0.1: what the fetch-level parity test cannot show
 * — TRACE, HEAD, bodies streamed without a length, bytes, what goes on the wire for a reply without a
 * body — and where this target differs from Fastify's on purpose.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { rawExchange } from '../../../tools/testing/raw-http.ts';
import { createServer as kitchenSink } from './__snapshots__/kitchen-sink/generated/server.ts';
import { createServer as tictactoe } from './__snapshots__/tictactoe/generated/server.ts';
import { kitchenSinkHandlers, order, tictactoeHandlers } from './handlers.ts';

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

async function listen(app: Hono): Promise<{ origin: string; port: number }> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  servers.push(server);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, port };
}

async function call(origin: string, method: string, path: string, init: RequestInit = {}) {
  const response = await fetch(origin + path, { method, ...init });
  return { status: response.status, type: response.headers.get('content-type'), length: response.headers.get('content-length'), headers: response.headers, text: await response.text() };
}

const json = { 'content-type': 'application/json' };

describe('the generated kitchen-sink server on @hono/node-server', async () => {
  const seen: unknown[] = [];
  const handlers = kitchenSinkHandlers(seen);
  const { origin, port } = await listen(
    kitchenSink({
      // A member the reply schema does not document.
      handlers: { ...handlers, getOrdersByOrderId: () => ({ status: 200, body: { ...order, internal: 'not documented' } as typeof order }) },
      bodyLimit: 1_000,
    }),
  );

  it('sends a member the reply schema does not document (Fastify serializes replies by their schema, and drops it)', async () => {
    const read = await call(origin, 'GET', `/orders/${order.id}`);
    expect(read).toMatchObject({ status: 200, type: 'application/json; charset=utf-8' });
    expect(JSON.parse(read.text)).toEqual({ ...order, internal: 'not documented' });
  });

  it('takes bytes as a Uint8Array, and a body streamed without a length up to the limit (413 past it)', async () => {
    seen.length = 0;
    expect((await call(origin, 'PUT', `/orders/${order.id}/attachments/label.pdf`, { headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([1, 2, 3, 4]) })).status).toBe(201);
    expect(seen).toEqual([{ params: { orderId: order.id, name: 'label.pdf' }, body: new Uint8Array([1, 2, 3, 4]) }]);

    const streamed = (size: number) => ({ headers: json, duplex: 'half', body: new Blob([JSON.stringify({ ...order, note: 'x'.repeat(size) })]).stream() }) as RequestInit;
    expect((await call(origin, 'POST', '/orders?callback_url=https://client.example/hooks', streamed(10))).status).toBe(201);
    expect(await call(origin, 'POST', '/orders?callback_url=https://client.example/hooks', streamed(2_000))).toMatchObject({ status: 413, type: 'application/problem+json; charset=utf-8' });
  });

  it('serves the HEAD, OPTIONS and TRACE operations of a path that has no GET', async () => {
    expect(await call(origin, 'HEAD', '/health')).toMatchObject({ status: 200, text: '' });
    const options = await call(origin, 'OPTIONS', '/health');
    expect({ status: options.status, allow: options.headers.get('allow') }).toEqual({ status: 204, allow: 'HEAD, OPTIONS, TRACE' });
    // fetch does not send TRACE.
    const trace = await rawExchange(port, 'TRACE /health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect({ status: trace?.status, type: trace?.headers['content-type'], body: trace?.body }).toEqual({ status: 200, type: 'message/http', body: 'TRACE /health HTTP/1.1' });
    const get = await call(origin, 'GET', '/health');
    expect({ status: get.status, allow: get.headers.get('allow') }).toEqual({ status: 405, allow: 'HEAD, OPTIONS, TRACE' });
  });
});

describe('the generated tic-tac-toe server on @hono/node-server', async () => {
  const { origin } = await listen(tictactoe({ handlers: tictactoeHandlers([]) }));

  it('sends a mark, a JSON string, as a JSON string', async () => {
    expect(await call(origin, 'GET', '/board/2/2')).toMatchObject({ status: 200, type: 'application/json; charset=utf-8', text: '"O"' });
  });

  it('sends no body for a documented response that has none: a length of 0, not null', async () => {
    // @hono/node-server gives every response a content type, one without a body too (the fetch handler gives none).
    expect(await call(origin, 'PUT', '/board/1/1', { headers: json, body: '"O"' })).toMatchObject({ status: 409, type: 'text/plain; charset=UTF-8', length: '0', text: '' });
  });
});
