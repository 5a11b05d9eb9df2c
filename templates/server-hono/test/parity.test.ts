/**
 * The two server targets, generated from the same definitions (the committed snapshots of server-fastify
 * and server-hono), given the same requests — Fastify through `inject`, Hono through `fetch` — answer
 * the same: status, content type, `Allow`, the body (problems included, member for member), and what
 * each handler was given. Where the targets differ on purpose (Fastify's response serialization drops
 * undocumented members), the handlers here return documented bodies only.
 */
import type { FastifyInstance } from 'fastify';
import type { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createServer as fastifyInvoices } from '../../server-fastify/test/__snapshots__/invoices/generated/server.ts';
import { createServer as fastifyKitchenSink } from '../../server-fastify/test/__snapshots__/kitchen-sink/generated/server.ts';
import { createServer as fastifyTictactoe } from '../../server-fastify/test/__snapshots__/tictactoe/generated/server.ts';
import { createServer as honoInvoices } from './__snapshots__/invoices/generated/server.ts';
import { createServer as honoKitchenSink } from './__snapshots__/kitchen-sink/generated/server.ts';
import { createServer as honoTictactoe } from './__snapshots__/tictactoe/generated/server.ts';
import { invoiceHandlers, kitchenSinkHandlers, order, orderId, tictactoeHandlers } from './handlers.ts';

interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly allow: string | null;
  readonly location: string | null;
  /** Parsed when the content type is JSON, else the text. */
  readonly body: unknown;
}

/** The content-length a client sends with a body (fetch's `Request` does not add one). */
function headersOf(exchange: Exchange): Record<string, string> {
  return { ...(exchange.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(exchange.body)) }), ...exchange.headers };
}

function answerOf(status: number, header: (name: string) => string | null, text: string): Answer {
  const type = header('content-type');
  return { status, type, allow: header('allow'), location: header('location'), body: type !== null && /json/.test(type) && text !== '' ? JSON.parse(text) : text };
}

async function viaFastify(app: FastifyInstance, exchange: Exchange): Promise<Answer> {
  const response = await app.inject({ method: exchange.method as 'GET', url: exchange.path, headers: headersOf(exchange), ...(exchange.body === undefined ? {} : { payload: exchange.body }) });
  return answerOf(response.statusCode, (name) => (response.headers[name] === undefined ? null : String(response.headers[name])), response.body);
}

async function viaHono(app: Hono, exchange: Exchange): Promise<Answer> {
  const response = await app.fetch(new Request(`http://localhost${exchange.path}`, { method: exchange.method, headers: headersOf(exchange), ...(exchange.body === undefined ? {} : { body: exchange.body }) }));
  return answerOf(response.status, (name) => response.headers.get(name), await response.text());
}

/** What a handler was given, comparable across targets (Fastify's bodies of bytes are Buffers, Hono's Uint8Arrays). */
function comparable(value: unknown): unknown {
  // The holder's own member, before Buffer's toJSON turns it into `{ type: 'Buffer', data }`.
  return JSON.parse(JSON.stringify(value, function (this: Record<string, unknown>, key, member: unknown) {
    const own = this[key];
    return own instanceof Uint8Array ? { bytes: [...own] } : member;
  }));
}

interface Servers<H> {
  readonly fastify: (options: { readonly handlers: H }) => FastifyInstance;
  readonly hono: (options: { readonly handlers: H }) => Hono;
}

/** Runs `cases` on both targets, each with handlers of its own (`handlersFor`, with its own record of what they saw). */
function parity<H>(name: string, cases: readonly [string, Exchange][], servers: Servers<H>, handlersFor: (seen: unknown[]) => H): void {
  describe(name, () => {
    it.each(cases)('%s', async (_case, exchange) => {
      const fastifySeen: unknown[] = [];
      const honoSeen: unknown[] = [];
      const fastify = servers.fastify({ handlers: handlersFor(fastifySeen) });
      const want = await viaFastify(fastify, exchange);
      const got = await viaHono(servers.hono({ handlers: handlersFor(honoSeen) }), exchange);
      expect(got).toEqual(want);
      expect(comparable(honoSeen)).toEqual(comparable(fastifySeen));
      await fastify.close();
    });
  });
}

const json = { 'content-type': 'application/json' };
const invoice = { id: '2expen51ve', customer: 'Mr. Richie Rich', total: 9999 };
const post = (body: string, headers: Record<string, string> = json, path = '/invoices'): Exchange => ({ method: 'POST', path, headers, body });

