/**
 * Boomerang as its users get it: from a registry, in folders of their own.
 *
 * A local verdaccio (tools/registry) is the only registry every npm here is given
 * (`npm_config_registry`); it serves what `npm run release` publishes to it and proxies every other
 * package from the registry this machine uses. Then, outside the repository:
 *
 * 1. the API author runs `npm create boomerang@latest my-api`, then `npm start` (in the background)
 *    and `npm test`, and publishes the generated receiver package;
 * 2. the external developer installs that receiver by name in a folder of their own and serves it;
 * 3. a POST creates an invoice, and the signed callback reaches their receiver;
 * 4. in a fresh Nx workspace (its own `npm install` made meanwhile): `nx add @boomerang/nx`, `nx g @boomerang/nx:service billing`,
 *    `nx run billing:test`, a cache hit the second time, turbo too.
 *
 * Every step is a real npm / npx / nx process; the tests run in order on what the previous ones made.
 * Everything started is stopped by PID, and the folders are removed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanNpmEnv, startLocalRegistry, type LocalRegistry } from '../registry/local-registry.ts';
import { publishablePackages } from '../release/workspace-packages.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const packages = publishablePackages(repo);
const version = packages[0]!.version;
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const stepTimeout = 300_000;

let registry: LocalRegistry;
let work: string;
/** The fresh Nx workspace's own install (nx, turbo: nothing of ours), made while the release runs. */
let nxWorkspace: Promise<string>;
let env: NodeJS.ProcessEnv;
const started = new Set<ChildProcess>();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'boomerang-from-registry-'));
  registry = await startLocalRegistry({ proxy: true, ownPackages: ['@boomerang/*', 'create-boomerang', 'my-api-receiver', '@acme/*'] });
  const userconfig = join(work, 'npmrc');
  // The user's own config keeps what their machine builds native addons with: the default store's
  // driver, better-sqlite3, is compiled at install where no prebuilt binary can be fetched (here:
  // Node's own headers, `nodedir`, since nodejs.org is not reachable either).
  const nodedir = spawnSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(userconfig, `${registry.publisherNpmrc()}${nodedir && nodedir !== 'undefined' ? `nodedir=${nodedir}\n` : ''}`);
  // A user's environment: one registry, their own npm config (here: one that may publish to it).
  env = cleanNpmEnv({
    npm_config_registry: registry.url,
    npm_config_userconfig: userconfig,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    NO_COLOR: '1',
  });
  for (const key of Object.keys(env)) if (/^(vitest|nx_(?!daemon|no_cloud|tui)|turbo_(?!telemetry)|node_options$|node_env$|init_cwd$)/i.test(key)) delete env[key];

  // A fresh Nx workspace, as create-nx-workspace leaves one (without analytics and neverConnectToCloud,
  // the first `nx` command stops to ask), with git, as turbo hashes through it.
  const root = join(work, 'acme');
  mkdirSync(root);
  const pins = json(join(repo, 'package.json')).devDependencies as Record<string, string>;
  writeFileSync(join(root, 'package.json'), `${JSON.stringify({ name: '@acme/source', version: '0.0.0', private: true, devDependencies: { nx: pins.nx, turbo: pins.turbo } }, null, 2)}\n`);
  writeFileSync(join(root, 'nx.json'), `${JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json', analytics: false, neverConnectToCloud: true }, null, 2)}\n`);
  writeFileSync(join(root, '.gitignore'), 'node_modules\n.nx\ndist\n');
  run(root, 'git', 'init', '--quiet');
  nxWorkspace = runInBackground(root, 'npm', 'install');
  nxWorkspace.catch(() => {}); // awaited, and reported, by the Nx tests
}, 60_000);

afterAll(async () => {
  for (const child of started) stop(child);
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

/** Runs a command to completion; its stdout and stderr together, or an error that shows them. */
function run(cwd: string, command: string, ...args: string[]): string {
  const at = Date.now();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: stepTimeout, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(/\x1b\[[0-9;]*m/g, '');
  process.stdout.write(`e2e: ${command} ${args.join(' ')} in ${cwd.slice(work.length + 1) || 'repo'} (${((Date.now() - at) / 1000).toFixed(1)} s)\n`);
  if (result.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`);
  return output;
}

/** `run`, without blocking: for a step the later tests need and nothing before them does. */
function runInBackground(cwd: string, command: string, ...args: string[]): Promise<string> {
  const at = Date.now();
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('close', (code) => {
      started.delete(child);
      process.stdout.write(`e2e: ${command} ${args.join(' ')} in ${cwd.slice(work.length + 1)}, in the background (${((Date.now() - at) / 1000).toFixed(1)} s)\n`);
      if (code === 0) resolve(output);
      else reject(new Error(`\`${command} ${args.join(' ')}\` failed (exit ${code}):\n${output}`));
    });
  });
}

