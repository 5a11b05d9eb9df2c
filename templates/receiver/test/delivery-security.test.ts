/**
 * Callbacks secured per callback, end to end over loopback: the generated transcripts server (server-fastify's
 * committed snapshot) sends `transcriptReady` unsigned (`security: []`), `transcriptFailed` signed (the
 * default) and `transcriptProgress` with the `callbackToken` API key header the operator configures; the
 * receiver generated from the same definition accepts each, and refuses an unsigned request for the signed
 * event and a request without the right token for the secured one. The operationIds (`transcripts.create`,
 * `2fa.verify`) are not identifiers: their handlers, contexts and routes work all the same.
 */
import { createOutbox, MissingCredentialError, openStore } from '@boomerang/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Handlers } from '../../server-fastify/test/__snapshots__/transcripts/generated/server.ts';
import { generateReceiver, importReceiver, removeScratchDirs } from './support/generate-receiver.ts';
import { listenNode, signedHeaders, testSecret, type Listening } from './support/http.ts';
import { execFileSync } from 'node:child_process';
import { repoRoot, tscBin } from './support/paths.ts';

type ReceiverModule = {
  createReceiver(options: { secret: string; credentials?: Record<string, string>; handlers: Record<string, (context: { body: unknown; headers: Record<string, string | undefined> }) => { status: 200; body: { ok: boolean } }> }): { node: Parameters<typeof listenNode>[0] };
};

const token = 'tok_9f8e7d6c';
const received: { event: string; body: unknown; headers: Record<string, string | undefined> }[] = [];
let receiverServer: Listening;
let receiverDir: string;
let cleanup: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  const generated = await generateReceiver({ definition: `export { default } from ${JSON.stringify(`${repoRoot}packages/core/test/fixtures/transcripts.ts`)};\n`, label: 'transcripts' });
  expect(generated.result.ok).toBe(true);
  receiverDir = generated.receiverDir;
  const { createReceiver } = await importReceiver<ReceiverModule>(generated.receiverDir);
  const handler = (event: string) => (context: { body: unknown; headers: Record<string, string | undefined> }) => {
    received.push({ event, body: context.body, headers: context.headers });
    return { status: 200 as const, body: { ok: true } };
  };
  const receiver = createReceiver({
    secret: testSecret,
    credentials: { callbackToken: token },
    handlers: { transcriptReady: handler('transcriptReady'), transcriptFailed: handler('transcriptFailed'), transcriptProgress: handler('transcriptProgress') },
  });
  receiverServer = await listenNode(receiver.node);
}, 120_000);
afterAll(async () => {
  await receiverServer?.close();
  removeScratchDirs();
});
afterEach(async () => {
  await Promise.all(cleanup.map((close) => close()));
  cleanup = [];
  received.length = 0;
});

const outcomes: unknown[] = [];
const handlers: Handlers = {
  'transcripts.create': async ({ body, callbacks }) => {
    const id = 'tr_1';
    outcomes.push(await callbacks.transcriptReady.send({ id, text: `words of ${body.audio_url}` }));
    outcomes.push(await callbacks.transcriptFailed.send({ id, error: 'none, really' }));
    try {
      outcomes.push(await callbacks.transcriptProgress.send({ id, percent: 100 }));
    } catch (error) {
      outcomes.push(error);
      throw error;
    }
    return { status: 202, body: { id } };
  },
  '2fa.verify': ({ body }) => (body.code === '123456' ? { status: 204 } : { status: 400 }),
};

async function startServer(credentials: Record<string, string> | undefined) {
  outcomes.length = 0;
  const api = createServer({ handlers, callbacks: { secrets: [testSecret], policy: { allowHosts: ['127.0.0.1'] }, ...(credentials ? { credentials } : {}) } });
  cleanup.push(() => api.close());
  return api.listen({ port: 0, host: '127.0.0.1' });
}

