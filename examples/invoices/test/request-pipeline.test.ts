/**
 * What the generated invoices server refuses, how, and in which order, over real HTTP on 127.0.0.1:
 * the coercion rules, Fastify's own errors as problem details, route → media type → body, and the
 * callback URL checked when the request arrives.
 */
import type { CallbackSenderOptions } from '@boomerang/runtime';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { rawExchange, type RawResponse } from '../../../tools/testing/raw-http.ts';
import { createServer } from '../src/generated/server.ts';

const invoice = { id: '2expen51ve', customer: 'Mr. Richie Rich', total: 9999 };
const problemType = 'application/problem+json; charset=utf-8';

let server: FastifyInstance | undefined;
let seen: { body: unknown; query: unknown }[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  seen = [];
});

/** The generated server with a handler that records what it was given. */
async function start(options: { callbacks?: CallbackSenderOptions; fastify?: FastifyServerOptions } = {}): Promise<{ origin: string; port: number }> {
  server = createServer({
    handlers: {
      create_invoice: ({ body, query }) => {
        seen.push({ body, query });
        return { status: 200, body: { msg: 'Invoice received' } };
      },
    },
    ...options,
  });
  const origin = await server.listen({ port: 0, host: '127.0.0.1' });
  return { origin, port: Number(new URL(origin).port) };
}

async function send(origin: string, method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(origin + path, { method, ...init });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), allow: response.headers.get('allow'), body: text === '' ? undefined : (JSON.parse(text) as any) };
}

const json = { 'content-type': 'application/json' };

describe('coercion of JSON bodies: numeric strings to numbers, nothing else', () => {
  const accepted: [string, { given: object; total: number }][] = [
    ['"9999" (FastAPI\'s example)', { given: { ...invoice, total: '9999' }, total: 9999 }],
    ['"-12.5e1"', { given: { ...invoice, total: '-12.5e1' }, total: -125 }],
    ['a number', { given: { ...invoice, total: 12.5 }, total: 12.5 }],
  ];
  it.each(accepted)('accepts %s as the number the schema says', async (_name, { given, total }) => {
    const { origin } = await start();
    expect((await send(origin, 'POST', '/invoices', { body: JSON.stringify(given), headers: json })).status).toBe(200);
    expect(seen).toEqual([{ body: { ...invoice, total }, query: {} }]);
  });

  const refused: [string, { given: object; error: object }][] = [
    ['"id": null', { given: { ...invoice, id: null }, error: { in: 'body', path: '/id', message: 'must be string' } }],
    ['"total": null', { given: { ...invoice, total: null }, error: { in: 'body', path: '/total', message: 'must be number' } }],
    ['"total": true', { given: { ...invoice, total: true }, error: { in: 'body', path: '/total', message: 'must be number' } }],
    ['"id": true', { given: { ...invoice, id: true }, error: { in: 'body', path: '/id', message: 'must be string' } }],
    ['"customer": 5 (numbers are not strings)', { given: { ...invoice, customer: 5 }, error: { in: 'body', path: '/customer', message: 'must be string' } }],
    ['"total": [5] (no unwrapping)', { given: { ...invoice, total: [5] }, error: { in: 'body', path: '/total', message: 'must be number' } }],
    ['"total": ""', { given: { ...invoice, total: '' }, error: { in: 'body', path: '/total', message: 'must be number' } }],
    ['"total": " 12"', { given: { ...invoice, total: ' 12' }, error: { in: 'body', path: '/total', message: 'must be number' } }],
    ['"total": "0x10"', { given: { ...invoice, total: '0x10' }, error: { in: 'body', path: '/total', message: 'must be number' } }],
    ['"total": "Infinity"', { given: { ...invoice, total: 'Infinity' }, error: { in: 'body', path: '/total', message: 'must be number' } }],
    ['"total": "1e999"', { given: { ...invoice, total: '1e999' }, error: { in: 'body', path: '/total', message: 'must be number' } }],
  ];
  it.each(refused)('refuses %s with a 400 problem, and the handler never sees it', async (_name, { given, error }) => {
    const { origin } = await start();
    const answer = await send(origin, 'POST', '/invoices', { body: JSON.stringify(given), headers: json });
    expect(answer).toMatchObject({ status: 400, type: problemType, body: { status: 400, errors: [error] } });
    expect(seen).toEqual([]);
  });
});