parity(
  'invoices',
  [
    ['a valid invoice', post(JSON.stringify(invoice))],
    ['a total given as "9999" (FastAPI\'s example): coerced', post(JSON.stringify({ ...invoice, total: '9999' }))],
    ['"total": true', post(JSON.stringify({ ...invoice, total: true }))],
    ['"id": null', post(JSON.stringify({ ...invoice, id: null }))],
    ['several issues at once', post(JSON.stringify({ id: 5 }))],
    ['"total": "0x10"', post(JSON.stringify({ ...invoice, total: '0x10' }))],
    ['an undeclared member', post(JSON.stringify({ ...invoice, extra: true }))],
    ['a JSON body with parameters and odd case', post(JSON.stringify(invoice), { 'content-type': 'Application/JSON; charset=UTF-8' })],
    ['a byte order mark before the JSON', post(`\uFEFF${JSON.stringify(invoice)}`)],
    ['malformed JSON', post('{"id":')],
    ['a __proto__ member', post('{"id":"a","customer":"b","total":1,"__proto__":{"admin":true}}')],
    ['a constructor.prototype member', post('{"id":"a","customer":"b","total":1,"constructor":{"prototype":{"admin":true}}}')],
    ['no body at all', { method: 'POST', path: '/invoices', headers: json }],
    ['a text/plain body', post(JSON.stringify(invoice), { 'content-type': 'text/plain' })],
    ['an application/xml body', post('<invoice/>', { 'content-type': 'application/xml' })],
    ['a body without a content type', post(JSON.stringify(invoice), { 'content-type': '' })],
    ['a content type that is not a media type', post('{}', { 'content-type': 'json' })],
    ['a body over the limit', post(JSON.stringify({ ...invoice, title: 'x'.repeat(1024 * 1024) }))],
    ['an unknown path', { method: 'GET', path: '/nothing' }],
    ['a path with a malformed percent-encoding', { method: 'GET', path: '/nothing/%zz' }],
    ['an unknown path with malformed JSON', post('{"id":', json, '/nothing')],
    ['an unknown path with a body over the limit', post('x'.repeat(2 * 1024 * 1024), json, '/nothing')],
    ['a trailing slash', { method: 'DELETE', path: '/invoices/', headers: json }],
    ['another method', { method: 'DELETE', path: '/invoices', headers: json }],
    ['another method with malformed JSON', { method: 'PUT', path: '/invoices', headers: json, body: '{"id":' }],
    ['GET', { method: 'GET', path: '/invoices?callback_url=x' }],
    ['HEAD', { method: 'HEAD', path: '/invoices' }],
    ['OPTIONS', { method: 'OPTIONS', path: '/invoices' }],
    ['a callback_url that is not a URL', post(JSON.stringify(invoice), json, '/invoices?callback_url=not%20a%20url')],
    ['a callback_url on a loopback address', post(JSON.stringify(invoice), json, `/invoices?callback_url=${encodeURIComponent('http://127.0.0.1:8080/events')}`)],
    ['a callback_url with another scheme', post(JSON.stringify(invoice), json, `/invoices?callback_url=${encodeURIComponent('file:///etc/passwd')}`)],
    ['a public callback_url', post(JSON.stringify(invoice), json, `/invoices?callback_url=${encodeURIComponent('https://client.invalid/events')}`)],
    ['a repeated query parameter', post(JSON.stringify(invoice), json, '/invoices?callback_url=https://a.invalid/&callback_url=https://b.invalid/')],
    ['a ProblemError thrown by the handler', post(JSON.stringify({ ...invoice, id: 'problem' }))],
    ['an error thrown by the handler', post(JSON.stringify({ ...invoice, id: 'crash' }))],
    ['a 4xx error marked expose', post(JSON.stringify({ ...invoice, id: 'teapot' }))],
    ['a 4xx error not marked expose', post(JSON.stringify({ ...invoice, id: 'secret' }))],
    ["a documented reply with the handler's headers", post(JSON.stringify({ ...invoice, id: 'refused' }))],
  ],
  { fastify: fastifyInvoices, hono: honoInvoices },
  invoiceHandlers,
);

const hooks = `/orders?callback_url=${encodeURIComponent('https://client.example/hooks')}`;
const form = { 'content-type': 'application/x-www-form-urlencoded' };

