/**
 * The generated invoices server under random requests over real HTTP on 127.0.0.1: random methods,
 * paths, query values, headers, content types, bodies and sizes, and random bytes on a bare socket.
 * Whatever arrives, it answers no 5xx, every 4xx is an RFC 9457 problem, and the handler never sees
 * a request that does not match the operation. Bounded in runs and in time; FUZZ_SEED replays a run.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from '../../../tools/testing/raw-http.ts';
import { createServer } from '../src/generated/server.ts';

const runs = { http: 2_000, raw: 1_000 } as const;
const timeLimitMs = 25_000;
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** What the handler was given that the operation does not allow; each entry fails the run it came from. */
const violations: string[] = [];
let handled = 0;
/** The JSON each HTTP request sent, by its x-fuzz-id, to compare with what the handler got. */
const sent = new Map<string, unknown>();
const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** The handler gets what was sent, but for the one coercion JSON bodies have: a numeric string `total` as a number. */
function checkAgainstWhatWasSent(original: unknown, body: unknown): string[] {
  if (typeof original !== 'object' || original === null || typeof body !== 'object' || body === null) return [`body ${JSON.stringify(body)} for ${JSON.stringify(original)}`];
  const wrong: string[] = [];
  const given = original as Record<string, unknown>;
  const got = body as Record<string, unknown>;
  for (const key of new Set([...Object.keys(given), ...Object.keys(got)])) {
    const coerced = key === 'total' && typeof given[key] === 'string' && jsonNumber.test(given[key]) && got[key] === Number(given[key]);
    if (!coerced && JSON.stringify(given[key]) !== JSON.stringify(got[key])) wrong.push(`${key}: sent ${JSON.stringify(given[key])}, the handler got ${JSON.stringify(got[key])}`);
  }
  return wrong;
}

/** An independent, strict reading of the operation: POST /invoices, an Invoice body, an http(s) callback_url. */
function checkWhatTheHandlerSees(method: string, url: string, contentType: unknown, body: unknown, query: unknown): string[] {
  const wrong: string[] = [];
  if (method !== 'POST' || url.split('?')[0] !== '/invoices') wrong.push(`route ${method} ${url}`);
  if (typeof contentType !== 'string' || !/^application\/json\s*(;|$)/i.test(contentType)) wrong.push(`content-type ${String(contentType)}`);
  const invoice = body as Record<string, unknown> | null;
  if (typeof invoice !== 'object' || invoice === null || Array.isArray(invoice)) wrong.push(`body ${JSON.stringify(body)}`);
  else {
    if (typeof invoice.id !== 'string') wrong.push(`id ${JSON.stringify(invoice.id)}`);
    if (typeof invoice.customer !== 'string') wrong.push(`customer ${JSON.stringify(invoice.customer)}`);
    if (typeof invoice.total !== 'number' || !Number.isFinite(invoice.total)) wrong.push(`total ${JSON.stringify(invoice.total)}`);
    if (invoice.title !== undefined && typeof invoice.title !== 'string') wrong.push(`title ${JSON.stringify(invoice.title)}`);
  }
  const callbackUrl = (query as Record<string, unknown>).callback_url;
  if (callbackUrl !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(String(callbackUrl));
    } catch {
      wrong.push(`callback_url ${JSON.stringify(callbackUrl)} is not a URL`);
    }
    if (parsed && !['http:', 'https:'].includes(parsed.protocol)) wrong.push(`callback_url scheme ${parsed.protocol}`);
    if (parsed && /^(localhost|127\.|10\.|169\.254\.|\[::1\]|0\.0\.0\.0)/i.test(parsed.hostname)) wrong.push(`callback_url host ${parsed.hostname}`);
  }
  return wrong;
}

let server: FastifyInstance;
let port: number;
beforeAll(async () => {
  server = createServer({
    handlers: {
      create_invoice: ({ request, body, query }) => {
        handled++;
        violations.push(...checkWhatTheHandlerSees(request.method, request.url, request.headers['content-type'], body, query));
        const id = request.headers['x-fuzz-id'];
        if (typeof id === 'string' && sent.has(id)) violations.push(...checkAgainstWhatWasSent(sent.get(id), body));
        return { status: 200, body: { msg: 'Invoice received' } };
      },
    },
    // Sending is not under test: nothing here may leave 127.0.0.1, and no handler sends.
    callbacks: { secrets: [] },
  });
  const origin = await server.listen({ port: 0, host: '127.0.0.1' });
  port = Number(new URL(origin).port);
});
afterAll(() => server.close());

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders | Readonly<Record<string, string>>;
  readonly body: string;
}

