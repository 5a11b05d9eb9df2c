// A real, throw-away npm registry (verdaccio) for tests and CI.
//
// verdaccio is installed in its own folder (tools/registry/node_modules, `npm ci --prefix tools/registry`),
// never as a workspace of the monorepo, and runs as a child process on 127.0.0.1. By default it has no
// uplinks: it serves only what was published to it, and consumers route one or more scopes to it with
// `@scope:registry=<url>` in their .npmrc. With `proxy`, it is the one registry a consumer needs: what
// was published to it, and every other package proxied from the registry npm is configured with here
// (read when it starts, never written into the repository).

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` (with the trailing slash npm config values use). */
  url: string;
  port: number;
  /** Auth token of the user created at start; lets npm publish. */
  token: string;
  /** The registry's private temp dir (config.yaml, htpasswd, storage/); removed by stop(). */
  dir: string;
  /** Text of a consumer .npmrc routing `scopes` (default: the scopes given at start) to this registry. */
  npmrc(scopes?: string[]): string;
  /** A userconfig (.npmrc) for npm to publish here: `registry=` and the auth token. */
  publisherNpmrc(): string;
  /** `npm publish <packageDir>` to this registry, with a temporary userconfig (never ~/.npmrc). */
  publish(packageDir: string, options?: { tag?: string }): Promise<void>;
  /** Kills the verdaccio process this registry started and removes its temp dir. Idempotent. */
  stop(): Promise<void>;
}

export interface StartLocalRegistryOptions {
  /** Default scopes for `npmrc()`, e.g. `['@boomerang-test']`. */
  scopes?: string[];
  /** How long to wait for verdaccio to answer `/-/ping` (default 30 s). */
  startTimeoutMs?: number;
  /**
   * Proxy every package but `ownPackages` from an upstream registry: `true` for the one
   * `npm config get registry` names, or a URL.
   */
  proxy?: boolean | string;
  /**
   * Package names and patterns (`@boomerang/*`, `create-boomerang`) served only from what is published
   * here, never from upstream: a test's packages must not be mixed with, or shadowed by, real ones of
   * the same name. Default: the scopes' patterns.
   */
  ownPackages?: string[];
}

/** The registry npm uses here, as a clean environment's `npm config get registry` says. */
export async function upstreamRegistry(): Promise<string> {
  const { stdout } = await runNpm(['config', 'get', 'registry'], { cwd: tmpdir() });
  const url = stdout.trim();
  if (!/^https?:\/\//.test(url)) throw new Error(`npm config get registry answered ${JSON.stringify(url)}, not a registry URL`);
  return url.endsWith('/') ? url : `${url}/`;
}

const registryDir = fileURLToPath(new URL('.', import.meta.url));
const watchdog = join(registryDir, 'parent-watchdog.cjs');
const HOST = '127.0.0.1';
const MAX_PORT_ATTEMPTS = 5;

/** Path of the verdaccio CLI inside `<dir>/node_modules`; throws with the install command if missing. */
export function resolveVerdaccioBin(dir: string = registryDir): string {
  const bin = join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  if (!existsSync(bin)) {
    throw new Error(
      `The local npm registry is not installed (${join(dir, 'node_modules')} has no verdaccio). ` +
        'Run `npm ci --prefix tools/registry` from the repository root.',
    );
  }
  return bin;
}

// ---------------------------------------------------------------------------------------------------
// Cleanup of registries still running when the process exits (a crashed or forgetful test).
// The watchdog preloaded into the child also makes it exit if this process dies without running this.

interface Live {
  child: ChildProcess;
  dir: string;
}
const live = new Set<Live>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const entry of live) {
      killNow(entry.child, 'SIGKILL');
      try {
        rmSync(entry.dir, { recursive: true, force: true });
      } catch {
        // best effort at exit
      }
    }
    live.clear();
  });
}

function killNow(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, signal);
  } catch {
    // already gone
  }
}

// ---------------------------------------------------------------------------------------------------

/** npm's environment without the `npm_config_*` / `npm_package_*` / `npm_lifecycle_*` variables that an
 * enclosing `npm test` exports, so a child npm reads only its own config. */