describe('per-callback security', () => {
  it('sends each callback secured as its definition says, and the receiver accepts each', async () => {
    const origin = await startServer({ callbackToken: token });
    const response = await fetch(`${origin}/transcripts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ audio_url: 'https://audio.example/a.mp3', callback_url: `${receiverServer.origin}/hooks` }),
    });
    expect(response.status).toBe(202);
    expect(outcomes.map((o) => (o as { ok: boolean; status?: number }).ok)).toEqual([true, true, true]);
    expect(received.map((r) => r.event)).toEqual(['transcriptReady', 'transcriptFailed', 'transcriptProgress']);
    const [ready, failed, progress] = received;
    expect(ready!.headers['webhook-signature']).toBeUndefined();
    expect(ready!.body).toEqual({ id: 'tr_1', text: 'words of https://audio.example/a.mp3' });
    expect(failed!.headers['webhook-signature']).toMatch(/^v1,/);
    expect(progress!.headers['webhook-signature']).toBeUndefined();
    expect(progress!.headers['x-callback-token']).toBe(token);
  });

  it('a server without the credential refuses to send the secured callback, naming the scheme', async () => {
    const origin = await startServer(undefined);
    const response = await fetch(`${origin}/transcripts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ audio_url: 'https://audio.example/a.mp3', callback_url: `${receiverServer.origin}/hooks` }),
    });
    expect(response.status).toBe(500);
    expect(received.map((r) => r.event)).toEqual(['transcriptReady', 'transcriptFailed']);
    expect(outcomes[2]).toBeInstanceOf(MissingCredentialError);
    expect((outcomes[2] as Error).message).toContain('needs the credential of the `callbackToken` security scheme');
  });

  it('queued, the dispatcher sends each as its definition says too', async () => {
    const delivered: string[] = [];
    let allDone!: () => void;
    const done = new Promise<void>((resolve) => (allDone = resolve));
    const outbox = createOutbox({
      store: await openStore('sqlite::memory:'),
      secrets: [testSecret],
      credentials: { callbackToken: token },
      policy: { allowHosts: ['127.0.0.1'] },
      onDelivery: (event, _url, result) => {
        delivered.push(`${event} ${result.ok ? 'ok' : result.reason}`);
        if (delivered.length === 3) allDone();
      },
    });
    outbox.start();
    cleanup.push(() => outbox.close());
    const queued: Handlers = {
      ...handlers,
      'transcripts.create': async ({ callbacks }) => {
        await callbacks.transcriptReady.queue({ id: 'q', text: 't' });
        await callbacks.transcriptFailed.queue({ id: 'q', error: 'e' });
        await callbacks.transcriptProgress.queue({ id: 'q', percent: 50 });
        return { status: 202, body: { id: 'q' } };
      },
    };
    const api = createServer({ handlers: queued, callbacks: { secrets: [testSecret], policy: { allowHosts: ['127.0.0.1'] }, outbox } });
    cleanup.push(() => api.close());
    const origin = await api.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${origin}/transcripts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ audio_url: 'https://audio.example/a.mp3', callback_url: `${receiverServer.origin}/hooks` }) });
    expect(response.status).toBe(202);
    await done;
    expect(delivered.sort()).toEqual(['transcriptFailed ok', 'transcriptProgress ok', 'transcriptReady ok']);
    const byEvent = new Map(received.map((r) => [r.event, r.headers]));
    expect(byEvent.get('transcriptReady')!['webhook-signature']).toBeUndefined();
    expect(byEvent.get('transcriptFailed')!['webhook-signature']).toMatch(/^v1,/);
    expect(byEvent.get('transcriptProgress')!['x-callback-token']).toBe(token);
  });

  it.each([
    ['an unsigned transcriptReady is accepted', 'ready', 'transcriptReady', {}, 200, undefined],
    ['an unsigned transcriptFailed is refused: it is signed', 'failed', 'transcriptFailed', {}, 401, 'webhook-signature'],
    ['a transcriptProgress without the token is refused', 'progress', 'transcriptProgress', {}, 401, 'x-callback-token'],
    ['a transcriptProgress with another token is refused', 'progress', 'transcriptProgress', { 'x-callback-token': 'tok_wrong' }, 401, 'not the one configured'],
    ['a transcriptProgress with the token is accepted', 'progress', 'transcriptProgress', { 'x-callback-token': token }, 200, undefined],
  ] as const)('%s', async (_name, path, event, extra, status, detail) => {
    const body = path === 'ready' ? { id: 'x', text: 't' } : path === 'failed' ? { id: 'x', error: 'e' } : { id: 'x', percent: 5 };
    const response = await fetch(`${receiverServer.origin}/hooks/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'boomerang-event': event, ...extra }, body: JSON.stringify(body) });
    expect(response.status).toBe(status);
    if (detail !== undefined) expect(((await response.json()) as { detail: string }).detail).toContain(detail);
    expect(received.length).toBe(status === 200 ? 1 : 0);
  });

  it('a signed transcriptFailed is accepted', async () => {
    const text = JSON.stringify({ id: 'x', error: 'e' });
    const response = await fetch(`${receiverServer.origin}/hooks/failed`, { method: 'POST', headers: { ...signedHeaders(text), 'boomerang-event': 'transcriptFailed' }, body: text });
    expect(response.status).toBe(200);
  });
});

describe('operationIds that are not identifiers', () => {
  it('the receiver generated for them type-checks (handlers, client, credentials option)', () => {
    const check = (() => {
      try {
        return execFileSync(process.execPath, [tscBin, '-p', receiverDir, '--noEmit'], { encoding: 'utf8' });
      } catch (error) {
        const e = error as { stdout: string; stderr: string };
        return `${e.stdout}${e.stderr}`;
      }
    })();
    expect(check).toBe('');
  }, 120_000);

  it('route to their handlers', async () => {
    const origin = await startServer({ callbackToken: token });
    const right = await fetch(`${origin}/2fa/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: '123456' }) });
    const wrong = await fetch(`${origin}/2fa/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: '000000' }) });
    const invalid = await fetch(`${origin}/2fa/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'abc' }) });
    expect([right.status, wrong.status, invalid.status]).toEqual([204, 400, 400]);
  });
});
