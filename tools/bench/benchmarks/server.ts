/**
 * The generated invoices servers under load, each against the same server written by hand: the
 * Fastify target (examples/invoices/src/main.ts) against a hand-written Fastify server with the same
 * route, the same JSON Schemas (body validation and response serialization) and the same logger
 * settings; the Hono target (the same definition and handler generated with server-hono, see
 * tools/testing/invoices-on.ts) against a hand-written Hono server on @hono/node-server that validates
 * with Ajv and the same schemas; and a node:http floor. Each server runs in a child process of its own
 * on 127.0.0.1 (the generated ones started by their main.ts); autocannon loads them in interleaved
 * rounds, with the same connections and duration, with POST /invoices and a valid invoice (no
 * callback_url), to which every server answers `{"msg":"Invoice received"}`.
 *
 * This file is also the children's entry point: with BOOMERANG_BENCH_SERVER set it starts that server,
 * reports its port over IPC, and exits when the IPC channel closes (the benchmark ended or died).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { invoicesOn } from '../../testing/invoices-on.ts';
import { higherIsBetter, interleaved, median, type Benchmark, type Measure, type Row } from '../harness.ts';

const require = createRequire(import.meta.url);
const self = fileURLToPath(import.meta.url);
const examplesDir = new URL('../../../examples/invoices/', import.meta.url);
/** A package's version, from the package.json above its entry point (hono does not export `./package.json`). */
function version(name: string): string {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
    if (pkg.name === name) return pkg.version;
  }
  throw new Error(`no package.json of ${name} above ${require.resolve(name)}`);
}

/** What every server gets, and what each must answer to it. */
const invoice = { id: 'inv_1', title: 'Lunch', customer: 'Mr. Richie Rich', total: 9999 };
const answer = { msg: 'Invoice received' };

// The hand-written server's schemas, as a developer would write them inline; checked against the
// generated document's components at start-up, so that both servers validate and serialize the same.
const invoiceSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, title: { type: 'string' }, customer: { type: 'string' }, total: { type: 'number' } },
  required: ['id', 'customer', 'total'],
  examples: [{ id: '2expen51ve', title: 'Consulting, March', customer: 'Ada Lovelace', total: 1250.5 }],
};
const invoiceCreatedSchema = { type: 'object', properties: { msg: { type: 'string' } }, required: ['msg'], examples: [{ msg: 'Invoice received' }] };
const problemSchema = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
    detail: { type: 'string' },
    instance: { type: 'string' },
  },
  required: ['title', 'status'],
};

type Role = 'generated' | 'fastify' | 'generated-hono' | 'hono' | 'node';
/** Where `invoicesOn` writes the invoices service on the Hono target (the parent generates it before the children start). */
const honoProject = 'hono';
/** `default`: as main.ts starts the server with no LOG_LEVEL; `requests`: every request logged (LOG_LEVEL=info, Fastify's `logger: true`). */
type Logging = 'default' | 'requests';

// ---- the children ---------------------------------------------------------------------------------

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function startGenerated(logging: Logging, main: URL): Promise<number> {
  // main.ts reads its settings from the environment and listens before its import resolves.
  const port = await freePort();
  process.env.PORT = String(port);
  process.env.HOST = '127.0.0.1';
  delete process.env.CALLBACK_SECRET;
  if (logging === 'requests') process.env.LOG_LEVEL = 'info';
  else delete process.env.LOG_LEVEL;
  // A store of its own per server: the Fastify and Hono servers must not share one SQLite file.
  const storeDir = mkdtempSync(join(tmpdir(), 'boomerang-bench-server-'));
  process.once('exit', () => rmSync(storeDir, { recursive: true, force: true }));
  process.env.CALLBACK_STORE = `sqlite:${join(storeDir, 'deliveries.db')}`;
  await import(main.href);
  return port;
}

/** The hand-written schemas, checked against the generated document's components (both servers validate and serialize the same). */
function checkedSchemas(): void {
  const components = (JSON.parse(readFileSync(new URL('generated/openapi.json', examplesDir), 'utf8')) as { components: { schemas: Record<string, unknown> } }).components.schemas;
  const mine = { Invoice: invoiceSchema, InvoiceCreated: invoiceCreatedSchema, Problem: problemSchema };
  for (const [name, schema] of Object.entries(mine)) {
    if (!isDeepStrictEqual(schema, components[name])) throw new Error(`the hand-written ${name} schema is not the generated document's: ${JSON.stringify(components[name])}`);
  }
}

