import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));

describe('npm run example (the README main command)', () => {
  it.each([
    ['fastify', []],
    ['hono', ['--server', 'hono']],
  ])('on %s: creates the invoice and shows the signed callback the generated receiver accepted', (server, flags) => {
    const run = spawnSync(process.execPath, ['--conditions=@boomerang/source', '--import', 'tsx', 'tools/example.ts', ...flags], { cwd: repo, encoding: 'utf8', timeout: 240_000 });
    expect(run.stderr).not.toContain('example failed');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('  → 200 {"msg":"Invoice received"}');
    expect(run.stdout).toContain('  POST /events/invoices/2expen51ve\n  content-type: application/json\n  boomerang-event: invoice_notification\n');
    expect(run.stdout).toMatch(/  webhook-signature: v1,[A-Za-z0-9+/]+=*\n/);
    expect(run.stdout).toContain('its invoice_notification handler got params {"id":"2expen51ve"} and body {"description":"Payment celebration","paid":true}');
    expect(run.stdout).toContain('  the receiver answered: 200 {"ok":true}');
    expect(run.stdout).toContain('built examples/invoices/docs/index.html');
    expect(run.stdout).toContain('Your API descriptions are valid.');
    if (server === 'hono') expect(run.stdout).toContain('Start the invoices service on Hono');
  }, 300_000);

  it('refuses a server target it does not know, naming the ones it does', () => {
    const run = spawnSync(process.execPath, ['--conditions=@boomerang/source', '--import', 'tsx', 'tools/example.ts', '--server', 'express'], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: npm run example [-- --server fastify|hono] (got "express")');
  });
});