describe('the order of checks: route and method, then media type, then body', () => {
  const cases: [string, { method: string; path: string; init?: { body?: string; headers?: Record<string, string> }; status: number; allow?: string; detail: string }][] = [
    ['DELETE /invoices with a JSON content type and no body', { method: 'DELETE', path: '/invoices', init: { headers: json }, status: 405, allow: 'POST', detail: '/invoices does not accept DELETE; it accepts POST.' }],
    ['PUT /invoices with malformed JSON', { method: 'PUT', path: '/invoices', init: { body: '{"id":', headers: json }, status: 405, allow: 'POST', detail: '/invoices does not accept PUT; it accepts POST.' }],
    ['DELETE /invoices/ (another path) with a JSON content type and no body', { method: 'DELETE', path: '/invoices/', init: { headers: json }, status: 404, detail: 'No route matches DELETE /invoices/.' }],
    ['POST /nothing with malformed JSON', { method: 'POST', path: '/nothing', init: { body: '{"id":', headers: json }, status: 404, detail: 'No route matches POST /nothing.' }],
    ['POST /nothing with a body over the limit', { method: 'POST', path: '/nothing', init: { body: 'x'.repeat(2 * 1024 * 1024), headers: json }, status: 404, detail: 'No route matches POST /nothing.' }],
    ['POST /nothing with a content type nobody parses', { method: 'POST', path: '/nothing', init: { body: '<a/>', headers: { 'content-type': 'application/xml' } }, status: 404, detail: 'No route matches POST /nothing.' }],
    ['a text/plain body to the JSON operation', { method: 'POST', path: '/invoices', init: { body: JSON.stringify(invoice), headers: { 'content-type': 'text/plain' } }, status: 415, detail: 'POST /invoices takes application/json, not text/plain.' }],
    ['an application/xml body', { method: 'POST', path: '/invoices', init: { body: '<invoice/>', headers: { 'content-type': 'application/xml' } }, status: 415, detail: 'POST /invoices takes application/json, not application/xml.' }],
    ['a body without a content type', { method: 'POST', path: '/invoices', init: { body: JSON.stringify(invoice), headers: { 'content-type': '' } }, status: 415, detail: 'POST /invoices takes application/json; the request does not say what its body is.' }],
    ['malformed JSON to the JSON operation', { method: 'POST', path: '/invoices', init: { body: '{"id":', headers: json }, status: 400, detail: 'The request body is not valid JSON.' }],
    ['no body at all', { method: 'POST', path: '/invoices', init: { headers: json }, status: 400, detail: 'POST /invoices needs a request body (application/json).' }],
  ];
  it.each(cases)('%s', async (_name, { method, path, init, status, allow, detail }) => {
    const { origin } = await start();
    const answer = await send(origin, method, path, init);
    expect(answer).toMatchObject({ status, type: problemType, body: { type: 'about:blank', status, detail } });
    expect(answer.allow).toBe(allow ?? null);
    expect(seen).toEqual([]);
  });

  it('takes a JSON body whose content type has parameters, in any case', async () => {
    const { origin } = await start();
    expect((await send(origin, 'POST', '/invoices', { body: JSON.stringify(invoice), headers: { 'content-type': 'Application/JSON; charset=UTF-8' } })).status).toBe(200);
    expect(seen).toHaveLength(1);
  });
});

