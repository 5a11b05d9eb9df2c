/**
 * An imported definition is a working project: each fixture's definition generates the Fastify
 * server and (where it has callbacks or webhooks) the receiver SDK, both type-check with the
 * tsconfig.json they write, and a receiver built from an imported document verifies a delivery
 * signed the way Boomerang's sender signs it (Standard Webhooks) and refuses one that is not.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from '@boomerang/codegen';
import { afterAll, describe, expect, it } from 'vitest';
import { signedHeaders, testSecret } from '../../../templates/receiver/test/support/http.ts';
import { fixtures, importFixture, removeScratchDirs } from './support/imported-project.ts';
import { tsc, typecheckDefinition } from './support/typecheck.ts';

afterAll(removeScratchDirs);

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const template = (name: string) => join(repo, 'templates', name);
const withOutgoing = new Set(['callback-example', 'webhook-example', 'boards']);

async function generatedProject(name: string) {
  const project = await importFixture(name);
  const targets = [
    { template: template('server-fastify'), output: './src' },
    ...(withOutgoing.has(name) ? [{ template: template('receiver'), output: './receiver', options: { packageName: `${name}-receiver` } }] : []),
  ];
  writeFileSync(join(project.dir, 'boomerang.config.ts'), `import { defineConfig } from '@boomerang/codegen';\nexport default defineConfig({ definition: './api.ts', openapi: false, targets: ${JSON.stringify(targets)} });\n`);
  const result = await generate(project.dir);
  return { ...project, result };
}

describe('the server and receiver generated from an imported definition', () => {
  it.each(fixtures)('%s: api.ts type-checks, and the server and receiver generate and type-check (only the handler scaffolds, which must be filled in, fail)', async (name) => {
    const { dir, model } = await generatedProject(name);
    expect(typecheckDefinition(dir)).toEqual([]);
    const serverErrors = tsc(join(dir, 'src', 'tsconfig.json'));
    // A fresh handler scaffold does not compile until it returns a documented reply: that is its point.
    const handlersDir = join(dir, 'src', 'handlers');
    const handlers = existsSync(handlersDir) ? readdirSync(handlersDir).filter((f) => f.endsWith('.ts')) : [];
    expect(handlers.length).toBe(model.operations.length);
    expect(serverErrors.length).toBe(handlers.length);
    for (const line of serverErrors) expect(line).toMatch(/handlers\/[^/]+\.ts\(\d+,\d+\): error TS2322: Type '\(context: \w+Context\) => Promise<void>' is not assignable/);
    if (withOutgoing.has(name)) expect(tsc(join(dir, 'receiver', 'tsconfig.json'))).toEqual([]);
  });

  it('callback-example: the receiver verifies a signed onData delivery, and refuses a bad signature with 401', async () => {
    const { dir } = await generatedProject('callback-example');
    const receiver = (await import(pathToFileURL(join(dir, 'receiver', 'generated', 'index.ts')).href)) as {
      verify: (body: string, headers: Record<string, string>, secret: string) => Promise<{ ok: boolean; event?: string; body?: unknown; status?: number; reason?: string }>;
    };
    const body = JSON.stringify({ timestamp: '2026-12-03T18:00:00Z', userData: 'hello' });
    const outcome = await receiver.verify(body, signedHeaders(body), testSecret);
    expect(outcome).toMatchObject({ ok: true, body: { timestamp: '2026-12-03T18:00:00Z', userData: 'hello' } });
    const forged = await receiver.verify(body, signedHeaders(body, { secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' }), testSecret);
    expect(forged).toMatchObject({ ok: false, status: 401, reason: 'bad-signature' });
  });
});
