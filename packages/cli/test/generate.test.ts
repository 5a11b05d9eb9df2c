import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/boomerang.js', import.meta.url));
const project = fileURLToPath(new URL(`./.tmp/generate-${process.pid}/`, import.meta.url));

function boomerang(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  mkdirSync(project, { recursive: true });
  cpSync(join(repo, 'examples/invoices/api.ts'), join(project, 'api.ts'));
  writeFileSync(join(project, 'boomerang.config.ts'), `import { defineConfig } from '@boomerang/codegen';
export default defineConfig({ targets: [{ template: '@boomerang/template-server-fastify', output: './src' }] });
`);
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('boomerang generate and check', () => {
  it('generates, then rewrites nothing for an unchanged definition', () => {
    const first = boomerang('generate', '.');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('server-fastify → src\n  wrote src/generated/api-types.ts\n');
    expect(first.stdout).toContain('  wrote src/handlers/create_invoice.ts\n');
    expect(first.stdout).toMatch(/openapi → generated\n  wrote generated\/openapi\.json\n  wrote generated\/openapi\.yaml\n/);
    expect(first.stdout).toMatch(/^timings: load config \d+ ms, load definition \d+ ms, build model \d+ ms, .*write \d+ ms$/m);
    const mtime = statSync(join(project, 'src/generated/server.ts')).mtimeMs;

    const second = boomerang('generate', '.');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('  0 wrote, 4 unchanged, 3 kept, 0 deleted\n');
    expect(second.stdout).toContain('  kept src/handlers/create_invoice.ts (scaffold: yours; --force overwrites)\n');
    expect(second.stdout).toContain('  kept src/tsconfig.json (scaffold: yours; --force overwrites)\n');
    expect(statSync(join(project, 'src/generated/server.ts')).mtimeMs).toBe(mtime);
    expect(boomerang('check', '.')).toMatchObject({ code: 0, stdout: expect.stringContaining('generated output is up to date') });
  });

  it('keeps handler edits when an operation is added; check fails until generate runs', () => {
    const handler = join(project, 'src/handlers/create_invoice.ts');
    writeFileSync(handler, readFileSync(join(repo, 'examples/invoices/src/handlers/create_invoice.ts'), 'utf8'));
    const api = readFileSync(join(project, 'api.ts'), 'utf8');
    writeFileSync(
      join(project, 'api.ts'),
      api.replace(
        '  operations: [\n',
        "  operations: [\n    operation({ method: 'get', path: '/invoices/{id}', operationId: 'read_invoice', summary: 'Read Invoice', request: { params: z.object({ id: z.string() }) }, responses: { 200: { description: 'The invoice.', body: Invoice }, 404: { description: 'No such invoice.', body: { contentType: 'application/problem+json', schema: Problem } } } }),\n",
      ),
    );
    const stale = boomerang('check', '.');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe(
      '6 generated files are out of date:\n' +
        ['generated/openapi.json', 'generated/openapi.yaml', 'src/generated/api-types.ts', 'src/generated/handlers.ts', 'src/generated/server.ts', 'src/handlers/read_invoice.ts'].map((p) => `  ${p}`).join('\n') +
        '\nRun `boomerang generate .`.\n',
    );
    const generated = boomerang('generate', '.');
    expect(generated.code).toBe(0);
    expect(generated.stdout).toContain('  wrote src/handlers/read_invoice.ts\n');
    expect(readFileSync(handler, 'utf8')).toContain("'Payment celebration'");
    expect(boomerang('check', '.').code).toBe(0);
  });

  it('--dry-run writes nothing; a definition error writes nothing and exits 1', () => {
    const api = readFileSync(join(project, 'api.ts'), 'utf8');
    writeFileSync(join(project, 'api.ts'), api.replace("path: '/invoices',", "path: '/invoices/{nope}',"));
    const broken = boomerang('generate', '.');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('error BMR020 (path-parameter-missing) at operation POST /invoices/{nope}');
    expect(broken.stderr).toContain('boomerang: the definition has 1 error; nothing was written.');
    writeFileSync(join(project, 'api.ts'), api.replace("summary: 'Create Invoice',", "summary: 'Create an invoice',"));
    const dry = boomerang('generate', '.', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('  would write generated/openapi.json\n');
    expect(boomerang('check', '.').code).toBe(1);
  });
});
