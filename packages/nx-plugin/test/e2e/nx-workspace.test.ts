/**
 * End to end, as a user would: a fresh npm + Nx workspace (with git, as turbo hashes through it) that
 * installs this repo's packages as the tarballs `npm pack` makes of them — only what they publish —
 * and everything else from the npm registry. It is installed once, in beforeAll; the tests then run
 * in order on it, each command a real `npx nx` / `npx turbo` process.
 *
 * The receiver template (templates/receiver) is generated too once it exists; until then the
 * service is scaffolded with `--receiver=false`.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const receiverReady = existsSync(join(repo, 'templates/receiver/boomerang-template.json')) && existsSync(join(repo, 'templates/receiver/package.json'));

/** This repo's packages by name, and the @boomerang packages each depends on. */
const workspacePackages = new Map(
  ['packages', 'templates'].flatMap((group) =>
    readdirSync(join(repo, group)).flatMap((dir) => {
      const file = join(repo, group, dir, 'package.json');
      if (!existsSync(file)) return [];
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; dependencies?: Record<string, string> };
      return [[pkg.name, { dir: join(repo, group, dir), needs: Object.keys(pkg.dependencies ?? {}).filter((name) => name.startsWith('@boomerang/')) }] as const];
    }),
  ),
);

/** What the scaffolded service installs, and what those need in turn. */
function withDependencies(names: readonly string[]): string[] {
  const found = new Set<string>();
  const visit = (name: string) => {
    const pkg = workspacePackages.get(name);
    if (pkg === undefined || found.has(name)) return;
    found.add(name);
    pkg.needs.forEach(visit);
  };
  names.forEach(visit);
  return [...found].sort();
}

const packed = withDependencies(['@boomerang/nx', '@boomerang/cli', '@boomerang/codegen', '@boomerang/core', '@boomerang/runtime', '@boomerang/template-server-fastify', ...(receiverReady ? ['@boomerang/template-receiver'] : [])]);

/** Every command stops by itself: a hung one is killed and fails its test. */
const commandTimeout = 300_000;

let root: string;

/** The parent's npm, vitest and Nx settings would leak into the workspace's own runs. */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|vitest|nx_|turbo_)|^(init_cwd|node_options|node_env)$/i.test(key))),
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  NO_COLOR: '1',
};

/** Runs a command in the workspace; its stdout and stderr together, or an error that shows them. */
function run(command: string, ...args: string[]): string {
  return exec(command, args).output;
}

function exec(command: string, args: readonly string[]): { readonly stdout: string; readonly output: string } {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8', timeout: commandTimeout, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 });
  const plain = (text: string | null) => (text ?? '').replace(/\x1b\[[0-9;]*m/g, '');
  const output = plain(result.stdout) + plain(result.stderr);
  process.stdout.write(`e2e: ${command} ${args.join(' ')} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  if (result.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`);
  return { stdout: plain(result.stdout), output };
}

const read = (path: string) => readFileSync(join(root, path), 'utf8');
const json = (path: string) => JSON.parse(read(path)) as Record<string, any>;
const repoPins = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).devDependencies as Record<string, string>;
const cacheHit = /\[local cache\]|existing outputs match the cache/;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'boomerang-nx-e2e-'));
  mkdirSync(join(root, 'vendor'));
  const tarballs: Record<string, string> = {};
  for (const name of packed) {
    const [info] = JSON.parse(exec('npm', ['pack', workspacePackages.get(name)!.dir, '--pack-destination', join(root, 'vendor'), '--json']).stdout) as { name: string; filename: string }[];
    tarballs[info!.name] = `file:vendor/${info!.filename}`;
  }
  writeFileSync(
    join(root, 'package.json'),
    `${JSON.stringify(
      {
        name: '@acme/source',
        version: '0.0.0',
        private: true,
        devDependencies: { ...tarballs, nx: repoPins.nx, turbo: repoPins.turbo },
        // A service's package.json asks for `@boomerang/runtime: 0.1.0`, as it would from the registry: the tarballs answer.
        overrides: Object.fromEntries(Object.keys(tarballs).map((name) => [name, `$${name}`])),
      },
      null,
      2,
    )}\n`,
  );
  // What a fresh workspace has: without these two, the first `nx` command stops to ask.
  writeFileSync(join(root, 'nx.json'), `${JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json', analytics: false, neverConnectToCloud: true }, null, 2)}\n`);
  writeFileSync(join(root, '.gitignore'), 'node_modules\n.nx\ndist\nvendor\n');
  run('git', 'init', '--quiet');
  run('npm', 'install', '--no-audit', '--no-fund', '--prefer-offline');
}, 600_000);

