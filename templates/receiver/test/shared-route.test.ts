/**
 * Callbacks that share one URL, end to end over loopback (the shared-callback-url fixture: a transcript's
 * `transcriptCompleted` and `transcriptFailed` are both POSTed to the request's `callback_url`, a message's
 * `messageDelivered` and `messageUndelivered` to its `status_callback`). The generated server
 * (server-fastify's committed snapshot) sends each with its `boomerang-event` header; the receiver generated
 * from the same definition, served by each adapter, gives each to its own typed handler at the one URL, and
 * answers 400 naming the header and the events there to a request without it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import Fastify, { type FastifyPluginAsync } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Handlers } from '../../server-fastify/test/__snapshots__/shared-callback-url/generated/server.ts';
import { generateReceiver, importReceiver, removeScratchDirs } from './support/generate-receiver.ts';
import { listen, listenFetch, listenNode, sendSigned, testSecret, type Listening } from './support/http.ts';
import { repoRoot, tscBin } from './support/paths.ts';

type Handler = (context: { event: string; body: unknown }) => { status: number; body?: unknown };
interface Receiver {
  readonly node: Parameters<typeof listenNode>[0];
  readonly fetch: (request: Request) => Promise<Response>;
}
interface ReceiverModule {
  createReceiver(options: { secret: string; handlers: Record<string, Handler> }): Receiver;
  createTestDelivery(event: string, body?: unknown, options?: { secret?: string; baseUrl?: string }): Promise<{ url: string; headers: Record<string, string>; request: Request }>;
}

let receiverDir: string;
let module: ReceiverModule;
const received: { handler: string; event: string; body: unknown }[] = [];
let open: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  const generated = await generateReceiver({ definition: `export { default } from ${JSON.stringify(`${repoRoot}packages/core/test/fixtures/shared-callback-url.ts`)};\n`, label: 'shared-route' });
  expect(generated.result.ok).toBe(true);
  receiverDir = generated.receiverDir;
  module = await importReceiver<ReceiverModule>(receiverDir);
}, 120_000);
afterAll(removeScratchDirs);
afterEach(async () => {
  await Promise.all(open.map((close) => close()));
  open = [];
  received.length = 0;
});

function receiver(): Receiver {
  const handler = (name: string, status: number): Handler => ({ event, body }) => {
    received.push({ handler: name, event, body });
    return status === 204 ? { status } : { status, body: { ok: true } };
  };
  return module.createReceiver({
    secret: testSecret,
    handlers: { transcriptCompleted: handler('transcriptCompleted', 200), transcriptFailed: handler('transcriptFailed', 200), messageDelivered: handler('messageDelivered', 204), messageUndelivered: handler('messageUndelivered', 204) },
  });
}

// Each with the path the receiver sees of `/hooks` (Express strips the path it mounts a middleware on).
const adapters: [string, (r: Receiver) => Promise<Listening>, string][] = [
  ['node:http', (r) => listenNode(r.node), '/hooks'],
  ['fetch', (r) => listenFetch(r.fetch), '/hooks'],
  [
    'Express',
    async (r) => {
      const { expressMiddleware } = await importReceiver<{ expressMiddleware: (r: Receiver) => express.RequestHandler }>(receiverDir, 'express');
      const app = express();
      app.use('/hooks', expressMiddleware(r));
      return listen(app.listen(0, '127.0.0.1'));
    },
    '/',
  ],
  [
    'Fastify',
    async (r) => {
      const { fastifyPlugin } = await importReceiver<{ fastifyPlugin: (r: Receiver) => FastifyPluginAsync }>(receiverDir, 'fastify');
      const app = Fastify();
      await app.register(fastifyPlugin(r), { prefix: '/hooks' });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      return { origin: `http://127.0.0.1:${port}`, port, close: () => app.close() };
    },
    '/hooks',
  ],
];

const outcomes: { ok: boolean }[] = [];
const handlers: Handlers = {
  createTranscript: async ({ body, callbacks }) => {
    outcomes.push(await callbacks.transcriptCompleted.send({ id: 'tr_1', text: `words of ${body.audio_url}` }));
    outcomes.push(await callbacks.transcriptFailed.send({ id: 'tr_2', error: 'no speech' }));
    return { status: 202, body: { id: 'tr_1' } };
  },
  sendMessage: async ({ callbacks }) => {
    outcomes.push(await callbacks.messageUndelivered.send({ sid: 'SM1', status: 'undelivered', error_code: 30003 }));
    outcomes.push(await callbacks.messageDelivered.send({ sid: 'SM1', status: 'delivered' }));
    return { status: 201, body: { sid: 'SM1' } };
  },
};

async function startApi(): Promise<string> {
  outcomes.length = 0;
  const api = createServer({ handlers, callbacks: { secrets: [testSecret], policy: { allowHosts: ['127.0.0.1'] } } });
  open.push(() => api.close());
  return api.listen({ port: 0, host: '127.0.0.1' });
}

describe.each(adapters)('served by %s', (_name, serve, seen) => {
  async function start(): Promise<string> {
    const server = await serve(receiver());
    open.push(() => server.close());
    return `${server.origin}/hooks`;
  }

  it('gets both callbacks of one URL from the generated server, each at its own handler', async () => {
    const hooks = await start();
    const api = await startApi();
    const transcript = await fetch(`${api}/transcripts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ audio_url: 'https://audio.example/a.mp3', callback_url: hooks }) });
    expect(transcript.status).toBe(202);
    const message = await fetch(`${api}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: '+15550100', text: 'hi', status_callback: hooks }) });
    expect(message.status).toBe(201);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, true]);
    expect(received).toEqual([
      { handler: 'transcriptCompleted', event: 'transcriptCompleted', body: { id: 'tr_1', text: 'words of https://audio.example/a.mp3' } },
      { handler: 'transcriptFailed', event: 'transcriptFailed', body: { id: 'tr_2', error: 'no speech' } },
      { handler: 'messageUndelivered', event: 'messageUndelivered', body: { sid: 'SM1', status: 'undelivered', error_code: 30003 } },
      { handler: 'messageDelivered', event: 'messageDelivered', body: { sid: 'SM1', status: 'delivered' } },
    ]);
  });

  it('answers 400 to a signed request at that URL without the event header, naming the header and the events there', async () => {
    const hooks = await start();
    const response = await sendSigned(hooks, JSON.stringify({ id: 'tr_1', text: 't' }));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(response.json).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: `POST ${seen} receives transcriptCompleted, transcriptFailed, messageDelivered and messageUndelivered, told apart by the boomerang-event header, which the request does not have.`,
      events: ['transcriptCompleted', 'transcriptFailed', 'messageDelivered', 'messageUndelivered'],
    });
    expect(received).toEqual([]);
  });

  it('answers 404 to an event it does not have at that URL, naming the ones it has', async () => {
    const hooks = await start();
    const response = await sendSigned(hooks, JSON.stringify({ id: 'tr_1' }), { headers: { 'boomerang-event': 'transcriptStarted' } });
    expect(response.status).toBe(404);
    expect((response.json as { detail: string }).detail).toBe(`This receiver has no event "transcriptStarted" (boomerang-event header); POST ${seen} receives transcriptCompleted, transcriptFailed, messageDelivered and messageUndelivered.`);
    expect(received).toEqual([]);
  });

  it('validates the body as the event the header names: a transcriptCompleted body sent as transcriptFailed is refused', async () => {
    const hooks = await start();
    const response = await sendSigned(hooks, JSON.stringify({ id: 'tr_1', text: 't' }), { headers: { 'boomerang-event': 'transcriptFailed' } });
    expect(response.status).toBe(400);
    expect((response.json as { detail: string }).detail).toBe('The request does not match the documented transcriptFailed request.');
    expect(received).toEqual([]);
  });
});

describe('the generated package', () => {
  it('types each handler of the shared URL with its own event\'s body, and type-checks', () => {
    writeFileSync(
      join(receiverDir, 'generated', 'shared-route.check.ts'),
      `import { createReceiver } from './index.ts';
createReceiver({
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  handlers: {
    transcriptCompleted: ({ body }) => ({ status: 200, body: { ok: body.text.length > 0 } }),
    // @ts-expect-error a transcriptFailed body has no text
    transcriptFailed: ({ body }) => ({ status: 200, body: { ok: body.text.length > 0 } }),
    messageDelivered: ({ body }) => (body.status === 'delivered' ? { status: 204 } : { status: 204 }),
    messageUndelivered: ({ body }) => ({ status: 204, ...(body.error_code === undefined ? {} : {}) }),
  },
});
`,
    );
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

  it('its test kit makes each event\'s delivery to the one URL, and the receiver routes each by its header', async () => {
    const r = receiver();
    for (const event of ['transcriptFailed', 'messageDelivered'] as const) {
      const delivery = await module.createTestDelivery(event, undefined, { secret: testSecret, baseUrl: 'http://localhost/hooks' });
      expect([delivery.url, delivery.headers['boomerang-event']]).toEqual(['http://localhost/hooks', event]);
      expect((await r.fetch(delivery.request)).status).toBe(event === 'transcriptFailed' ? 200 : 204);
    }
    expect(received.map((e) => e.handler)).toEqual(['transcriptFailed', 'messageDelivered']);
  });

  it('says in its README that these events share a URL and are routed by the header', () => {
    const readme = readFileSync(join(receiverDir, 'README.md'), 'utf8');
    const section = readme.split('<a id="transcriptCompleted"></a>')[1]!.split('<a id=')[0]!;
    expect(section).toContain('**One URL, several events.** [`transcriptFailed`](#transcriptFailed), [`messageDelivered`](#messageDelivered) and [`messageUndelivered`](#messageUndelivered) are sent with `POST` to this same URL, so the\n`boomerang-event` header (here `boomerang-event: transcriptCompleted`) is what says which event a request is');
    expect(readme).toContain('| 400 | a request without the `boomerang-event` header at a URL that several events share (its `events` lists them) |');
  });
});
