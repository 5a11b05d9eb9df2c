/**
 * `boomerang docs` and `boomerang lint`: through `main` in this process (the binary costs seconds of
 * start-up per run; templates/docs-redoc/test/browser.test.ts builds docs with the binary), and once
 * as the binary for the exit code. Projects live in temp folders; their definitions and the
 * template are named by absolute path, so that they resolve from the repository. The Redocly
 * plugin is bundled fresh into the temp folder (its own tests rebuild dist/ concurrently).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../../redocly-plugin/build.ts';
import { main } from '../src/main.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/boomerang.js', import.meta.url));
const docsTemplate = join(repo, 'templates/docs-redoc');
const scratch = mkdtempSync(join(tmpdir(), 'boomerang-docs-lint-'));
const plugin = join(scratch, 'redocly-plugin.js');

beforeAll(() => buildPlugin(plugin));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function boomerang(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, cwd: repo });
  return { code, stdout, stderr };
}

function boomerangBinary(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repo, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A project folder: a config (a plain object, so it imports nothing) and any other files. */
function project(name: string, config: object, files: Record<string, string> = {}): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'boomerang.config.ts'), `export default ${JSON.stringify(config, null, 2)};\n`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** FastAPI's callback key in an otherwise clean hand-written document (the definition language refuses the key). */
const fastapiDocument = `openapi: 3.1.0
info:
  title: Invoices
  version: 1.0.0
  license: { name: MIT, identifier: MIT }
servers:
  - url: https://api.invoices.example
security: []
paths:
  /invoices:
    post:
      operationId: create_invoice
      summary: Create Invoice
      parameters:
        - { name: callback_url, in: query, schema: { type: string, format: uri } }
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, properties: { id: { type: string } }, required: [id] }
      responses:
        '200': { description: The invoice was received. }
        '400': { description: Not valid. }
      callbacks:
        invoice_notification:
          '{$callback_url}/invoices/{$request.body.id}':
            post:
              operationId: invoice_notification
              summary: Invoice Notification
              requestBody:
                content:
                  application/json:
                    schema: { type: object, properties: { paid: { type: boolean } } }
              responses:
                '200': { description: Received. }
                '400': { description: Not valid. }
`;

interface LintReport {
  readonly problems: readonly { readonly ruleId: string; readonly severity: string; readonly message: string }[];
}