async function startFastify(logging: Logging): Promise<number> {
  checkedSchemas();
  const { default: Fastify } = await import('fastify');
  // main.ts's settings: `warn` unless LOG_LEVEL says otherwise; `logger: true` is Fastify's `info`.
  const app = Fastify({ logger: logging === 'requests' ? true : { level: 'warn' } });
  app.post<{ Body: typeof invoice; Querystring: { callback_url?: string } }>(
    '/invoices',
    {
      schema: {
        querystring: { type: 'object', properties: { callback_url: { type: 'string', format: 'uri' } } },
        body: invoiceSchema,
        response: { 200: invoiceCreatedSchema, 400: problemSchema },
      },
    },
    // As the example's handler: log that nobody is to be notified, and answer.
    async (request) => {
      if (request.query.callback_url === undefined) request.log.info({ invoice: request.body.id }, 'no callback_url given: nobody to notify');
      return answer;
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

/**
 * Hono as a developer would write the route: Hono's `validator` with Ajv (2020-12, with formats, as the
 * generated document's dialect) compiled from the same schemas, a problem for an invalid body, `c.json`;
 * `hono/logger` when every request is logged.
 */
async function startHono(logging: Logging): Promise<number> {
  checkedSchemas();
  const { Hono } = await import('hono');
  const { validator } = await import('hono/validator');
  const { logger } = await import('hono/logger');
  const { serve } = await import('@hono/node-server');
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const formats = await import('ajv-formats');
  // CommonJS: under Node's ESM loader the default import is the plugin itself.
  const addFormats = ((formats.default as { default?: unknown }).default ?? formats.default) as unknown as (ajv: InstanceType<typeof Ajv2020>) => void;
  const ajv = new Ajv2020({ allErrors: true });
  addFormats(ajv);
  const validInvoice = ajv.compile<typeof invoice>(invoiceSchema);
  const validQuery = ajv.compile<{ callback_url?: string }>({ type: 'object', properties: { callback_url: { type: 'string', format: 'uri' } } });
  const app = new Hono();
  if (logging === 'requests') app.use(logger());
  app.post(
    '/invoices',
    validator('query', (value, c) => (validQuery(value) ? value : c.json({ title: 'Bad Request', status: 400, errors: validQuery.errors }, 400, { 'content-type': 'application/problem+json' }))),
    validator('json', (value, c) => (validInvoice(value) ? value : c.json({ title: 'Bad Request', status: 400, errors: validInvoice.errors }, 400, { 'content-type': 'application/problem+json' }))),
    (c) => {
      // As the example's handler: nobody to notify without a callback_url, and the answer.
      if (c.req.valid('query').callback_url === undefined && logging === 'requests') console.log(JSON.stringify({ invoice: c.req.valid('json').id, msg: 'no callback_url given: nobody to notify' }));
      return c.json(answer, 200);
    },
  );
  return new Promise((resolve) => serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port)));
}

/** The floor: node:http, JSON.parse, the checks the schema makes written out by hand, JSON.stringify. */
async function startNode(): Promise<number> {
  const isInvoice = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const v = value as Record<string, unknown>;
    return typeof v.id === 'string' && typeof v.customer === 'string' && typeof v.total === 'number' && (v.title === undefined || typeof v.title === 'string');
  };
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
  };
  const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/invoices') return reply(res, 404, { title: 'Not Found', status: 404 });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(res, 400, { title: 'Bad Request', status: 400 });
      }
      if (!isInvoice(body)) return reply(res, 400, { title: 'Bad Request', status: 400 });
      reply(res, 200, { msg: answer.msg });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function child(role: Role, logging: Logging): Promise<void> {
  // Gone with the benchmark: when the parent exits, dies or disconnects, so does this process.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message) => {
    if (message === 'cpu') process.send!({ cpu: process.cpuUsage() });
  });
  const starts: Record<Role, () => Promise<number>> = {
    generated: () => startGenerated(logging, new URL('src/main.ts', examplesDir)),
    fastify: () => startFastify(logging),
    'generated-hono': () => startGenerated(logging, new URL(`../../../.tmp/invoices-${honoProject}/src/main.ts`, import.meta.url)),
    hono: () => startHono(logging),
    node: startNode,
  };
  const port = await starts[role]();
  process.send!({ port });
}

