/**
 * What a user sees when something goes wrong: one `boomerang: <message>` (and a hint), never a Node
 * stack trace, with the exit code the README documents. Through the binary, as a user runs it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';

const bin = fileURLToPath(new URL('../bin/boomerang.js', import.meta.url));
// Inside the repo so that definitions resolve @boomerang/core and zod like a user's project does.
const scratch = fileURLToPath(new URL(`./.tmp/errors-${process.pid}/`, import.meta.url));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', type: 'module' })}\n`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function boomerang(cwd: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** No frame of Boomerang's, tsx's or Node's own code, and not Node's crash banner. */
function expectNoStack(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at .*(node:internal|node_modules|packages\/(cli|codegen|core)\/src)/m);
  expect(stderr).not.toContain('Node.js v');
}

const api = `import { defineApi, operation } from '@boomerang/core';
export default defineApi({
  info: { title: 'Notes', version: '1.0.0' },
  operations: [operation({ method: 'get', path: '/notes', responses: { 204: { description: 'None.' } } })],
});
`;
const loadHint = '  hint: Fix the error above; the definition is a TypeScript module run as it is.\n';

describe('a definition that fails to load', () => {
  const dir = project('loading', {
    'throws.ts': "import { defineApi } from '@boomerang/core';\nconst rates = new Map<string, number>();\nthrow new Error('no rates configured');\nexport default defineApi({ info: { title: 'T', version: '1' }, operations: [] });\n",
    'syntax.ts': "import { defineApi } from '@boomerang/core';\nconst x = ;\nexport default defineApi({ info: { title: 'T', version: '1' }, operations: [] });\n",
    'boomerang.config.ts': "export default { definition: './throws.ts' };\n",
  });

  it('names the file and the line it threw at, with no stack', () => {
    const { code, stdout, stderr } = boomerang(dir, ['openapi', 'throws.ts']);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: `boomerang: \`throws.ts\` could not be loaded: no rates configured\n    at throws.ts:3:7\n${loadHint}` });
    expect(boomerang(dir, ['generate', '.']).stderr).toBe(`boomerang: \`throws.ts\` could not be loaded: no rates configured\n    at throws.ts:3:7\n${loadHint}`);
  });

  it('names the file, line and column of a syntax error', () => {
    const { code, stderr } = boomerang(dir, ['openapi', 'syntax.ts']);
    expect(code).toBe(1);
    expect(stderr).toBe(`boomerang: \`syntax.ts\` could not be loaded: syntax.ts:2:11: Unexpected ";"\n${loadHint}`);
  });
});