afterAll(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

describe('an Nx workspace with @boomerang/nx', () => {
  it('nx g --dry-run writes nothing', () => {
    const nxJson = read('nx.json');
    const output = run('npx', 'nx', 'g', '@boomerang/nx:service', 'billing', '--dry-run');
    expect(output).toContain('CREATE services/billing/api.ts');
    expect(output).toContain('UPDATE nx.json');
    expect(output).toMatch(/no changes were made/);
    expect(existsSync(join(root, 'services'))).toBe(false);
    expect(existsSync(join(root, 'turbo.json'))).toBe(false);
    expect(read('nx.json')).toBe(nxJson);
  }, commandTimeout);

  it('nx g @boomerang/nx:service billing scaffolds the service, registers the plugin and installs', () => {
    run('npx', 'nx', 'g', '@boomerang/nx:service', 'billing', `--receiver=${receiverReady}`);
    for (const file of ['api.ts', 'boomerang.config.ts', 'package.json', 'tsconfig.json', 'src/handlers/create_billing.ts', 'test/billing.test.ts']) {
      expect(existsSync(join(root, 'services/billing', file)), file).toBe(true);
    }
    expect(json('nx.json')).toMatchObject({ analytics: false, neverConnectToCloud: true, plugins: ['@boomerang/nx'] });
    expect(json('turbo.json').tasks).toHaveProperty('generate');
    expect(json('package.json')).toMatchObject({ workspaces: ['services/*'], packageManager: expect.stringMatching(/^npm@/) });
    // The install ran: the service is a linked workspace package with its dependencies.
    expect(existsSync(join(root, 'node_modules/@acme/billing/package.json'))).toBe(true);
    expect(existsSync(join(root, 'node_modules/fastify/package.json'))).toBe(true);
  }, commandTimeout);

  it('infers generate, check, docs and lint from boomerang.config.ts; generate caches only generated paths', () => {
    const project = JSON.parse(exec('npx', ['nx', 'show', 'project', 'billing', '--json']).stdout) as { targets: Record<string, { cache?: boolean; outputs?: string[]; options?: { command?: string } }> };
    expect(Object.keys(project.targets)).toEqual(expect.arrayContaining(['generate', 'check', 'docs', 'lint', 'build', 'test', ...(receiverReady ? ['build-receiver'] : [])]));
    expect(project.targets.generate).toMatchObject({ cache: true, options: { command: 'boomerang generate .' } });
    expect(project.targets.generate!.outputs).toEqual([
      '{projectRoot}/generated/.boomerang-manifest.json',
      '{projectRoot}/generated/openapi.json',
      '{projectRoot}/generated/openapi.yaml',
      ...(receiverReady
        ? ['{projectRoot}/receiver/.boomerang-manifest.json', '{projectRoot}/receiver/README.md', '{projectRoot}/receiver/generated', '{projectRoot}/receiver/package.json', '{projectRoot}/receiver/tsconfig.json']
        : []),
      '{projectRoot}/src/.boomerang-manifest.json',
      '{projectRoot}/src/generated',
    ]);
  }, commandTimeout);

  it('nx run billing:generate writes the server and the documents, and check agrees', () => {
    const output = run('npx', 'nx', 'run', 'billing:generate');
    expect(output).toContain('boomerang generate .');
    for (const file of ['generated/openapi.json', 'generated/openapi.yaml', 'src/generated/server.ts', 'src/generated/handlers.ts', 'src/main.ts']) {
      expect(existsSync(join(root, 'services/billing', file)), file).toBe(true);
    }
    expect(Object.keys(json('services/billing/generated/openapi.json').paths['/billing/'].post.callbacks.billing_notification)).toEqual([
      '{$request.query.callback_url}/billing/{$request.body#/id}',
    ]);
    if (receiverReady) expect(existsSync(join(root, 'services/billing/receiver/package.json'))).toBe(true);
    expect(run('npx', 'nx', 'run', 'billing:check')).toContain('generated output is up to date');
  }, commandTimeout);

  it('nx run billing:test type-checks and passes: a real server, a real POST, a signed callback', () => {
    const output = run('npx', 'nx', 'run', 'billing:test');
    expect(output).toContain('tsc -p tsconfig.json');
    // The scaffolded test (its two cases: the POST answers, then the signed callback arrives) ran and passed.
    // Vitest names each case only when it is slow, so the file's line is what is asserted.
    expect(output).toMatch(/✓ test\/billing\.test\.ts \(2 tests\)/);
    expect(output).toMatch(/Tests\s+2 passed/);
  }, commandTimeout);

  it('generate again is a cache hit, which restores generated files and leaves the handlers as edited', () => {
    appendFileSync(join(root, 'services/billing/src/handlers/create_billing.ts'), '// edited by the user\n');
    unlinkSync(join(root, 'services/billing/src/generated/server.ts'));
    const output = run('npx', 'nx', 'run', 'billing:generate');
    expect(output).toMatch(cacheHit);
    expect(existsSync(join(root, 'services/billing/src/generated/server.ts'))).toBe(true);
    expect(read('services/billing/src/handlers/create_billing.ts')).toContain('// edited by the user');
  }, commandTimeout);

  it('a change to api.ts runs generate again', () => {
    const api = read('services/billing/api.ts');
    writeFileSync(join(root, 'services/billing/api.ts'), api.replace("version: '1.0.0'", "version: '1.1.0'"));
    const output = run('npx', 'nx', 'run', 'billing:generate');
    expect(output).not.toMatch(cacheHit);
    expect(json('services/billing/generated/openapi.json').info.version).toBe('1.1.0');
  }, commandTimeout);

  it.runIf(receiverReady)('nx run billing:build-receiver builds the receiver package', () => {
    run('npx', 'nx', 'run', 'billing:build-receiver');
    expect(json('services/billing/receiver/package.json').name).toBe('@acme/billing-receiver');
    expect(existsSync(join(root, 'services/billing/receiver/dist/index.js'))).toBe(true);
  }, commandTimeout);

  it('nx run-many -t build test is green', () => {
    const output = run('npx', 'nx', 'run-many', '-t', 'build', 'test');
    expect(output).toMatch(/Successfully ran targets build, test/);
  }, commandTimeout);

  it('turbo run build test is green, and all cached the second time', () => {
    run('git', 'add', '--all');
    run('git', '-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', 'commit', '--quiet', '--message', 'billing');
    const first = run('npx', 'turbo', 'run', 'build', 'test');
    expect(first).toMatch(/@acme\/billing:generate/);
    expect(first).toMatch(/Tasks:\s+3 successful, 3 total/);
    const second = run('npx', 'turbo', 'run', 'build', 'test');
    expect(second).toMatch(/Cached:\s+3 cached, 3 total/);
  }, commandTimeout);
});
