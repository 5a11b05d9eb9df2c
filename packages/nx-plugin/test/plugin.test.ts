import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodesV2, inferTargets } from '../src/plugin.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** A workspace on disk: installed packages in node_modules, a template folder, services. */
function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'boomerang-nx-plugin-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const installed = (name: string) => ({ [`node_modules/${name}/package.json`]: JSON.stringify({ name, version: '0.1.0' }) });

const billingConfig = `import { defineConfig } from '@boomerang/codegen';
export default defineConfig({
  definition: './api.ts',
  openapi: { output: './generated', formats: ['json', 'yaml'] },
  targets: [
    { template: '@boomerang/template-server-fastify', output: './src' },
    { template: '../../templates/docs-list', output: './docs' },
    { template: '@boomerang/template-receiver', output: './receiver', options: { packageName: '@acme/billing-receiver' } },
  ],
});
`;

let root: string;
beforeAll(() => {
  root = workspace({
    'package.json': JSON.stringify({ name: '@acme/source', workspaces: ['services/*'] }),
    ...installed('@boomerang/cli'),
    ...installed('@boomerang/codegen'),
    ...installed('@boomerang/core'),
    ...installed('@boomerang/template-server-fastify'),
    'templates/docs-list/boomerang-template.json': JSON.stringify({
      name: 'docs-list',
      files: [
        { template: 'a.hbs', output: 'generated/index.md', mode: 'generated' },
        { template: 'b.hbs', output: 'README.md', mode: 'generated', outsideGeneratedFolder: 'npm reads it from the package root' },
        { template: 'c.hbs', output: 'notes/{{operation.operationId}}.md', mode: 'scaffold', each: 'operation' },
      ],
    }),
    'services/billing/package.json': JSON.stringify({ name: '@acme/billing', nx: { name: 'billing' } }),
    'services/billing/boomerang.config.ts': billingConfig,
    'services/billing/api.ts': `import { z } from 'zod';\nimport { Billing } from './schemas.ts';\nexport default {};\n`,
    'services/billing/schemas.ts': `export * from './shared/index.js';\nexport const Billing = 1;\n`,
    'services/billing/shared/index.ts': `import type { X } from '../../../elsewhere/types';\nexport const shared = 1;\n`,
    'elsewhere/types.ts': 'export type X = 1;\n',
    'lone/boomerang.config.ts': `export default { openapi: false, targets: [{ template: './templates/pkg', output: './sdk' }] };\n`,
    'lone/api.ts': 'export default {};\n',
    'lone/templates/pkg/boomerang-template.json': JSON.stringify({
      name: 'pkg',
      files: [
        { template: 'p.hbs', output: 'package.json', mode: 'generated', outsideGeneratedFolder: 'npm' },
        { template: 'i.hbs', output: 'src/generated/index.ts', mode: 'generated' },
        { template: 'e.hbs', output: 'example/server.ts', mode: 'scaffold' },
      ],
    }),
  });
  // The real manifest, as the installed template package ships it.
  cpSync(join(repo, 'templates/server-fastify/boomerang-template.json'), join(root, 'node_modules/@boomerang/template-server-fastify/boomerang-template.json'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('inferred targets', () => {
  it('generate: inputs are the definition files, the config and the packages that render it; outputs only the generated paths', () => {
    const { generate } = inferTargets('services/billing/boomerang.config.ts', {}, root);
    expect(generate).toMatchObject({ executor: 'nx:run-commands', options: { command: 'boomerang generate .', cwd: '{projectRoot}' }, cache: true });
    expect(generate!.inputs).toEqual([
      '{workspaceRoot}/elsewhere/types.ts',
      '{projectRoot}/api.ts',
      '{projectRoot}/schemas.ts',
      '{projectRoot}/shared/index.ts',
      '{projectRoot}/boomerang.config.ts',
      '{workspaceRoot}/templates/docs-list/**/*',
      { externalDependencies: ['@boomerang/cli', '@boomerang/codegen', '@boomerang/core', '@boomerang/template-server-fastify'] },
    ]);
    expect(generate!.outputs).toEqual([
      '{projectRoot}/docs/.boomerang-manifest.json',
      '{projectRoot}/docs/README.md',
      '{projectRoot}/docs/generated',
      '{projectRoot}/generated/.boomerang-manifest.json',
      '{projectRoot}/generated/openapi.json',
      '{projectRoot}/generated/openapi.yaml',
      // The receiver template is not installed yet: the writer's convention stands in for its manifest.
      '{projectRoot}/receiver/.boomerang-manifest.json',
      '{projectRoot}/receiver/generated',
      '{projectRoot}/src/.boomerang-manifest.json',
      '{projectRoot}/src/generated',
    ]);
  });

  it('never declares a scaffold as an output: a cache hit would overwrite the user\'s edits', () => {
    const outputs = inferTargets('services/billing/boomerang.config.ts', {}, root).generate!.outputs!;
    for (const scaffold of ['{projectRoot}/src', '{projectRoot}/src/handlers', '{projectRoot}/src/main.ts', '{projectRoot}/docs/notes', '{projectRoot}/receiver']) {
      expect(outputs).not.toContain(scaffold);
    }
  });

  it('check reads the sources and the generated files; it writes nothing', () => {
    const { check } = inferTargets('services/billing/boomerang.config.ts', {}, root);
    expect(check).toMatchObject({ options: { command: 'boomerang check .' }, cache: true, outputs: [] });
    expect(check!.inputs).toEqual(expect.arrayContaining(['{projectRoot}/api.ts', '{projectRoot}/src/generated/**/*', '{projectRoot}/generated/openapi.json']));
    expect(check!.dependsOn).toBeUndefined(); // it judges what is on disk
  });

  it('lint runs after generate on the documents, with the nearest redocly.yaml; Redocly\'s version counts through every external dependency', () => {
    const { lint } = inferTargets('services/billing/boomerang.config.ts', {}, root);
    expect(lint).toMatchObject({ options: { command: 'boomerang lint .' }, dependsOn: ['generate'], cache: true, outputs: [] });
    expect(lint!.inputs).toEqual(expect.arrayContaining(['{projectRoot}/generated/openapi.json', '{projectRoot}/redocly.yaml', '{workspaceRoot}/services/redocly.yaml', '{workspaceRoot}/redocly.yaml']));
    expect(lint!.inputs!.some((input) => typeof input === 'object' && 'externalDependencies' in input)).toBe(false);
  });

  it('docs caches its pages only when the config has a docs-redoc target', () => {
    expect(inferTargets('services/billing/boomerang.config.ts', {}, root).docs).toMatchObject({ options: { command: 'boomerang docs .' }, cache: false, outputs: [] });
    const withDocs = workspace({
      'p/boomerang.config.ts': `export default defineConfig({ targets: [{ template: './docs-redoc', output: './docs' }] });\n`,
      'p/docs-redoc/boomerang-template.json': JSON.stringify({ name: 'docs-redoc', files: [{ template: 'a.hbs', output: 'generated/openapi.json', mode: 'generated' }] }),
    });
    try {
      const { docs } = inferTargets('p/boomerang.config.ts', {}, withDocs);
      expect(docs).toMatchObject({ cache: true });
      expect(docs!.outputs).toEqual([
        '{projectRoot}/docs/*.html',
        '{projectRoot}/docs/.boomerang-manifest.json',
        '{projectRoot}/docs/generated',
        '{projectRoot}/generated/.boomerang-manifest.json',
        '{projectRoot}/generated/openapi.json',
        '{projectRoot}/generated/openapi.yaml',
      ]);
    } finally {
      rmSync(withDocs, { recursive: true, force: true });
    }
  });

  it('builds a generated npm package: the receiver, and any template that writes a package.json', () => {
    expect(inferTargets('services/billing/boomerang.config.ts', {}, root)['build-receiver']).toEqual({
      executor: 'nx:run-commands',
      options: { command: 'npm run build', cwd: 'services/billing/receiver' },
      metadata: expect.anything(),
      dependsOn: ['generate'],
      cache: true,
      inputs: ['{projectRoot}/receiver/**/*', '!{projectRoot}/receiver/dist/**/*', '!{projectRoot}/receiver/node_modules/**/*'],
      outputs: ['{projectRoot}/receiver/dist'],
    });
    const lone = inferTargets('lone/boomerang.config.ts', {}, root);
    expect(Object.keys(lone).sort()).toEqual(['build-sdk', 'check', 'docs', 'generate', 'lint']);
    expect(lone.generate!.outputs).toEqual(['{projectRoot}/sdk/.boomerang-manifest.json', '{projectRoot}/sdk/package.json', '{projectRoot}/sdk/src/generated']);
    expect(lone.generate!.inputs).toEqual([
      '{projectRoot}/api.ts',
      '{projectRoot}/boomerang.config.ts',
      '{projectRoot}/templates/pkg/**/*',
      { externalDependencies: ['@boomerang/cli', '@boomerang/codegen', '@boomerang/core'] },
    ]);
  });

  it('renames targets on request', () => {
    const targets = inferTargets('services/billing/boomerang.config.ts', { targetNames: { lint: 'api-lint', generate: 'codegen' } }, root);
    expect(Object.keys(targets)).toEqual(expect.arrayContaining(['codegen', 'check', 'api-lint', 'docs']));
    expect(targets['build-receiver']!.dependsOn).toEqual(['codegen']);
  });

  it('does not cache what it cannot describe', () => {
    const odd = workspace({
      'a/boomerang.config.ts': `const out = process.env.OUT!;\nexport default defineConfig({ targets: [{ template: './t', output: out }] });\n`,
      'b/boomerang.config.ts': `export default defineConfig({ openapi: false, targets: [{ template: './t', output: './x' }] });\n`,
      'b/t/boomerang-template.json': JSON.stringify({ name: 't', files: [{ template: 't.hbs', output: '{{view.dir}}/generated/a.ts', mode: 'generated' }] }),
    });
    try {
      for (const project of ['a', 'b']) {
        const { generate } = inferTargets(`${project}/boomerang.config.ts`, {}, odd);
        expect(generate).toMatchObject({ cache: false, outputs: [] });
      }
    } finally {
      rmSync(odd, { recursive: true, force: true });
    }
  });
});

describe('createNodesV2', () => {
  it('matches every boomerang.config and names a project only when nothing else does', async () => {
    const [pattern, createNodes] = createNodesV2;
    expect(pattern).toBe('**/boomerang.config.{ts,mts,js,mjs}');
    const results = await createNodes(['services/billing/boomerang.config.ts', 'lone/boomerang.config.ts'], {}, { workspaceRoot: root, nxJsonConfiguration: {} });
    const projects = Object.fromEntries(results.map(([file, result]) => [file, result.projects]));
    expect(projects['services/billing/boomerang.config.ts']!['services/billing']!.name).toBeUndefined(); // package.json names it
    expect(Object.keys(projects['services/billing/boomerang.config.ts']!['services/billing']!.targets!)).toEqual(['generate', 'check', 'lint', 'docs', 'build-receiver']);
    expect(projects['lone/boomerang.config.ts']!.lone!.name).toBe('lone');
  });
});