parity(
  'kitchen-sink',
  [
    ['an order, with a location header', post(JSON.stringify(order), json, hooks)],
    ['a query boolean and a header, coerced and passed', { ...post(JSON.stringify(order), { ...json, 'x-request-id': 'r-1' }, `${hooks}&dry_run=true`) }],
    ['a query boolean that is not one', post(JSON.stringify(order), json, `${hooks}&dry_run=maybe`)],
    ['a nested named schema that fails', post(JSON.stringify({ ...order, items: [{ ...order.items[0], price: { amount: 1, currency: 'GBP' } }] }), json, hooks)],
    ['a member whose name needs escaping', post(JSON.stringify({ ...order, 'a/b~c': 5 }), json, hooks)],
    ['a missing required query parameter', post(JSON.stringify(order), json, '/orders')],
    ['the body is checked before the query', post(JSON.stringify({ ...order, id: 'x' }), json, '/orders')],
    ['a header that is not a URL', post(JSON.stringify(order), { ...json, 'x-callback-url': 'nope' }, hooks)],
    ['a header callback URL on a private address', post(JSON.stringify(order), { ...json, 'x-callback-url': 'http://10.0.0.7/events' }, hooks)],
    ['a range reply (4XX)', post(JSON.stringify({ ...order, note: 'conflict' }), json, hooks)],
    ['the default reply', post(JSON.stringify({ ...order, note: 'down' }), json, hooks)],
    ['a path parameter', { method: 'GET', path: `/orders/${orderId}` }],
    ['a path parameter that fails its format', { method: 'GET', path: '/orders/not-a-uuid' }],
    ['a path parameter with a malformed percent-encoding', { method: 'GET', path: '/orders/%E0%A4%A' }],
    ['a path parameter with an encoded slash', { method: 'GET', path: '/orders/a%2Fb' }],
    ['a documented 404', { method: 'GET', path: '/orders/00000000-0000-4000-8000-000000000001' }],
    ['form fields', { method: 'PATCH', path: `/orders/${orderId}`, headers: form, body: 'note=leave+at+door&other=x' }],
    ['form fields that fail', { method: 'PATCH', path: `/orders/${orderId}`, headers: form, body: 'other=x' }],
    ['JSON where form fields are wanted', { method: 'PATCH', path: `/orders/${orderId}`, headers: json, body: '{"note":"x"}' }],
    ['a bad path parameter and a bad body: the parameter first', { method: 'PATCH', path: '/orders/nope', headers: form, body: 'other=x' }],
    ['no body, with a form content type', { method: 'PATCH', path: `/orders/${orderId}`, headers: form }],
    ['a delete', { method: 'DELETE', path: `/orders/${orderId}` }],
    ['a delete with a content type and no body', { method: 'DELETE', path: `/orders/${orderId}`, headers: { 'content-type': 'application/xml' } }],
    ['a delete with a body', { method: 'DELETE', path: `/orders/${orderId}`, headers: json, body: '{}' }],
    ['bytes', { method: 'PUT', path: `/orders/${orderId}/attachments/label.pdf`, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([1, 2, 3, 4]) }],
    ['bytes of another media type', { method: 'PUT', path: `/orders/${orderId}/attachments/x`, headers: { 'content-type': 'image/png' }, body: 'x' }],
    ['text', { method: 'POST', path: `/orders/${orderId}/notes`, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'fragile' }],
    ['text over its maxLength', { method: 'POST', path: `/orders/${orderId}/notes`, headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(1001) }],
    ['HEAD of a HEAD operation', { method: 'HEAD', path: '/health' }],
    ['GET where only HEAD, OPTIONS and TRACE are', { method: 'GET', path: '/health' }],
    ['OPTIONS with an Allow of its own', { method: 'OPTIONS', path: '/health' }],
    // TRACE is not here: a fetch `Request` cannot have that method (kitchen-sink-server.test.ts sends it over HTTP).
    ['POST where a GET-only path has other methods', { method: 'POST', path: `/orders/${orderId}` }],
  ],
  { fastify: fastifyKitchenSink, hono: honoKitchenSink },
  kitchenSinkHandlers,
);

parity(
  'tictactoe',
  [
    ['the board', { method: 'GET', path: '/board' }],
    ['HEAD of a GET operation', { method: 'HEAD', path: '/board' }],
    ['a square: a JSON string; integer path parameters', { method: 'GET', path: '/board/2/2' }],
    ['a path parameter out of range', { method: 'GET', path: '/board/4/1' }],
    ['a path parameter that is not an integer', { method: 'GET', path: '/board/1.5/1' }],
    ['a JSON string body', { method: 'PUT', path: '/board/3/3', headers: json, body: '"X"' }],
    ['a numeric string where a string is wanted', { method: 'PUT', path: '/board/3/3', headers: json, body: '"1"' }],
    ['a JSON string outside the enum', { method: 'PUT', path: '/board/3/2', headers: json, body: '"Z"' }],
    ['a string that is not JSON', { method: 'PUT', path: '/board/3/2', headers: json, body: 'X' }],
    ['a documented reply without a body', { method: 'PUT', path: '/board/1/1', headers: json, body: '"O"' }],
    ['another method on a GET path', { method: 'DELETE', path: '/board' }],
    ['another method on a GET and PUT path', { method: 'POST', path: '/board/1/1' }],
  ],
  { fastify: fastifyTictactoe, hono: honoTictactoe },
  tictactoeHandlers,
);