/** The property every answer has: no 5xx, and a 4xx is a problem whose status is the answer's. */
function checkAnswer(answer: Answer, method: string): void {
  expect(answer.status, answer.body).toBeLessThan(500);
  if (answer.status < 400) return;
  expect(answer.headers['content-type'], `${answer.status} ${answer.body}`).toBe('application/problem+json; charset=utf-8');
  if (method === 'HEAD') return;
  const problem = JSON.parse(answer.body) as Record<string, unknown>;
  expect(problem).toMatchObject({ type: 'about:blank', status: answer.status });
  expect(typeof problem.title).toBe('string');
}

function send(method: string, path: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false, timeout: 10_000 }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') }));
      incoming.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer to ${method} ${path} within 10 s`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

// What a request is made of. Interesting values first, then anything.
const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/);
const method = fc.oneof(
  { weight: 5, arbitrary: fc.constant('POST') },
  { weight: 3, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND', 'SEARCH', 'QUERY', 'LINK', 'PURGE') },
  { weight: 1, arbitrary: token.map((t) => t.toUpperCase()) },
);
const urlText = fc.string({ unit: fc.constantFrom(...'abz09-._~!$&\'()*+,;=:@/?#[]%'.split('')), maxLength: 24 });
const callbackUrl = fc.oneof(
  fc.constantFrom(
    'https://client.example/events',
    'http://client.example:8080/events',
    'file:///etc/passwd',
    'gopher://client.example:70/_',
    'javascript:alert(1)',
    'data:text/plain,hi',
    'http://169.254.169.254/latest/meta-data',
    'http://127.0.0.1:1/',
    'http://0x7f.1/',
    'http://[::1]/',
    'http://localhost/',
    'http://10.0.0.1/',
    'http://0.0.0.0/',
    'https://user:pw@client.example/',
    'not a url',
    '',
  ),
  fc.webUrl(),
  fc.string({ maxLength: 40 }),
);
const query = fc.oneof(
  fc.constant(''),
  callbackUrl.map((u) => `?callback_url=${encodeURIComponent(u)}`),
  fc.tuple(callbackUrl, callbackUrl).map(([a, b]) => `?callback_url=${encodeURIComponent(a)}&callback_url=${encodeURIComponent(b)}`),
  urlText.map((q) => `?${q}`),
);
const path = fc.oneof(
  { weight: 6, arbitrary: fc.constant('/invoices') },
  { weight: 2, arbitrary: fc.constantFrom('/invoices/', '/', '/nothing', '/invoices/1', '/INVOICES', '//invoices', '/invoices/..', '/invoices%2F', '/%zz', '/invoices/%E0%A4%A', '/*') },
  { weight: 1, arbitrary: urlText.map((p) => `/${p.replace(/[?#]/g, '')}`) },
);
const contentType = fc.oneof(
  { weight: 5, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json;charset=latin1',
      'application/problem+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'application/xml',
      'garbage',
      '*/*',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.tuple(token, token).map(([a, b]) => `${a}/${b}`) },
);
const invoiceField = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('9999', '-1.5e3', '1e999', ' 12', '0x10', 'NaN', '..', '.', '/', '%2e%2e', '\uD800'));
const invoice = fc.record(
  { id: invoiceField, title: invoiceField, customer: invoiceField, total: invoiceField, extra: invoiceField },
  { requiredKeys: [] },
);
const validInvoice = fc.record({ id: fc.string(), customer: fc.string(), total: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer().map(String)) });
const body = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: fc.oneof(invoice, validInvoice).map((value) => Buffer.from(JSON.stringify(value))) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }).map((text) => Buffer.from(text)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 64 }).map((text) => Buffer.from(text)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
  // Around the 1 MiB body limit.
  { weight: 1, arbitrary: fc.integer({ min: 1024 * 1024 - 16, max: 1024 * 1024 + 16 }).map((size) => Buffer.from(`{"id":"${'x'.repeat(Math.max(0, size - 10))}"}`)) },
);
const headerValue = fc.string({ unit: fc.constantFrom(...'abcXYZ019 -_.,;=/:"\'()[]{}*%'.split('')), maxLength: 40 });
const extraHeaders = fc.dictionary(token.map((t) => `x-${t}`.toLowerCase()), headerValue, { maxKeys: 3 });
const anyRequest = fc.record({ method, path, query, type: fc.option(contentType, { nil: undefined }), body, extra: extraHeaders, chunked: fc.boolean() });
// Half the requests are nearly right (POST /invoices, JSON), so that many reach validation and the handler.
const nearlyValidRequest = fc.record({
  method: fc.constant('POST'),
  path: fc.constant('/invoices'),
  query,
  type: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
  body: fc.oneof(invoice, validInvoice).map((value) => Buffer.from(JSON.stringify(value))),
  extra: extraHeaders,
  chunked: fc.boolean(),
});
const request = fc.oneof(anyRequest, nearlyValidRequest);

