/**
 * `trigger` (the generated package's `npx <package> trigger …`, here through its `triggerMain`) against
 * receivers on 127.0.0.1 over real HTTP: the committed invoices and subscriptions receivers, answered
 * as documented; and deliberately broken receivers, which it must fail with a reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as invoices from '../../../examples/invoices/receiver/generated/index.ts';
import { examples as invoiceExamples } from '../../../examples/invoices/receiver/generated/examples.ts';
import { routes as invoiceRoutes } from '../../../examples/invoices/receiver/generated/routes.ts';
import { triggerMain, type TriggerResult } from '../../../examples/invoices/receiver/generated/trigger.ts';
import * as subscriptions from '../../../examples/subscriptions/receiver/generated/index.ts';
import { examples as subscriptionExamples } from '../../../examples/subscriptions/receiver/generated/examples.ts';
import { routes as subscriptionRoutes } from '../../../examples/subscriptions/receiver/generated/routes.ts';
import { listen, listenNode, testSecret, type Listening } from './support/http.ts';

let open: Listening[] = [];
afterEach(async () => {
  await Promise.all(open.map((server) => server.close()));
  open = [];
});
const tempDir = mkdtempSync(join(tmpdir(), 'boomerang-trigger-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

const invoicesApi = { routes: invoiceRoutes, examples: invoiceExamples, command: 'npx @invoices-example/receiver trigger' };
const subscriptionsApi = { routes: subscriptionRoutes, examples: subscriptionExamples, command: 'npx @subscriptions-example/receiver trigger' };

async function runTrigger(args: readonly string[], api: typeof invoicesApi, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await triggerMain(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, readFile: async (path) => (await import('node:fs/promises')).readFile(path, 'utf8') }, api);
  return { code, stdout, stderr };
}

function results(stdout: string): { ok: boolean; results: TriggerResult[] } {
  return JSON.parse(stdout) as { ok: boolean; results: TriggerResult[] };
}

async function invoicesReceiver(received: unknown[] = []) {
  const receiver = invoices.createReceiver({
    secret: testSecret,
    handlers: {
      invoice_notification: ({ body, params, webhookId }) => {
        received.push({ body, params, webhookId });
        return { status: 200, body: { ok: true } };
      },
    },
    onError: () => {},
  });
  const server = await listenNode(receiver.node);
  open.push(server);
  return server;
}

async function brokenReceiver(answer: (request: IncomingMessage, body: string, response: ServerResponse) => void) {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => answer(request, body, response));
  });
  const listening = await listen(server);
  open.push(listening);
  return listening;
}

describe('trigger against the example receivers', () => {
  it('sends every invoices callback, signed, with the example body, and checks the documented answer and both refusals', async () => {
    const received: { body: unknown; params: unknown; webhookId: string }[] = [];
    const server = await invoicesReceiver(received);
    const { code, stdout, stderr } = await runTrigger(['--all', '--to', `${server.origin}/events`, '--secret', testSecret, '--invalid'], invoicesApi);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`invoice_notification: POST ${server.origin}/events/invoices/2expen51ve`);
    expect(stdout).toContain('PASS delivery: answered 200, documented (200, application/json, matching its schema).');
    expect(stdout).toContain('PASS tampered signature: refused with 401, as it must.');
    expect(stdout).toContain('PASS invalid body: refused with 400, as it must.');
    expect(stdout).toContain('3 passed, 0 failed.');
    // Only the valid delivery reached the handler, with the schema's example.
    expect(received).toEqual([{ body: invoiceExamples.invoice_notification!.body, params: { id: '2expen51ve' }, webhookId: expect.stringMatching(/^msg_/) }]);
  });

  it('sends both subscriptions webhooks to the URL given, routed by the event header, and --json reports them', async () => {
    const received: string[] = [];
    const receiver = subscriptions.createReceiver({
      secret: testSecret,
      handlers: {
        'new-subscription': ({ body }) => {
          received.push(`new:${body.username}`);
          return { status: 200 };
        },
        'subscription-cancelled': ({ body }) => {
          received.push(`cancelled:${body.username}`);
          return { status: 200 };
        },
      },
    });
    const server = await listenNode(receiver.node);
    open.push(server);
    const { code, stdout } = await runTrigger(['--all', '--to', `${server.origin}/webhooks`, '--invalid', '--json'], subscriptionsApi, { RECEIVER_SECRET: testSecret });
    expect(code).toBe(0);
    const report = results(stdout);
    expect(report.ok).toBe(true);
    expect(report.results.map((r) => [r.event, r.url, r.checks.map((c) => `${c.check}:${c.outcome}:${c.status}`)])).toEqual([
      ['new-subscription', `${server.origin}/webhooks`, ['delivery:pass:200', 'bad-signature:pass:401', 'invalid-body:pass:400']],
      ['subscription-cancelled', `${server.origin}/webhooks`, ['delivery:pass:200', 'bad-signature:pass:401', 'invalid-body:pass:400']],
    ]);
    expect(received).toEqual(['new:ada', 'cancelled:ada']);
  });

  it('sends the --body file instead of the example', async () => {
    const received: { body: unknown }[] = [];
    const server = await invoicesReceiver(received);
    const file = join(tempDir, 'paid.json');
    writeFileSync(file, JSON.stringify({ description: 'Invoice 9 paid', paid: false }));
    const { code } = await runTrigger(['invoice_notification', `--to=${server.origin}/events`, '--secret', testSecret, '--body', file], invoicesApi);
    expect(code).toBe(0);
    expect(received).toMatchObject([{ body: { description: 'Invoice 9 paid', paid: false } }]);
  });

  it("signs with the package's test secret when given none, and says so", async () => {
    const receiver = invoices.createReceiver({ secret: invoices.testSecret, handlers: { invoice_notification: () => ({ status: 200, body: { ok: true } }) } });
    const server = await listenNode(receiver.node);
    open.push(server);
    const { code, stdout } = await runTrigger(['invoice_notification', '--to', server.origin], invoicesApi);
    expect(code).toBe(0);
    expect(stdout).toContain("Signed with the package's testSecret");
  });
});

describe('trigger against broken receivers', () => {
  it('fails a receiver that accepts a tampered signature and an invalid body, and says what is wrong', async () => {
    const server = await brokenReceiver((_request, _body, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    const { code, stdout } = await runTrigger(['--all', '--to', server.origin, '--secret', testSecret, '--invalid'], invoicesApi);
    expect(code).toBe(1);
    expect(stdout).toContain('PASS delivery');
    expect(stdout).toMatch(/FAIL tampered signature: the receiver accepted a delivery whose signature does not match its body \(200\); it must answer 401: it does not verify the webhook-signature header/);
    expect(stdout).toMatch(/FAIL invalid body: the receiver accepted a body that does not match the invoice_notification schema .*; it must answer 400: it does not validate the body/);
    expect(stdout).toContain('1 passed, 2 failed.');
  });

  it('fails an undocumented status, a body that does not match the documented response, and the wrong content type', async () => {
    const cases: [(response: ServerResponse) => void, RegExp][] = [
      [(r) => r.writeHead(202).end(), /FAIL delivery: answered 202, which the API does not document for invoice_notification \(documented: 200\)/],
      [(r) => r.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":"yes"}'), /FAIL delivery: answered 200, but its body does not match the documented 200 response: \/ok must be boolean/],
      [(r) => r.writeHead(200, { 'content-type': 'text/plain' }).end('ok'), /FAIL delivery: answered 200 with content-type text\/plain; the API documents application\/json/],
      [(r) => r.writeHead(500, { 'content-type': 'application/problem+json' }).end('{"title":"Internal Server Error","detail":"database down"}'), /FAIL delivery: answered 500 \(Internal Server Error: database down\)/],
    ];
    for (const [answer, expected] of cases) {
      const server = await brokenReceiver((_request, _body, response) => answer(response));
      const { code, stdout } = await runTrigger(['invoice_notification', '--to', server.origin, '--secret', testSecret], invoicesApi);
      expect(code).toBe(1);
      expect(stdout).toMatch(expected);
    }
  });

  it('fails, with the reason, when the receiver cannot be reached', async () => {
    const server = await brokenReceiver((_request, _body, response) => response.end());
    const origin = server.origin;
    await server.close();
    open = [];
    const { code, stdout } = await runTrigger(['invoice_notification', '--to', origin, '--secret', testSecret], invoicesApi);
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`FAIL delivery: could not reach ${origin}/invoices/2expen51ve: .*ECONNREFUSED`));
  });
});

describe('trigger usage', () => {
  it('refuses bad usage with exit code 2 and says what to do', async () => {
    expect(await runTrigger(['--all'], invoicesApi)).toMatchObject({ code: 2, stderr: expect.stringContaining('trigger needs --to <url>') });
    expect(await runTrigger(['--to', 'http://127.0.0.1:9'], invoicesApi)).toMatchObject({ code: 2, stderr: expect.stringContaining('Name an event or pass --all. The events: invoice_notification.') });
    expect(await runTrigger(['invoice_deleted', '--to', 'http://127.0.0.1:9'], invoicesApi)).toMatchObject({ code: 2, stderr: expect.stringContaining('This API has no event "invoice_deleted"; it sends invoice_notification.') });
    expect(await runTrigger(['--all', '--to', 'ftp://x'], invoicesApi)).toMatchObject({ code: 2, stderr: expect.stringContaining('--to must be an http(s) URL') });
    expect(await runTrigger(['--all', '--to', 'http://127.0.0.1:9', '--body', 'x.json'], subscriptionsApi)).toMatchObject({ code: 2, stderr: expect.stringContaining('--body goes with one event.') });
    expect(await runTrigger(['--all', '--to', 'http://127.0.0.1:9', '--frobnicate'], invoicesApi)).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown option --frobnicate.') });
    const help = await runTrigger(['--help'], invoicesApi);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: npx @invoices-example/receiver trigger <event>... | --all --to <url>') });
  });

  it('says so when the --body file is missing or not JSON', async () => {
    expect(await runTrigger(['invoice_notification', '--to', 'http://127.0.0.1:9', '--body', join(tempDir, 'missing.json')], invoicesApi)).toMatchObject({ code: 1, stderr: expect.stringContaining('Cannot read --body') });
    const file = join(tempDir, 'bad.json');
    writeFileSync(file, '{ not json');
    expect(await runTrigger(['invoice_notification', '--to', 'http://127.0.0.1:9', '--body', file], invoicesApi)).toMatchObject({ code: 1, stderr: expect.stringContaining("is not JSON; invoice_notification's body is application/json") });
  });
});
