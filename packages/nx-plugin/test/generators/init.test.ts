import { readJson, readNxJson, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { initGenerator } from '../../src/generators/init/init.ts';

describe('init generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  });

  it('registers the plugin, turns off the prompts, and adds the pipeline', async () => {
    await initGenerator(tree, {});
    const nxJson = readNxJson(tree)!;
    expect(nxJson.plugins).toEqual(['@boomerang/nx']);
    expect(nxJson.analytics).toBe(false);
    expect(nxJson.neverConnectToCloud).toBe(true);
    expect(nxJson.targetDefaults?.build).toEqual({ cache: true, dependsOn: ['generate', '^build'] });
    expect(nxJson.targetDefaults?.test).toEqual({ dependsOn: ['generate', 'build'], cache: true });
    expect(readJson(tree, 'turbo.json')).toEqual({
      $schema: 'https://turbo.build/schema.json',
      tasks: {
        generate: {
          inputs: ['$TURBO_DEFAULT$', '!generated/**', '!*/generated/**', '!.boomerang-manifest.json', '!*/.boomerang-manifest.json'],
          outputs: ['generated/**', '*/generated/**', '.boomerang-manifest.json', '*/.boomerang-manifest.json'],
        },
        build: { dependsOn: ['generate', '^build'], outputs: ['dist/**'] },
        test: { dependsOn: ['generate', 'build'] },
      },
    });
    expect(readJson(tree, 'package.json').packageManager).toMatch(/^npm@\d+\.\d+\.\d+/);
    expect(tree.read('.gitignore', 'utf8')).toBe('.turbo\n');
  });

  it('writes nx.json when the workspace has none', async () => {
    tree.delete('nx.json');
    await initGenerator(tree, {});
    expect(readJson(tree, 'nx.json')).toMatchObject({ $schema: './node_modules/nx/schemas/nx-schema.json', analytics: false, neverConnectToCloud: true, plugins: ['@boomerang/nx'] });
    expect(readNxJson(tree)?.targetDefaults?.test).toEqual({ dependsOn: ['generate', 'build'], cache: true });
  });

  it('keeps every value the user has', async () => {
    writeJson(tree, 'nx.json', {
      analytics: true,
      plugins: ['@nx/js', { plugin: '@nx/vite/plugin', options: { buildTargetName: 'vite-build' } }],
      targetDefaults: {
        build: { dependsOn: ['^build', 'codegen'], cache: false },
        test: [{ filter: { projects: ['a'] }, cache: true }],
        e2e: { cache: true },
      },
      nxCloudId: 'their-cloud',
    });
    writeJson(tree, 'turbo.json', {
      $schema: 'https://turbo.build/schema.json',
      globalEnv: ['CI'],
      tasks: { build: { dependsOn: ['^build'], outputs: ['lib/**'] }, lint: {}, generate: { cache: false } },
    });
    writeJson(tree, 'package.json', { name: '@acme/source', packageManager: 'npm@10.0.0' });
    tree.write('.gitignore', 'node_modules\n/dist');

    await initGenerator(tree, {});

    const nxJson = readNxJson(tree)!;
    expect(nxJson.analytics).toBe(true);
    expect(nxJson.neverConnectToCloud).toBeUndefined(); // they use Nx Cloud
    expect(nxJson.plugins).toEqual(['@nx/js', { plugin: '@nx/vite/plugin', options: { buildTargetName: 'vite-build' } }, '@boomerang/nx']);
    expect(nxJson.targetDefaults).toEqual({
      build: { dependsOn: ['^build', 'codegen', 'generate'], cache: false },
      test: [{ filter: { projects: ['a'] }, cache: true }],
      e2e: { cache: true },
    });
    const turbo = readJson(tree, 'turbo.json');
    expect(turbo.globalEnv).toEqual(['CI']);
    expect(turbo.tasks.build).toEqual({ dependsOn: ['^build', 'generate'], outputs: ['lib/**'] });
    expect(turbo.tasks.lint).toEqual({});
    expect(turbo.tasks.generate).toEqual({ cache: false });
    expect(turbo.tasks.test).toEqual({ dependsOn: ['generate', 'build'] });
    expect(readJson(tree, 'package.json').packageManager).toBe('npm@10.0.0');
    expect(tree.read('.gitignore', 'utf8')).toBe('node_modules\n/dist\n.turbo\n');
  });

  it('is idempotent', async () => {
    await initGenerator(tree, {});
    const files = ['nx.json', 'turbo.json', 'package.json', '.gitignore'];
    const first = files.map((file) => tree.read(file, 'utf8'));
    await initGenerator(tree, {});
    expect(files.map((file) => tree.read(file, 'utf8'))).toEqual(first);
  });

  it('leaves turbo alone with --turbo=false', async () => {
    await initGenerator(tree, { turbo: false });
    expect(tree.exists('turbo.json')).toBe(false);
    expect(tree.exists('.gitignore')).toBe(false);
    expect(readJson(tree, 'package.json').packageManager).toBeUndefined();
  });

  it('extends a turbo 1 pipeline in place', async () => {
    writeJson(tree, 'turbo.json', { pipeline: { build: { outputs: ['dist/**'] } } });
    await initGenerator(tree, {});
    const turbo = readJson(tree, 'turbo.json');
    expect(turbo.tasks).toBeUndefined();
    expect(Object.keys(turbo.pipeline)).toEqual(['build', 'generate', 'test']);
    expect(turbo.pipeline.build).toEqual({ outputs: ['dist/**'], dependsOn: ['generate', '^build'] });
  });
});