describe('the invoices server under random requests', () => {
  it('answers every random HTTP request without a 5xx, every 4xx as a problem, and hands the handler only valid invoices', async () => {
    const started = Date.now();
    let count = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ method: m, path: p, query: q, type, body: payload, extra, chunked }) => {
        count++;
        const before = violations.length;
        const headers: Record<string, string> = { ...extra, ...(type === undefined ? {} : { 'content-type': type }), 'x-fuzz-id': String(count) };
        if (payload !== undefined) {
          try {
            sent.set(String(count), JSON.parse(payload.toString('utf8')));
          } catch {
            // Not JSON: it must never reach the handler, which checkWhatTheHandlerSees sees to.
          }
        }
        // A body goes with its length, or chunked; a GET or HEAD may carry one too.
        if (payload !== undefined && chunked) headers['transfer-encoding'] = 'chunked';
        const answer = await send(m, p + q, headers, payload);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        checkAnswer(answer, m);
        expect(violations.slice(before)).toEqual([]);
      }),
      { numRuns: runs.http, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false, ...(seed === undefined ? {} : { seed }) },
    );
    console.log(`fuzz (HTTP): ${count} requests in ${Date.now() - started} ms, ${handled} reached the handler; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(handled).toBeGreaterThan(0);
  }, 60_000);

  it('answers random bytes on a bare socket without a 5xx, and every 4xx as a problem', async () => {
    const started = Date.now();
    let count = 0;
    let answered = 0;
    const requestLine = fc.oneof(
      fc.tuple(fc.oneof(method, fc.string({ maxLength: 8 })), fc.oneof(path, fc.string({ maxLength: 20 })), fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'HTP/1.1', '')).map(([m, p, v]) => `${m} ${p} ${v}`),
      fc.string({ maxLength: 30 }),
      fc.integer({ min: 16_000, max: 20_000 }).map((size) => `GET /${'a'.repeat(size)} HTTP/1.1`),
    );
    const headerLine = fc.oneof(
      fc.constant('Host: 127.0.0.1'),
      fc.constantFrom('Content-Type: application/json', 'Transfer-Encoding: chunked', 'Content-Length: 10', 'Content-Length: -1', 'Content-Length: 1, 2', 'Connection: close', 'nocolon', ': empty name', 'X-A:\u0001'),
      fc.tuple(token, headerValue).map(([name, value]) => `${name}: ${value}`),
      fc.string({ maxLength: 30 }),
    );
    const smallBody = fc.oneof(fc.constant(''), fc.oneof(invoice, validInvoice).map((value) => JSON.stringify(value)), fc.string({ maxLength: 64 }));
    const raw = fc.tuple(requestLine, fc.array(headerLine, { maxLength: 5 }), smallBody, fc.option(fc.integer({ min: 0, max: 2_000 }), { nil: undefined }));
    await fc.assert(
      fc.asyncProperty(raw, async ([line, headerLines, payload, declaredLength]) => {
        count++;
        const before = violations.length;
        const lengthHeader = declaredLength === undefined ? [] : [`Content-Length: ${declaredLength}`];
        const bytes = Buffer.from(`${line}\r\n${[...headerLines, ...lengthHeader].join('\r\n')}\r\n\r\n${payload}`, 'latin1');
        const answer = await rawExchange(port, bytes, { idleMs: 1_000 });
        if (answer !== undefined) {
          answered++;
          checkAnswer(answer, line.split(' ')[0] ?? '');
        }
        expect(violations.slice(before)).toEqual([]);
      }),
      { numRuns: runs.raw, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false, ...(seed === undefined ? {} : { seed }) },
    );
    console.log(`fuzz (raw): ${count} requests in ${Date.now() - started} ms, ${answered} answered`);
    expect(answered).toBeGreaterThan(count / 2);
  }, 60_000);
});
