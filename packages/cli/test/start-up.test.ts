/**
 * What the CLI loads to start: `--version` and `--help` none of the commands' modules (nor the
 * generator, core, openapi-typescript...), and a `generate` that finds nothing changed none of what
 * rebuilding needs (@boomerang/core, Handlebars, openapi-typescript and the TypeScript compiler).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/boomerang.js', import.meta.url));
const scratch = fileURLToPath(new URL(`./.tmp/start-up-${process.pid}/`, import.meta.url));
const log = join(scratch, 'modules.log');
const hooks = join(scratch, 'hooks.mjs');
const registration = join(scratch, 'register.mjs');

beforeAll(() => {
  mkdirSync(join(scratch, 'project'), { recursive: true });
  // A resolve hook that writes down every module the process resolves.
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
  return resolved;
}
`);
  // ...and, as the process exits, every CommonJS module it required (Handlebars is one).
  writeFileSync(
    registration,
    `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
register(${JSON.stringify(pathToFileURL(hooks).href)});
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(${JSON.stringify(log)}, Object.keys(cache).map((path) => pathToFileURL(path.replace(/[?].*$/, '')).href + '\\n').join('')));
`,
  );
  cpSync(join(repo, 'examples/invoices/api.ts'), join(scratch, 'project/api.ts'));
  writeFileSync(join(scratch, 'project/boomerang.config.ts'), `import { defineConfig } from '@boomerang/codegen';
export default defineConfig({ targets: [{ template: '@boomerang/template-server-fastify', output: './src' }] });
`);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the command and returns what it printed and the modules it loaded, relative to the repository. */
function loaded(cwd: string, ...args: string[]) {
  rmSync(log, { force: true });
  const result = spawnSync(process.execPath, ['--import', registration, bin, ...args], { cwd, encoding: 'utf8' });
  const modules = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((url) => fileURLToPath(url).slice(repo.length));
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, modules };
}

/** What a command needs; the error reporter (codegen's errors module) is not one of them. */
const commandModules = /^packages\/(cli\/src\/commands|codegen\/src\/(?!errors\.ts|load-error\.ts)|core|redocly-plugin)\/|node_modules\/(@redocly|handlebars|openapi-typescript|typescript|yaml|ajv)\//;
const rebuilding = /^packages\/core\/|node_modules\/(handlebars|openapi-typescript|typescript)\//;

describe('start-up', () => {
  it.each(['--version', '--help', 'help generate', 'generate --help'])('boomerang %s loads no command', (line) => {
    const run = loaded(repo, ...line.split(' '));
    expect(run.code).toBe(0);
    expect(run.modules).toContain('packages/cli/src/main.ts');
    expect(run.modules.filter((m) => commandModules.test(m))).toEqual([]);
  });

  it('a generate with nothing changed loads nothing that rebuilding needs', () => {
    const definition = join(scratch, 'project/api.ts').slice(repo.length);
    const first = loaded(join(scratch, 'project'), 'generate', '.');
    expect(first.code).toBe(0);
    expect(first.modules).toContain(definition);
    // openapi-typescript loads in worker threads, which this log does not see; Handlebars in this one.
    expect(first.modules.filter((m) => rebuilding.test(m))).toContain('node_modules/handlebars/lib/index.js');
    const second = loaded(join(scratch, 'project'), 'generate', '.');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing rebuilt');
    expect(second.modules).not.toContain(definition);
    expect(second.modules.filter((m) => rebuilding.test(m))).toEqual([]);
  });
});
