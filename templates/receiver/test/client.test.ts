/**
 * The generated client against a real node:http server on 127.0.0.1: every documented answer parsed
 * and typed (exact statuses, a `2XX` range, `default`, problem details, text, no body), the callback
 * URL options, auth, retries only where they are safe (and `Retry-After`), timeouts, aborts, the
 * `fetch` option; and, with tsc, that a wrong body or an unnarrowed body does not compile.
 */
import { execFile } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateReceiver, importReceiver, removeScratchDirs, scratchDir } from './support/generate-receiver.ts';
import { listenNode, type Listening } from './support/http.ts';
import { exampleReceiver, repoRoot, tscBin } from './support/paths.ts';

const run = promisify(execFile);

const definition = `import { defineApi, operation } from '@boomerang/core';
import { z } from 'zod';

const Problem = z.object({ type: z.string().optional(), title: z.string(), status: z.number().int(), detail: z.string().optional() }).meta({ id: 'Problem' });
const Pet = z.object({ id: z.string(), name: z.string() }).meta({ id: 'Pet' });
const problem = (description: string) => ({ description, body: { contentType: 'application/problem+json', schema: Problem } });
const noted = { post: { request: { body: Pet }, responses: { 200: { description: 'Noted.' } } } };

export default defineApi({
  info: { title: 'Pets', version: '1.0.0' },
  securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, key: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } },
  security: [{ bearer: [] }, { key: [] }],
  operations: [
    operation({
      method: 'get', path: '/pets/{id}', operationId: 'get_pet',
      request: { params: z.object({ id: z.string() }), query: z.object({ verbose: z.boolean().optional(), tag: z.array(z.string()).optional() }) },
      responses: { 200: { description: 'The pet.', body: Pet }, 404: problem('No such pet.'), default: { description: 'Anything else.', body: { contentType: 'text/plain', schema: z.string() } } },
    }),
    operation({
      method: 'post', path: '/pets', operationId: 'create-pet',
      request: { body: z.object({ name: z.string(), callback_url: z.url() }), headers: z.object({ 'X-Request-Id': z.string().optional() }) },
      responses: { 201: { description: 'Created.', body: Pet }, '2XX': { description: 'Accepted.', body: z.object({ queued: z.boolean() }) }, 400: problem('Not a pet.') },
      callbacks: { pet_adopted: { url: '{$request.body#/callback_url}/adopted', ...noted } },
    }),
    operation({
      method: 'put', path: '/pets/{id}', operationId: 'replace_pet', security: [],
      request: { params: z.object({ id: z.string() }), body: Pet, headers: z.object({ 'X-Hook': z.url() }) },
      responses: { 204: { description: 'Replaced.' }, 409: { description: 'In use.', body: { contentType: 'application/problem+json' } }, 503: problem('Try later.') },
      callbacks: { pet_replaced: { url: '{$request.header.X-Hook}/replaced', ...noted } },
    }),
  ],
});
`;

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}
type Answer = (request: Recorded, res: ServerResponse) => void;

let clientModule: any;
let receiverDir: string;
let server: Listening | undefined;
let requests: Recorded[] = [];

beforeAll(async () => {
  ({ receiverDir } = await generateReceiver({ definition, label: 'client' }));
  clientModule = await importReceiver(receiverDir, 'client');
}, 60_000);
afterEach(async () => {
  await server?.close();
  server = undefined;
  requests = [];
});
afterAll(removeScratchDirs);

/** Answers the n-th request with answers[n] (the last one again after that). */
async function serve(...answers: Answer[]): Promise<string> {
  server = await listenNode((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      answers[Math.min(requests.length, answers.length) - 1]!(recorded, res);
    });
  });
  return server.origin;
}

const json = (status: number, body: unknown, type = 'application/json', headers: Record<string, string> = {}): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(JSON.stringify(body));
};
const text = (status: number, body: string, headers: Record<string, string> = {}): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
};
const empty = (status: number, headers: Record<string, string> = {}): Answer => (_req, res) => {
  res.writeHead(status, headers);
  res.end();
};
const stall: Answer = () => {};
const hangUp: Answer = (_req, res) => res.socket?.destroy();

