import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsTree } from 'nx/src/generators/tree';
import { readJson, readNxJson, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectFiles, projectNames, versions } from 'create-boomerang';
import { serviceGenerator } from '../../src/generators/service/service.ts';

describe('service generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  });

  it('scaffolds services/<name> with the starter\'s files, as a package of the workspace', async () => {
    await serviceGenerator(tree, { name: 'billing', skipInstall: true });
    const files = tree.listChanges().map((change) => change.path).filter((path) => path.startsWith('services/')).sort();
    expect(files).toEqual([
      'services/billing/README.md',
      'services/billing/api.ts',
      'services/billing/boomerang.config.ts',
      'services/billing/package.json',
      'services/billing/src/handlers/create_invoice.ts',
      'services/billing/test/invoices.test.ts',
      'services/billing/tsconfig.json',
      'services/billing/turbo.json',
      'services/billing/vitest.config.ts',
    ]);
    expect(readJson(tree, 'services/billing/turbo.json')).toEqual({ $schema: 'https://turbo.build/schema.json', extends: ['//'], tasks: { build: { outputs: [] } } });

    // The same files as `npm create boomerang billing` (no .gitignore: the workspace has one).
    const names = projectNames('billing', 'proj');
    for (const file of projectFiles(names, { gitignore: false })) expect(tree.read(`services/billing/${file.path}`, 'utf8'), file.path).toBe(file.content);
    const api = tree.read('services/billing/api.ts', 'utf8')!;
    expect(api).toContain("title: 'Billing'");
    expect(api).toContain('url: ({ request }) => `${request.query.callback_url}/invoices/${request.body.id}`');
    const config = tree.read('services/billing/boomerang.config.ts', 'utf8')!;
    expect(config).toContain("{ template: '@boomerang/template-server-fastify', output: './src' }");
    // The root package is `@proj/source`: its scope names the packages.
    expect(config).toContain("{ template: '@boomerang/template-receiver', output: './receiver', options: { packageName: '@proj/billing-receiver' } }");

    const pkg = readJson(tree, 'services/billing/package.json');
    expect(pkg.name).toBe('@proj/billing');
    expect(pkg.nx).toEqual({ name: 'billing', includedScripts: ['build', 'test', 'start', 'dev'] });
    expect(pkg.scripts).toEqual({
      generate: 'boomerang generate .',
      check: 'boomerang check .',
      build: 'tsc -p tsconfig.json',
      test: 'vitest run',
      start: 'node --import tsx src/main.ts',
      dev: 'boomerang dev .',
    });
    expect(pkg.dependencies).toEqual({ '@boomerang/core': versions.boomerang, '@boomerang/runtime': versions.boomerang, 'better-sqlite3': '12.11.1', fastify: '5.12.8', tsx: '4.23.15', zod: '4.6.7' });
    expect(pkg.devDependencies).toMatchObject({ '@boomerang/cli': versions.boomerang, '@boomerang/template-receiver': versions.boomerang, vitest: '4.1.12', typescript: '5.9.3' });

    expect(readJson(tree, 'package.json').workspaces).toEqual(['services/*']);
    // fastify's light-my-request pinned where npm reads overrides, so that Node 20 installs without an engine warning.
    expect(readJson(tree, 'package.json').overrides).toEqual({ 'light-my-request': versions.lightMyRequest });
    expect(readNxJson(tree)?.plugins).toEqual(['@boomerang/nx']);
    expect(tree.exists('turbo.json')).toBe(true);
  });

  it('with server hono scaffolds the Hono service: its template, its packages, no Fastify pin', async () => {
    await serviceGenerator(tree, { name: 'billing', server: 'hono', skipInstall: true });
    const names = projectNames('billing', 'proj');
    for (const file of projectFiles(names, { gitignore: false, server: 'hono' })) expect(tree.read(`services/billing/${file.path}`, 'utf8'), file.path).toBe(file.content);
    expect(tree.read('services/billing/boomerang.config.ts', 'utf8')).toContain("{ template: '@boomerang/template-server-hono', output: './src' }");
    expect(tree.read('services/billing/test/invoices.test.ts', 'utf8')).toContain("import { serve } from '@hono/node-server';");
    const pkg = readJson(tree, 'services/billing/package.json');
    expect(pkg.dependencies).toEqual({ '@boomerang/core': versions.boomerang, '@boomerang/runtime': versions.boomerang, '@hono/node-server': versions.honoNodeServer, 'better-sqlite3': '12.11.1', hono: versions.hono, tsx: '4.23.15', zod: '4.6.7' });
    expect(pkg.devDependencies['@boomerang/template-server-hono']).toBe(versions.boomerang);
    expect(pkg.devDependencies['@boomerang/template-server-fastify']).toBeUndefined();
    expect(readJson(tree, 'package.json').overrides).toBeUndefined();
  });

  it('refuses a server target it does not have', async () => {
    await expect(serviceGenerator(tree, { name: 'billing', server: 'express' as 'hono', skipInstall: true })).rejects.toThrow('There is no server target `express`: choose `fastify` or `hono`.');
    expect(tree.exists('services/billing/api.ts')).toBe(false);
  });

  it('names the project, the package and the API after the name, in any case', async () => {
    await serviceGenerator(tree, { name: 'OrderHistory', directory: 'apps/orders/', npmScope: '@shop', skipInstall: true });
    expect(tree.read('apps/orders/api.ts', 'utf8')).toContain("title: 'Order History'");
    expect(tree.read('apps/orders/boomerang.config.ts', 'utf8')).toContain("packageName: '@shop/order-history-receiver'");
    expect(readJson(tree, 'apps/orders/package.json')).toMatchObject({ name: '@shop/order-history', nx: { name: 'order-history' } });
    expect(readJson(tree, 'package.json').workspaces).toEqual(['apps/*']);
  });

  it('without an npm scope, names neither package with one', async () => {
    writeJson(tree, 'package.json', { name: 'monorepo', workspaces: ['packages/*', 'services/**'], overrides: { 'light-my-request': '6.8.1' } });
    await serviceGenerator(tree, { name: 'billing', skipInstall: true });
    expect(tree.read('services/billing/boomerang.config.ts', 'utf8')).toContain("packageName: 'billing-receiver'");
    expect(readJson(tree, 'package.json').overrides).toEqual({ 'light-my-request': '6.8.1' });
    expect(readJson(tree, 'services/billing/package.json').name).toBe('billing');
    expect(readJson(tree, 'services/billing/package.json').nx).toEqual({ includedScripts: ['build', 'test', 'start', 'dev'] });
    expect(readJson(tree, 'package.json').workspaces).toEqual(['packages/*', 'services/**']);
  });

  it('keeps the files and the package.json values that exist', async () => {
    tree.write('services/billing/api.ts', '// mine\n');
    writeJson(tree, 'services/billing/package.json', {
      name: '@mine/billing-api',
      scripts: { test: 'vitest run --coverage', lint: 'eslint .' },
      dependencies: { zod: '4.0.0' },
      devDependencies: { fastify: '5.0.0' },
      nx: { tags: ['scope:billing'] },
    });

    await serviceGenerator(tree, { name: 'billing', skipInstall: true });

    expect(tree.read('services/billing/api.ts', 'utf8')).toBe('// mine\n');
    const pkg = readJson(tree, 'services/billing/package.json');
    expect(pkg.name).toBe('@mine/billing-api');
    expect(Object.keys(pkg)[0]).toBe('name');
    expect(pkg.scripts.test).toBe('vitest run --coverage');
    expect(pkg.scripts.generate).toBe('boomerang generate .');
    expect(pkg.dependencies.zod).toBe('4.0.0');
    expect(pkg.dependencies.fastify).toBeUndefined(); // theirs, in devDependencies
    expect(pkg.devDependencies.fastify).toBe('5.0.0');
    expect(pkg.dependencies['@boomerang/runtime']).toBe(versions.boomerang);
    // Their project keeps its name; the scripts the plugin infers stay out of Nx ('lint' is inferred too).
    expect(pkg.nx).toEqual({ includedScripts: ['test', 'build', 'start', 'dev'], tags: ['scope:billing'] });
  });

  it('registers the plugin in a workspace without nx.json, writing one', async () => {
    tree.delete('nx.json');
    await serviceGenerator(tree, { name: 'billing', skipInstall: true });
    expect(readNxJson(tree)?.plugins).toEqual(['@boomerang/nx']);
    expect(tree.exists('services/billing/api.ts')).toBe(true);
  });

  it('asks for an installation afterwards unless told not to', async () => {
    expect(await serviceGenerator(tree, { name: 'billing' })).toBeTypeOf('function');
    expect(await serviceGenerator(tree, { name: 'payments', skipInstall: true })).toBeUndefined();
  });

  it('refuses a name that cannot name a folder, an API and a schema', async () => {
    await expect(serviceGenerator(tree, { name: '9lives', skipInstall: true })).rejects.toThrow(/kebab-case/);
  });
});

describe('service generator, dry run', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  // `nx g --dry-run` runs the generator on a tree over the real workspace and never flushes it.
  it('writes nothing to disk: every change stays in the tree', async () => {
    root = mkdtempSync(join(tmpdir(), 'boomerang-nx-dry-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: '@acme/source' }));
    writeFileSync(join(root, 'nx.json'), '{}');
    const before = readdirSync(root, { recursive: true });
    const tree = new FsTree(root, false);

    await serviceGenerator(tree, { name: 'billing', skipInstall: true, skipFormat: true });

    expect(readdirSync(root, { recursive: true })).toEqual(before);
    expect(tree.listChanges().map((change) => change.path)).toContain('services/billing/api.ts');
  });
});
