/**
 * The receiver at the floor: the committed invoices receiver (examples/invoices/receiver/generated)
 * handling one signed 200-byte `invoice_notification` callback over and over, in this process and
 * without a network, vs
 *  - `standardwebhooks` (`Webhook.verify`) + a route Map + an Ajv validator + the handler, and
 *  - the floor: node:crypto HMAC + timingSafeEqual + JSON.parse + an Ajv validator + the handler.
 * Through node:http's interface, every side is a request listener given the same lightweight fake
 * `req` (which emits the body as one Buffer chunk, as node:http does) and fake `res`; through the fetch
 * API, every side gets real `Request` objects and returns a `Response`. Requests are built before each
 * timed batch and handled concurrently (a batch in flight, as under load); every answer is checked to
 * be the handler's 200, so that no side is fast by failing. Rates are requests per second of this
 * process's CPU time.
 *
 * What runs is this file bundled by esbuild (the generated receiver with it, packages left to
 * node_modules): JavaScript as the receiver's own build (tsc) makes it. Run as TypeScript under tsx,
 * every named closure would also pay for the `__name` wrapper that tsx adds to keep function names.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Webhook } from 'standardwebhooks';
import { createReceiver } from '../../../examples/invoices/receiver/generated/index.ts';
import { higherIsBetter, interleaved, type Benchmark, type BenchOptions, type Measure, type Row } from '../harness.ts';

const version = (name: string, root: string) => (JSON.parse(readFileSync(createRequire(join(root, 'package.json')).resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const target = '/events/invoices/2expen51ve';
const origin = 'https://receiver.example';
const reply = { ok: true };

/** A valid InvoiceEvent of exactly 200 bytes. */
function callbackBody(): string {
  const shell = JSON.stringify({ description: '', paid: true });
  const body = JSON.stringify({ description: 'Invoice 2expen51ve paid: '.padEnd(200 - shell.length, 'x'), paid: true });
  if (Buffer.byteLength(body) !== 200) throw new Error(`the callback body is ${Buffer.byteLength(body)} bytes, not 200`);
  return body;
}

/** The InvoiceEvent schema as the API documents it (the peers compile it with Ajv, as a developer would). */
function invoiceEventSchema(root: string): object {
  const doc = JSON.parse(readFileSync(join(root, 'examples/invoices/generated/openapi.json'), 'utf8')) as { components: { schemas: Record<string, object> } };
  return doc.components.schemas['InvoiceEvent']!;
}

/** What a sender sends, signed now (the receivers allow 300 s either way). */
function signedHeaders(body: string): Record<string, string> {
  const now = new Date();
  return {
    host: 'receiver.example',
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': 'invoices-sender/1.0',
    'webhook-id': 'msg_2expen51ve_1',
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign('msg_2expen51ve_1', now, body),
  };
}

// ---- node:http's interface --------------------------------------------------------------------------

type Listener = (...args: any[]) => void;

/** What a node:http listener sees of an IncomingMessage: method, url, headers (lower case) and rawHeaders, and the body as events. */
class FakeRequest {
  readonly method = 'POST';
  readonly url = target;
  readonly headers: Record<string, string>;
  readonly rawHeaders: string[];
  private data: Listener[] = [];
  private end: Listener[] = [];
  constructor(headers: Record<string, string>, private readonly body: Buffer) {
    this.headers = { ...headers };
    this.rawHeaders = Object.entries(headers).flat();
  }
  on(event: string, listener: Listener): this {
    if (event === 'data') this.data.push(listener);
    else if (event === 'end') this.end.push(listener);
    return this;
  }
  removeListener(event: string, listener: Listener): this {
    if (event === 'data') this.data = this.data.filter((l) => l !== listener);
    else if (event === 'end') this.end = this.end.filter((l) => l !== listener);
    return this;
  }
  /** What node:http does after the listener returns: the body's one chunk, then `end`. */
  deliver(): void {
    for (const listener of this.data) listener(this.body);
    for (const listener of this.end) listener();
  }
}

class FakeResponse {
  statusCode = 200;
  readonly headers: Record<string, string> = {};
  body: unknown;
  constructor(private readonly done: (response: FakeResponse) => void) {}
  setHeader(name: string, value: string): this {
    this.headers[name] = value;
    return this;
  }
  end(body?: unknown): this {
    this.body = body;
    this.done(this);
    return this;
  }
}

type NodeSide = (request: FakeRequest, response: FakeResponse) => unknown;

/**
 * This process's CPU time, in microseconds. Rates are per second of CPU, not of the wall clock: on a
 * machine busy with other work, the time this process waits for a core would otherwise be counted
 * against whichever side happened to run then.
 */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

