import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { installProblemDetails, problem, ProblemError, type ProblemDetailsOptions } from '../src/problem-details.ts';

describe('problem', () => {
  const cases: [string, { given: Parameters<typeof problem>[0]; want: object }][] = [
    ['defaults: about:blank and the reason phrase', { given: { status: 404 }, want: { type: 'about:blank', title: 'Not Found', status: 404 } }],
    ['all members, in RFC order', { given: { instance: '/i/1', detail: 'd', title: 't', type: 'https://e.test/p', status: 409 }, want: { type: 'https://e.test/p', title: 't', status: 409, detail: 'd', instance: '/i/1' } }],
    ['extensions are kept', { given: { status: 422, errors: [{ path: '/a' }], balance: 30 }, want: { type: 'about:blank', title: 'Unprocessable Entity', status: 422, errors: [{ path: '/a' }], balance: 30 } }],
    ['an unknown status has a title too', { given: { status: 599 }, want: { type: 'about:blank', title: 'Status 599', status: 599 } }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    const made = problem(given);
    expect(made).toEqual(want);
    expect(Object.keys(made)).toEqual(Object.keys(want));
  });

  it.each([99, 600, 404.5, Number.NaN])('refuses the status %s', (status) => {
    expect(() => problem({ status })).toThrow(RangeError);
  });
});