describe.concurrent('boomerang --help', () => {
  it('documents docs and lint', async () => {
    const { code, stdout } = await boomerang('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('  boomerang docs <project-dir> [--quiet | --json]\n');
    expect(stdout).toContain('  boomerang lint <project-dir | openapi-file>');
    for (const command of ['docs', 'lint']) {
      const one = await boomerang(command, '--help');
      expect(one.code).toBe(0);
      expect(one.stdout).toMatch(new RegExp(`^boomerang ${command} <project-dir`));
    }
  });
});

describe.concurrent('boomerang docs', () => {
  it('generates the inputs and builds two self-contained pages', async () => {
    const logo = join(scratch, 'logo.svg');
    writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
    const dir = project('docs', {
      definition: join(repo, 'examples/invoices/api.ts'),
      openapi: false,
      targets: [{ template: docsTemplate, output: './docs', options: { title: 'Acme Invoices', logo, primaryColor: '#c2410c' } }],
    });
    const { code, stdout, stderr } = await boomerang('docs', dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The steps first (without a terminal: a line each), the pages' builds among them.
    expect(stdout).toMatch(/^step load config: \d+ ms\n/);
    expect(stdout).toMatch(/^step build .*\/docs\/index\.html: \d+ ms$/m);
    expect(stdout).toMatch(/^docs-redoc → .*\/docs: 4 written, 0 unchanged, 0 kept, 0 deleted\n/m);
    expect(stdout).toMatch(/\n {2}built .*\/docs\/index\.html \(\d+\.\d MB\)\n {2}built .*\/docs\/receiver\.html \(\d+\.\d MB\)\n/);
    expect(stdout).toMatch(/\ntimings: generate \d+ ms, build .*index\.html \d+ ms, build .*receiver\.html \d+ ms\n$/);

    for (const page of ['index', 'receiver']) {
      const html = readFileSync(join(dir, 'docs', `${page}.html`), 'utf8');
      // One file: no script, style sheet or module loaded from elsewhere (the CDN build imports Redoc).
      expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|import \{ hydrate \} from "https?:/);
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
      expect(html).toContain(`data:image/svg+xml;base64,${readFileSync(logo).toString('base64')}`);
      expect(html).toContain('--color-primary-base: #c2410c;');
    }
    expect(readFileSync(join(dir, 'docs', 'index.html'), 'utf8')).toContain('<title>Acme Invoices</title>');
    expect(readFileSync(join(dir, 'docs', 'receiver.html'), 'utf8')).toContain('<title>Acme Invoices — receiver</title>');
    expect(existsSync(join(dir, 'docs', 'generated', 'redocly.yaml'))).toBe(true);
  });

  it("says, as generate does, that it saved the user's edit of a generated input", async () => {
    const dir = project('docs-edited', { definition: join(repo, 'examples/invoices/api.ts'), openapi: false, targets: [{ template: docsTemplate, output: './docs' }] });
    expect((await boomerang('generate', dir)).code).toBe(0);
    const input = join(dir, 'docs', 'generated', 'openapi.json');
    writeFileSync(input, `${readFileSync(input, 'utf8')}\n`);
    const { code, stderr } = await boomerang('docs', dir);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^warning: .*docs\/generated\/openapi\.json was edited since it was generated; it is rewritten, and your version is saved as .*docs\/generated\/openapi\.json\.edited\.$/m);
    expect(existsSync(`${input}.edited`)).toBe(true);

    // --json: one document, with the pages; the warning is on stderr still, and nothing else on stdout.
    writeFileSync(input, `${readFileSync(input, 'utf8')}\n`);
    const json = await boomerang('docs', dir, '--json');
    expect(json.code).toBe(0);
    expect(json.stderr).toMatch(/^warning: .*docs\/generated\/openapi\.json was edited since it was generated/);
    expect(json.stdout.split('\n')).toHaveLength(2);
    const document = JSON.parse(json.stdout);
    expect(document).toMatchObject({ command: 'docs', mode: 'write', ok: true, diagnostics: [] });
    expect(document.targets).toEqual([expect.objectContaining({ target: 'docs-redoc', output: 'docs', rendered: true, written: ['docs/generated/openapi.json'], edited: [{ path: 'docs/generated/openapi.json', savedAs: 'docs/generated/openapi.json.edited-2' }] })]);
    expect(document.pages).toEqual([
      { path: 'docs/index.html', bytes: expect.any(Number), ms: expect.any(Number) },
      { path: 'docs/receiver.html', bytes: expect.any(Number), ms: expect.any(Number) },
    ]);
    expect(document.timings.map((t: { step: string }) => t.step)).toEqual(expect.arrayContaining(['load definition', 'render docs-redoc', expect.stringMatching(/^build .*docs\/receiver\.html$/)]));
  });

  it('says how to add a docs target when the config has none', async () => {
    const dir = project('no-docs', { definition: join(repo, 'examples/invoices/api.ts'), targets: [] });
    const { code, stderr } = await boomerang('docs', dir);
    expect(code).toBe(1);
    expect(stderr).toContain("has no docs-redoc target.\n  hint: add `{ template: '@boomerang/template-docs-redoc', output: './docs' }` to its targets.");
  });

  it('names the option that is not valid, and writes nothing', async () => {
    const dir = project('bad-option', {
      definition: join(repo, 'examples/invoices/api.ts'),
      openapi: false,
      targets: [{ template: docsTemplate, output: './docs', options: { primaryColor: 'red; }', logo: './logo.svg' } }],
    });
    const { code, stderr } = await boomerang('docs', dir);
    expect(code).toBe(1);
    expect(stderr).toContain('boomerang: docs-redoc: options are not valid:\n  - `primaryColor` must be a CSS colour');
    expect(stderr).toContain('write `logo: new URL("./logo.svg", import.meta.url)` in boomerang.config.ts');
    expect(existsSync(join(dir, 'docs'))).toBe(false);
  });
});

describe.concurrent('boomerang lint', () => {
  it.each(['invoices', 'subscriptions'])('passes on examples/%s: its OpenAPI document and its receiver document', async (example) => {
    const { code, stdout, stderr } = await boomerang('lint', `examples/${example}`, '--plugin', plugin);
    expect(stderr).toContain(`linting examples/${example}/generated/openapi.json, examples/${example}/docs/generated/receiver.json with redocly.yaml and the boomerang plugin\n`);
    expect(stderr).not.toContain('╔');
    expect(`${stdout}${stderr}`).not.toMatch(/\berror\b/i);
    expect(code).toBe(0);
  });

  it("fails on FastAPI's callback key with the plugin's messages (the binary exits 1)", async () => {
    const dir = project('fastapi', { openapi: { output: './generated', formats: ['yaml'] } }, { 'generated/openapi.yaml': fastapiDocument });
    const { code, stdout, stderr } = await boomerangBinary('lint', dir, '--plugin', plugin);
    expect(code).toBe(1);
    expect(stderr).toContain("with Redocly's recommended rules and the boomerang plugin");
    expect(stdout).toContain("`$callback_url` in callback key `{$callback_url}/invoices/{$request.body.id}`: '$callback_url' is not a runtime expression");
    expect(stdout).toContain('Hint: write {$request.query.callback_url} if it is a query parameter');
    expect(stdout).toContain("`$request.body.id` in callback key `{$callback_url}/invoices/{$request.body.id}`: body fields are addressed with '#' and a JSON Pointer (e.g. #/a/b), not with dots. Hint: write {$request.body#/id}.");
    expect(stdout).toContain('Error was generated by the boomerang/runtime-expression rule.');
  });

  it('reports only the plugin as failing that document, in JSON when asked, and lints a file given alone', async () => {
    const file = join(project('fastapi-file', {}, { 'openapi.yaml': fastapiDocument }), 'openapi.yaml');
    const { code, stdout } = await boomerang('lint', file, '--plugin', plugin, '--format', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as LintReport;
    expect(report.problems.filter((p) => p.severity === 'error').map((p) => p.ruleId)).toEqual(['boomerang/runtime-expression', 'boomerang/runtime-expression']);
  });

  it("uses the project's redocly.yaml, where the rule's severity is the project's to set", async () => {
    const dir = project(
      'own-rules',
      { openapi: { output: './generated', formats: ['yaml'] } },
      { 'generated/openapi.yaml': fastapiDocument, 'redocly.yaml': 'extends:\n  - recommended\nrules:\n  boomerang/runtime-expression: warn\n' },
    );
    const { code, stdout, stderr } = await boomerang('lint', dir, '--plugin', plugin, '--format', 'summary');
    expect(stderr).toMatch(/with .*own-rules\/redocly\.yaml and the boomerang plugin/);
    expect(stdout).toContain('warning boomerang/runtime-expression: 2');
    expect(code).toBe(0);
  });

  it('says to generate first when the documents are not there', async () => {
    const dir = project('not-generated', { definition: join(repo, 'examples/invoices/api.ts') });
    const { code, stderr } = await boomerang('lint', dir, '--plugin', plugin);
    expect(code).toBe(1);
    expect(stderr).toMatch(/`.*not-generated\/generated\/openapi\.json` does not exist yet\.\n {2}hint: run `boomerang generate .*not-generated` first; lint reads what it writes\./);
  });

  it('says how to get the plugin when it is missing', async () => {
    const { code, stderr } = await boomerang('lint', 'examples/invoices', '--plugin', join(scratch, 'nope.js'));
    expect(code).toBe(1);
    expect(stderr).toContain('nope.js` does not exist.\n  hint: build it with `npm run build -w @boomerang/redocly-plugin`, or give --plugin <file>.');
  });
});
