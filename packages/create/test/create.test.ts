import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { create, type CreateIo } from '../src/create.ts';
import { projectFiles, projectNames, versions } from '../src/project.ts';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'create-boomerang-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

/** Runs `create-boomerang <args>` in `cwd`, recording the commands it would run instead of running them. */
async function run(args: string[], options: { in?: string; exitCodes?: number[] } = {}) {
  let stdout = '';
  let stderr = '';
  const commands: { command: string; args: readonly string[]; cwd: string }[] = [];
  const codes = [...(options.exitCodes ?? [])];
  const io: CreateIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: options.in ?? cwd,
    env: { npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64' },
    run: (command, commandArgs, dir) => (commands.push({ command, args: commandArgs, cwd: dir }), codes.shift() ?? 0),
  };
  const code = await create(args, io);
  return { code, stdout, stderr, commands };
}

const listed = (dir: string) => (readdirSync(dir, { recursive: true, withFileTypes: true }) as { isFile(): boolean; parentPath: string; name: string }[]).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();

describe('npm create boomerang', () => {
  it('writes the project, installs it, and says what to run next', async () => {
    const result = await run(['my-api']);
    expect(result.code).toBe(0);
    const dir = join(cwd, 'my-api');
    expect(listed(dir)).toEqual(['.gitignore', 'README.md', 'api.ts', 'boomerang.config.ts', 'package.json', 'src/handlers/create_invoice.ts', 'test/invoices.test.ts', 'tsconfig.json', 'vitest.config.ts']);
    for (const file of projectFiles(projectNames('my-api'), { gitignore: true })) expect(readFileSync(join(dir, file.path), 'utf8'), file.path).toBe(file.content);
    expect(readFileSync(join(dir, 'api.ts'), 'utf8')).toContain("title: 'My API'");
    expect(readFileSync(join(dir, 'boomerang.config.ts'), 'utf8')).toContain("options: { packageName: 'my-api-receiver' }");
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('node_modules/');

    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'my-api', private: true, type: 'module' });
    expect(pkg.scripts.start).toBe('boomerang generate . && node --import tsx src/main.ts');
    expect(pkg.scripts.dev).toBe('boomerang dev .');
    expect(pkg.scripts.test).toBe('boomerang generate . && tsc -p tsconfig.json && vitest run');
    for (const name of ['@boomerang/core', '@boomerang/runtime']) expect(pkg.dependencies[name]).toBe(versions.boomerang);
    for (const name of ['@boomerang/cli', '@boomerang/codegen', '@boomerang/template-server-fastify', '@boomerang/template-receiver', '@boomerang/template-docs-redoc']) expect(pkg.devDependencies[name]).toBe(versions.boomerang);
    expect(pkg.overrides).toEqual({ 'light-my-request': versions.lightMyRequest });

    expect(result.commands).toEqual([{ command: 'npm', args: ['install'], cwd: dir }]);
    expect(result.stdout).toContain('  cd my-api\n  npm start');
    expect(result.stderr).toBe('');
  });

  it('with --no-install writes the files only, and says to install', async () => {
    const result = await run(['apps/billing', '--no-install']);
    expect(result.code).toBe(0);
    expect(result.commands).toEqual([]);
    expect(readFileSync(join(cwd, 'apps/billing/api.ts'), 'utf8')).toContain("title: 'Billing'");
    expect(result.stdout).toContain('  cd apps/billing\n  npm install\n  npm start');
  });

  it('with --server hono writes a Hono project: its template, its packages, its test', async () => {
    const result = await run(['my-api', '--server', 'hono', '--no-install']);
    expect(result.code).toBe(0);
    const dir = join(cwd, 'my-api');
    for (const file of projectFiles(projectNames('my-api'), { gitignore: true, server: 'hono' })) expect(readFileSync(join(dir, file.path), 'utf8'), file.path).toBe(file.content);
    expect(readFileSync(join(dir, 'boomerang.config.ts'), 'utf8')).toContain("{ template: '@boomerang/template-server-hono', output: './src' }");
    const test = readFileSync(join(dir, 'test/invoices.test.ts'), 'utf8');
    expect(test).toContain("import { serve } from '@hono/node-server';");
    expect(test).toContain("serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })");
    expect(test).not.toContain('{{');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('a Hono server that sends its');

    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies)).toEqual(['@boomerang/core', '@boomerang/runtime', '@hono/node-server', 'better-sqlite3', 'hono', 'tsx', 'zod']);
    expect(pkg.dependencies).toMatchObject({ hono: versions.hono, '@hono/node-server': versions.honoNodeServer });
    expect(pkg.devDependencies['@boomerang/template-server-hono']).toBe(versions.boomerang);
    expect(pkg.devDependencies['@boomerang/template-server-fastify']).toBeUndefined();
    // light-my-request is Fastify's: a Hono project has nothing to override.
    expect(pkg.overrides).toBeUndefined();
  });

  it('the Fastify project is the default, and --server fastify says so', async () => {
    expect((await run(['a-api', '--no-install'])).code).toBe(0);
    expect((await run(['b-api', '--server', 'fastify', '--no-install'])).code).toBe(0);
    for (const file of ['boomerang.config.ts', 'test/invoices.test.ts', 'README.md', 'package.json']) {
      expect(readFileSync(join(cwd, 'b-api', file), 'utf8').replaceAll('b-api', 'a-api').replaceAll('B API', 'A API'), file).toBe(readFileSync(join(cwd, 'a-api', file), 'utf8'));
    }
    expect(readFileSync(join(cwd, 'a-api', 'test/invoices.test.ts'), 'utf8')).toContain("await app.listen({ port: 0, host: '127.0.0.1' });");
  });

  it('refuses a server target it does not have, naming those it has, and writes nothing', async () => {
    const result = await run(['my-api', '--server', 'express']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('There is no server target `express`: choose `fastify` or `hono`.');
    expect(existsSync(join(cwd, 'my-api'))).toBe(false);
    expect(result.commands).toEqual([]);
  });

  it('creates my-api when no folder is given', async () => {
    expect((await run(['--no-install'])).code).toBe(0);
    expect(existsSync(join(cwd, 'my-api', 'api.ts'))).toBe(true);
  });

  it('refuses a folder that exists and is not empty, and writes nothing', async () => {
    mkdirSync(join(cwd, 'my-api'));
    writeFileSync(join(cwd, 'my-api', 'notes.txt'), 'mine\n');
    const result = await run(['my-api']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('create-boomerang: `my-api` already exists and is not empty: choose another folder, or empty it first. Nothing was written.\n');
    expect(listed(join(cwd, 'my-api'))).toEqual(['notes.txt']);
    expect(result.commands).toEqual([]);
  });

  it('uses a folder that exists and is empty', async () => {
    mkdirSync(join(cwd, 'my-api'));
    expect((await run(['my-api', '--no-install'])).code).toBe(0);
    expect(existsSync(join(cwd, 'my-api', 'api.ts'))).toBe(true);
  });

  it('refuses a name that cannot name a project, and bad usage', async () => {
    const bad = await run(['My_API']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^create-boomerang: The project name `My_API` is not usable: write it in kebab-case/);
    expect(existsSync(join(cwd, 'My_API'))).toBe(false);
    const usage = await run(['a', 'b']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('give one folder, not 2');
    expect((await run(['--frobnicate'])).code).toBe(2);
  });

  it('reports a failed install, keeping what it wrote', async () => {
    const result = await run(['my-api'], { exitCodes: [1] });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('`npm install` in my-api failed (exit 1)');
    expect(existsSync(join(cwd, 'my-api', 'api.ts'))).toBe(true);
  });

  it('prints its help and its version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('npm create boomerang@latest [<folder>]');
    expect(help.stdout).toContain('Exit codes:');
    expect((await run(['--version'])).stdout).toBe(`${versions.boomerang}\n`);
  });
});