describe('a definition of the wrong shape', () => {
  // Plain JavaScript, as a careless author writes it: nothing type-checks it before Boomerang reads it.
  const wrongShape = `import { defineApi } from '@boomerang/core';

export default defineApi({
  info: { title: 'Notes', version: '1.0.0' },
  tags: 'notes',
  security: { bearer: [] },
  operations: [
    { method: 'get', path: '/notes', responses: { 200: { description: 'The notes.' } } },
    { method: 5, path: '/notes/{id}', responses: null },
    null,
  ],
  webhooks: 'note-made',
});
`;
  const percent = `import { defineApi, operation } from '@boomerang/core';
import { z } from 'zod';
export default defineApi({
  info: { title: 'Notes', version: '1.0.0' },
  operations: [operation({
    method: 'post', path: '/notes',
    request: { body: z.object({ cb: z.url(), note: z.object({ id: z.string() }).meta({ id: '100%' }) }) },
    responses: { 200: { description: 'ok' } },
    callbacks: { made: { url: '{$request.body#/cb}/notes/{$request.body#/note/id}', post: { responses: { 200: { description: 'ok' } } } } },
  })],
});
`;
  const dir = project('wrong-shape', { 'api.js': wrongShape, 'percent.ts': percent, 'boomerang.config.ts': "export default { definition: './api.js', openapi: { output: './generated' }, targets: [] };\n" });
  const diagnostics =
    "error BMR009 (wrong-type) at tags: `tags` must be a list of tags, not a string ('notes').\n" +
    "  hint: Write `tags: [{ name: 'invoices', description: 'Invoices.' }]`.\n" +
    'error BMR009 (wrong-type) at security: `security` must be a list of security requirements, not an object.\n' +
    '  hint: Write `security: [{ bearer: [] }]` (every scheme of one requirement must hold; the list is any-of), or `security: []` for none.\n' +
    'error BMR009 (wrong-type) at operations[1] › method: `method` must be the name of an HTTP method (`get`, `put`, `post`, `delete`, `options`, `head`, `patch`, `trace`), not a number (5).\n' +
    "  hint: Write it as a string: `method: 'post'`.\n" +
    'error BMR009 (wrong-type) at operations[1] › responses: `responses` must be an object keyed by status code, not null.\n' +
    "  hint: Write `responses: { 200: Invoice, 404: { description: 'Not found.' } }`.\n" +
    'error BMR009 (wrong-type) at operations[2]: `operations[2]` must be an operation `{ method, path, responses, ... }`, not null.\n' +
    "  hint: Write each with `operation({ method: 'get', path: '/invoices', responses: { 200: Invoices } })`.\n" +
    "error BMR009 (wrong-type) at webhooks: `webhooks` must be an object keyed by webhook name, or a list of named webhooks, not a string ('note-made').\n" +
    "  hint: Write `webhooks: { 'invoice-paid': { post: { request: { body: InvoicePaid }, responses: { 200: Ack } } } }`, or a list of `{ name: 'invoice-paid', post: {...} }`.\n";

  it('boomerang openapi: every part of the wrong type, catalogued, then exit 1; no stack, no unexpected error', () => {
    const { code, stdout, stderr } = boomerang(dir, ['openapi', 'api.js']);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: `${diagnostics}boomerang: the definition has 6 errors; no document was printed.\n` });
  });

  it('boomerang generate: the same, and nothing written', () => {
    const { code, stdout, stderr } = boomerang(dir, ['generate', '.']);
    expect({ code, stderr }).toEqual({ code: 1, stderr: `${diagnostics}boomerang: the definition has 6 errors; nothing was written.\n` });
    // The steps that ended (the model is built, with its errors), and none after them.
    expect(stdout).toMatch(/^step load config: \d+ ms\nstep load definition: \d+ ms\nstep build model: \d+ ms\n$/);
    expect(existsSync(join(dir, 'generated'))).toBe(false);
  });

  it('a schema id with a `%` that a callback URL reads is its catalogued error, not a URIError', () => {
    const { code, stdout, stderr } = boomerang(dir, ['openapi', 'percent.ts']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error BMR053 \(invalid-schema-name\) at operation POST \/notes › request body: the schema name `100%` is not a valid components\/schemas key\.\n/);
    expect(stderr).toMatch(/\nboomerang: the definition has 1 error; no document was printed\.\n$/);
    expect(stderr).not.toMatch(/URIError|unexpected error/);
    expectNoStack(stderr);
  });
});

