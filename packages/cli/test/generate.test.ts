import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
afterAll(() => {
  for (const path of immutable.splice(0)) chattr('-i', path);
  rmSync(project, { recursive: true, force: true });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Root is not stopped by permissions; the immutable attribute stops it (ext4, and CAP_LINUX_IMMUTABLE). */
const immutable: string[] = [];
const chattr = (flag: '+i' | '-i', path: string) => spawnSync('chattr', [flag, path]).status === 0;
describe('boomerang generate and check', () => {
  it('generates, then rewrites nothing for an unchanged definition', () => {
    const first = boomerang('generate', '.');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('server-fastify → src\n  wrote src/generated/api-types.ts\n');
    expect(first.stdout).toContain('  wrote src/handlers/create_invoice.ts\n');
    expect(first.stdout).toMatch(/openapi → generated\n  wrote generated\/openapi\.json\n  wrote generated\/openapi\.yaml\n/);
    expect(first.stdout).toMatch(/^timings: load config \d+ ms, load definition \d+ ms, build model \d+ ms, .*write \d+ ms, record inputs \d+ ms$/m);
    const mtime = statSync(join(project, 'src/generated/server.ts')).mtimeMs;

    const second = boomerang('generate', '.');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('  0 wrote, 4 unchanged, 3 kept, 0 deleted\n');
    // Nothing changed: the run says so, and rebuilt nothing.
    expect(second.stdout).toMatch(/\nnothing changed since the last run \(inputs and outputs as it left them\): nothing rebuilt; --force rebuilds\ntimings: inputs unchanged \d+ ms\n$/);
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

  it('deletes nothing a manifest lists outside the output folder, and says so', () => {
    expect(boomerang('generate', '.').code).toBe(0);
    writeFileSync(join(project, 'victim.txt'), 'victim\n');
    mkdirSync(join(project, 'elsewhere'), { recursive: true });
    writeFileSync(join(project, 'elsewhere/x.ts'), 'x\n');
    const manifestPath = join(project, 'src/.boomerang-manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, string> };
    manifest.files['../victim.txt'] = sha256('victim\n');
    manifest.files['../elsewhere/x.ts'] = sha256('x\n');
    manifest.files[join(project, 'victim.txt')] = sha256('victim\n');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const run = boomerang('generate', '.');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      'warning: src/.boomerang-manifest.json lists `../elsewhere/x.ts`, which leaves the output folder (..); Boomerang left it alone.\n' +
        'warning: src/.boomerang-manifest.json lists `../victim.txt`, which leaves the output folder (..); Boomerang left it alone.\n' +
        `warning: src/.boomerang-manifest.json lists \`${join(project, 'victim.txt')}\`, which is absolute; Boomerang left it alone.\n`,
    );
    expect(readFileSync(join(project, 'victim.txt'), 'utf8')).toBe('victim\n');
    expect(existsSync(join(project, 'elsewhere/x.ts'))).toBe(true);
    // The manifest it wrote lists only what it generated: the warning is not repeated.
    expect(boomerang('generate', '.').stderr).toBe('');
  });

  it('rewrites an edited generated file, saying where the edit went; check lists it first', () => {
    const server = join(project, 'src/generated/server.ts');
    const original = readFileSync(server, 'utf8');
    writeFileSync(server, `${original}// my fix\n`);
    const check = boomerang('check', '.');
    expect(check.code).toBe(1);
    expect(check.stderr).toBe('1 generated file is out of date:\n  src/generated/server.ts (edited since it was generated)\nRun `boomerang generate .`.\n');
    const dry = boomerang('generate', '.', '--dry-run');
    expect(dry.stderr).toBe('warning: src/generated/server.ts was edited since it was generated; generate would rewrite it and save your version as src/generated/server.ts.edited.\n');
    const run = boomerang('generate', '.');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('warning: src/generated/server.ts was edited since it was generated; it is rewritten, and your version is saved as src/generated/server.ts.edited.\n');
    expect(run.stdout).toContain('  wrote src/generated/server.ts\n');
    expect(readFileSync(server, 'utf8')).toBe(original);
    expect(readFileSync(`${server}.edited`, 'utf8')).toBe(`${original}// my fix\n`);
    expect(boomerang('check', '.').code).toBe(0);
    rmSync(`${server}.edited`);
  });

  it('keeps a stale generated file that was edited, with a warning, until it is deleted', () => {
    const yaml = join(project, 'generated/openapi.yaml');
    writeFileSync(yaml, `${readFileSync(yaml, 'utf8')}# my note\n`);
    const configPath = join(project, 'boomerang.config.ts');
    const config = readFileSync(configPath, 'utf8');
    writeFileSync(configPath, config.replace('defineConfig({ ', "defineConfig({ openapi: { formats: ['json'] }, "));
    try {
      const run = boomerang('generate', '.');
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('warning: generated/openapi.yaml is no longer generated, but it was edited since it was generated, so it is kept: delete it, or run generate with --force.\n');
      expect(run.stdout).not.toContain('deleted generated/openapi.yaml');
      expect(readFileSync(yaml, 'utf8')).toContain('# my note\n');
      const check = boomerang('check', '.');
      expect(check.code).toBe(1);
      expect(check.stderr).toBe('1 generated file is out of date:\n  generated/openapi.yaml (no longer generated; kept because it was edited)\nRun `boomerang generate .`.\n');
      rmSync(yaml);
      expect(boomerang('generate', '.').stderr).toBe('');
      expect(boomerang('check', '.').code).toBe(0);
    } finally {
      writeFileSync(configPath, config);
    }
    expect(boomerang('generate', '.').code).toBe(0);
  });

  it('writes no target when one cannot be written, and says which path and why in one line', () => {
    const json = join(project, 'generated/openapi.json');
    const before = { text: readFileSync(json, 'utf8'), mtime: statSync(json).mtimeMs };
    const api = readFileSync(join(project, 'api.ts'), 'utf8');
    writeFileSync(join(project, 'api.ts'), api.replace("summary: 'Create an invoice',", "summary: 'Create one invoice',"));
    const server = join(project, 'src/generated/server.ts');
    const serverText = readFileSync(server, 'utf8');
    rmSync(server);
    mkdirSync(server);
    try {
      const run = boomerang('generate', '.');
      expect(run.code).toBe(1);
      // The steps it finished, and not the one that failed nor a report of what it wrote.
      expect(run.stdout).toMatch(/^(step [^\n]+: \d+ ms\n)+$/);
      expect(run.stdout).toMatch(/\nstep render server-fastify: \d+ ms\n$/);
      expect(run.stderr).toBe('boomerang: cannot write src/generated/server.ts: it is a folder, where a file must go; nothing was changed.\n  hint: Move or remove that folder, then run `boomerang generate` again.\n');
      expect(readFileSync(json, 'utf8')).toBe(before.text);
      expect(statSync(json).mtimeMs).toBe(before.mtime);
    } finally {
      rmSync(server, { recursive: true, force: true });
      writeFileSync(server, serverText);
    }
  });

  it('puts back the targets already written when a later one fails as it is renamed', () => {
    const json = join(project, 'generated/openapi.json');
    const before = { text: readFileSync(json, 'utf8'), mtime: statSync(json).mtimeMs };
    const server = join(project, 'src/generated/server.ts');
    writeFileSync(server, `${readFileSync(server, 'utf8')}// an edit\n`);
    chattr('+i', server);
    immutable.push(server);
    const run = boomerang('generate', '.');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('boomerang: cannot write src/generated/server.ts: operation not permitted (EPERM); nothing was changed.\n');
    expect(readFileSync(json, 'utf8')).toBe(before.text);
    expect(statSync(json).mtimeMs).toBe(before.mtime);
    expect(existsSync(`${server}.edited`)).toBe(false);
  });
});

describe('boomerang generate --unsigned-deliveries', () => {
  it('generates unsigned callbacks for this run, and check tells the two apart', () => {
    // What the tests above left (an immutable, edited server.ts), undone.
    for (const path of immutable.splice(0)) chattr('-i', path);
    expect(boomerang('generate', '.', '--force').code).toBe(0);
    const unsigned = boomerang('generate', '.', '--unsigned-deliveries');
    expect(unsigned.stderr).toBe('');
    expect(unsigned.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(project, 'generated/openapi.json'), 'utf8'));
    expect(Object.values(doc.paths['/invoices'].post.callbacks.invoice_notification as Record<string, { post: { security: unknown } }>)[0]!.post.security).toEqual([]);
    expect(readFileSync(join(project, 'src/generated/server.ts'), 'utf8')).toContain('"signed": false');
    expect(boomerang('check', '.', '--unsigned-deliveries').code).toBe(0);
    expect(boomerang('check', '.').code).toBe(1);
    expect(boomerang('generate', '.').code).toBe(0);
    expect(readFileSync(join(project, 'src/generated/server.ts'), 'utf8')).not.toContain('"signed"');
    expect(boomerang('check', '.').code).toBe(0);
  });
});
