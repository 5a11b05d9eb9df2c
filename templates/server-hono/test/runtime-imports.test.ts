/**
 * @boomerang/runtime holds the adapters of both server targets, yet importing it loads neither Hono nor
 * Fastify: each adapter imports only its framework's types, so that a project installs the framework
 * it uses (both are optional peers). Checked in a Node process whose resolver refuses both.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

// A resolve hook that fails any import of hono, @hono/* or fastify, naming it.
const refuseFrameworks = `export async function resolve(specifier, context, next) {
  if (/^(?:hono|@hono\\/|fastify)(?:\\/|$)/.test(specifier)) throw new Error('refused to load ' + specifier);
  return next(specifier, context);
}`;
const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(refuseFrameworks)}`)});`;

function run(module: string) {
  const script = `await import(${JSON.stringify(module)}); console.log('imported');`;
  return spawnSync(process.execPath, ['--conditions=@boomerang/source', '--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
}

describe('importing @boomerang/runtime', () => {
  it('loads neither hono nor fastify', () => {
    const result = run('@boomerang/runtime');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('imported\n');
  });

  it('(the check itself: a generated Hono server, which does import hono, is refused)', () => {
    const result = run(fileURLToPath(new URL('./__snapshots__/invoices/generated/server.ts', import.meta.url)));
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('refused to load hono');
  });
});