describe('npm create boomerang -- --nx', () => {
  it('adds @boomerang/nx to the workspace around it, then runs its service generator there', async () => {
    writeFileSync(join(cwd, 'nx.json'), '{}');
    mkdirSync(join(cwd, 'apps'));
    const result = await run(['billing', '--nx'], { in: join(cwd, 'apps') });
    expect(result.code).toBe(0);
    expect(result.commands).toEqual([
      { command: 'npx', args: ['nx', 'add', `@boomerang/nx@${versions.boomerang}`], cwd },
      { command: 'npx', args: ['nx', 'g', '@boomerang/nx:service', 'billing', '--directory=apps/billing'], cwd },
    ]);
    expect(result.stdout).toContain('npx nx run billing:test');
    // The generator writes the files, not the starter.
    expect(existsSync(join(cwd, 'apps', 'billing'))).toBe(false);
  });

  it('passes --no-install on as --skipInstall', async () => {
    writeFileSync(join(cwd, 'nx.json'), '{}');
    const result = await run(['billing', '--nx', '--no-install']);
    expect(result.commands.at(-1)?.args).toEqual(['nx', 'g', '@boomerang/nx:service', 'billing', '--directory=billing', '--skipInstall']);
  });

  it('passes --server hono on to the service generator', async () => {
    writeFileSync(join(cwd, 'nx.json'), '{}\n');
    const result = await run(['billing', '--nx', '--server', 'hono']);
    expect(result.code).toBe(0);
    expect(result.commands[1]).toEqual({ command: 'npx', args: ['nx', 'g', '@boomerang/nx:service', 'billing', '--directory=billing', '--server=hono'], cwd });
  });

  it('refuses outside an Nx workspace', async () => {
    const result = await run(['billing', '--nx']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--nx: there is no nx.json in');
    expect(result.commands).toEqual([]);
  });
});