/** Starts a long-running command in its own process group; resolves with the first match of `ready` in its output. */
function startBackground(cwd: string, extraEnv: Record<string, string>, ready: RegExp, command: string, ...args: string[]): Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string }> {
  const child = spawn(command, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  started.add(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`\`${command} ${args.join(' ')}\` did not get ready within 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`\`${command} ${args.join(' ')}\` exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/** Ends a background command and everything it started (npm → sh → node), by its process group when it has one. */
function stop(child: ChildProcess): void {
  started.delete(child);
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // not a process group of its own (a background step): the process alone
    child.kill('SIGTERM');
  }
}

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;

describe('npm run release, to a registry', () => {
  it('builds, checks and publishes every package, printing each tarball', () => {
    const output = run(repo, 'npm', 'run', 'release');
    for (const p of packages) {
      expect(output).toMatch(new RegExp(`${p.name.replace('/', '\\/')}@${version}\\s+[\\d.]+ kB packed\\s+[\\d.]+ kB unpacked\\s+\\d+ files  ok`));
      expect(output).toMatch(new RegExp(`${p.name.replace('/', '\\/')}@${version}\\s+published`));
    }
    // In dependency order: core before what needs it, create-boomerang before @boomerang/nx.
    const published = [...output.matchAll(/^ {2}(\S+)@\S+\s+published$/gm)].map((m) => m[1]);
    expect(published.indexOf('@boomerang/core')).toBeLessThan(published.indexOf('@boomerang/codegen'));
    expect(published.indexOf('@boomerang/codegen')).toBeLessThan(published.indexOf('@boomerang/cli'));
    expect(published.indexOf('create-boomerang')).toBeLessThan(published.indexOf('@boomerang/nx'));
    const view = JSON.parse(run(work, 'npm', 'view', `@boomerang/cli@${version}`, '--json')) as { dist: { tarball: string } };
    expect(view.dist.tarball.startsWith(registry.url)).toBe(true);
  }, stepTimeout);
});

describe("an API author's own folder", () => {
  let project: string;

  it('npm create boomerang@latest my-api writes the project and installs it from the registry', () => {
    const author = join(work, 'author');
    mkdirSync(author);
    project = join(author, 'my-api');
    const output = run(author, 'npm', 'create', 'boomerang@latest', 'my-api');
    expect(output).toContain('cd my-api');
    // Node 20 installs it without an engine warning, and the tree is consistent.
    expect(output).not.toMatch(/EBADENGINE/);
    run(project, 'npm', 'ls', '--all');
    const pkg = json(join(project, 'package.json'));
    expect(pkg.devDependencies['@boomerang/cli']).toBe(version);
    // Installed from the registry, as published: compiled JavaScript, no sources.
    const cli = join(project, 'node_modules', '@boomerang', 'cli');
    expect(lstatSync(cli).isSymbolicLink()).toBe(false);
    expect(existsSync(join(cli, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(cli, 'src'))).toBe(false);
  }, stepTimeout);

  it('npm test passes: generate, type-check, a real POST and a real signed callback', () => {
    const output = run(project, 'npm', 'test');
    expect(output).toMatch(/Tests\s+3 passed/);
  }, stepTimeout);

  it('npm create boomerang@latest my-hono-api -- --server hono: the Hono project installs from the registry and its npm test passes', () => {
    const author = join(work, 'author');
    const hono = join(author, 'my-hono-api');
    const output = run(author, 'npm', 'create', 'boomerang@latest', 'my-hono-api', '--', '--server', 'hono');
    expect(output).not.toMatch(/EBADENGINE/);
    run(hono, 'npm', 'ls', '--all');
    const pkg = json(join(hono, 'package.json'));
    expect(pkg.devDependencies['@boomerang/template-server-hono']).toBe(version);
    expect(existsSync(join(hono, 'node_modules', '@boomerang', 'template-server-hono', 'templates', 'server.ts.hbs'))).toBe(true);
    expect(run(hono, 'npm', 'test')).toMatch(/Tests\s+3 passed/);
  }, stepTimeout);

  it('npm start serves it; the callback reaches the receiver an external developer installed by name', async () => {
    const service = await startBackground(project, { PORT: '0', HOST: '127.0.0.1', CALLBACK_SECRET: secret, CALLBACK_ALLOW_HOSTS: '127.0.0.1' }, /Server listening at (http:\/\/127\.0\.0\.1:\d+)/, 'npm', 'start');
    try {
      // The author ships the receiver package that generate wrote (its prepublishOnly builds it).
      run(join(project, 'receiver'), 'npm', 'install');
      run(join(project, 'receiver'), 'npm', 'publish');

      // The external developer: a folder of their own with nothing but the receiver, by name.
      const developer = join(work, 'developer');
      mkdirSync(developer);
      writeFileSync(join(developer, 'package.json'), `${JSON.stringify({ name: 'their-endpoint', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
      run(developer, 'npm', 'install', `my-api-receiver@1.0.0`);
      expect(json(join(developer, 'package.json')).dependencies).toEqual({ 'my-api-receiver': '^1.0.0' });
      writeFileSync(
        join(developer, 'server.js'),
        `import { createServer } from 'node:http';
import { createReceiver } from 'my-api-receiver';

const receiver = createReceiver({
  secret: process.env.RECEIVER_SECRET,
  handlers: {
    invoice_notification: async ({ body, params, webhookId }) => {
      console.log('received ' + JSON.stringify({ params, body, signed: webhookId.length > 0 }));
      return { status: 200, body: { ok: true } };
    },
    'invoice-paid': async () => ({ status: 200 }),
  },
});
const server = createServer(receiver.node).listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
`,
      );
      const endpoint = await startBackground(developer, { RECEIVER_SECRET: secret }, /listening on (http:\/\/127\.0\.0\.1:\d+)/, process.execPath, 'server.js');
      try {
        const origin = service.match[1]!;
        const response = await fetch(`${origin}/invoices?callback_url=${encodeURIComponent(`${endpoint.match[1]}/events`)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id: '2expen51ve', customer: 'Mr. Richie Rich', total: '9999' }),
        });
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ msg: 'Invoice received' });
        const deadline = Date.now() + 20_000;
        while (!/received /.test(endpoint.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        const line = /received (.*)/.exec(endpoint.output())?.[1];
        expect(line === undefined ? undefined : JSON.parse(line)).toEqual({ params: { id: '2expen51ve' }, body: { description: 'Invoice 2expen51ve paid', paid: true }, signed: true });
        // main.ts logs every delivery (request logging is off unless LOG_LEVEL asks): one JSON line.
        const deliveries = service
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .filter((entry) => entry.msg === 'callback delivered');
        expect(deliveries).toEqual([expect.objectContaining({ event: 'invoice_notification', status: 200, attempts: 1, url: `${endpoint.match[1]}/events/invoices/2expen51ve` })]);
      } finally {
        stop(endpoint.child);
      }
    } finally {
      stop(service.child);
    }
  }, stepTimeout);
});

describe('a fresh Nx workspace', () => {
  let root: string;
  const cacheHit = /\[local cache\]|existing outputs match the cache/;
  const nx = (...args: string[]) => run(root, 'npx', 'nx', ...args);

  beforeAll(async () => {
    root = join(work, 'acme');
    await nxWorkspace;
  }, stepTimeout);

  it('nx add @boomerang/nx installs the plugin from the registry and registers it and the pipeline', () => {
    nx('add', '@boomerang/nx');
    expect(json(join(root, 'package.json')).devDependencies['@boomerang/nx']).toMatch(new RegExp(version.replace(/\./g, '\\.')));
    expect(json(join(root, 'nx.json'))).toMatchObject({ analytics: false, neverConnectToCloud: true, plugins: ['@boomerang/nx'] });
    expect(json(join(root, 'nx.json')).targetDefaults.test.dependsOn).toEqual(expect.arrayContaining(['generate', 'build']));
    expect(json(join(root, 'turbo.json')).tasks).toHaveProperty('generate');
    const plugin = join(root, 'node_modules', '@boomerang', 'nx');
    expect(lstatSync(plugin).isSymbolicLink()).toBe(false);
    expect(existsSync(join(plugin, 'src'))).toBe(false);
  }, stepTimeout);

  it('nx g --dry-run writes nothing', () => {
    const nxJson = readFileSync(join(root, 'nx.json'), 'utf8');
    const output = nx('g', '@boomerang/nx:service', 'billing', '--dry-run');
    expect(output).toContain('CREATE services/billing/api.ts');
    expect(output).toMatch(/no changes were made/);
    expect(existsSync(join(root, 'services'))).toBe(false);
    expect(readFileSync(join(root, 'nx.json'), 'utf8')).toBe(nxJson);
  }, stepTimeout);

  it('nx g @boomerang/nx:service billing scaffolds the service and installs its packages from the registry', () => {
    nx('g', '@boomerang/nx:service', 'billing');
    for (const file of ['api.ts', 'boomerang.config.ts', 'package.json', 'tsconfig.json', 'src/handlers/create_invoice.ts', 'test/invoices.test.ts']) {
      expect(existsSync(join(root, 'services/billing', file)), file).toBe(true);
    }
    expect(json(join(root, 'package.json'))).toMatchObject({ workspaces: ['services/*'], packageManager: expect.stringMatching(/^npm@/) });
    expect(realpathSync(join(root, 'node_modules/@acme/billing'))).toBe(realpathSync(join(root, 'services/billing')));
    const cli = join(root, 'node_modules/@boomerang/cli');
    expect(lstatSync(cli).isSymbolicLink()).toBe(false);
    expect(json(join(cli, 'package.json')).version).toBe(version);
    run(root, 'npm', 'ls', '--all');
  }, stepTimeout);

  it('infers generate, check, docs, lint and build-receiver; generate caches only generated paths', () => {
    const project = JSON.parse(run(root, 'npx', 'nx', 'show', 'project', 'billing', '--json').replace(/^[^{]*/, '')) as { targets: Record<string, { cache?: boolean; outputs?: string[]; options?: { command?: string } }> };
    expect(Object.keys(project.targets)).toEqual(expect.arrayContaining(['generate', 'check', 'docs', 'lint', 'build', 'test', 'build-receiver']));
    expect(project.targets.generate).toMatchObject({ cache: true, options: { command: 'boomerang generate .' } });
    expect(project.targets.generate!.outputs).toEqual([
      '{projectRoot}/docs/.boomerang-manifest.json',
      '{projectRoot}/docs/generated',
      '{projectRoot}/generated/.boomerang-manifest.json',
      '{projectRoot}/generated/openapi.json',
      '{projectRoot}/generated/openapi.yaml',
      '{projectRoot}/receiver/.boomerang-manifest.json',
      '{projectRoot}/receiver/README.md',
      '{projectRoot}/receiver/generated',
      '{projectRoot}/receiver/package.json',
      '{projectRoot}/receiver/tsconfig.json',
      '{projectRoot}/src/.boomerang-manifest.json',
      '{projectRoot}/src/generated',
    ]);
  }, stepTimeout);

  it('nx run billing:test generates, type-checks and passes; the second run is a cache hit', () => {
    const first = nx('run', 'billing:test');
    expect(first).toContain('boomerang generate .');
    expect(first).toContain('tsc -p tsconfig.json');
    expect(first).toMatch(/Tests\s+3 passed/);
    expect(first).not.toMatch(cacheHit);
    expect(nx('run', 'billing:check')).toContain('generated output is up to date');
    const second = nx('run', 'billing:test');
    expect(second).toMatch(cacheHit);
    expect(second).toMatch(/Tests\s+3 passed/);
  }, stepTimeout);

  it('a cache hit restores generated files and leaves the handler as edited; an edit of api.ts misses', () => {
    appendFileSync(join(root, 'services/billing/src/handlers/create_invoice.ts'), '// edited by the user\n');
    unlinkSync(join(root, 'services/billing/src/generated/server.ts'));
    expect(nx('run', 'billing:generate')).toMatch(cacheHit);
    expect(existsSync(join(root, 'services/billing/src/generated/server.ts'))).toBe(true);
    expect(readFileSync(join(root, 'services/billing/src/handlers/create_invoice.ts'), 'utf8')).toContain('// edited by the user');

    const api = join(root, 'services/billing/api.ts');
    writeFileSync(api, readFileSync(api, 'utf8').replace("version: '1.0.0'", "version: '1.1.0'"));
    expect(nx('run', 'billing:generate')).not.toMatch(cacheHit);
    expect(json(join(root, 'services/billing/generated/openapi.json')).info.version).toBe('1.1.0');
  }, stepTimeout);

  it('nx run billing:build-receiver builds the receiver package; turbo runs the same pipeline, cached the second time', () => {
    nx('run', 'billing:build-receiver');
    expect(json(join(root, 'services/billing/receiver/package.json')).name).toBe('@acme/billing-receiver');
    expect(existsSync(join(root, 'services/billing/receiver/dist/index.js'))).toBe(true);

    run(root, 'git', 'add', '--all');
    run(root, 'git', '-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', 'commit', '--quiet', '--message', 'billing');
    const first = run(root, 'npx', 'turbo', 'run', 'build', 'test');
    expect(first).toMatch(/@acme\/billing:generate/);
    expect(first).toMatch(/Tasks:\s+3 successful, 3 total/);
    expect(run(root, 'npx', 'turbo', 'run', 'build', 'test')).toMatch(/Cached:\s+3 cached, 3 total/);
  }, stepTimeout);
});