function checkAnswer(status: number, body: unknown): void {
  if (status !== 200) throw new Error(`a side answered ${status}: ${String(body)}`);
}

/**
 * The share of each sample handled before the timing starts. The harness collects the heap before
 * every sample, and a full collection throws away optimized code that holds objects weakly (node:crypto's
 * Hmac and its callers, on every side): without this, each sample would time its own warm-up.
 */
const warmupShare = 0.25;

/** Handles `count` requests in batches of `batch` in flight; returns requests per CPU second (timing only the handling). */
async function runNode(side: NodeSide, count: number, batch: number, headers: Record<string, string>, body: Buffer): Promise<number> {
  let elapsed = 0;
  for (let done = -warmupShare * count; done < count; done += batch) {
    let left = batch;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const onEnd = (response: FakeResponse) => {
      checkAnswer(response.statusCode, response.body);
      if (--left === 0) finish();
    };
    const pairs = Array.from({ length: batch }, () => [new FakeRequest(headers, body), new FakeResponse(onEnd)] as const);
    const start = cpuMicros();
    for (const [request, response] of pairs) {
      void side(request, response);
      request.deliver();
    }
    await finished;
    if (done >= 0) elapsed += cpuMicros() - start;
  }
  return (count / elapsed) * 1e6;
}

/** Reads a node:http body the way a hand-written listener does: chunks, then one Buffer. */
function onBody(request: FakeRequest, then: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => then(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
}

function sendJson(response: FakeResponse, status: number, value: unknown): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(value));
}

// ---- the peers --------------------------------------------------------------------------------------

interface Peers {
  /** standardwebhooks + a route Map + Ajv + the handler. */
  readonly standardNode: NodeSide;
  /** node:crypto + JSON.parse + Ajv + the handler. */
  readonly floorNode: NodeSide;
  readonly floorFetch: (request: Request) => Promise<Response>;
}

function peers(root: string): Peers {
  const validate = new Ajv2020({ strict: false }).compile(invoiceEventSchema(root));
  const handler = (_body: unknown, _id: string) => ({ status: 200, body: reply });
  const webhook = new Webhook(secret);
  const routes = new Map([['POST invoices', { validate, handler }]]);
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const tolerance = 300;

  /** The signature check at its cheapest: one HMAC, one constant-time compare per offered signature. */
  const verified = (id: string | undefined, timestamp: string | undefined, signature: string | undefined, body: Buffer): boolean => {
    if (!id || !timestamp || !signature) return false;
    if (Math.abs(Math.floor(Date.now() / 1000) - Number(timestamp)) > tolerance) return false;
    const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64'));
    for (const offered of signature.split(' ')) {
      if (!offered.startsWith('v1,')) continue;
      const candidate = Buffer.from(offered.slice(3));
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) return true;
    }
    return false;
  };

  return {
    standardNode: (request, response) =>
      onBody(request, (body) => {
        let value: unknown;
        try {
          value = webhook.verify(body.toString('utf8'), request.headers);
        } catch {
          return sendJson(response, 401, { title: 'Unauthorized' });
        }
        const segments = request.url.split('?')[0]!.split('/');
        const route = routes.get(`${request.method} ${segments[segments.length - 2]}`);
        if (route === undefined) return sendJson(response, 404, { title: 'Not Found' });
        if (!route.validate(value)) return sendJson(response, 400, { title: 'Bad Request', errors: route.validate.errors });
        const answer = route.handler(value, segments[segments.length - 1]!);
        sendJson(response, answer.status, answer.body);
      }),
    floorNode: (request, response) =>
      onBody(request, (body) => {
        const { headers } = request;
        if (!verified(headers['webhook-id'], headers['webhook-timestamp'], headers['webhook-signature'], body)) return sendJson(response, 401, { title: 'Unauthorized' });
        const value = JSON.parse(body.toString('utf8')) as unknown;
        if (!validate(value)) return sendJson(response, 400, { title: 'Bad Request', errors: validate.errors });
        const answer = handler(value, '2expen51ve');
        sendJson(response, answer.status, answer.body);
      }),
    floorFetch: async (request) => {
      const body = Buffer.from(await request.arrayBuffer());
      const { headers } = request;
      const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
      if (!verified(headers.get('webhook-id') ?? undefined, headers.get('webhook-timestamp') ?? undefined, headers.get('webhook-signature') ?? undefined, body)) return json(401, { title: 'Unauthorized' });
      const value = JSON.parse(body.toString('utf8')) as unknown;
      if (!validate(value)) return json(400, { title: 'Bad Request', errors: validate.errors });
      const answer = handler(value, '2expen51ve');
      return json(answer.status, answer.body);
    },
  };
}

