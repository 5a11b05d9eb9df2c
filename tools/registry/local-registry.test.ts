import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveVerdaccioBin, run, runNpm, startLocalRegistry, type LocalRegistry } from './local-registry.ts';

const SCOPE = '@boomerang-test';
const NAME = `${SCOPE}/hello`;

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
}

describe('local npm registry (verdaccio)', () => {
  let registry: LocalRegistry | undefined;
  let work = '';
  // Unique per run: only the package published by this run can carry it.
  const nonce = randomBytes(8).toString('hex');

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'boomerang-regtest-'));
  });

  afterAll(async () => {
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('says how to install verdaccio when tools/registry/node_modules is missing', () => {
    expect(() => resolveVerdaccioBin(work)).toThrow('npm ci --prefix tools/registry');
  });

  it('publishes a scoped package that npm install and npm ci then resolve locally', async () => {
    registry = await startLocalRegistry({ scopes: [SCOPE] });
    expect(registry.url).toBe(`http://127.0.0.1:${registry.port}/`);
    expect(registry.npmrc()).toBe(`${SCOPE}:registry=${registry.url}\n`);
    expect(registry.npmrc(['other'])).toBe(`@other:registry=${registry.url}\n`);

    // A tiny ESM package.
    const pkg = join(work, 'hello');
    await mkdir(pkg);
    await writeFile(
      join(pkg, 'package.json'),
      JSON.stringify({ name: NAME, version: '1.0.0', type: 'module', exports: './index.js', files: ['index.js'] }, null, 2),
    );
    await writeFile(
      join(pkg, 'index.js'),
      `export const nonce = '${nonce}';\nexport function hello(name) {\n  return \`hello, \${name}\`;\n}\n`,
    );
    await registry.publish(pkg);

    // The registry now has it, with a tarball served from 127.0.0.1.
    const view = JSON.parse(
      (await runNpm(['view', NAME, '--json', '--registry', registry.url], { cwd: work })).stdout,
    ) as { name: string; version: string; dist: { tarball: string; integrity: string } };
    expect(view.name).toBe(NAME);
    expect(view.version).toBe('1.0.0');
    expect(view.dist.tarball.startsWith(registry.url)).toBe(true);

    // A fresh consumer that routes the scope to the local registry; fresh npm caches so each npm
    // command really downloads from the registry.
    const consumer = join(work, 'consumer');
    await mkdir(consumer);
    await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await writeFile(join(consumer, '.npmrc'), registry.npmrc([SCOPE]));
    await runNpm(['install', NAME, '--no-audit', '--no-fund', '--cache', join(work, 'cache-install')], { cwd: consumer });

    const manifest = JSON.parse(await readFile(join(consumer, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(manifest.dependencies?.[NAME]).toBe('^1.0.0');
    const lock = JSON.parse(await readFile(join(consumer, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, LockEntry>;
    };
    const locked = lock.packages[`node_modules/${NAME}`];
    expect(locked?.version).toBe('1.0.0');
    // The lockfile records exactly the tarball this run published (its content holds the nonce). With
    // `omit-lockfile-registry-resolved` there is no `resolved`; when there is one, it is the local registry.
    expect(locked?.integrity).toBe(view.dist.integrity);
    if (locked?.resolved !== undefined) expect(locked.resolved.startsWith(registry.url)).toBe(true);

    const importIt = async () =>
      JSON.parse(
        (
          await run(
            process.execPath,
            [
              '--input-type=module',
              '-e',
              `import { hello, nonce } from '${NAME}'; console.log(JSON.stringify({ greeting: hello('boomerang'), nonce }));`,
            ],
            { cwd: consumer },
          )
        ).stdout,
      ) as unknown;
    expect(await importIt()).toEqual({ greeting: 'hello, boomerang', nonce });

    // Later, from the lockfile alone.
    await rm(join(consumer, 'node_modules'), { recursive: true, force: true });
    await runNpm(['ci', '--no-audit', '--no-fund', '--cache', join(work, 'cache-ci')], { cwd: consumer });
    expect(await importIt()).toEqual({ greeting: 'hello, boomerang', nonce });

    // stop() kills the server: the port is closed; stop() again is harmless.
    const port = registry.port;
    expect(await portIsClosed(port)).toBe(false);
    await registry.stop();
    expect(await portIsClosed(port)).toBe(true);
    await registry.stop();
    await expect(registry.publish(pkg)).rejects.toThrow('stopped');
  });

  it('removes its temp dir (config, storage) on stop()', async () => {
    const other = await startLocalRegistry();
    expect(existsSync(join(other.dir, 'config.yaml'))).toBe(true);
    expect(existsSync(join(other.dir, 'htpasswd'))).toBe(true);
    const ping = await fetch(`${other.url}-/ping`);
    expect(ping.ok).toBe(true);
    await other.stop();
    expect(existsSync(other.dir)).toBe(false);
    expect(await portIsClosed(other.port)).toBe(true);
  });
});