export function cleanNpmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(config|package|lifecycle)_/i.test(key) || /^npm_command$/i.test(key)) continue;
    env[key] = value;
  }
  env['npm_config_update_notifier'] = 'false';
  env['npm_config_fund'] = 'false';
  env['npm_config_audit'] = 'false';
  return { ...env, ...extra };
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; rejects with its output if it fails. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
      timeout: options.timeoutMs ?? 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise({ stdout, stderr });
      else
        reject(
          new Error(
            `\`${command} ${args.join(' ')}\` in ${options.cwd} failed (${signal ?? `exit ${code}`})\n` +
              `--- stdout\n${stdout}\n--- stderr\n${stderr}`,
          ),
        );
    });
  });
}

/** `npm <args>` with a clean npm environment (see cleanNpmEnv). */
export function runNpm(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<RunResult> {
  const runOptions: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number } = {
    cwd: options.cwd,
    env: cleanNpmEnv(options.env),
  };
  if (options.timeoutMs !== undefined) runOptions.timeoutMs = options.timeoutMs;
  return run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, runOptions);
}

function normalizeScope(scope: string): string {
  const s = scope.startsWith('@') ? scope : `@${scope}`;
  if (!/^@[a-z0-9][a-z0-9._~-]*$/i.test(s)) throw new Error(`Not an npm scope: ${JSON.stringify(scope)}`);
  return s;
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolvePromise(port) : reject(new Error('no free port'))));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Launched {
  child: ChildProcess;
  output: () => string;
}

class PortTaken extends Error {}

