/**
 * `npm run example`: the invoices example end to end, as a newcomer would run it by hand.
 * 1. generate the service from examples/invoices/api.ts;
 * 2. start a receiver for the callbacks on 127.0.0.1 (the API user's side);
 * 3. start the service (`npm --workspace examples/invoices start`) on 127.0.0.1;
 * 4. create the invoice of FastAPI's page with callback_url pointing at the receiver;
 * 5. show the signed callback that arrives at /events/invoices/2expen51ve, and the receiver's answer.
 * Everything it starts, it stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { generate } from '@boomerang/codegen';
import { formatDiagnostic } from '@boomerang/core';
import { Webhook } from 'standardwebhooks';
import { startRecordingReceiver } from './testing/recording-receiver.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
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

step('Start a receiver for the callbacks on 127.0.0.1 (the API user\'s server)');
const receiver = await startRecordingReceiver([{ status: 200, body: { ok: true } }]);
console.log(`  listening at ${receiver.origin}`);

step('Start the invoices service (npm --workspace examples/invoices start)');
const service = spawn('npm', ['--workspace', 'examples/invoices', 'start'], {
  cwd: repo,
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CALLBACK_SECRET: secret, CALLBACK_ALLOW_HOSTS: '127.0.0.1' },
  stdio: ['ignore', 'pipe', 'inherit'],
  detached: true,
});
let exitCode = 0;
try {
  const origin = await listeningOrigin(service);
  console.log(`  listening at ${origin}; callbacks signed with ${secret.slice(0, 10)}…, allowed to reach 127.0.0.1`);

  step("Create the invoice of FastAPI's page");
  const url = `${origin}/invoices/?callback_url=${receiver.origin}/events`;
  const invoice = { id: '2expen51ve', customer: 'Mr. Richie Rich', total: '9999' };
  console.log(`  POST ${url}\n  ${JSON.stringify(invoice)}`);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(invoice) });
  console.log(`  → ${response.status} ${JSON.stringify(await response.json())}`);

  step('Wait for the callback (the service sends it once "the money is collected")');
  const [callback] = await Promise.race([
    receiver.waitFor(1),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no callback arrived within 10 s')), 10_000).unref()),
  ]);
  console.log(`  ${callback!.method} ${callback!.url}`);
  for (const name of ['content-type', 'boomerang-event', 'webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    console.log(`  ${name}: ${callback!.headers[name]}`);
  }
  console.log(`  ${callback!.body}`);
  const verified = new Webhook(secret).verify(callback!.body, callback!.headers as Record<string, string>);
  console.log(`  signature verified with the standardwebhooks package: ${JSON.stringify(verified)}`);
  console.log(`  the receiver answered: 200 ${JSON.stringify({ ok: true })}`);
  if (callback!.url !== '/events/invoices/2expen51ve') throw new Error(`the callback went to ${callback!.url}`);
} catch (error) {
  console.error(`\nexample failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  step('Stop the service and the receiver');
  if (service.pid !== undefined && service.exitCode === null) {
    process.kill(-service.pid, 'SIGTERM');
    await once(service, 'exit');
  }
  await receiver.close();
  console.log('  done');
}
process.exitCode = exitCode;

/** The service logs JSON lines (Fastify/pino); the one that says where it listens gives the origin. */
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