describe('installProblemDetails', () => {
  let app: FastifyInstance | undefined;
  let logLines: string[] = [];
  afterEach(async () => {
    await app?.close();
    app = undefined;
    logLines = [];
  });

  /** A real server on 127.0.0.1:0 with problem details installed before its routes. */
  async function start(options?: ProblemDetailsOptions): Promise<string> {
    const server = Fastify({ logger: { level: 'error', stream: { write: (line: string) => void logLines.push(line) } } });
    app = server;
    installProblemDetails(server, options);
    server.get('/invoices', { schema: { querystring: { type: 'object', properties: { limit: { type: 'integer' } } } } }, async () => []);
    server.post('/invoices', { schema: { body: { type: 'object', required: ['amount'], properties: { amount: { type: 'integer' } } } } }, async (request) => request.body);
    server.get('/invoices/:id', { schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]+$' } } } } }, async () => ({}));
    server.get('/secure', { schema: { headers: { type: 'object', required: ['x-api-key'] } } }, async () => ({}));
    server.post('/small', { bodyLimit: 5 }, async () => ({}));
    server.post('/big', { bodyLimit: 1000 }, async () => ({}));
    server.get('/crash', async () => {
      throw new Error('connection to postgres://admin:hunter2@db failed');
    });
    server.get('/problem', async () => {
      throw new ProblemError({ status: 402, detail: 'Your balance is 30, but that costs 50.', type: 'https://example.test/probs/out-of-credit', balance: 30 });
    });
    server.get('/exposed', async () => {
      throw Object.assign(new Error('Invoice 7 is already paid.'), { statusCode: 409, expose: true });
    });
    server.get('/unexposed', async () => {
      throw Object.assign(new Error('row lock on invoices(7) held by pid 4242'), { statusCode: 409 });
    });
    return server.listen({ port: 0, host: '127.0.0.1' });
  }

  async function call(base: string, method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
    const response = await fetch(base + path, { method, ...init });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type'), allow: response.headers.get('allow'), text, body: JSON.parse(text) as Record<string, unknown> };
  }

  const json = { 'content-type': 'application/json' };

  it('answers a body that fails its schema with 400 and the issues', async () => {
    const base = await start();
    const answer = await call(base, 'POST', '/invoices', { body: '{"amount":"ten"}', headers: json });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe('application/problem+json; charset=utf-8');
    expect(answer.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ in: 'body', path: '/amount', message: 'must be integer' }] });
  });

  const partCases: [string, { method: string; path: string; init?: { body?: string; headers?: Record<string, string> }; want: object }][] = [
    ['a missing body field', { method: 'POST', path: '/invoices', init: { body: '{}', headers: json }, want: { in: 'body', path: '/amount', message: "must have required property 'amount'" } }],
    ['a query parameter', { method: 'GET', path: '/invoices?limit=many', want: { in: 'query', path: '/limit', message: 'must be integer' } }],
    ['a path parameter', { method: 'GET', path: '/invoices/abc', want: { in: 'params', path: '/id', message: 'must match pattern "^[0-9]+$"' } }],
    ['a header', { method: 'GET', path: '/secure', want: { in: 'headers', path: '/x-api-key', message: "must have required property 'x-api-key'" } }],
  ];
  it.each(partCases)('names where the issue is: %s', async (_name, { method, path, init, want }) => {
    const base = await start();
    const answer = await call(base, method, path, init);
    expect(answer.status).toBe(400);
    expect(answer.body['errors']).toEqual([want]);
  });

  it('answers malformed JSON with 400', async () => {
    const base = await start();
    const answer = await call(base, 'POST', '/invoices', { body: '{"amount":', headers: json });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ title: 'Bad Request', detail: 'The request body is not valid JSON.' });
  });

  it('answers an unknown route with 404', async () => {
    const base = await start();
    const answer = await call(base, 'GET', '/nowhere?x=1');
    expect(answer).toMatchObject({ status: 404, contentType: 'application/problem+json; charset=utf-8', allow: null });
    expect(answer.body).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No route matches GET /nowhere.' });
  });

  const methodCases: [string, { method: string; path: string; allow: string }][] = [
    ['a static path', { method: 'DELETE', path: '/invoices', allow: 'GET, HEAD, POST' }],
    ['a parametric path', { method: 'PUT', path: '/invoices/42', allow: 'GET, HEAD' }],
    ['with a query string', { method: 'PATCH', path: '/invoices/42?x=1', allow: 'GET, HEAD' }],
  ];
  it.each(methodCases)('answers another method with 405 and Allow: %s', async (_name, { method, path, allow }) => {
    const base = await start();
    const answer = await call(base, method, path);
    expect(answer.status).toBe(405);
    expect(answer.allow).toBe(allow);
    expect(answer.body).toMatchObject({ title: 'Method Not Allowed', status: 405 });
  });

  it('answers a body over the limit with 413, the installed limit applying where a route sets none', async () => {
    const base = await start({ bodyLimit: 20 });
    const over = await call(base, 'POST', '/invoices', { body: JSON.stringify({ amount: 1, pad: 'x'.repeat(50) }), headers: json });
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({ title: 'Payload Too Large', detail: 'The request body is larger than the limit of 20 bytes.' });
    expect((await call(base, 'POST', '/small', { body: '{"a":12345}', headers: json })).status).toBe(413);
    // A route's own limit wins over the installed one.
    expect((await call(base, 'POST', '/big', { body: JSON.stringify({ pad: 'x'.repeat(50) }), headers: json })).status).toBe(200);
  });

  it('answers an unsupported content type with 415', async () => {
    const base = await start();
    const answer = await call(base, 'POST', '/invoices', { body: '<amount>1</amount>', headers: { 'content-type': 'application/xml' } });
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({ title: 'Unsupported Media Type', detail: 'Content type "application/xml" is not supported here.' });
  });

  it('answers a crash with a generic 500 and logs the error', async () => {
    const base = await start();
    const answer = await call(base, 'GET', '/crash');
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
    expect(answer.text).not.toMatch(/hunter2|postgres|stack|at /);
    expect(logLines.join('\n')).toContain('hunter2');
  });

  it('answers a ProblemError with its own problem', async () => {
    const base = await start();
    const answer = await call(base, 'GET', '/problem');
    expect(answer.status).toBe(402);
    expect(answer.body).toEqual({ type: 'https://example.test/probs/out-of-credit', title: 'Payment Required', status: 402, detail: 'Your balance is 30, but that costs 50.', balance: 30 });
    expect(logLines).toEqual([]);
  });

  it('keeps a 4xx status code, showing the message only when it is marked safe', async () => {
    const base = await start();
    expect((await call(base, 'GET', '/exposed')).body).toEqual({ type: 'about:blank', title: 'Conflict', status: 409, detail: 'Invoice 7 is already paid.' });
    const unexposed = await call(base, 'GET', '/unexposed');
    expect(unexposed.body).toEqual({ type: 'about:blank', title: 'Conflict', status: 409 });
    expect(unexposed.text).not.toContain('pid');
  });

  it('serves the routes themselves as usual', async () => {
    const base = await start();
    expect(await call(base, 'POST', '/invoices', { body: '{"amount":3}', headers: json })).toMatchObject({ status: 200, body: { amount: 3 } });
  });

  it('refuses a bodyLimit that is not a positive integer', () => {
    expect(() => installProblemDetails(Fastify(), { bodyLimit: 0 })).toThrow(RangeError);
  });
});