describe('a config that is not valid', () => {
  it('refuses a misspelt key with a did-you-mean, instead of looking for ./api.ts', () => {
    const dir = project('typo', { 'src/api.ts': api, 'boomerang.config.ts': "export default { defintion: './src/api.ts', opeanpi: { formats: ['json'] } };\n" });
    const { code, stdout, stderr } = boomerang(dir, ['generate', '.']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^boomerang: `boomerang\.config\.ts` is not a valid config:\n {2}- `defintion` is not a config key; did you mean `definition`\?\n {2}- `opeanpi` is not a config key; did you mean `openapi`\?\n {2}hint: A config is defineConfig\(/,
    );
    expect(stderr).not.toContain('api.ts');
  });

  it('checks values: formats, version, targets', () => {
    const dir = project('values', { 'api.ts': api, 'boomerang.config.ts': "export default { openapi: { formats: ['yml'], version: 3.1 }, targets: [{ template: '@boomerang/template-server-fastify' }] };\n" });
    const { code, stderr } = boomerang(dir, ['check', '.']);
    expect(code).toBe(1);
    expect(stderr).toContain(
      "\n  - `openapi.formats[0]` must be 'json' or 'yaml', not 'yml'; did you mean 'yaml'?\n" +
        "  - `openapi.version` must be '3.1' (writes OpenAPI 3.1.0) or '3.0' (writes 3.0.3), not 3.1 (a number; quote it)\n" +
        '  - `targets[0].output` is missing: the folder its files go to, relative to the config\n',
    );
  });

  it('says a definition that is not there is the default when the config names none', () => {
    const dir = project('no-definition', { 'boomerang.config.ts': 'export default { targets: [] };\n' });
    const { code, stderr } = boomerang(dir, ['generate', '.']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `boomerang: cannot find the definition file \`api.ts\` (looked at ${join(dir, 'api.ts')}).\n` +
        "  hint: boomerang.config.ts names no `definition`, so it is the default, ./api.ts; set `definition: './path/to/api.ts'` to use another file.\n",
    );
  });
});

describe('a file where the project folder belongs', () => {
  const dir = project('folder', { 'api.ts': api, 'boomerang.config.ts': 'export default {};\n', 'openapi.yaml': 'openapi: 3.1.0\n' });

  it.each(['generate', 'check', 'docs'])('boomerang %s api.ts is refused, naming the folder and `boomerang openapi`', (command) => {
    const { code, stdout, stderr } = boomerang(dir, [command, 'api.ts']);
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: 'boomerang: `api.ts` is a file, not a project folder: give the folder that holds boomerang.config.ts (here `.`).\n  hint: To print the OpenAPI document of a definition file alone: `boomerang openapi api.ts`.\n',
    });
  });

  it('boomerang lint api.ts is refused: lint takes a folder or an OpenAPI document', () => {
    const { code, stderr } = boomerang(dir, ['lint', 'api.ts']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'boomerang: `api.ts` is neither a project folder nor an OpenAPI document (.json, .yaml, .yml).\n' +
        '  hint: Give the folder that holds boomerang.config.ts, or lint the document of a definition: `boomerang openapi api.ts > openapi.json`, then `boomerang lint openapi.json`.\n',
    );
  });

  it('a folder or a document that does not exist is reported as missing', () => {
    expect(boomerang(dir, ['generate', 'nowhere'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'boomerang: the project folder `nowhere` does not exist.\n  hint: Give the folder that holds boomerang.config.ts (`.` for the current one).\n',
    });
    expect(boomerang(dir, ['lint', 'nowhere.yaml'])).toEqual({ code: 1, stdout: '', stderr: 'boomerang: `nowhere.yaml` does not exist.\n' });
  });
});

describe('errors that are not the definition', () => {
  it('a file-system error is one line', () => {
    const dir = project('enotdir', { 'api.ts': api, 'boomerang.config.ts': "export default { openapi: { output: './api.ts/docs' } };\n" });
    const { code, stderr } = boomerang(dir, ['generate', '.']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'boomerang: cannot write api.ts/docs/openapi.json: api.ts is a file, where a folder must go; nothing was changed.\n' +
        "  hint: The target's output folder is api.ts/docs: move that file, or change the output folder in boomerang.config.ts.\n",
    );
  });

  it('an unexpected error says it is a bug and how to see its stack', async () => {
    // A stand-in for an error no part of Boomerang explains: the output stream itself fails.
    const run = async (env: Record<string, string>) => {
      let stderr = '';
      const io = { stdout: { write: () => { throw new TypeError('stdout is gone'); } }, stderr: { write: (text: string) => (stderr += text) }, cwd: scratch, env };
      return { code: await main(['--version'], io), stderr };
    };
    const plain = await run({});
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(
      /^boomerang: unexpected error: stdout is gone \(at packages\/cli\/test\/errors\.test\.ts:\d+:\d+\)\n {2}This is a bug in Boomerang \(or in a template package it ran\): please report it at https:\/\/github\.com\/boomerang-api\/boomerang\/issues with the command you ran\. Set BOOMERANG_DEBUG=1 to see the stack\.\n$/,
    );
    const debug = await run({ BOOMERANG_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/^boomerang: unexpected error: stdout is gone \(at .*\)\nTypeError: stdout is gone\n {4}at /);
  });

  it('the binary reports an error thrown outside any command the same way', () => {
    const dir = project('late', {
      'late.ts': `import { defineApi } from '@boomerang/core';\nsetTimeout(() => {\n  throw new Error('late failure');\n}, 0);\nexport default defineApi({ info: { title: 'T', version: '1' }, operations: [] });\n`,
    });
    const { code, stderr } = boomerang(dir, ['openapi', 'late.ts']);
    expect(code).toBe(1);
    // The definition's warnings come first; then the one paragraph.
    expect(stderr).toMatch(/^boomerang: unexpected error: late failure \(at late\.ts:3:9\)\n {2}This is a bug in Boomerang .*\n$/m);
    expectNoStack(stderr);
  });
});