const childRole = process.env.BOOMERANG_BENCH_SERVER as Role | undefined;
if (childRole !== undefined) await child(childRole, (process.env.BOOMERANG_BENCH_LOGGING as Logging | undefined) ?? 'default');

// ---- the benchmark --------------------------------------------------------------------------------

interface Server {
  readonly origin: string;
  readonly process: ChildProcess;
}

async function spawnServer(role: Role, logging: Logging): Promise<Server> {
  const { BOOMERANG_BENCH_SERVER: _role, BOOMERANG_BENCH_LOGGING: _logging, LOG_LEVEL: _level, ...env } = process.env;
  // Logs go to /dev/null: written (and formatted) as in production, without the benchmark reading them.
  const proc = fork(self, [], {
    execArgv: ['--conditions=@boomerang/source', '--import', 'tsx'],
    env: { ...env, BOOMERANG_BENCH_SERVER: role, BOOMERANG_BENCH_LOGGING: logging },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    proc.once('message', (message) => resolve((message as { port: number }).port));
    proc.once('error', reject);
    proc.once('exit', (code, signal) => reject(new Error(`the ${role} server exited before it listened (${signal ?? `code ${code}`})`)));
  });
  proc.removeAllListeners('exit');
  return { origin: `http://127.0.0.1:${port}`, process: proc };
}

/** The CPU time (user + system, µs) the server's process has used so far. */
function cpuTime(server: Server): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      const cpu = (message as { cpu?: NodeJS.CpuUsage }).cpu;
      if (cpu === undefined) return;
      server.process.off('message', onMessage);
      resolve(cpu.user + cpu.system);
    };
    server.process.on('message', onMessage);
    server.process.send('cpu');
  });
}

function stopServer(server: Server): Promise<void> {
  const proc = server.process;
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    // By its own PID, never by name.
    process.kill(proc.pid!, 'SIGTERM');
  });
}

interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = require('autocannon') as Autocannon;

/** The same request to every server; fails when any answer is not the 200 with the expected body. */
async function checkAnswer(name: string, origin: string): Promise<void> {
  const response = await fetch(`${origin}/invoices`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(invoice) });
  const body: unknown = await response.json();
  if (response.status !== 200 || !isDeepStrictEqual(body, answer)) throw new Error(`${name} answered ${response.status} ${JSON.stringify(body)}, not 200 ${JSON.stringify(answer)}`);
}