// ---- the fetch API ----------------------------------------------------------------------------------

async function runFetch(side: (request: Request) => Promise<Response>, count: number, batch: number, headers: Record<string, string>, body: string): Promise<number> {
  let elapsed = 0;
  for (let done = -warmupShare * count; done < count; done += batch) {
    const requests = Array.from({ length: batch }, () => new Request(`${origin}${target}`, { method: 'POST', headers, body }));
    const start = cpuMicros();
    const responses = await Promise.all(requests.map(side));
    if (done >= 0) elapsed += cpuMicros() - start;
    for (const response of responses) checkAnswer(response.status, response.statusText);
  }
  return (count / elapsed) * 1e6;
}

// ---- the benchmark ----------------------------------------------------------------------------------

const rate = (value: number, label: string): Measure => ({ value, unit: 'req/s', label });

/** The measurement itself, called in the bundle that `run` builds. */
export async function measure({ quick, rounds, log }: Pick<BenchOptions, 'quick' | 'rounds' | 'log'>, root: string): Promise<Row[]> {
  const body = callbackBody();
  const bytes = Buffer.from(body);
  const boomerang = createReceiver({ secret, handlers: { invoice_notification: () => ({ status: 200, body: reply }) } });
  const { standardNode, floorNode, floorFetch } = peers(root);
  // Many short rounds rather than a few long ones: a burst of load elsewhere on the machine then
  // lands in few samples, which the median leaves out.
  const count = quick ? 2_000 : 12_000;
  const samples = quick ? rounds : Math.max(rounds * 4, 20);
  const batch = 100;
  // Signed again before each side's round: a full run outlasts no tolerance window.
  const node = (side: NodeSide) => () => runNode(side, count, batch, signedHeaders(body), bytes);
  const fetch = (side: (request: Request) => Promise<Response>) => () => runFetch(side, count / 4, batch, signedHeaders(body), body);
  const warmup = quick ? 1 : 5;

  const overNode = await interleaved(samples, { boomerang: node(boomerang.node), standardwebhooks: node(standardNode), floor: node(floorNode) }, { warmup });
  const overFetch = await interleaved(samples, { boomerang: fetch(boomerang.fetch), floor: fetch(floorFetch) }, { warmup });
  log(`node adapter: Boomerang ${overNode.boomerang.toFixed(0)} req/s, standardwebhooks ${overNode.standardwebhooks.toFixed(0)}, floor ${overNode.floor.toFixed(0)}`);
  log(`fetch adapter: Boomerang ${overFetch.boomerang.toFixed(0)} req/s, floor ${overFetch.floor.toFixed(0)}`);

  const sw = `standardwebhooks ${version('standardwebhooks', root)}`;
  const what = 'one signed 200 B invoice_notification callback, handled to its 200 answer, in process (fake node:http req/res)';
  return [
    higherIsBetter('receiver via node adapter, 200 B', rate(overNode.boomerang, 'Boomerang'), rate(overNode.standardwebhooks, sw), 5, `≥ 5× ${sw}`, `${what}; the peer is Webhook.verify + a route Map + an Ajv 2020 validator + the handler, as a listener over the same fake req/res.`),
    higherIsBetter('receiver via node adapter, 200 B, vs the floor', rate(overNode.boomerang, 'Boomerang'), rate(overNode.floor, 'the floor'), 0.8, '≥ 0.8× the floor', `${what}; the floor is node:crypto createHmac + timingSafeEqual + JSON.parse + an Ajv 2020 validator + the handler, with no problem details, routing table or response validation.`),
    higherIsBetter('receiver via fetch adapter, 200 B', rate(overFetch.boomerang, 'Boomerang'), rate(overFetch.floor, 'the floor'), 0, 'none: reported', 'Both sides get real Request objects (built before each timed batch) and return a Response: receiver.fetch vs request.arrayBuffer() + node:crypto createHmac + timingSafeEqual + JSON.parse + an Ajv 2020 validator + the handler + new Response.'),
  ];
}

const receiver: Benchmark = {
  name: 'receiver',
  async run(options) {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const outfile = join(options.workDir, 'receiver-bench.mjs');
    await build({ entryPoints: [fileURLToPath(import.meta.url)], outfile, bundle: true, packages: 'external', format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
    const bundled = (await import(pathToFileURL(outfile).href)) as { measure: typeof measure };
    return bundled.measure(options, root);
  },
};

export default receiver;
