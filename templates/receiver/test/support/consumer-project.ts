/**
 * A generated receiver as its users get it: built with its own `npm run build` (the repo's TypeScript),
 * packed with `npm pack`, installed into a fresh project with nothing but npm, compiled by a strict
 * consumer and run. `verifyConsumerProject` takes what to install (a tarball, or a package spec that an
 * .npmrc routes to a registry) so that a registry test can publish first and reuse the rest.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { binDir, tscBin } from './paths.ts';

const run = promisify(execFile);

/** The environment of a fresh shell: none of the npm_* variables of the npm (or npx) running the tests. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return { ...env, ...extra };
}

/** Removes a folder a helper here made under the system's temp dir. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface PackedReceiver {
  /** The tarball's absolute path. */
  readonly tarball: string;
  /** The paths inside it, e.g. `dist/index.js`. */
  readonly files: readonly string[];
  /** The copy that was built (with its dist/). */
  readonly builtDir: string;
  /** The temp folder holding both: remove it when done. */
  readonly workDir: string;
}

/** Copies the package out of the repo, runs its build with the repo's TypeScript, and packs it. */
export async function buildAndPack(receiverDir: string): Promise<PackedReceiver> {
  const work = mkdtempSync(join(tmpdir(), 'boomerang-receiver-pack-'));
  const builtDir = join(work, 'package');
  cpSync(receiverDir, builtDir, { recursive: true, filter: (source) => !/[\\/](node_modules|dist)$/.test(source) });
  const env = cleanEnv({ PATH: `${binDir}:${process.env.PATH ?? ''}` });
  await run('npm', ['run', 'build'], { cwd: builtDir, env });
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: builtDir, env });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(work, packed!.filename), files: packed!.files.map((f) => f.path).sort(), builtDir, workDir: work };
}

export interface ConsumerProjectOptions {
  /** What `npm install` gets: a tarball path, or a spec (`@invoices-example/receiver@1.0.0`) a registry serves. */
  readonly install: string;
  /** The consumer program (main.ts): it must exit 0 when all is well. */
  readonly source: string;
  /** Other packages it needs, from the registry. */
  readonly alsoInstall?: readonly string[];
  /** An .npmrc for the project, e.g. routing a scope to a local registry. */
  readonly npmrc?: string;
  /** The folder to make the project in (default: the system's temp dir), e.g. one the caller removes in any case. */
  readonly parentDir?: string;
}

export interface ConsumerRun {
  readonly dir: string;
  readonly stdout: string;
}

/**
 * A fresh project outside the repo: `npm install` what is given, compile main.ts with `tsc --strict`
 * (NodeNext, Node's types only, declarations checked too: no skipLibCheck), run it with node.
 */
export async function verifyConsumerProject({ install, source, alsoInstall = ['standardwebhooks@1.1.1', '@types/node@20.19.25'], npmrc, parentDir = tmpdir() }: ConsumerProjectOptions): Promise<ConsumerRun> {
  const dir = mkdtempSync(join(parentDir, 'boomerang-receiver-consumer-'));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'receiver-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  if (npmrc !== undefined) writeFileSync(join(dir, '.npmrc'), npmrc);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], strict: true, skipLibCheck: false, outDir: 'out', rootDir: '.' }, include: ['main.ts'] }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'main.ts'), source);
  const env = cleanEnv();
  await run('npm', ['install', install, ...alsoInstall, '--no-audit', '--no-fund'], { cwd: dir, env });
  await run(process.execPath, [tscBin, '-p', 'tsconfig.json', '--strict'], { cwd: dir, env });
  const { stdout } = await run(process.execPath, ['out/main.js'], { cwd: dir, env });
  return { dir, stdout };
}

/**
 * A consumer of the invoices receiver: createReceiver on 127.0.0.1:0, one request signed with the
 * standardwebhooks package, the handler's typed arguments checked, every entry point loaded.
 */
export function invoicesConsumerSource(packageName: string): string {
  return `import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createReceiver, events, type InvoiceNotificationHandler } from '${packageName}';
import { expressMiddleware } from '${packageName}/express';
import { fastifyPlugin } from '${packageName}/fastify';
import { createClient } from '${packageName}/client';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const received: { id: string; description: string; paid: boolean }[] = [];
const invoice_notification: InvoiceNotificationHandler = async ({ body, params }) => {
  received.push({ id: params.id, description: body.description, paid: body.paid });
  return { status: 200, body: { ok: true } };
};
// @ts-expect-error: the documented answer is { ok: boolean }
const wrong: InvoiceNotificationHandler = async () => ({ status: 200, body: { ok: 'yes' } });
void wrong;

const receiver = createReceiver({ secret, handlers: { invoice_notification } });
if (typeof expressMiddleware(receiver) !== 'function' || typeof fastifyPlugin(receiver) !== 'function') throw new Error('adapters missing');
if (events.join() !== 'invoice_notification') throw new Error(\`events: \${events.join()}\`);
// The client's own entry point resolves, typed: createInvoice takes the invoice and the receiver's URL.
if (typeof createClient().createInvoice !== 'function') throw new Error('client missing');

const server = createServer(receiver.node);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const payload = JSON.stringify({ description: 'Payment celebration', paid: true });
const id = 'msg_consumer_1';
const timestamp = new Date();
const response = await fetch(\`http://127.0.0.1:\${port}/events/invoices/2expen51ve\`, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, timestamp, payload),
  },
  body: payload,
});
const answer: unknown = await response.json();
const unsigned = await fetch(\`http://127.0.0.1:\${port}/events/invoices/2expen51ve\`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
server.close();

const outcome = JSON.stringify({ status: response.status, answer, received, unsigned: unsigned.status });
const want = JSON.stringify({ status: 200, answer: { ok: true }, received: [{ id: '2expen51ve', description: 'Payment celebration', paid: true }], unsigned: 401 });
if (outcome !== want) {
  console.error(\`unexpected: \${outcome}\`);
  process.exit(1);
}
console.log('consumer ok');
`;
}
