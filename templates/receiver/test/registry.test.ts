/**
 * The generated invoices receiver, published for real: to a throw-away local npm registry (verdaccio, see
 * tools/registry), then installed BY NAME into a fresh project whose .npmrc routes the `@invoices-example`
 * scope there (everything else still comes from the public npm registry), compiled by a strict consumer and
 * run; then installed again with `npm ci` from the project's lockfile alone.
 *
 * Needs `npm ci --prefix tools/registry` (CI does it) and the public npm registry (the copy's typescript
 * devDependency, the consumer's standardwebhooks and @types/node).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNpm, startLocalRegistry, type LocalRegistry } from '../../../tools/registry/local-registry.ts';
import { cleanEnv, invoicesConsumerSource, verifyConsumerProject } from './support/consumer-project.ts';
import { exampleReceiver } from './support/paths.ts';

const run = promisify(execFile);

const SCOPE = '@invoices-example';
const NAME = `${SCOPE}/receiver`;
const VERSION = '1.0.0';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('the invoices receiver, published to a local npm registry', () => {
  let registry: LocalRegistry | undefined;
  // Everything this file makes on disk (the built copy, the consumer project, an npm cache): removed in afterAll.
  let work = '';

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'boomerang-receiver-registry-'));
    registry = await startLocalRegistry({ scopes: [SCOPE] });
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  }, 30_000);

  it(`publishes ${NAME}@${VERSION}, which a fresh project installs by name, compiles under tsc --strict, runs, and installs again with npm ci`, { timeout: 180_000 }, async () => {
    const reg = registry!;
    const committed = exampleReceiver('invoices');
    const committedState = () => ['dist', 'node_modules'].map((name) => existsSync(join(committed, name)));
    const before = committedState();

    // A copy outside the repo (nothing of the monorepo resolves from there), without dist/ or node_modules/.
    const pkg = join(work, 'receiver');
    cpSync(committed, pkg, { recursive: true, filter: (source) => !/[\\/](node_modules|dist)$/.test(source) });
    expect(existsSync(join(pkg, 'dist'))).toBe(false);
    // The publisher's workflow: install the package's own devDependencies (just typescript), then publish,
    // whose prepublishOnly builds with that typescript (its node_modules/.bin comes first on the script's PATH).
    await runNpm(['install', '--include=dev', '--no-package-lock', '--no-audit', '--no-fund'], { cwd: pkg, timeoutMs: 120_000 });
    expect(existsSync(join(pkg, 'node_modules', '.bin', 'tsc'))).toBe(true);
    await reg.publish(pkg);
    expect(existsSync(join(pkg, 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(pkg, 'dist', 'index.d.ts'))).toBe(true);
    // The committed folder got no build output and no install.
    expect(committedState()).toEqual(before);

    const view = JSON.parse((await runNpm(['view', `${NAME}@${VERSION}`, '--json', '--registry', reg.url], { cwd: work })).stdout) as {
      name: string;
      version: string;
      dist: { tarball: string; integrity: string };
    };
    expect([view.name, view.version]).toEqual([NAME, VERSION]);
    expect(view.dist.tarball.startsWith(reg.url)).toBe(true);

    // A fresh project installs it by name: only the scope is routed to the local registry.
    const npmrc = reg.npmrc([SCOPE]);
    expect(npmrc).toBe(`${SCOPE}:registry=${reg.url}\n`);
    const consumer = await verifyConsumerProject({ install: `${NAME}@${VERSION}`, source: invoicesConsumerSource(NAME), npmrc, parentDir: work });
    expect(consumer.stdout.trim()).toBe('consumer ok');

    const manifest = readJson<{ dependencies?: Record<string, string> }>(join(consumer.dir, 'package.json'));
    expect(manifest.dependencies?.[NAME]).toBe(`^${VERSION}`);
    const lock = readJson<{ packages: Record<string, LockEntry> }>(join(consumer.dir, 'package-lock.json'));
    const locked = lock.packages[`node_modules/${NAME}`];
    expect(locked?.version).toBe(VERSION);
    // Exactly the tarball published above. With `omit-lockfile-registry-resolved` the lockfile has no
    // `resolved` (npm ci then asks the registry the .npmrc names); when it has one, it is the local registry.
    expect(locked?.integrity).toBe(view.dist.integrity);
    if (locked?.resolved !== undefined) expect(locked.resolved.startsWith(reg.url)).toBe(true);
    // The receiver has no dependencies of its own; the others came from the public registry.
    expect(lock.packages['node_modules/standardwebhooks']?.version).toBe('1.1.1');
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path !== `node_modules/${NAME}` && entry.resolved !== undefined) expect(entry.resolved.startsWith(reg.url), path).toBe(false);
    }

    // Later, from the lockfile alone, with an empty npm cache so every package is really downloaded again
    // (npm ci checks each against the lockfile's integrity). The compiled consumer (out/) runs once more.
    await rm(join(consumer.dir, 'node_modules'), { recursive: true, force: true });
    await runNpm(['ci', '--no-audit', '--no-fund', '--cache', join(work, 'npm-cache-ci')], { cwd: consumer.dir, timeoutMs: 120_000 });
    expect(readJson<{ version: string }>(join(consumer.dir, 'node_modules', NAME, 'package.json')).version).toBe(VERSION);
    const again = await run(process.execPath, ['out/main.js'], { cwd: consumer.dir, env: cleanEnv() });
    expect(again.stdout.trim()).toBe('consumer ok');
  });
});
