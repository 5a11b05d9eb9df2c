/**
 * FastAPI's callbacks example, end to end over loopback: the generated invoices server (with its
 * implemented create_invoice handler) sends the invoice_notification callback, signed, to the URL the
 * API user gave; the generated invoices receiver verifies, routes and validates it, and answers.
 */
import { createOutbox, openStore } from '@boomerang/runtime';
import { afterEach, expect, it } from 'vitest';
import { handlers } from '../../../examples/invoices/src/generated/handlers.ts';
import { createServer } from '../../../examples/invoices/src/generated/server.ts';
import { createReceiver, type InvoiceNotificationContext } from '../../../examples/invoices/receiver/generated/index.ts';
import { listenNode, testSecret, type Listening } from './support/http.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.map((close) => close()));
  cleanup = [];
});

it('the invoices server calls back the invoices receiver', async () => {
  let received!: (context: InvoiceNotificationContext) => void;
  const notification = new Promise<InvoiceNotificationContext>((resolve) => (received = resolve));
  const receiver = createReceiver({
    secret: testSecret,
    handlers: {
      invoice_notification: (context) => {
        received(context);
        return { status: 200, body: { ok: true } };
      },
    },
  });
  const paths: (string | undefined)[] = [];
  const receiverServer: Listening = await listenNode((req, res) => {
    paths.push(req.url);
    void receiver.node(req, res);
  });
  cleanup.push(() => receiverServer.close());

  let delivered!: (result: unknown) => void;
  const delivery = new Promise<unknown>((resolve) => (delivered = resolve));
  // As main.ts runs it: the handler queues the callback, the outbox's dispatcher sends it.
  const outbox = createOutbox({
    store: await openStore('sqlite::memory:'),
    secrets: [testSecret],
    policy: { allowHosts: ['127.0.0.1'] },
    onDelivery: (_event, _url, result) => delivered(result),
  });
  outbox.start();
  cleanup.push(() => outbox.close());
  const api = createServer({ handlers, callbacks: { secrets: [testSecret], policy: { allowHosts: ['127.0.0.1'] }, outbox } });
  cleanup.push(() => api.close());
  await api.listen({ port: 0, host: '127.0.0.1' });
  const address = api.server.address();
  const apiPort = typeof address === 'object' && address !== null ? address.port : 0;

  // FastAPI's values: note the total as a string, which the server coerces as FastAPI does.
  const callbackUrl = `http://127.0.0.1:${receiverServer.port}/events`;
  const response = await fetch(`http://127.0.0.1:${apiPort}/invoices?callback_url=${encodeURIComponent(callbackUrl)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: '2expen51ve', customer: 'Mr. Richie Rich', total: '9999' }),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ msg: 'Invoice received' });

  const context = await notification;
  expect(context.event).toBe('invoice_notification');
  expect(context.body).toEqual({ description: 'Payment celebration', paid: true });
  expect(context.params).toEqual({ id: '2expen51ve' });
  expect(paths).toEqual(['/events/invoices/2expen51ve']);
  expect(context.headers['boomerang-event']).toBe('invoice_notification');
  expect(context.webhookId).toMatch(/^msg_/);

  // The server validated the receiver's answer against the documented response.
  expect(await delivery).toMatchObject({ ok: true, status: 200, body: { ok: true }, attempts: 1, webhookId: context.webhookId });
});
