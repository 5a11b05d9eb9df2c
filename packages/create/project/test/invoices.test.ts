// The {{title}} service over real HTTP, both sides as they run for real: the generated server on
// 127.0.0.1, a POST to it, and the callback it then sends, signed, to the generated receiver (the
// package your API's users install), listening on 127.0.0.1 as theirs would.
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
{{serverImport}}import { createOutbox, generateSecret, openStore } from '@boomerang/runtime';
import { expect, test } from 'vitest';
import { createReceiver, signWebhook, type InvoiceEvent } from '../receiver/generated/index.ts';
import { handlers } from '../src/generated/handlers.ts';
import { createServer } from '../src/generated/server.ts';

interface Notification {
  readonly id: string;
  readonly body: InvoiceEvent;
}

/** The API user's side: the generated receiver, verifying signatures with the shared secret. */
async function startReceiver(secret: string) {
  let notified!: (notification: Notification) => void;
  const notification = new Promise<Notification>((resolve) => (notified = resolve));
  const paid: string[] = [];
  const receiver = createReceiver({
    secret,
    handlers: {
      invoice_notification: async ({ body, params }) => {
        notified({ id: params.id, body });
        return { status: 200, body: { ok: true } };
      },
      'invoice-paid': async ({ body }) => {
        paid.push(body.id);
        return { status: 200 };
      },
    },
  });
  const server = createHttpServer(receiver.node);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, notification, paid, close: () => server.close() };
}

async function startService(secret: string) {
  // Callbacks to loopback addresses are refused unless allowed: here the receiver is local.
  const policy = { allowHosts: ['127.0.0.1'] };
  // Queued callbacks are kept in a store (src/main.ts: CALLBACK_STORE); here one in memory, and its dispatcher sends them.
  const outbox = createOutbox({ store: await openStore('sqlite::memory:'), secrets: [secret], policy });
  const app = createServer({ handlers, callbacks: { secrets: [secret], policy, outbox } });
{{startServer}}
}

test('POST /invoices answers, then the signed callback reaches the receiver', async () => {
  const secret = generateSecret();
  const receiver = await startReceiver(secret);
  const service = await startService(secret);
  try {
    const response = await fetch(`${service.url}/invoices?callback_url=${encodeURIComponent(`${receiver.url}/events`)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: '2expen51ve', customer: 'Mr. Richie Rich', total: 9999 }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ msg: 'Invoice received' });
    expect(await receiver.notification).toEqual({ id: '2expen51ve', body: { description: 'Invoice 2expen51ve paid', paid: true } });
  } finally {
    await service.close();
    receiver.close();
  }
});

test('the receiver takes a signed invoice-paid webhook and refuses an unsigned one', async () => {
  const secret = generateSecret();
  const receiver = await startReceiver(secret);
  try {
    const payload = JSON.stringify({ id: '2expen51ve', total: 9999, paidAt: '2026-01-01T00:00:00Z' });
    const signed = await signWebhook({ secret, id: 'msg_1', timestamp: new Date(), body: payload });
    const headers = { 'content-type': 'application/json', 'boomerang-event': 'invoice-paid' };
    const accepted = await fetch(`${receiver.url}/webhooks/invoice-paid`, { method: 'POST', headers: { ...headers, ...signed }, body: payload });
    expect(accepted.status).toBe(200);
    expect(receiver.paid).toEqual(['2expen51ve']);
    const unsigned = await fetch(`${receiver.url}/webhooks/invoice-paid`, { method: 'POST', headers, body: payload });
    expect(unsigned.status).toBe(401);
  } finally {
    receiver.close();
  }
});

test('an invoice without its required fields is a 400 problem', async () => {
  const service = await startService(generateSecret());
  try {
    const response = await fetch(`${service.url}/invoices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'r-2' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  } finally {
    await service.close();
  }
});
