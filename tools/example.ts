/**
 * `npm run example`: the invoices example end to end, as a newcomer would run it by hand.
 * `npm run example -- --server hono` runs the same on the Hono target: the same definition and handler
 * generated with server-hono (into .tmp/invoices-hono, see tools/testing/invoices-on.ts).
 * 1. generate the service from examples/invoices/api.ts;
 * 2. start the generated receiver package (examples/invoices/receiver) on 127.0.0.1: the API user's side;
 * 3. start the service (`npm --workspace examples/invoices start`) on 127.0.0.1;
 * 4. create the invoice of FastAPI's page with callback_url pointing at the receiver;
 * 5. show the signed callback that arrives at /events/invoices/2expen51ve, and the receiver's answer;
 * 6. build the static docs of both sides, and lint the documents with the Boomerang Redocly rule.
 * Everything it starts, it stops.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@boomerang/codegen';
import { formatDiagnostic } from '@boomerang/core';
import { createReceiver } from '../examples/invoices/receiver/generated/index.ts';
import { invoicesOn } from './testing/invoices-on.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const servers = ['fastify', 'hono'] as const;
const serverArg = process.argv.indexOf('--server');
const server = (serverArg === -1 ? 'fastify' : process.argv[serverArg + 1]) as (typeof servers)[number];
if (!servers.includes(server)) {
  console.error(`usage: npm run example [-- --server ${servers.join('|')}] (got ${JSON.stringify(process.argv[serverArg + 1] ?? '')})`);
  process.exit(2);
}
let stepNumber = 0;
const step = (text: string) => console.log(`\n[${++stepNumber}] ${text}`);

step('Generate the service from examples/invoices/api.ts (boomerang generate examples/invoices)');
const generated = await generate(`${repo}examples/invoices`);
for (const d of generated.diagnostics) console.log(formatDiagnostic(d));
if (!generated.ok) process.exit(1);
for (const target of generated.targets) {
  const r = target.report;
  console.log(`  ${target.target} → examples/invoices/${target.output}: ${r.written.length} written, ${r.unchanged.length} unchanged, ${r.skipped.length} kept (yours), ${r.deleted.length} deleted`);
}
const hono = server === 'hono' ? await invoicesOn('@boomerang/template-server-hono', 'hono') : undefined;
if (hono) console.log(`  server-hono → .tmp/invoices-hono/src: the same api.ts and handler (examples/invoices/src/handlers), on Hono`);

step('Start the generated receiver (examples/invoices/receiver) on 127.0.0.1: the API user\'s server');
interface Received {
  readonly params: unknown;
  readonly body: unknown;
  readonly webhookId: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
}
let arrived!: (received: Received) => void;
const callbackArrived = new Promise<Received>((resolve) => (arrived = resolve));
const receiver = createReceiver({
  secret: [secret],
  handlers: {
    // Called only after the signature and the body were verified.
    invoice_notification: async ({ body, params, webhookId, headers }) => {
      arrived({ params, body, webhookId, headers: headers as Record<string, string | undefined> });
      return { status: 200, body: { ok: true } };
    },
  },
});
const paths: string[] = [];
const receiverServer = createServer((request, response) => {
  paths.push(`${request.method} ${request.url}`);
  receiver.node(request, response);
});
await new Promise<void>((resolve) => receiverServer.listen(0, '127.0.0.1', resolve));
const receiverOrigin = `http://127.0.0.1:${(receiverServer.address() as AddressInfo).port}`;
console.log(`  listening at ${receiverOrigin}, verifying signatures with the same whsec_ secret`);

step(hono ? 'Start the invoices service on Hono (node --import tsx .tmp/invoices-hono/src/main.ts)' : 'Start the invoices service (npm --workspace examples/invoices start)');
// Its queued callbacks wait in a store of this run's own, not in one an earlier run left behind.
const storeDir = mkdtempSync(join(tmpdir(), 'boomerang-example-'));
const store = `sqlite:${join(storeDir, 'deliveries.db')}`;
const [command, ...args] = hono ? [process.execPath, '--conditions=@boomerang/source', '--import', 'tsx', hono.main] : ['npm', '--workspace', 'examples/invoices', 'start'];
const service = spawn(command!, args, {
  cwd: repo,
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CALLBACK_SECRET: secret, CALLBACK_ALLOW_HOSTS: '127.0.0.1', CALLBACK_STORE: store },
  stdio: ['ignore', 'pipe', 'inherit'],
  detached: true,
});
let exitCode = 0;
try {
  const origin = await listeningOrigin(service);
  console.log(`  listening at ${origin}; callbacks signed with ${secret.slice(0, 10)}…, allowed to reach 127.0.0.1, queued in ${store}`);

  step("Create the invoice of FastAPI's page");
  const url = `${origin}/invoices?callback_url=${receiverOrigin}/events`;
  const invoice = { id: '2expen51ve', customer: 'Mr. Richie Rich', total: '9999' };
  console.log(`  POST ${url}\n  ${JSON.stringify(invoice)}`);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(invoice) });
  console.log(`  → ${response.status} ${JSON.stringify(await response.json())}`);

  step('Wait for the callback (the service sends it once "the money is collected")');
  const callback = await Promise.race([
    callbackArrived,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no callback arrived within 10 s')), 10_000).unref()),
  ]);
  console.log(`  ${paths.at(-1)}`);
  for (const name of ['content-type', 'boomerang-event', 'webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    console.log(`  ${name}: ${callback.headers[name]}`);
  }
  console.log(`  signature verified by the receiver; its invoice_notification handler got params ${JSON.stringify(callback.params)} and body ${JSON.stringify(callback.body)}`);
  console.log(`  the receiver answered: 200 ${JSON.stringify({ ok: true })}`);
  if (paths.at(-1) !== 'POST /events/invoices/2expen51ve') throw new Error(`the callback went to ${paths.at(-1)}`);

  step('Build the docs of both sides (boomerang docs examples/invoices) and lint (boomerang lint)');
  // `boomerang lint` loads the Boomerang Redocly rule from the plugin's build; build it on a fresh clone.
  if (!existsSync(`${repo}packages/redocly-plugin/dist/index.js`)) {
    const build = spawnSync('npm', ['run', 'build', '--workspace', '@boomerang/redocly-plugin'], { cwd: repo, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the Redocly plugin failed:\n${build.stdout}${build.stderr}`);
  }
  for (const args of [['docs', 'examples/invoices'], ['lint', 'examples/invoices']]) {
    const run = spawnSync(process.execPath, ['packages/cli/bin/boomerang.js', ...args], { cwd: repo, encoding: 'utf8' });
    const summary = `${run.stdout}${run.stderr}`.trim().split('\n').filter((line) => line.trim() !== '').slice(-6).map((line) => `  ${line}`).join('\n');
    console.log(`  $ boomerang ${args.join(' ')}\n${summary}`);
    if (run.status !== 0) throw new Error(`boomerang ${args.join(' ')} exited with ${run.status}`);
  }
  console.log('  open examples/invoices/docs/index.html (the API) and examples/invoices/docs/receiver.html (what the receiver implements): both work offline');
} catch (error) {
  console.error(`\nexample failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  step('Stop the service and the receiver');
  if (service.pid !== undefined && service.exitCode === null) {
    process.kill(-service.pid, 'SIGTERM');
    await once(service, 'exit');
  }
  await new Promise((resolve) => receiverServer.close(resolve));
  rmSync(storeDir, { recursive: true, force: true });
  console.log('  done');
}
process.exitCode = exitCode;

/** The service logs JSON lines; the one that says where it listens gives the origin. */
async function listeningOrigin(child: ChildProcess): Promise<string> {
  let buffer = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the service did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the service exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
}
