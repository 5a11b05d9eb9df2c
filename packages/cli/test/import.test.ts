/**
 * `boomerang import`, as a user runs it: a real child process (the binary) for the exit codes and
 * what it prints, the in-process entry for the rest. The definitions are written into a scratch
 * folder inside the repo, so that they resolve @boomerang/core and zod as a user's project does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/boomerang.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../../import/test/fixtures/', import.meta.url));
const scratchName = `import-${process.pid}`;
const scratch = fileURLToPath(new URL(`./.tmp/${scratchName}/`, import.meta.url));
const rel = (name: string) => `packages/cli/test/.tmp/${scratchName}/${name}`;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function folder(name: string): string {
  const dir = `${scratch}${name}/`;
  mkdirSync(dir, { recursive: true });
  return dir;
}

function boomerang(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function inProcess(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, cwd: repo });
  return { code, stdout, stderr };
}

describe('boomerang import', () => {
  it('writes api.ts and boomerang.config.ts from a YAML document, carrying all of it over, and builds the result', () => {
    folder('tictactoe');
    const run = boomerang('import', `${fixtures}tictactoe/openapi.yaml`, '--out', rel('tictactoe/api.ts'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`wrote ${rel('tictactoe/api.ts')}\n`);
    expect(run.stdout).toContain(`wrote ${rel('tictactoe/boomerang.config.ts')}\n`);
    // Everything of it is carried: its reusable parameters as the path's shared ones, its link, its named examples.
    expect(run.stdout).not.toContain('Not carried over');
    expect(run.stdout).not.toContain('Carried over in another form');
    expect(run.stdout).toMatch(/The definition builds( with \d+ warnings?)?/);
    const api = readFileSync(`${scratch}tictactoe/api.ts`, 'utf8');
    expect(api).toContain("export const mark = z.enum(['.', 'X', 'O']).meta({ id: 'mark'");
    expect(api).toContain("operationId: 'get-board'");
    expect(api).toContain("const rowParam = defineParameter({");
    expect(api).toContain("paths: { '/board/{row}/{column}': { parameters: [rowParam, columnParam] } }");
    expect(api).toContain("markSquare: {");
    expect(readFileSync(`${scratch}tictactoe/boomerang.config.ts`, 'utf8')).toContain("definition: './api.ts'");
    expect(existsSync(`${scratch}tictactoe/.boomerang-manifest.json`)).toBe(false);
  });

  it('lists what it did not carry over and what it carried in another form, by pointer', async () => {
    folder('links');
    const run = await inProcess('import', `${fixtures}link-example/openapi.yaml`, '--out', rel('links/api.ts'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Not carried over \(2\)[^\n]*\n {2}\/components\/links\/UserRepository\/parameters\/username {2}BMI020 the link parameter `username` is not carried over/);
    expect(run.stdout).toContain('/paths/~12.0~1users~1{username}/get/responses/200/links/userRepositories  BMI010 the link `#/components/links/UserRepositories` is written inline here');
  });

  it('keeps callback keys as their runtime expressions, and the emitted document says them again', async () => {
    folder('callbacks');
    expect((await inProcess('import', `${fixtures}callback-example/openapi.yaml`, '--out', rel('callbacks/api.ts'))).code).toBe(0);
    expect(readFileSync(`${scratch}callbacks/api.ts`, 'utf8')).toContain("url: '{$request.query.callbackUrl}/data'");
    const emitted = await inProcess('openapi', rel('callbacks/api.ts'));
    expect(emitted.code).toBe(0);
    expect(Object.keys(JSON.parse(emitted.stdout).paths['/streams'].post.callbacks.onData)).toEqual(['{$request.query.callbackUrl}/data']);
  });

  it('never overwrites an existing api.ts without --force (exit 1), and does with it', async () => {
    const dir = folder('existing');
    writeFileSync(`${dir}api.ts`, '// mine\n');
    const refused = await inProcess('import', `${fixtures}petstore/openapi.yaml`, '--out', rel('existing/api.ts'));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`kept ${rel('existing/api.ts')}: it exists (--force overwrites it)`);
    expect(refused.stderr).toContain('exists and was not overwritten; pass --force to replace it');
    expect(readFileSync(`${dir}api.ts`, 'utf8')).toBe('// mine\n');
    const forced = await inProcess('import', `${fixtures}petstore/openapi.yaml`, '--out', rel('existing/api.ts'), '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(`${dir}api.ts`, 'utf8')).toContain("title: 'Swagger Petstore'");
  });

  it('refuses Swagger 2.0 with the way to upgrade, and writes nothing (exit 1)', () => {
    const dir = folder('swagger');
    writeFileSync(`${dir}swagger.json`, JSON.stringify({ swagger: '2.0', info: { title: 'Old', version: '1' }, paths: {} }));
    const run = boomerang('import', rel('swagger/swagger.json'), '--out', rel('swagger/api.ts'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error BMI001 /swagger: this is a Swagger 2.0 document');
    expect(run.stderr).toContain('npx swagger2openapi swagger.json -o openapi.json');
    expect(run.stderr).toContain('nothing was written');
    expect(existsSync(`${dir}api.ts`)).toBe(false);
  });

  it('prints the parser\'s errors of an invalid document with their JSON pointers (exit 1)', async () => {
    const dir = folder('invalid');
    writeFileSync(`${dir}openapi.json`, JSON.stringify({ openapi: '3.1.0', info: { title: 'Bad', version: '1' }, paths: { '/a': { get: { responses: { 200: { summary: 'no description' } } } } } }));
    const run = await inProcess('import', rel('invalid/openapi.json'), '--out', rel('invalid/api.ts'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error BMI002 /paths/~1a/get/responses/200:');
    expect(existsSync(`${dir}api.ts`)).toBe(false);
  });

  it('reports an unresolved $ref where it is written', async () => {
    folder('ref');
    writeFileSync(`${scratch}ref/openapi.json`, JSON.stringify({ openapi: '3.1.0', info: { title: 'Ref', version: '1' }, paths: { '/a': { get: { responses: { 200: { $ref: '#/components/responses/Nope' } } } } } }));
    const run = await inProcess('import', rel('ref/openapi.json'), '--out', rel('ref/api.ts'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error BMI003 /paths/~1a/get/responses/200/$ref: Can't resolve reference: #/components/responses/Nope");
  });

  it('builds what it wrote: a callback key naming a parameter the operation does not declare is the build\'s BMR041 (exit 1)', async () => {
    const dir = folder('undeclared');
    const doc = {
      openapi: '3.1.0',
      info: { title: 'Hooks', version: '1' },
      paths: { '/jobs': { post: { operationId: 'startJob', responses: { 202: { description: 'Started' } }, callbacks: { done: { '{$request.query.notify_url}/done': { post: { responses: { 200: { description: 'OK' } } } } } } } } },
    };
    writeFileSync(`${dir}openapi.json`, JSON.stringify(doc));
    const run = await inProcess('import', rel('undeclared/openapi.json'), '--out', rel('undeclared/api.ts'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`wrote ${rel('undeclared/api.ts')}`);
    expect(run.stderr).toMatch(/BMR041[^\n]*notify_url/);
    expect(run.stderr).toContain('the imported definition has 1 error; fix them in');
  });

  it('refuses to write into a folder that holds a target\'s generated output (exit 1)', async () => {
    const dir = folder('generated');
    writeFileSync(`${dir}.boomerang-manifest.json`, JSON.stringify({ generator: 'boomerang', files: {} }));
    const run = await inProcess('import', `${fixtures}petstore/openapi.yaml`, '--out', rel('generated/api.ts'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('holds the generated output of a target (.boomerang-manifest.json)');
    expect(existsSync(`${dir}api.ts`)).toBe(false);
  });

  it('is bad usage (exit 2) without a document, with two, or with an unknown option', async () => {
    expect((await inProcess('import')).code).toBe(2);
    expect((await inProcess('import', 'a.yaml', 'b.yaml')).code).toBe(2);
    const unknown = await inProcess('import', 'a.yaml', '--output', 'x.ts');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown option `--output` for `boomerang import`; it takes --out, --force.');
    expect((await inProcess('import', 'a.yaml', '--out', 'api.json')).code).toBe(2);
  });

  it('says when the document is not there (exit 1), and documents itself in --help', async () => {
    const missing = await inProcess('import', 'nope.yaml');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot find the OpenAPI document `nope.yaml`');
    const help = await inProcess('import', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('boomerang import <openapi.json|openapi.yaml> [--out api.ts] [--force]');
  });
});
