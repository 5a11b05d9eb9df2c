import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attwProblems, contentProblems, pack, publintProblems, referenceProblems, templateFoldersOf } from './check-package.ts';
import { dependencyOrder } from './workspace-packages.ts';

const base = ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts'];

describe('what a tarball may hold', () => {
  it.each([
    ['a clean package', { files: base, folders: [], want: [] }],
    ['tests, fixtures, snapshots', { files: [...base, 'test/a.test.ts', 'dist/a.test.js', 'dist/fixtures/x.json', 'dist/__snapshots__/s.ts'], folders: [], want: ['dist/__snapshots__/s.ts: a test or fixture folder should not be published', 'dist/a.test.js: a test file should not be published', 'dist/fixtures/x.json: a test or fixture folder should not be published', 'test/a.test.ts: a test or fixture folder should not be published'] }],
    ['sources and build state', { files: [...base, 'src/index.ts', 'dist/.tsbuildinfo', 'tsconfig.build.json'], folders: [], want: ['dist/.tsbuildinfo: build configuration should not be published', 'src/index.ts: TypeScript sources (the package ships dist/) should not be published', 'tsconfig.build.json: build configuration should not be published'] }],
    ['a bundled dependency, a local .npmrc', { files: [...base, 'node_modules/x/index.js', '.npmrc'], folders: [], want: ['.npmrc: a local settings file should not be published', 'node_modules/x/index.js: an installed dependency should not be published'] }],
    ['what a template copies into projects', { files: [...base, 'project/test/invoices.test.ts', 'project/tsconfig.json'], folders: ['project/'], want: [] }],
    ['no README or LICENSE', { files: ['package.json', 'dist/index.js'], folders: [], want: ['README.md is missing', 'LICENSE is missing'] }],
  ])('%s', (_name, { files, folders, want }) => {
    expect(contentProblems({ files }, folders).sort()).toEqual([...want].sort());
  });

  it("reads a template package's template folders from its manifest", () => {
    expect(templateFoldersOf(join(import.meta.dirname, '../../templates/receiver'), '@boomerang/template-receiver')).toEqual(['runtime/', 'templates/']);
    expect(templateFoldersOf(join(import.meta.dirname, '../../packages/core'), '@boomerang/core')).toEqual([]);
  });
});

describe('what the package names in its own manifests', () => {
  const repo = join(import.meta.dirname, '../..');
  it("is in the tarball: Nx's generators, a template's files and helpers", () => {
    expect(referenceProblems(join(repo, 'packages/nx-plugin'), { files: ['package.json', 'generators.json', 'dist/generators/init/init.js', 'dist/generators/service/service.js', 'dist/generators/service/schema.json', 'dist/generators/template/template.js', 'dist/generators/template/schema.json'] })).toEqual([
      "dist/generators/init/schema.json, which the init generator's schema is, is not in the tarball",
    ]);
    const receiver = referenceProblems(join(repo, 'templates/receiver'), { files: ['package.json', 'boomerang-template.json'] });
    expect(receiver).toContain('dist/helpers.js, which boomerang-template.json names as its helpers, is not in the tarball');
    expect(receiver).toContain('templates/index.ts.hbs, which boomerang-template.json renders, is not in the tarball');
    expect(referenceProblems(join(repo, 'packages/core'), { files: ['package.json'] })).toEqual([]);
  });
});

describe('publint and Are the Types Wrong, on real tarballs', () => {
  let work: string;
  const tarballs: Record<string, string> = {};
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'boomerang-check-package-'));
    const make = async (name: string, manifest: Record<string, unknown>, files: Record<string, string>) => {
      const dir = join(work, name);
      for (const [path, content] of Object.entries({ 'README.md': '# x\n', LICENSE: 'MIT\n', ...files })) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', license: 'MIT', type: 'module', sideEffects: false, engines: { node: '>=20' }, files: ['dist', 'README.md', 'LICENSE'], ...manifest }));
      tarballs[name] = (await pack(dir, work)).tarball;
    };
    await make('good', { exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } } }, { 'dist/index.js': 'export const a = 1;\n', 'dist/index.d.ts': 'export declare const a: number;\n' });
    // types after import, and a types file that is not in the tarball
    await make('untypedExport', { exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './extra': './dist/extra.js' } }, { 'dist/index.js': 'export const a = 1;\n', 'dist/index.d.ts': 'export declare const a: number;\n', 'dist/extra.js': 'export const b = 2;\n' });
    await make('bad', { exports: { '.': { import: './dist/index.js', types: './dist/missing.d.ts' } } }, { 'dist/index.js': 'export const a = 1;\n' });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('pass a well-made package', async () => {
    expect(await publintProblems(tarballs.good!)).toEqual([]);
    expect(await attwProblems(tarballs.good!)).toEqual([]);
  });

  it('report what is wrong with a broken one', async () => {
    const publint = await publintProblems(tarballs.bad!);
    expect(publint.join('\n')).toMatch(/types/);
    expect(publint.join('\n')).toMatch(/missing\.d\.ts/);
    const attw = await attwProblems(tarballs.bad!);
    expect(attw).toHaveLength(1);
    expect(attw[0]).toMatch(/^attw: /);
    // Types that resolve but are wrong are reported by kind and entry point.
    expect(await attwProblems(tarballs.untypedExport!)).toEqual([expect.stringMatching(/^attw: UntypedResolution at \.\/extra \(node16-esm resolution\)/), expect.stringMatching(/^attw: UntypedResolution at \.\/extra \(bundler resolution\)/)]);
  }, 30_000);
});

describe('dependency order', () => {
  it('puts each package after the ones it needs, and names a cycle', () => {
    const order = dependencyOrder([
      { name: 'cli', needs: ['codegen', 'core'] },
      { name: 'codegen', needs: ['core'] },
      { name: 'core', needs: [] },
      { name: 'aardvark', needs: ['cli'] },
    ]);
    expect(order.map((p) => p.name)).toEqual(['core', 'codegen', 'cli', 'aardvark']);
    expect(() => dependencyOrder([{ name: 'a', needs: ['b'] }, { name: 'b', needs: ['a'] }])).toThrow('a cycle: a → b → a');
  });
});