describe("Fastify's own refusals are problem details too", () => {
  /** The parsed problem of a raw response, after checking that it is one. */
  function problemOf(response: RawResponse | undefined, status: number): Record<string, unknown> {
    expect(response).toBeDefined();
    expect(response!.status).toBe(status);
    expect(response!.headers['content-type']).toBe(problemType);
    const body = JSON.parse(response!.body) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'about:blank', status });
    return body;
  }

  const cases: [string, { request: string; status: number; detail: string }][] = [
    ['bad percent-encoding in the path', { request: 'GET /invoices/%zz HTTP/1.1\r\nHost: x\r\n\r\n', status: 400, detail: 'The request URL is not valid: "/invoices/%zz" has a malformed percent-encoding.' }],
    ['a URL over the header limit', { request: `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, status: 431, detail: 'The request line and headers are larger than this server accepts.' }],
    ['an HTTP/1.1 request without a Host header', { request: `POST /invoices HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`, status: 400, detail: 'An HTTP/1.1 request must have a Host header.' }],
    ['a garbage request line', { request: 'GARBAGE\r\n\r\n', status: 400, detail: 'The request is not valid HTTP/1.1.' }],
    ['a header without a colon', { request: 'GET /invoices HTTP/1.1\r\nHost: x\r\nnocolon\r\n\r\n', status: 400, detail: 'The request is not valid HTTP/1.1.' }],
    ['an unknown method', { request: 'FOO /invoices HTTP/1.1\r\nHost: x\r\n\r\n', status: 400, detail: 'The request is not valid HTTP/1.1.' }],
    ['a content-length larger than the body', { request: `POST /invoices HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n${JSON.stringify(invoice)}`, status: 400, detail: 'The request ended before its body did.' }],
  ];
  it.each(cases)('%s', async (_name, { request, status, detail }) => {
    const { port } = await start();
    expect(problemOf(await rawExchange(port, request), status).detail).toBe(detail);
    expect(seen).toEqual([]);
  });

  it('a body that stops short of its content-length, past the request timeout, is a 408', async () => {
    // Node checks the timeouts every connectionsCheckingInterval, and only when headersTimeout is not the longer.
    const { port } = await start({ fastify: { requestTimeout: 300, http: { connectionsCheckingInterval: 50, headersTimeout: 300 } } as FastifyServerOptions });
    const request = `POST /invoices HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id":`;
    expect(problemOf(await rawExchange(port, request, { end: false, idleMs: 3_000 }), 408).detail).toBe('The request did not arrive in time.');
  });
});

describe('the callback URL, checked when the request arrives', () => {
  const refused: [string, string][] = [
    ['file:///etc/passwd', 'must be an http or https URL, not file:'],
    ['gopher://example.com:70/_', 'must be an http or https URL, not gopher:'],
    ['javascript:alert(1)', 'must be an http or https URL, not javascript:'],
    ['data:text/plain,hello', 'must be an http or https URL, not data:'],
    ['http://169.254.169.254/latest/meta-data', 'must not point to a link-local address (169.254.169.254)'],
    ['http://127.0.0.1:8080/events', 'must not point to a loopback address (127.0.0.1)'],
    ['http://[::1]/events', 'must not point to a loopback address (::1)'],
    ['http://0x7f.1/events', 'must not point to a loopback address (127.0.0.1)'],
    ['http://localhost:8080/events', 'must not point to the local machine (localhost)'],
    ['http://10.0.0.7/events', 'must not point to a private address (10.0.0.7)'],
    ['https://user:secret@client.example/events', 'must not carry credentials (user:password@)'],
  ];
  it.each(refused)('refuses callback_url=%s with a 400 naming the parameter', async (target, message) => {
    const { origin } = await start();
    const answer = await send(origin, 'POST', `/invoices?callback_url=${encodeURIComponent(target)}`, { body: JSON.stringify(invoice), headers: json });
    expect(answer).toEqual({
      status: 400,
      type: problemType,
      allow: null,
      body: { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The callback URL this request gives would be refused when the callback is sent.', errors: [{ in: 'query', path: '/callback_url', message }] },
    });
    expect(seen).toEqual([]);
  });

  it('accepts a public name without resolving it (DNS is checked when the callback is sent)', async () => {
    const { origin } = await start();
    expect((await send(origin, 'POST', '/invoices?callback_url=https://client.invalid/events', { body: JSON.stringify(invoice), headers: json })).status).toBe(200);
    expect(seen).toEqual([{ body: invoice, query: { callback_url: 'https://client.invalid/events' } }]);
  });

  it('accepts the hosts and networks the operator allowed', async () => {
    const { origin } = await start({ callbacks: { policy: { allowHosts: ['127.0.0.1', 'localhost'], allowPrivateNetworks: true } } });
    for (const target of ['http://127.0.0.1:8080/events', 'http://localhost:8080/events', 'http://10.0.0.7/events']) {
      expect((await send(origin, 'POST', `/invoices?callback_url=${encodeURIComponent(target)}`, { body: JSON.stringify(invoice), headers: json })).status).toBe(200);
    }
    expect(seen).toHaveLength(3);
    const stillRefused = await send(origin, 'POST', `/invoices?callback_url=${encodeURIComponent('http://169.254.169.254/')}`, { body: JSON.stringify(invoice), headers: json });
    expect(stillRefused.status).toBe(400);
  });
});
