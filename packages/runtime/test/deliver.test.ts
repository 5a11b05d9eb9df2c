import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resolver } from '../src/address-guard.ts';
import { deliver, type DeliveryOptions } from '../src/deliver.ts';
import { compileJsonSchema } from '../src/json-schema-validator.ts';
import { generateSecret, verifyPayload } from '../src/standard-webhooks.ts';
import { runtimeVersion } from '../src/version.ts';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}
type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A receiver on 127.0.0.1:0 that records each request and gives the scripted answers in turn (the last one repeats). */
async function receiver(...answers: Answer[]): Promise<{ url: string; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers[Math.min(received.length, answers.length) - 1] ?? { status: 200 };
      if (answer === 'hang') return;
      res.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, received };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({ status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Options for tests: 127.0.0.1 allowed, recorded sleeps, fixed jitter and ids. */
function testOptions(extra: DeliveryOptions = {}): DeliveryOptions & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    policy: { allowHosts: ['127.0.0.1'] },
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    idGenerator: () => 'msg_test_1',
    ...extra,
    sleeps,
  };
}

describe('deliver', () => {
  it('sends a signed request that the standardwebhooks package verifies, with each key of a rotation', async () => {
    const { url, received } = await receiver(json(200, { ok: true }));
    const [oldKey, newKey] = [generateSecret(), generateSecret()];
    const result = await deliver(
      { url: `${url}/hooks/invoices?x=1`, method: 'post', body: { id: 'inv_1', amount: 4200 } },
      testOptions({ secrets: [oldKey, newKey], event: 'invoice.paid' }),
    );
    expect(result).toEqual({ ok: true, status: 200, headers: expect.objectContaining({ 'content-type': 'application/json' }), body: { ok: true }, attempts: 1, webhookId: 'msg_test_1' });
    const [request] = received;
    expect(request).toMatchObject({ method: 'POST', url: '/hooks/invoices?x=1', body: '{"id":"inv_1","amount":4200}' });
    expect(request?.headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': `boomerang/${runtimeVersion}`, 'boomerang-event': 'invoice.paid', 'webhook-id': 'msg_test_1' });
    const headers = request?.headers as Record<string, string>;
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    for (const key of [oldKey, newKey]) expect(new Webhook(key).verify(request?.body ?? '', headers)).toEqual({ id: 'inv_1', amount: 4200 });
    expect(() => new Webhook(generateSecret()).verify(request?.body ?? '', headers)).toThrow();
  });

  it('retries a 503 with the same webhook-id but a fresh timestamp and signature', async () => {
    const { url, received } = await receiver({ status: 503 }, json(200, { ok: true }));
    const secret = generateSecret();
    let clock = 1_700_000_000_000;
    const options = testOptions({ secrets: [secret], now: () => (clock += 7_000) });
    const result = await deliver({ url, method: 'POST', body: { n: 1 } }, options);
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 2, webhookId: 'msg_test_1' });
    expect(received.map((r) => r.headers['webhook-id'])).toEqual(['msg_test_1', 'msg_test_1']);
    const [first, second] = received.map((r) => r.headers as Record<string, string>);
    expect(first?.['webhook-timestamp']).not.toBe(second?.['webhook-timestamp']);
    expect(first?.['webhook-signature']).not.toBe(second?.['webhook-signature']);
    for (const r of received) {
      const at = Number(r.headers['webhook-timestamp']) * 1000;
      expect(verifyPayload({ headers: r.headers as Record<string, string>, payload: r.body, secrets: [secret], now: () => at })).toEqual({ ok: true });
    }
    expect(options.sleeps).toEqual([250]); // 0.5 * min(30 000, 500 * 2^0)
  });

  it('backs off exponentially with full jitter, capped at maxDelayMs', async () => {
    const { url, received } = await receiver({ status: 500 }, { status: 502 }, { status: 503 }, { status: 504 }, json(200, {}));
    const options = testOptions({ retry: { attempts: 5, baseDelayMs: 100, maxDelayMs: 300 }, random: () => 0.75 });
    const result = await deliver({ url, method: 'POST', body: {} }, options);
    expect(result).toMatchObject({ ok: true, attempts: 5 });
    expect(received).toHaveLength(5);
    // 0.75 × min(300, 100 × 2^n) for n = 0..3
    expect(options.sleeps).toEqual([75, 150, 225, 225]);
  });

  it('uses the whole window when random() is near 1 and none when it is 0', async () => {
    for (const [random, want] of [[0, [0, 0]], [0.999, [499, 999]]] as const) {
      const { url } = await receiver({ status: 500 });
      const options = testOptions({ retry: { attempts: 3 }, random: () => random });
      expect(await deliver({ url, method: 'POST' }, options)).toMatchObject({ ok: false, reason: 'http-status', status: 500, attempts: 3 });
      expect(options.sleeps).toEqual(want);
    }
  });

  const retryAfterCases: [string, { header: string; want: number }][] = [
    ['Retry-After: 0', { header: '0', want: 0 }],
    ['Retry-After in seconds', { header: '3', want: 3_000 }],
    ['Retry-After beyond maxDelayMs is capped', { header: '120', want: 10_000 }],
    ['Retry-After as an HTTP date', { header: new Date(1_700_000_004_000).toUTCString(), want: 4_000 }],
    ['Retry-After as a past HTTP date', { header: new Date(1_600_000_000_000).toUTCString(), want: 0 }],
    ['an unreadable Retry-After falls back to backoff', { header: 'soon', want: 250 }],
  ];
  it.each(retryAfterCases)('honours a 429: %s', async (_name, { header, want }) => {
    const { url, received } = await receiver({ status: 429, headers: { 'retry-after': header } }, json(200, {}));
    const options = testOptions({ retry: { maxDelayMs: 10_000 }, now: () => 1_700_000_000_000 });
    expect(await deliver({ url, method: 'POST', body: {} }, options)).toMatchObject({ ok: true, attempts: 2 });
    expect(received).toHaveLength(2);
    expect(options.sleeps).toEqual([want]);
  });

  const finalStatuses: [string, { answer: Answer; wantBody: unknown }][] = [
    ['400 with a problem', { answer: { status: 400, headers: { 'content-type': 'application/problem+json' }, body: '{"title":"Bad Request","status":400}' }, wantBody: { title: 'Bad Request', status: 400 } }],
    ['404 in text', { answer: { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no such hook' }, wantBody: 'no such hook' }],
    ['410 with no body', { answer: { status: 410 }, wantBody: undefined }],
    ['a redirect, never followed', { answer: { status: 302, headers: { location: 'http://169.254.169.254/' } }, wantBody: undefined }],
  ];
  it.each(finalStatuses)('does not retry %s', async (_name, { answer, wantBody }) => {
    const { url, received } = await receiver(answer, json(200, {}));
    const options = testOptions();
    const result = await deliver({ url, method: 'POST', body: {} }, options);
    expect(result).toMatchObject({ ok: false, reason: 'http-status', status: typeof answer === 'object' ? answer.status : 0, attempts: 1, webhookId: 'msg_test_1' });
    expect(!result.ok && result.body).toEqual(wantBody);
    expect(received).toHaveLength(1);
    expect(options.sleeps).toEqual([]);
  });

  it('gives up after the last attempt with http-status', async () => {
    const { url, received } = await receiver({ status: 503, body: 'down' });
    const result = await deliver({ url, method: 'POST' }, testOptions({ retry: { attempts: 3 } }));
    expect(result).toMatchObject({ ok: false, reason: 'http-status', status: 503, body: 'down', attempts: 3 });
    expect(received).toHaveLength(3);
  });

  it('reports each failed attempt that another follows to onRetry, with the wait before it, and not the last', async () => {
    const { url } = await receiver({ status: 503, body: 'down' });
    const retries: unknown[] = [];
    const options = testOptions({ retry: { attempts: 3, baseDelayMs: 100 }, onRetry: (failure, delayMs) => void retries.push({ ...failure, delayMs }) });
    const result = await deliver({ url, method: 'POST' }, options);
    expect(result).toMatchObject({ ok: false, reason: 'http-status', attempts: 3 });
    expect(retries).toEqual([
      expect.objectContaining({ ok: false, reason: 'http-status', status: 503, body: 'down', attempts: 1, webhookId: 'msg_test_1', delayMs: 50 }),
      expect.objectContaining({ ok: false, reason: 'http-status', status: 503, body: 'down', attempts: 2, webhookId: 'msg_test_1', delayMs: 100 }),
    ]);
    expect(options.sleeps).toEqual([50, 100]);
  });

  it('turns a response that breaks its schema into invalid-response, without retrying', async () => {
    const { url, received } = await receiver(json(200, { ok: 'yes' }));
    const check = compileJsonSchema({ type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } });
    const result = await deliver({ url, method: 'POST', body: {} }, testOptions({ validateResponse: (_status, body) => check(body) }));
    expect(result).toMatchObject({ ok: false, reason: 'invalid-response', status: 200, body: { ok: 'yes' }, issues: [{ path: '/ok', message: 'must be boolean' }], attempts: 1 });
    expect(!result.ok && result.message).toContain('/ok must be boolean');
    expect(received).toHaveLength(1);
  });

  it('accepts a response that passes its validator, and reports JSON that does not parse', async () => {
    const validateResponse = (status: number, body: unknown) => (status === 200 && typeof body === 'object' ? [] : [{ path: '', message: 'nope' }]);
    const good = await receiver(json(200, { ok: true }));
    expect(await deliver({ url: good.url, method: 'POST' }, testOptions({ validateResponse }))).toMatchObject({ ok: true, body: { ok: true } });
    const broken = await receiver({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":' });
    expect(await deliver({ url: broken.url, method: 'POST' }, testOptions({ validateResponse }))).toMatchObject({ ok: false, reason: 'invalid-response', body: '{"ok":', issues: [{ path: '' }] });
  });

  it('refuses the cloud metadata service without sending anything', async () => {
    const resolve: Resolver = async () => expect.unreachable('an IP literal needs no resolving');
    const result = await deliver({ url: 'http://169.254.169.254/latest/meta-data/iam', method: 'GET' }, testOptions({ resolve }));
    expect(result).toMatchObject({ ok: false, reason: 'refused-destination', attempts: 0, webhookId: 'msg_test_1' });
    expect(!result.ok && result.message).toMatch(/link-local/);
  });

  it('refuses localhost, even with 127.0.0.1 allowed, and no request reaches the server', async () => {
    const { port, received } = await receiver(json(200, {}));
    const result = await deliver({ url: `http://localhost:${port}/`, method: 'POST', body: {} }, testOptions());
    expect(result).toMatchObject({ ok: false, reason: 'refused-destination', attempts: 0 });
    expect(received).toHaveLength(0);
  });

  it('refuses at connect time a name that rebinds to loopback after the early check', async () => {
    const { port, received } = await receiver(json(200, {}));
    let calls = 0;
    const resolve: Resolver = async () => [{ address: calls++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
    const result = await deliver({ url: `http://rebind.test:${port}/`, method: 'POST' }, testOptions({ policy: {}, resolve }));
    expect(result).toMatchObject({ ok: false, reason: 'refused-destination', attempts: 1 });
    expect(calls).toBe(2);
    expect(received).toHaveLength(0);
  });

  it.each(['ftp://127.0.0.1/x', 'http://user:pw@127.0.0.1/', 'not a url'])('refuses %j', async (url) => {
    expect(await deliver({ url, method: 'POST' }, testOptions())).toMatchObject({ ok: false, reason: 'refused-destination', attempts: 0 });
  });

  it('times out a receiver that never answers', async () => {
    const { url, received } = await receiver('hang');
    const result = await deliver({ url, method: 'POST', body: {} }, testOptions({ timeoutMs: 50, retry: { attempts: 1 } }));
    expect(result).toMatchObject({ ok: false, reason: 'timeout', attempts: 1 });
    expect(received).toHaveLength(1);
  });

  it('retries a timeout, then succeeds', async () => {
    const { url } = await receiver('hang', json(200, { ok: true }));
    const options = testOptions({ timeoutMs: 50, retry: { attempts: 2 } });
    expect(await deliver({ url, method: 'POST' }, options)).toMatchObject({ ok: true, attempts: 2 });
    expect(options.sleeps).toEqual([250]);
  });

  it('retries network errors and reports the last one', async () => {
    const { port } = await receiver();
    const closed = servers.pop();
    closed?.closeAllConnections();
    await new Promise<void>((resolve) => closed?.close(() => resolve()));
    const options = testOptions({ retry: { attempts: 2 } });
    const result = await deliver({ url: `http://127.0.0.1:${port}/`, method: 'POST' }, options);
    expect(result).toMatchObject({ ok: false, reason: 'network', attempts: 2 });
    expect(!result.ok && result.message).toMatch(/ECONNREFUSED/);
    expect(options.sleeps).toHaveLength(1);
  });

  it('treats a name that does not resolve as a network error, retried, not as a refusal', async () => {
    const resolve: Resolver = async (hostname) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    };
    const options = testOptions({ policy: {}, resolve, retry: { attempts: 3 } });
    const result = await deliver({ url: 'https://gone.test/hooks', method: 'POST' }, options);
    expect(result).toMatchObject({ ok: false, reason: 'network', attempts: 3 });
    expect(!result.ok && result.message).toMatch(/ENOTFOUND gone\.test/);
    expect(options.sleeps).toEqual([250, 500]);
  });

  it('sends rawBody byte for byte and signs exactly those bytes', async () => {
    const { url, received } = await receiver({ status: 204 });
    const secret = generateSecret();
    const rawBody = '{ "spaced" :  true }';
    const result = await deliver({ url, method: 'PUT', rawBody, contentType: 'application/vnd.example+json', headers: { 'X-Tenant': 't1', 'Webhook-Id': 'forged' } }, testOptions({ secrets: [secret] }));
    expect(result).toMatchObject({ ok: true, status: 204, body: undefined });
    const [request] = received;
    expect(request).toMatchObject({ method: 'PUT', body: rawBody, headers: { 'content-type': 'application/vnd.example+json', 'x-tenant': 't1', 'webhook-id': 'msg_test_1' } });
    expect(new Webhook(secret).verify(rawBody, request?.headers as Record<string, string>)).toEqual({ spaced: true });
  });

  it('sends no signature without secrets, but still an id and a timestamp', async () => {
    const { url, received } = await receiver({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'thanks' });
    expect(await deliver({ url, method: 'POST', body: { a: 1 } }, testOptions({ now: () => 1_700_000_000_999 }))).toMatchObject({ ok: true, body: 'thanks' });
    expect(received[0]?.headers).toMatchObject({ 'webhook-id': 'msg_test_1', 'webhook-timestamp': '1700000000' });
    expect(received[0]?.headers['webhook-signature']).toBeUndefined();
  });

  it('stops when the signal aborts during the wait before a retry', async () => {
    const { url, received } = await receiver({ status: 503 });
    const controller = new AbortController();
    const sleep = () => {
      controller.abort();
      return new Promise<void>(() => {});
    };
    const result = await deliver({ url, method: 'POST' }, testOptions({ signal: controller.signal, sleep }));
    expect(result).toMatchObject({ ok: false, reason: 'aborted', attempts: 1 });
    expect(received).toHaveLength(1);
  });

  it('stops when the signal aborts during a request', async () => {
    const { url, received } = await receiver('hang');
    const controller = new AbortController();
    const pending = deliver({ url, method: 'POST' }, testOptions({ signal: controller.signal }));
    await expect.poll(() => received.length).toBe(1);
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, reason: 'aborted', attempts: 1 });
  });

  it('reports a response larger than maxResponseBytes as invalid-response', async () => {
    const { url } = await receiver({ status: 200, body: 'x'.repeat(5_000) });
    expect(await deliver({ url, method: 'POST' }, testOptions({ maxResponseBytes: 1_000 }))).toMatchObject({ ok: false, reason: 'invalid-response', attempts: 1 });
  });

  it('rejects programmer errors before sending anything', async () => {
    const { url, received } = await receiver();
    await expect(deliver({ url, method: 'POST' }, testOptions({ secrets: ['not-a-whsec-secret'] }))).rejects.toThrow(/whsec_/);
    await expect(deliver({ url, method: 'POST' }, testOptions({ retry: { attempts: 0 } }))).rejects.toThrow(RangeError);
    expect(received).toHaveLength(0);
  });
});
