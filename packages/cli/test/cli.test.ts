import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/main.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/boomerang.js', import.meta.url));
// Inside the repo so that definitions resolve @boomerang/core and zod like a user's project does; a
// folder of its own, since other test files keep theirs in .tmp/ at the same time.
const scratchName = `cli-${process.pid}`;
const scratch = fileURLToPath(new URL(`./.tmp/${scratchName}/`, import.meta.url));

function boomerang(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratchFile(name: string, content: string): string {
  mkdirSync(scratch, { recursive: true });
  writeFileSync(`${scratch}${name}`, content);
  return `packages/cli/test/.tmp/${scratchName}/${name}`;
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const invoiceKey = '{$request.query.callback_url}/invoices/{$request.body#/id}';

/** A user's definition file whose callback URL is a raw string. */
function invoicesWithCallbackUrl(url: string): string {
  return `import { defineApi, operation } from '@boomerang/core';
import { z } from 'zod';
export default defineApi({
  info: { title: 'Invoices', version: '1.0.0' },
  operations: [operation({
    method: 'post', path: '/invoices/',
    request: { query: z.object({ callback_url: z.url().optional() }), body: z.object({ id: z.string() }) },
    responses: { 200: { description: 'ok' } },
    callbacks: { invoice_notification: { url: '${url}', post: { responses: { 200: { description: 'ok' } } } } },
  })],
});
`;
}

describe('boomerang openapi', () => {
  it('prints the invoices document as OpenAPI 3.1 JSON', () => {
    const { code, stdout, stderr } = boomerang('openapi', 'examples/invoices/api.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/invoices'].post.callbacks.invoice_notification)).toEqual([invoiceKey]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Invoice', 'InvoiceEvent', 'InvoiceEventReceived']));
  });

  it('--unsigned-deliveries: every callback without security says `security: []`, and no signature scheme is added', () => {
    const signed = JSON.parse(boomerang('openapi', 'examples/invoices/api.ts').stdout);
    const { code, stdout, stderr } = boomerang('openapi', 'examples/invoices/api.ts', '--unsigned-deliveries');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    const callbackOf = (d: any) => d.paths['/invoices'].post.callbacks.invoice_notification[invoiceKey].post;
    expect(callbackOf(signed).security).toEqual([{ standardWebhooks: [] }]);
    expect(callbackOf(doc).security).toEqual([]);
    expect(Object.keys(callbackOf(doc).responses)).not.toContain('401');
    expect(doc.components.securitySchemes?.standardWebhooks).toBeUndefined();
  });

  it('prints YAML and OpenAPI 3.0 on request', () => {
    const yaml = boomerang('openapi', 'examples/subscriptions/api.ts', '--format', 'yaml');
    expect(yaml.code).toBe(0);
    expect(parse(yaml.stdout).webhooks['new-subscription'].post).toBeDefined();
    const v30 = boomerang('openapi', 'examples/subscriptions/api.ts', '--openapi', '3.0', '--format', 'yaml');
    expect(v30.code).toBe(0);
    expect(parse(v30.stdout).openapi).toBe('3.0.3');
    expect(parse(v30.stdout)['x-webhooks']['new-subscription']).toBeDefined();
    expect(v30.stderr).toMatch(/^warning BMR080 \(webhooks-in-openapi-3\.0\) at webhooks: /);
  });

  it('fails with the catalogued error when a raw callback URL names a missing body field', () => {
    const file = scratchFile('nope.ts', invoicesWithCallbackUrl('{$request.query.callback_url}/invoices/{$request.body#/nope}'));
    const { code, stdout, stderr } = boomerang('openapi', file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('error BMR042 (missing-body-field) at operation POST /invoices/ › callback invoice_notification › url:');
    expect(stderr).toContain('nope');
    expect(stderr).toContain('boomerang: the definition has 1 error; no document was printed.');
  });

  it("names the valid form for FastAPI's callback key", () => {
    const file = scratchFile('fastapi.ts', invoicesWithCallbackUrl('{$callback_url}/invoices/{$request.body.id}'));
    const { code, stderr } = boomerang('openapi', file);
    expect(code).toBe(1);
    expect(stderr.match(/error BMR040/g)).toHaveLength(2);
    expect(stderr).toContain('{$request.query.callback_url}');
    expect(stderr).toContain('{$request.body#/id}');
  });

  it('explains a missing file, a file without a definition, and bad options', () => {
    const missing = boomerang('openapi', 'nowhere/api.ts');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^boomerang: cannot find the definition file `nowhere\/api\.ts`/);

    const file = scratchFile('plain.ts', 'export const x = 1;\n');
    const noDefault = boomerang('openapi', file);
    expect(noDefault.code).toBe(1);
    expect(noDefault.stderr).toContain('does not default-export an API definition: it has no default export');
    expect(noDefault.stderr).toContain('export default defineApi(');

    const badFormat = boomerang('openapi', 'examples/invoices/api.ts', '--format', 'xml');
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format must be json or yaml, not `xml`');

    const unknown = boomerang('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command `frobnicate`');
  });

  it('documents every command in --help', () => {
    const { code, stdout } = boomerang('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('boomerang openapi <definition.ts> [--format json|yaml] [--openapi 3.1|3.0]');
    expect(stdout).toContain('--openapi 3.1|3.0');
    expect(boomerang('openapi', '--help').stdout).toContain('Prints the OpenAPI document of a definition on stdout.');
  });
});

/** `main` in this process, for what needs no binary: it starts in milliseconds, the binary in a second. */
async function boomerangInProcess(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, cwd: repo });
  return { code, stdout, stderr };
}