/** Loads `server` for `seconds`; its rate (req/s), and the CPU time its process spent per request (µs). */
async function load(name: string, server: Server, seconds: number, connections: number): Promise<{ rate: number; cpu: number }> {
  const cpuBefore = await cpuTime(server);
  const result = await autocannon({
    url: `${server.origin}/invoices`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(invoice),
    connections,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts under load`);
  const cpu = ((await cpuTime(server)) - cpuBefore) / result.requests.total;
  return { rate: result.requests.average, cpu };
}

const rate = (value: number, label: string): Measure => ({ value, unit: 'req/s', label });

const server: Benchmark = {
  name: 'server',
  async run({ quick, rounds, log }) {
    const seconds = quick ? 1 : 5;
    const connections = 50;
    const warmup = 1;
    const fastify = `hand-written Fastify ${version('fastify')}`;
    const hono = `hand-written Hono ${version('hono')}`;
    await invoicesOn('@boomerang/template-server-hono', honoProject);
    const rows: Row[] = [];
    const started: Server[] = [];
    const spawn = async (role: Role, logging: Logging) => {
      const s = await spawnServer(role, logging);
      started.push(s);
      return s;
    };
    try {
      for (const logging of ['default', 'requests'] as const) {
        const sides: Record<string, Server> = {
          generated: await spawn('generated', logging),
          fastify: await spawn('fastify', logging),
          'generated-hono': await spawn('generated-hono', logging),
          hono: await spawn('hono', logging),
        };
        if (logging === 'default') sides.node = await spawn('node', logging);
        for (const [name, s] of Object.entries(sides)) await checkAnswer(name, s.origin);
        // The rate is the figure; the CPU time per request is reported beside it, since it does not
        // depend on whether autocannon, on the same machine, keeps up with the server.
        const cpu: Record<string, number[]> = {};
        const got = await interleaved(
          rounds,
          Object.fromEntries(
            Object.entries(sides).map(([name, s]) => [
              name,
              async () => {
                const measured = await load(name, s, seconds, connections);
                (cpu[name] ??= []).push(measured.cpu);
                return measured.rate;
              },
            ]),
          ),
          { warmup },
        );
        // The warm-up rounds' CPU samples come first; they are not counted.
        const cpuPerRequest = Object.fromEntries(Object.entries(cpu).map(([name, samples]) => [name, median(samples.slice(warmup))]));
        log(
          `${logging === 'default' ? 'logging as main.ts defaults' : 'every request logged'}: ` +
            Object.keys(sides).map((name) => `${name} ${got[name]!.toFixed(0)} req/s, ${cpuPerRequest[name]!.toFixed(1)} µs CPU/request`).join('; '),
        );
        const what = `POST /invoices (valid body, no callback_url), ${connections} connections, ${seconds} s × ${rounds} rounds (medians)`;
        const cpuNoteOf = (generated: string, written: string) =>
          `CPU per request in the server's process: Boomerang ${cpuPerRequest[generated]!.toFixed(1)} µs, hand-written ${cpuPerRequest[written]!.toFixed(1)} µs (${(cpuPerRequest[generated]! / cpuPerRequest[written]!).toFixed(2)}×)`;
        const cpuNote = cpuNoteOf('generated', 'fastify');
        const honoNote = `${cpuNoteOf('generated-hono', 'hono')}; the generated Hono server validates the query, headers and body with the runtime's Ajv validators through hono/validator`;
        if (logging === 'default') {
          rows.push(higherIsBetter('generated invoices server, req/s (request logging off: main.ts without LOG_LEVEL)', rate(got.generated!, 'Boomerang'), rate(got.fastify!, fastify), 0.95, `≥ 0.95× ${fastify}`, `${what}; both log at warn (Fastify \`logger: { level: 'warn' }\`). ${cpuNote}.`));
          rows.push(higherIsBetter('generated Hono invoices server (server-hono), req/s (request logging off)', rate(got['generated-hono']!, 'Boomerang on Hono'), rate(got.hono!, hono), 0.95, `≥ 0.95× ${hono}`, `${what}; the hand-written server logs nothing. ${honoNote}.`));
          rows.push(higherIsBetter('generated Hono vs generated Fastify invoices server, req/s (request logging off)', rate(got['generated-hono']!, 'server-hono'), rate(got.generated!, 'server-fastify'), 0, 'none (for information: choosing a target)', `${what}; the same definition and handler on both targets, each as its main.ts starts it.`));
          rows.push(higherIsBetter('generated invoices server vs the node:http floor, req/s', rate(got.generated!, 'Boomerang'), rate(got.node!, 'node:http'), 0, 'none (for information)', `node:http, JSON.parse, the schema checks written by hand, JSON.stringify; no logger (${cpuPerRequest.node!.toFixed(1)} µs CPU/request). A floor close to the others means autocannon, on the same machine, is near its own limit.`));
        } else {
          rows.push(higherIsBetter('generated invoices server, req/s (every request logged: LOG_LEVEL=info)', rate(got.generated!, 'Boomerang'), rate(got.fastify!, fastify), 0.95, `≥ 0.95× ${fastify}`, `${what}; the hand-written server has \`logger: true\`; logs go to /dev/null. ${cpuNote}.`));
          rows.push(higherIsBetter('generated Hono invoices server (server-hono), req/s (every request logged: LOG_LEVEL=info)', rate(got['generated-hono']!, 'Boomerang on Hono'), rate(got.hono!, hono), 0.95, `≥ 0.95× ${hono}`, `${what}; the hand-written server uses \`hono/logger\` and logs the handler's line; logs go to /dev/null. ${honoNote}.`));
        }
        for (const s of Object.values(sides)) await stopServer(s);
      }
    } finally {
      await Promise.all(started.map(stopServer));
    }
    return rows;
  },
};

export default server;
