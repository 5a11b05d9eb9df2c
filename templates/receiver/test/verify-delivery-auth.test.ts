/**
 * `verify`/`unwrap` and the test kit follow each event's security, as `createReceiver` does (the
 * transcripts fixture: `transcriptReady` unsigned, `security: []`; `transcriptFailed` signed, the
 * default; `transcriptProgress` carrying the `callbackToken` API key in `X-Callback-Token`): an unsigned
 * event needs no signature, a credential-secured one its credential as configured in `credentials`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReceiver, importReceiver, removeScratchDirs } from './support/generate-receiver.ts';
import { listenNode, signedHeaders, testSecret, type Listening } from './support/http.ts';
import { repoRoot } from './support/paths.ts';

type Outcome = { ok: true; event: string; body: unknown } | { ok: false; reason: string; status: number; detail: string };
interface Delivery { url: string; headers: Record<string, string>; rawBody: string; request: Request }
interface ReceiverModule {
  verify(rawBody: string, headers: Record<string, string>, secret: string, options?: { event?: string; credentials?: Record<string, string>; url?: string }): Promise<Outcome>;
  unwrap(rawBody: string, headers: Record<string, string>, secret: string, options?: { credentials?: Record<string, string> }): Promise<{ event: string; body: unknown }>;
  createTestDelivery(event: string, body?: unknown, options?: { secret?: string; credentials?: Record<string, string> }): Promise<Delivery>;
  createReceiver(options: { secret: string; credentials?: Record<string, string>; handlers: Record<string, () => { status: 200; body: { ok: boolean } }> }): { node: Parameters<typeof listenNode>[0]; fetch: (request: Request) => Promise<Response> };
}

const token = 'tok_9f8e7d6c';
let receiverDir: string;
let module: ReceiverModule;
let server: Listening;

beforeAll(async () => {
  const generated = await generateReceiver({ definition: `export { default } from ${JSON.stringify(`${repoRoot}packages/core/test/fixtures/transcripts.ts`)};\n`, label: 'verify-auth' });
  receiverDir = generated.receiverDir;
  module = await importReceiver<ReceiverModule>(receiverDir);
  const ok = () => ({ status: 200 as const, body: { ok: true } });
  server = await listenNode(module.createReceiver({ secret: testSecret, credentials: { callbackToken: token }, handlers: { transcriptReady: ok, transcriptFailed: ok, transcriptProgress: ok } }).node);
}, 120_000);
afterAll(async () => {
  await server?.close();
  removeScratchDirs();
});

const json = { 'content-type': 'application/json' };
const ready = JSON.stringify({ id: 'x', text: 't' });
const failed = JSON.stringify({ id: 'x', error: 'e' });
const progress = JSON.stringify({ id: 'x', percent: 5 });

describe('verify follows each event\'s security', () => {
  it.each([
    ['an unsigned event without a signature: verified', ready, { ...json, 'boomerang-event': 'transcriptReady' }, {}, { ok: true, event: 'transcriptReady', body: { id: 'x', text: 't' } }],
    ['a signed event without a signature: refused', failed, { ...json, 'boomerang-event': 'transcriptFailed' }, {}, { ok: false, reason: 'missing-headers', status: 401 }],
    ['a signed event, signed: verified', failed, { ...signedHeaders(failed), 'boomerang-event': 'transcriptFailed' }, {}, { ok: true, event: 'transcriptFailed' }],
    ['a credential-secured event with its credential: verified', progress, { ...json, 'boomerang-event': 'transcriptProgress', 'x-callback-token': token }, { credentials: { callbackToken: token } }, { ok: true, event: 'transcriptProgress', body: { id: 'x', percent: 5 } }],
    ['a credential-secured event without it: refused', progress, { ...json, 'boomerang-event': 'transcriptProgress' }, { credentials: { callbackToken: token } }, { ok: false, reason: 'bad-credential', status: 401, detail: 'The request has no x-callback-token header; this event is secured by the callbackToken security scheme.' }],
    ['a credential-secured event with another value: refused', progress, { ...json, 'boomerang-event': 'transcriptProgress', 'x-callback-token': 'tok_wrong' }, { credentials: { callbackToken: token } }, { ok: false, reason: 'bad-credential', status: 401, detail: 'The credential in the x-callback-token header is not the one configured for callbackToken.' }],
    ['an unknown event, before any signature is asked for: 404', ready, { ...json, 'boomerang-event': 'transcriptStarted' }, {}, { ok: false, reason: 'unknown-event', status: 404 }],
  ] as const)('%s', async (_name, body, headers, options, want) => {
    expect(await module.verify(body, headers, testSecret, options)).toMatchObject(want);
  });

  it('says which credential to configure when `credentials` lacks it (a mistake of the code, not of the request: it throws)', async () => {
    await expect(module.verify(progress, { ...json, 'boomerang-event': 'transcriptProgress', 'x-callback-token': token }, testSecret)).rejects.toThrow('verify: transcriptProgress is secured by the callbackToken security scheme; give its value in options.credentials: { "callbackToken": \'…\' }.');
  });

  it('unwrap returns an unsigned event', async () => {
    expect(await module.unwrap(ready, { ...json, 'boomerang-event': 'transcriptReady' }, testSecret)).toMatchObject({ event: 'transcriptReady', body: { id: 'x', text: 't' } });
  });
});

describe('the test kit follows each event\'s security', () => {
  it('makes an unsigned delivery of an unsigned event, which the receiver accepts', async () => {
    const delivery = await module.createTestDelivery('transcriptReady');
    expect(delivery.headers['webhook-signature']).toBeUndefined();
    expect(delivery.headers['webhook-id']).toMatch(/^msg_/);
    expect((await fetch(`${server.origin}/hooks/ready`, { method: 'POST', headers: delivery.headers, body: delivery.rawBody })).status).toBe(200);
  });

  it('puts the configured credential on a credential-secured event, which the receiver accepts', async () => {
    const delivery = await module.createTestDelivery('transcriptProgress', undefined, { credentials: { callbackToken: token } });
    expect(delivery.headers['x-callback-token']).toBe(token);
    expect(delivery.headers['webhook-signature']).toBeUndefined();
    expect((await fetch(`${server.origin}/hooks/progress`, { method: 'POST', headers: delivery.headers, body: delivery.rawBody })).status).toBe(200);
  });

  it('refuses to make a credential-secured delivery without the credential, naming the scheme', async () => {
    await expect(module.createTestDelivery('transcriptProgress')).rejects.toThrow('createTestDelivery: transcriptProgress is secured by the callbackToken security scheme; give its value in options.credentials: { "callbackToken": \'…\' }.');
  });

  it('still signs a signed event', async () => {
    const delivery = await module.createTestDelivery('transcriptFailed', undefined, { secret: testSecret });
    expect(delivery.headers['webhook-signature']).toMatch(/^v1,/);
    expect((await fetch(`${server.origin}/hooks/failed`, { method: 'POST', headers: delivery.headers, body: delivery.rawBody })).status).toBe(200);
  });
});

describe('trigger follows each event\'s security', () => {
  type Main = (args: readonly string[], io: { stdout: (t: string) => void; stderr: (t: string) => void; env: Record<string, string | undefined>; readFile: (p: string) => Promise<string> }, api: { routes: unknown; examples: unknown; command: string }) => Promise<number>;
  async function trigger(args: readonly string[]) {
    const { triggerMain } = await importReceiver<{ triggerMain: Main }>(receiverDir, 'trigger');
    const { routes } = await importReceiver<{ routes: unknown }>(receiverDir, 'routes');
    const { examples } = await importReceiver<{ examples: unknown }>(receiverDir, 'examples');
    let stdout = '';
    let stderr = '';
    const code = await triggerMain(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, readFile: async () => '' }, { routes, examples, command: 'trigger' });
    return { code, stdout, stderr };
  }

  it('sends every event as it is secured, with --credential for the API key, and skips the tampered signature of the unsigned ones', async () => {
    const { code, stdout } = await trigger(['--all', '--to', `${server.origin}/hooks`, '--secret', testSecret, '--credential', `callbackToken=${token}`, '--invalid', '--json']);
    const { results } = JSON.parse(stdout) as { results: { event: string; checks: { check: string; outcome: string }[] }[] };
    expect(results.map((r) => [r.event, r.checks.map((c) => `${c.check} ${c.outcome}`)])).toEqual([
      ['transcriptReady', ['delivery pass', 'bad-signature skipped', 'invalid-body pass']],
      ['transcriptFailed', ['delivery pass', 'bad-signature pass', 'invalid-body pass']],
      ['transcriptProgress', ['delivery pass', 'bad-signature skipped', 'invalid-body pass']],
    ]);
    expect(code).toBe(0);
  });

  it('without --credential, says which one the event needs', async () => {
    const { code, stderr } = await trigger(['transcriptProgress', '--to', `${server.origin}/hooks`]);
    expect(code).toBe(2);
    expect(stderr).toContain('transcriptProgress is secured by the callbackToken security scheme; pass --credential <scheme>=<value>.');
  });
});

it('the README says how credentials are configured', () => {
  const readme = readFileSync(join(receiverDir, 'README.md'), 'utf8');
  expect(readme).toContain('credentials: { callbackToken: process.env.CALLBACK_TOKEN }');
  expect(readme).toContain('`transcriptReady` is sent unsigned');
});