describe('boomerang --version and --help', () => {
  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

  it('prints the version with --version and -v', () => {
    expect(boomerang('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(boomerang('-v')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each(['openapi', 'generate', 'check', 'dev', 'docs', 'lint', 'deliveries', 'subscriptions', 'worker', 'trigger'])('prints the help of %s with --help, -h and `help <command>`', async (command) => {
    const long = await boomerangInProcess(command, '--help');
    expect(long.code).toBe(0);
    expect(long.stderr).toBe('');
    expect(long.stdout).toMatch(new RegExp(`^boomerang ${command} [<[]`));
    expect(long.stdout).toMatch(/\n\n {2}Exit codes:\n {4}0 {2}.+\n {4}1 {2}.+\n {4}2 {2}bad usage\n$/);
    expect(await boomerangInProcess(command, '-h')).toEqual(long);
    expect(await boomerangInProcess('help', command)).toEqual(long);
  });

  it('documents the exit codes in the top-level help', async () => {
    const { code, stdout } = await boomerangInProcess('help');
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Exit codes:\n' +
        '  0  success\n' +
        '  1  a failure you can act on: definition errors, stale output (`check`), lint errors, a config that is\n' +
        '     not valid, a file or folder that is not there, an unknown delivery or subscription id\n' +
        '  2  bad usage: an unknown command or option, a missing or extra argument\n',
    );
    expect((await boomerangInProcess('-h')).stdout).toBe(stdout);
  });

  it('refuses help for a command that does not exist, and unknown options, as bad usage', async () => {
    const unknown = await boomerangInProcess('help', 'generat');
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: 'boomerang: unknown command `generat`; did you mean `generate`? Commands: openapi, generate, check, dev, docs, lint, deliveries, subscriptions, worker, trigger, import.\nRun `boomerang --help` for usage.\n' });
    const option = await boomerangInProcess('generate', '.', '--dryrun');
    expect(option).toEqual({ code: 2, stdout: '', stderr: 'boomerang: unknown option `--dryrun` for `boomerang generate`; did you mean `--dry-run`?\nRun `boomerang generate --help` for usage.\n' });
  });
});
