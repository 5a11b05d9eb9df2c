/**
 * Callbacks from a Hono handler reach a real receiver on 127.0.0.1, signed: the invoices example's
 * generated receiver package (examples/invoices/receiver), which verifies the Standard Webhooks
 * signature before it hands anything to its handler. Sent at once (`send`), after the response
 * (`afterResponse`, on Node through @hono/node-server), and queued (`queue`, the example's own handler).
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type HttpBindings } from '@hono/node-server';
import { createOutbox, openStore, type Outbox } from '@boomerang/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { create_invoice as exampleHandler } from '../../../examples/invoices/src/handlers/create_invoice.ts';
import { createReceiver, type InvoiceNotificationContext } from '../../../examples/invoices/receiver/generated/index.ts';
import { createServer, type Handlers } from './__snapshots__/invoices/generated/server.ts';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const invoice = { id: '2expen51ve', customer: 'Ada Lovelace', total: 1250.5 };
const callbacks = { secrets: [secret], policy: { allowHosts: ['127.0.0.1'] }, timeoutMs: 2_000 };

const servers: Server[] = [];
let outbox: Outbox | undefined;
afterEach(async () => {
  await outbox?.close({ graceMs: 1_000 });
  outbox = undefined;
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listening(server: Server): Promise<string> {
  servers.push(server);
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The generated receiver on node:http; each notification it accepted (its signature verified) goes to the test. */
async function startReceiver(): Promise<{ origin: string; notifications: InvoiceNotificationContext[] }> {
  const notifications: InvoiceNotificationContext[] = [];
  const receiver = createReceiver({ secret, handlers: { invoice_notification: (context) => (notifications.push(context), { status: 200, body: { ok: true } }) } });
  const server = createHttpServer(receiver.node).listen(0, '127.0.0.1');
  return { origin: await listening(server), notifications };
}

function create(origin: string, callbackUrl: string): Request {
  return new Request(`${origin}/invoices?callback_url=${encodeURIComponent(callbackUrl)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(invoice) });
}

describe('callbacks from the generated Hono server', () => {
  it('sends one at once (send) and answers with what the receiver said; the receiver verified its signature', async () => {
    const receiver = await startReceiver();
    const outcomes: unknown[] = [];
    const handlers: Handlers = {
      create_invoice: async ({ callbacks }) => {
        outcomes.push(await callbacks.invoice_notification.send({ description: 'Payment celebration', paid: true }));
        return { status: 200, body: { msg: 'Invoice received' } };
      },
    };
    const app = createServer({ handlers, callbacks });
    expect((await app.fetch(create('https://api.example', `${receiver.origin}/events`))).status).toBe(200);
    expect(outcomes).toEqual([expect.objectContaining({ ok: true, status: 200, body: { ok: true }, attempts: 1, url: `${receiver.origin}/events/invoices/2expen51ve` })]);
    expect(receiver.notifications).toHaveLength(1);
    expect(receiver.notifications[0]).toMatchObject({ event: 'invoice_notification', params: { id: '2expen51ve' }, body: { description: 'Payment celebration', paid: true }, webhookId: expect.stringMatching(/^msg_/) });
  });

  it('is refused by the receiver when signed with another secret', async () => {
    const receiver = await startReceiver();
    const outcomes: unknown[] = [];
    const app = createServer({
      handlers: { create_invoice: async ({ callbacks }) => (outcomes.push(await callbacks.invoice_notification.send({ description: 'x', paid: true })), { status: 200, body: { msg: 'ok' } }) },
      callbacks: { ...callbacks, secrets: ['whsec_dGhpcyBpcyBub3QgdGhlIHNlY3JldCB5b3Ugd2FudA=='] },
    });
    expect((await app.fetch(create('https://api.example', `${receiver.origin}/events`))).status).toBe(200);
    expect(outcomes).toEqual([expect.objectContaining({ ok: false, reason: 'http-status', status: 401 })]);
    expect(receiver.notifications).toEqual([]);
  });

  it('sends one after the response, on Node (afterResponse through @hono/node-server)', async () => {
    const receiver = await startReceiver();
    const finished: boolean[] = [];
    const handlers: Handlers = {
      create_invoice: ({ afterResponse, callbacks, request }) => {
        afterResponse(async () => {
          // On Node, the platform's bindings are node:http's request and response.
          finished.push((request.env as HttpBindings).outgoing.writableFinished);
          await callbacks.invoice_notification.send({ description: 'Payment celebration', paid: true });
        });
        return { status: 200, body: { msg: 'Invoice received' } };
      },
    };
    const app = createServer({ handlers, callbacks });
    const api = await listening(serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server);
    const response = await fetch(create(api, `${receiver.origin}/events`));
    expect(await response.json()).toEqual({ msg: 'Invoice received' });
    await expect.poll(() => receiver.notifications.length).toBe(1);
    expect(finished).toEqual([true]);
  });

  it("queues one with the example's own handler, unchanged; the outbox delivers it", async () => {
    const receiver = await startReceiver();
    outbox = createOutbox({ store: await openStore('sqlite::memory:'), ...callbacks });
    outbox.start();
    // The same source as examples/invoices/src/handlers/create_invoice.ts, which type-checks against this
    // server's Handlers too (snapshots.test.ts); its type here is the Fastify server's, which it imports.
    const app = createServer({ handlers: { create_invoice: exampleHandler as unknown as Handlers['create_invoice'] }, callbacks: { ...callbacks, outbox } });
    expect((await app.fetch(create('https://api.example', `${receiver.origin}/events`))).status).toBe(200);
    await expect.poll(() => receiver.notifications.length, { timeout: 10_000 }).toBe(1);
    expect(receiver.notifications[0]).toMatchObject({ params: { id: '2expen51ve' }, body: { description: 'Payment celebration', paid: true } });
  });
});
