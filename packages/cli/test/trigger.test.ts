/**
 * `boomerang trigger <project-dir>`: the receiver package's own trigger, run from the project, against
 * a receiver on 127.0.0.1 built from the example's generated receiver (real HTTP), and against one
 * that accepts anything; plus what it says when the project has no (generated) receiver.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createReceiver } from '../../../examples/invoices/receiver/generated/index.ts';
import { main } from '../src/main.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const secret = 'whsec_' + Buffer.from('a 32-byte secret for the trigger!').subarray(0, 32).toString('base64');
const scratchName = `trigger-${process.pid}`;
const scratch = fileURLToPath(new URL(`./.tmp/${scratchName}/`, import.meta.url));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  })));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function boomerang(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, cwd: repo, env: {} });
  return { code, stdout, stderr };
}

describe('boomerang trigger', () => {
  it("sends the invoices example's callback to its receiver and checks the answer and both refusals", { timeout: 60_000 }, async () => {
    const received: string[] = [];
    const receiver = createReceiver({ secret, handlers: { invoice_notification: ({ body }) => (received.push(body.description), { status: 200, body: { ok: true } }) } });
    const origin = await listen(createServer(receiver.node));
    const { code, stdout, stderr } = await boomerang('trigger', 'examples/invoices', '--all', '--to', `${origin}/events`, '--secret', secret, '--invalid');
    expect(stderr).toBe('');
    expect(stdout).toContain(`invoice_notification: POST ${origin}/events/invoices/2expen51ve`);
    expect(stdout).toContain('3 passed, 0 failed.');
    expect(code).toBe(0);
    expect(received).toEqual(['Invoice 2expen51ve was paid']);
  });

  it('exits 1 and says what is wrong with a receiver that accepts a tampered signature', { timeout: 60_000 }, async () => {
    const origin = await listen(createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    }));
    const { code, stdout } = await boomerang('trigger', 'examples/invoices', 'invoice_notification', '--to', origin, '--secret', secret, '--invalid');
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL tampered signature: the receiver accepted a delivery whose signature does not match its body (200); it must answer 401');
  });

  it('refuses a project without a receiver target, and one whose receiver was not generated', { timeout: 60_000 }, async () => {
    mkdirSync(`${scratch}none`, { recursive: true });
    writeFileSync(`${scratch}none/boomerang.config.ts`, "export default { definition: '../../../../../examples/invoices/api.ts', targets: [] };\n");
    const none = await boomerang('trigger', `packages/cli/test/.tmp/${scratchName}/none`, '--all', '--to', 'http://127.0.0.1:9');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('has no receiver target');

    mkdirSync(`${scratch}ungenerated`, { recursive: true });
    writeFileSync(`${scratch}ungenerated/boomerang.config.ts`, `export default { definition: '../../../../../examples/invoices/api.ts', targets: [{ template: ${JSON.stringify(`${repo}templates/receiver`)}, output: './receiver' }] };\n`);
    const ungenerated = await boomerang('trigger', `packages/cli/test/.tmp/${scratchName}/ungenerated`, '--all', '--to', 'http://127.0.0.1:9');
    expect(ungenerated.code).toBe(1);
    expect(ungenerated.stderr).toMatch(/receiver has no generated\/trigger\.ts, generated\/routes\.ts, generated\/examples\.ts: run `boomerang generate .*ungenerated` first/);
  });

  it('takes the project folder first, and passes usage mistakes on from trigger', async () => {
    expect(await boomerang('trigger', '--all')).toMatchObject({ code: 2, stderr: expect.stringContaining('needs the project folder first') });
    const noTo = await boomerang('trigger', 'examples/invoices', '--all');
    expect(noTo.code).toBe(2);
    expect(noTo.stderr).toContain('trigger needs --to <url>');
    expect(noTo.stderr).toContain('Usage: boomerang trigger examples/invoices <event>... | --all --to <url>');
  });
});
