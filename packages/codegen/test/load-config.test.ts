import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodegenError, findConfigFile, loadConfig } from '@boomerang/codegen';
import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../src/validate-config.ts';

// Inside the repo, so a config that imports @boomerang/codegen resolves it like a user's project.
const root = fileURLToPath(new URL(`./.tmp/config-${process.pid}/`, import.meta.url));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  return dir;
}

function thrown(run: () => unknown): CodegenError {
  try {
    run();
  } catch (error) {
    if (error instanceof CodegenError) return error;
    throw error;
  }
  throw new Error('expected a CodegenError');
}

describe('validateConfig', () => {
  const cases: [string, { given: unknown; want: string[] }][] = [
    ['accepts the full shape', { given: { definition: './api.ts', openapi: { output: './generated', formats: ['json', 'yaml'], version: '3.0' }, targets: [{ template: './tpl', output: './out', options: { a: 1 } }] }, want: [] }],
    ['accepts an empty config and openapi: false', { given: { openapi: false }, want: [] }],
    ['refuses a default export that is not an object', { given: 'api.ts', want: ["its default export must be defineConfig({...}), not 'api.ts'"] }],
    ['suggests the key a top-level typo meant', { given: { defintion: './api.ts', opeanpi: false }, want: ['`defintion` is not a config key; did you mean `definition`?', '`opeanpi` is not a config key; did you mean `openapi`?'] }],
    ['lists the keys when nothing is close', { given: { plugins: [] }, want: ['`plugins` is not a config key (the keys are `definition`, `openapi`, `targets`, `signedDeliveries`)'] }],
    ['accepts signedDeliveries: false', { given: { signedDeliveries: false }, want: [] }],
    ['refuses a signedDeliveries that is not a boolean', { given: { signedDeliveries: 'no' }, want: ["`signedDeliveries` must be true (sign every callback and webhook that declares no `security`, the default) or false (send them unsigned), not 'no'"] }],
    ['suggests signedDeliveries for a typo', { given: { signedDelivery: false }, want: ['`signedDelivery` is not a config key; did you mean `signedDeliveries`?'] }],
    ['checks the type of definition', { given: { definition: 42 }, want: ['`definition` must be a path string such as `./api.ts`, not 42'] }],
    ['refuses an empty definition', { given: { definition: '' }, want: ['`definition` must be a path string such as `./api.ts`, not an empty string'] }],
    ['refuses openapi: true', { given: { openapi: true }, want: ['`openapi` must be false or { output, formats, version }, not true'] }],
    [
      'checks every openapi key and value',
      {
        given: { openapi: { ouptut: './x', formats: ['json', 'yml', 'json'], version: '3.1.0' } },
        want: [
          '`openapi.ouptut` is not a key of `openapi`; did you mean `output`?',
          "`openapi.formats[1]` must be 'json' or 'yaml', not 'yml'; did you mean 'yaml'?",
          "`openapi.formats` names 'json' twice",
          "`openapi.version` must be '3.1' (writes OpenAPI 3.1.0) or '3.0' (writes 3.0.3), not '3.1.0'",
        ],
      },
    ],
    ['refuses a version given as a number', { given: { openapi: { version: 3 } }, want: ["`openapi.version` must be '3.1' (writes OpenAPI 3.1.0) or '3.0' (writes 3.0.3), not 3 (a number; quote it)"] }],
    ['refuses formats that are not a non-empty array', { given: { openapi: { formats: 'json' } }, want: ["`openapi.formats` must be an array of 'json' and 'yaml', not 'json'"] }],
    ['refuses empty formats', { given: { openapi: { formats: [], output: 7 } }, want: ['`openapi.output` must be a folder path string, not 7', '`openapi.formats` is empty; to write no OpenAPI document, set `openapi: false`'] }],
    ['refuses targets that are not an array', { given: { targets: { template: './tpl', output: './out' } }, want: ['`targets` must be an array of { template, output, options }, not an object'] }],
    [
      'checks every target and reports all problems at once',
      {
        given: { defintion: './api.ts', targets: [{ template: './tpl', outptu: './out' }, 'server', { template: 1, output: './o', options: [] }] },
        want: [
          '`defintion` is not a config key; did you mean `definition`?',
          '`targets[0].outptu` is not a key of a target; did you mean `output`?',
          '`targets[0].output` is missing: the folder its files go to, relative to the config',
          "`targets[1]` must be { template, output, options }, not 'server'",
          '`targets[2].template` must be a folder path or package name string, not 1',
          '`targets[2].options` must be an object of the options the template declares, not an array',
        ],
      },
    ],
    ['names a missing template', { given: { targets: [{ output: './src' }] }, want: ['`targets[0].template` is missing: a folder path (`./templates/mine`) or a package name (`@boomerang/template-server-fastify`)'] }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(validateConfig(given)).toEqual(want);
  });
});

describe('findConfigFile', () => {
  it('finds the config in a project folder', () => {
    const dir = project('ok', { 'boomerang.config.ts': 'export default {};\n' });
    expect(findConfigFile(dir)).toBe(join(dir, 'boomerang.config.ts'));
  });

  it('reports a folder that does not exist as missing', () => {
    const error = thrown(() => findConfigFile(join(root, 'nowhere')));
    expect(error.message).toBe(`the project folder \`${relative(process.cwd(), join(root, 'nowhere'))}\` does not exist.`);
    expect(error.hint).toBe('Give the folder that holds boomerang.config.ts (`.` for the current one).');
  });

  it('refuses a definition file given as the project folder, and says what prints its document', () => {
    const dir = project('file', { 'api.ts': 'export default {};\n', 'boomerang.config.ts': 'export default {};\n' });
    const shown = relative(process.cwd(), join(dir, 'api.ts'));
    const error = thrown(() => findConfigFile(join(dir, 'api.ts')));
    expect(error.message).toBe(`\`${shown}\` is a file, not a project folder: give the folder that holds boomerang.config.ts (here \`${relative(process.cwd(), dir)}\`).`);
    expect(error.hint).toBe(`To print the OpenAPI document of a definition file alone: \`boomerang openapi ${shown}\`.`);
  });

  it('refuses the config file itself, naming its folder', () => {
    const dir = project('config-file', { 'boomerang.config.ts': 'export default {};\n' });
    const error = thrown(() => findConfigFile(join(dir, 'boomerang.config.ts')));
    expect(error.message).toBe(`\`${relative(process.cwd(), join(dir, 'boomerang.config.ts'))}\` is a file, not a project folder: give the folder that holds boomerang.config.ts (here \`${relative(process.cwd(), dir)}\`).`);
    expect(error.hint).toBe('');
  });

  it('says when a folder has no config', () => {
    const dir = project('empty', {});
    expect(thrown(() => findConfigFile(dir)).message).toBe(`no boomerang.config.ts in \`${relative(process.cwd(), dir)}\`.`);
  });
});

describe('loadConfig', () => {
  it('refuses a misspelt key instead of falling back to the default definition', async () => {
    const dir = project('typo', { 'boomerang.config.ts': "import { defineConfig } from '@boomerang/codegen';\nexport default defineConfig({ defintion: './src/api.ts' } as never);\n" });
    const error = await loadConfig(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenError);
    expect((error as CodegenError).message).toBe(`\`${relative(process.cwd(), join(dir, 'boomerang.config.ts'))}\` is not a valid config:\n  - \`defintion\` is not a config key; did you mean \`definition\`?`);
    expect((error as CodegenError).hint).toMatch(/^A config is defineConfig\(\{ definition, openapi: \{ output, formats, version \}, targets: \[\{ template, output, options \}\] \}\)/);
  });
});