const pet = { id: 'p1', name: 'Rex' };
const problem = { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No pet p9.' };
const fast = { retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 2_000 } };

function client(baseUrl: string, options: Record<string, unknown> = {}) {
  return clientModule.createClient({ baseUrl, ...fast, ...options });
}

describe('the answers', () => {
  const cases: [string, { answer: Answer; want: { status: number; body: unknown } }][] = [
    ['a documented 200, JSON', { answer: json(200, pet), want: { status: 200, body: pet } }],
    ['a documented 404, problem details', { answer: json(404, problem, 'application/problem+json'), want: { status: 404, body: problem } }],
    ['an undocumented 418, as the default (text)', { answer: text(418, "I'm a teapot"), want: { status: 418, body: "I'm a teapot" } }],
  ];
  it.each(cases)('parses %s', async (_name, { answer, want }) => {
    const result = await client(await serve(answer)).getPet({ params: { id: 'p1' } });
    expect({ status: result.status, body: result.body }).toEqual(want);
    expect(result.headers).toBeInstanceOf(Headers);
  });

  it('sends the path, query and headers as the API declares them', async () => {
    const origin = await serve(json(200, pet));
    await client(origin, { headers: { 'x-client': 'tests' } }).getPet({ params: { id: 'a b/c' }, query: { verbose: true, tag: ['x', 'y'] } });
    expect(requests[0]!.method).toBe('GET');
    expect(requests[0]!.url).toBe('/pets/a%20b%2Fc?verbose=true&tag=x&tag=y');
    expect(requests[0]!.headers['x-client']).toBe('tests');
  });

  it('parses a status of a 2XX range, and one the range names exactly', async () => {
    const origin = await serve(json(202, { queued: true }), json(201, pet));
    const c = client(origin);
    const accepted = await c.createPet({ name: 'Rex' }, { callbackUrl: 'https://me.example/hooks' });
    expect([accepted.status, accepted.body]).toEqual([202, { queued: true }]);
    const created = await c.createPet({ name: 'Rex' }, { callbackUrl: 'https://me.example/hooks' });
    expect([created.status, created.body]).toEqual([201, pet]);
  });

  it('gives a 204 no body', async () => {
    const result = await client(await serve(empty(204))).replacePet(pet, { params: { id: 'p1' }, headers: { 'X-Hook': 'https://me.example' } });
    expect(result).toMatchObject({ status: 204, body: undefined });
  });

  it('parses a problem documented without a schema', async () => {
    const conflict = { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Rex is being walked.' };
    const result = await client(await serve(json(409, conflict, 'application/problem+json'))).replacePet(pet, { params: { id: 'p1' }, xHook: 'https://me.example' });
    expect([result.status, result.body]).toEqual([409, conflict]);
  });

  it('rejects a status the operation does not document with a ClientError that carries the answer', async () => {
    const origin = await serve(json(409, { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Rex exists.' }, 'application/problem+json'));
    const error = await client(origin).createPet({ name: 'Rex', callback_url: 'https://me.example' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(clientModule.ClientError);
    expect(error).toMatchObject({ reason: 'unexpected-status', status: 409, attempts: 1, body: { title: 'Conflict' } });
    expect(error.message).toBe('POST /pets answered 409, which the API does not document: Rex exists..');
  });

  it('rejects a JSON answer that is not JSON', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":');
    });
    await expect(client(origin).getPet({ params: { id: 'p1' } })).rejects.toMatchObject({ reason: 'invalid-body', status: 200, body: '{"id":' });
  });
});

describe('callbacks tied to the call', () => {
  it('puts callbackUrl in the body field the callback URL expression reads', async () => {
    const origin = await serve(json(201, pet));
    await client(origin).createPet({ name: 'Rex' }, { callbackUrl: 'https://me.example/hooks' });
    expect(JSON.parse(requests[0]!.body)).toEqual({ name: 'Rex', callback_url: 'https://me.example/hooks' });
    expect(requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('puts the header callback option in its header', async () => {
    const origin = await serve(empty(204));
    await client(origin).replacePet(pet, { params: { id: 'p1' }, xHook: 'https://me.example/hooks' });
    expect(requests[0]!.headers['x-hook']).toBe('https://me.example/hooks');
    expect(requests[0]!.method).toBe('PUT');
    expect(JSON.parse(requests[0]!.body)).toEqual(pet);
  });
});

describe('auth', () => {
  it('sends the bearer token, and a function is asked before each request', async () => {
    const origin = await serve(json(200, pet));
    let n = 0;
    const c = client(origin, { auth: { bearer: async () => `token-${++n}` } });
    await c.getPet({ params: { id: 'p1' } });
    await c.getPet({ params: { id: 'p1' } });
    expect(requests.map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('sends an API key in its header', async () => {
    const origin = await serve(json(200, pet));
    await client(origin, { auth: { key: 'k-123' } }).getPet({ params: { id: 'p1' } });
    expect(requests[0]!.headers['x-api-key']).toBe('k-123');
    expect(requests[0]!.headers.authorization).toBeUndefined();
  });

  it('sends nothing for an operation whose security is empty', async () => {
    const origin = await serve(empty(204));
    await client(origin, { auth: { bearer: 'secret', key: 'k' } }).replacePet(pet, { params: { id: 'p1' }, xHook: 'https://me.example' });
    expect(requests[0]!.headers.authorization).toBeUndefined();
    expect(requests[0]!.headers['x-api-key']).toBeUndefined();
  });
});

describe('retries', () => {
  it('retries a GET on 503 and 429 until it gets an answer', async () => {
    const origin = await serve(text(503, 'busy'), text(429, 'slow down'), json(200, pet));
    const result = await client(origin).getPet({ params: { id: 'p1' } });
    expect(result.status).toBe(200);
    expect(requests).toHaveLength(3);
  });

  it('returns the last answer once the retries are spent', async () => {
    const origin = await serve(text(500, 'broken'));
    const result = await client(origin).getPet({ params: { id: 'p1' } });
    expect([result.status, result.body]).toEqual([500, 'broken']);
    expect(requests).toHaveLength(3);
  });

  it('retries a GET after a network error', async () => {
    const origin = await serve(hangUp, json(200, pet));
    expect((await client(origin).getPet({ params: { id: 'p1' } })).status).toBe(200);
    expect(requests).toHaveLength(2);
  });

  it('does not retry a POST: it is not idempotent', async () => {
    const origin = await serve(text(503, 'busy'), json(201, pet));
    const error = await client(origin).createPet({ name: 'Rex' }, { callbackUrl: 'https://me.example' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'unexpected-status', status: 503, attempts: 1 });
    expect(requests).toHaveLength(1);
  });

  it('does not retry a POST after a network error', async () => {
    const origin = await serve(hangUp, json(201, pet));
    await expect(client(origin).createPet({ name: 'Rex' }, { callbackUrl: 'https://me.example' })).rejects.toMatchObject({ reason: 'network', attempts: 1 });
    expect(requests).toHaveLength(1);
  });

  it('retries a POST that carries an idempotency key, sending the same key each time', async () => {
    const origin = await serve(text(503, 'busy'), json(201, pet));
    const result = await client(origin).createPet({ name: 'Rex' }, { callbackUrl: 'https://me.example', idempotencyKey: 'create-rex-1' });
    expect(result.status).toBe(201);
    expect(requests.map((r) => r.headers['idempotency-key'])).toEqual(['create-rex-1', 'create-rex-1']);
  });

  it('retries a PUT, and not at all with retry: false', async () => {
    const origin = await serve(json(503, { title: 'Service Unavailable', status: 503 }, 'application/problem+json'), empty(204));
    expect((await client(origin).replacePet(pet, { params: { id: 'p1' }, xHook: 'https://me.example' })).status).toBe(204);
    expect(requests).toHaveLength(2);
    requests = [];
    await server!.close();
    const again = await serve(json(503, { title: 'Service Unavailable', status: 503 }, 'application/problem+json'), empty(204));
    const result = await client(again, { retry: false }).replacePet(pet, { params: { id: 'p1' }, xHook: 'https://me.example' });
    expect([result.status, result.body]).toEqual([503, { title: 'Service Unavailable', status: 503 }]);
    expect(requests).toHaveLength(1);
  });

  it('waits as long as Retry-After says', async () => {
    const origin = await serve(text(429, 'slow down', { 'retry-after': '1' }), json(200, pet));
    const started = Date.now();
    expect((await client(origin).getPet({ params: { id: 'p1' } })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('does not wait for a Retry-After longer than maxDelayMs: it returns that answer', async () => {
    const origin = await serve(text(503, 'later', { 'retry-after': '120' }), json(200, pet));
    const result = await client(origin).getPet({ params: { id: 'p1' } });
    expect([result.status, result.body, result.headers.get('retry-after')]).toEqual([503, 'later', '120']);
    expect(requests).toHaveLength(1);
  });
});

describe('time limits and aborts', () => {
  it('times out an attempt that gets no answer', async () => {
    const origin = await serve(stall);
    const started = Date.now();
    await expect(client(origin, { timeoutMs: 100, retry: false }).getPet({ params: { id: 'p1' } })).rejects.toMatchObject({ name: 'ClientError', reason: 'timeout', attempts: 1 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('retries a timed-out GET, each attempt with its own time limit', async () => {
    const origin = await serve(stall, json(200, pet));
    const result = await client(origin, { timeoutMs: 5_000 }).getPet({ params: { id: 'p1' }, timeoutMs: 100 });
    expect(result.status).toBe(200);
    expect(requests).toHaveLength(2);
  });

  it('rejects with the signal\'s reason when the call is aborted, and does not retry', async () => {
    const origin = await serve(stall);
    const controller = new AbortController();
    const call = client(origin).getPet({ params: { id: 'p1' }, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests).toHaveLength(1);
  });

  it('does not send a call whose signal is already aborted', async () => {
    const origin = await serve(json(200, pet));
    await expect(client(origin).getPet({ params: { id: 'p1' }, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests).toHaveLength(0);
  });
});

describe('options', () => {
  it('sends through the fetch option', async () => {
    const seen: string[] = [];
    const origin = await serve(json(200, pet));
    const c = client(origin, { fetch: (request: Request) => (seen.push(`${request.method} ${request.url}`), fetch(request)) });
    expect((await c.getPet({ params: { id: 'p1' } })).body).toEqual(pet);
    expect(seen).toEqual([`GET ${origin}/pets/p1`]);
  });

  it('needs a baseUrl when the API names no server', () => {
    expect(() => clientModule.createClient()).toThrow('createClient needs a baseUrl: an http(s) URL.');
    expect(() => clientModule.createClient({ baseUrl: 'ftp://x' })).toThrow('createClient needs a baseUrl: an http(s) URL, not "ftp://x".');
  });

  it('is exported by the package entry point too', async () => {
    const index = await importReceiver<{ createClient: unknown; ClientError: unknown }>(receiverDir);
    expect(index.createClient).toBe(clientModule.createClient);
    expect(index.ClientError).toBe(clientModule.ClientError);
  });
});

it('types each call: a wrong body, a missing parameter or an unnarrowed body does not compile; the README\'s calls do', { timeout: 120_000 }, async () => {
  const dir = scratchDir('client-types');
  const pets = relative(dir, join(receiverDir, 'generated')).split('\\').join('/');
  const invoices = relative(dir, join(exampleReceiver('invoices'), 'generated')).split('\\').join('/');
  writeFileSync(
    join(dir, 'calls.ts'),
    `import { createClient, type ClientResponses } from '${invoices}/client.ts';
import { createClient as createPetsClient } from '${pets}/client.ts';

const invoices = createClient();
const invoice = { id: '2expen51ve', customer: 'Ada Lovelace', total: 1250.5 };
// @ts-expect-error: total is a number
await invoices.createInvoice({ ...invoice, total: '1250.5' });
// @ts-expect-error: customer is required
await invoices.createInvoice({ id: '2expen51ve', total: 1 });
// @ts-expect-error: the option is callbackUrl
await invoices.createInvoice(invoice, { callbackURL: 'https://me.example' });
const result = await invoices.createInvoice(invoice, { callbackUrl: 'https://me.example/events', signal: AbortSignal.timeout(5_000) });
// @ts-expect-error: before narrowing on status, body is the 200's or the 400's
void result.body.msg;
if (result.status === 200) {
  const msg: string = result.body.msg;
  void msg;
} else {
  const status: 400 = result.status;
  const title: string = result.body.title;
  // @ts-expect-error: the 400's body is a problem, without msg
  void result.body.msg;
  void [status, title];
}
// @ts-expect-error: 404 is not a documented status of create_invoice
if (result.status === 404) void result;
const answers: ClientResponses['createInvoice']['status'][] = [200, 400];
void answers;

const pets = createPetsClient({ baseUrl: 'http://127.0.0.1:1', auth: { bearer: () => 'token', key: 'k' } });
// @ts-expect-error: the path parameter is required
await pets.getPet();
// @ts-expect-error: no such security scheme
createPetsClient({ baseUrl: 'http://127.0.0.1:1', auth: { basic: 'x' } });
const got = await pets.getPet({ params: { id: 'p1' }, query: { verbose: true } });
if (got.status === 200) void got.body.name;
else if (got.status === 404) void got.body.title;
else {
  // default: every status but 200 and 404, with a text body
  const body: string = got.body;
  const status: typeof got.status = 500;
  void [body, status];
}
// @ts-expect-error: default excludes 200
const notDefault: Exclude<typeof got, { status: 200 | 404 }>['status'] = 200;
void notDefault;
const replaced = await pets.replacePet({ id: 'p1', name: 'Rex' }, { params: { id: 'p1' }, xHook: 'https://me.example' });
if (replaced.status === 409) {
  // documented as application/problem+json without a schema: ProblemDetails
  const title: string = replaced.body.title;
  void title;
} else if (replaced.status === 204) {
  const nothing: undefined = replaced.body;
  void nothing;
}
// X-Hook is required, but xHook fills it: either will do (the server checks that one is there)
await pets.replacePet({ id: 'p1', name: 'Rex' }, { params: { id: 'p1' }, headers: { 'X-Hook': 'https://me.example' } });
// @ts-expect-error: the header is a string
await pets.replacePet({ id: 'p1', name: 'Rex' }, { params: { id: 'p1' }, headers: { 'X-Hook': 1 } });
const created = await pets.createPet({ name: 'Rex' }, { callbackUrl: 'https://me.example' });
if (created.status === 201) void created.body.id;
else if (created.status === 400) void created.body.title;
else {
  const accepted: boolean = created.body.queued;
  // @ts-expect-error: 2XX excludes the 201 documented on its own
  const twoOhOne: typeof created.status = 201;
  void [accepted, twoOhOne];
}
`,
  );
  // The README's round trip, as a user would paste it (the package's name pointed at the generated sources).
  for (const example of ['invoices', 'subscriptions'] as const) {
    const readme = readFileSync(join(exampleReceiver(example), 'README.md'), 'utf8');
    const snippet = /## Call the API[\s\S]*?```ts\n([\s\S]*?)\n```/.exec(readme)![1]!;
    const generated = relative(dir, join(exampleReceiver(example), 'generated')).split('\\').join('/');
    writeFileSync(join(dir, `readme-${example}.ts`), snippet.replace(/'@[a-z-]+\/receiver(\/client)?'/g, (_, client: string | undefined) => `'${generated}/${client ? 'client' : 'index'}.ts'`));
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: relative(dir, join(repoRoot, 'tsconfig.base.json')), include: ['calls.ts', 'readme-*.ts'] }));
  const output = await run(process.execPath, [tscBin, '-p', 'tsconfig.json'], { cwd: dir }).then(
    () => '',
    (error: { stdout: string }) => error.stdout,
  );
  expect(output).toBe('');
});