/** Starts verdaccio on `port` and waits for /-/ping. Throws PortTaken if verdaccio could not bind. */
async function launch(bin: string, dir: string, config: string, port: number, timeoutMs: number): Promise<Launched> {
  const env: NodeJS.ProcessEnv = { ...process.env, BOOMERANG_REGISTRY_DIR: dir };
  delete env['NODE_OPTIONS']; // no test-runner loaders in the server
  const child = spawn(process.execPath, ['--require', watchdog, bin, '--config', config, '--listen', `${HOST}:${port}`], {
    cwd: dir,
    env,
    // stdin is the watchdog's lifeline: it closes when this process dies.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: string) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  // A forgotten stop() must not keep the test process alive; the exit hook and the watchdog clean up.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as Socket | null)?.unref?.();
  child.stdin?.on('error', () => {});

  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));
  const exited = () => spawnError !== undefined || child.exitCode !== null || child.signalCode !== null;

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) {
      const text = `${spawnError?.message ?? ''}\n${output}`;
      const message = `verdaccio exited before answering on port ${port} (${child.exitCode ?? child.signalCode ?? 'spawn error'}):\n${text}`;
      throw /EADDRINUSE/.test(text) ? new PortTaken(message) : new Error(message);
    }
    try {
      const response = await fetch(`http://${HOST}:${port}/-/ping`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok && !exited()) return { child, output: () => output };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      killNow(child, 'SIGKILL');
      throw new Error(`verdaccio did not answer ${HOST}:${port}/-/ping within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(50);
  }
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => resolvePromise(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise(true);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  killNow(child, 'SIGTERM');
  if (await waitForExit(child, 5_000)) return;
  killNow(child, 'SIGKILL');
  await waitForExit(child, 5_000);
}

export async function startLocalRegistry(options: StartLocalRegistryOptions = {}): Promise<LocalRegistry> {
  const bin = resolveVerdaccioBin();
  const defaultScopes = (options.scopes ?? []).map(normalizeScope);
  const timeoutMs = options.startTimeoutMs ?? 30_000;

  const dir = await mkdtemp(join(tmpdir(), 'boomerang-registry-'));
  installExitHook();
  const htpasswd = join(dir, 'htpasswd');
  const config = join(dir, 'config.yaml');
  const access = { access: '$all', publish: '$authenticated', unpublish: '$authenticated' };
  const upstream = options.proxy === true ? await upstreamRegistry() : typeof options.proxy === 'string' ? options.proxy : undefined;
  const own = options.ownPackages ?? defaultScopes.map((scope) => `${scope}/*`);
  // verdaccio takes the first pattern that matches a name: the packages of the test first, unproxied.
  const packages = upstream === undefined ? { '@*/*': access, '**': access } : { ...Object.fromEntries(own.map((name) => [name, access])), '@*/*': { ...access, proxy: 'upstream' }, '**': { ...access, proxy: 'upstream' } };
  // JSON is YAML: no quoting issues with paths.
  await writeFile(
    config,
    JSON.stringify(
      {
        storage: join(dir, 'storage'),
        plugins: join(dir, 'plugins'),
        auth: { htpasswd: { file: htpasswd, max_users: 1000 } },
        uplinks: upstream === undefined ? {} : { upstream: { url: upstream, timeout: '60s', maxage: '30m', max_fails: 5, fail_timeout: '1m' } },
        packages,
        web: { enable: false },
        max_body_size: '100mb',
        log: { type: 'stdout', format: 'pretty', level: 'warn', colors: false },
      },
      null,
      2,
    ),
  );
  // Pins npm's local prefix for `npm publish` run from here (no walking up into a stray /tmp/package.json).
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'boomerang-local-registry-work', private: true }));

  let entry: Live | undefined;
  try {
    let launched: Launched | undefined;
    let port = 0;
    let token = '';
    for (let attempt = 1; launched === undefined; attempt++) {
      port = await freePort();
      let candidate: Launched;
      try {
        candidate = await launch(bin, dir, config, port, timeoutMs);
      } catch (error) {
        if (error instanceof PortTaken && attempt < MAX_PORT_ATTEMPTS) continue;
        throw error;
      }
      entry = { child: candidate.child, dir };
      live.add(entry);
      // Create the publishing user. That the htpasswd file in *our* dir appears proves that the server
      // answering on this port is the verdaccio we started, not something that grabbed the port first.
      const name = 'boomerang';
      const password = randomBytes(18).toString('base64url');
      let answer: { token?: unknown } = {};
      try {
        const response = await fetch(`http://${HOST}:${port}/-/user/org.couchdb.user:${name}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name, password }),
          signal: AbortSignal.timeout(10_000),
        });
        answer = (await response.json()) as { token?: unknown };
        if (!response.ok) throw new Error(`HTTP ${response.status} ${JSON.stringify(answer)}`);
      } catch (error) {
        if (!existsSync(htpasswd) && attempt < MAX_PORT_ATTEMPTS) {
          await stopChild(candidate.child);
          live.delete(entry);
          continue;
        }
        throw new Error(`could not create a user on the local registry: ${String(error)}\n${candidate.output()}`);
      }
      if (typeof answer.token !== 'string' || !existsSync(htpasswd)) {
        throw new Error(`unexpected answer creating a user on the local registry: ${JSON.stringify(answer)}`);
      }
      token = answer.token;
      launched = candidate;
    }

    const child = launched.child;
    const registryEntry = entry!;
    const url = `http://${HOST}:${port}/`;
    const authLine = `//${HOST}:${port}/:_authToken=${token}`;
    let stopping: Promise<void> | undefined;
    let publishCount = 0;

    const npmrc = (scopes: string[] = defaultScopes): string =>
      scopes.map((scope) => `${normalizeScope(scope)}:registry=${url}\n`).join('');

    return {
      url,
      port,
      token,
      dir,
      npmrc,
      publisherNpmrc: () => `registry=${url}\n${authLine}\n`,
      async publish(packageDir: string, publishOptions: { tag?: string } = {}): Promise<void> {
        if (stopping) throw new Error('the local registry is stopped');
        const pkgDir = resolve(packageDir);
        const manifest = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8')) as { name?: unknown };
        if (typeof manifest.name !== 'string') throw new Error(`${pkgDir}/package.json has no name`);
        const scope = manifest.name.startsWith('@') ? manifest.name.split('/')[0] : undefined;
        const userconfig = join(dir, `publish-${++publishCount}.npmrc`);
        await writeFile(userconfig, `registry=${url}\n${scope ? `${scope}:registry=${url}\n` : ''}${authLine}\n`);
        // CLI flags beat every other config source, publishConfig included (npm 11), so this can only
        // ever publish here.
        const args = ['publish', pkgDir, '--userconfig', userconfig, '--registry', url, '--tag', publishOptions.tag ?? 'latest'];
        if (scope) args.push(`--${scope}:registry=${url}`);
        try {
          await runNpm(args, { cwd: dir });
        } finally {
          await rm(userconfig, { force: true });
        }
      },
      stop(): Promise<void> {
        stopping ??= (async () => {
          await stopChild(child);
          live.delete(registryEntry);
          await rm(dir, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
  } catch (error) {
    if (entry) {
      await stopChild(entry.child);
      live.delete(entry);
    }
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
