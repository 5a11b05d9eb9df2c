/**
 * The round trip the receiver package's README shows, over real HTTP on 127.0.0.1: its client creates
 * an invoice on the generated invoices server, giving its receiver's URL as `callbackUrl`; the server
 * sends invoice_notification there, and a receiver built from the same package verifies and answers it.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOutbox, openStore, type Outbox } from '@boomerang/runtime';
import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { ClientError, createClient, createReceiver, type InvoiceNotificationContext } from '../receiver/generated/index.ts';
import { handlers } from '../src/generated/handlers.ts';
import { createServer } from '../src/generated/server.ts';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const invoice = { id: '2expen51ve', title: 'Consulting, March', customer: 'Ada Lovelace', total: 1250.5 };

let api: FastifyInstance | undefined;
let outbox: Outbox | undefined;
let receiverServer: Server | undefined;
afterEach(async () => {
  await api?.close();
  await outbox?.close({ graceMs: 1000 });
  if (receiverServer) {
    receiverServer.closeAllConnections();
    await new Promise((resolve) => receiverServer!.close(resolve));
  }
  api = outbox = receiverServer = undefined;
});

/** The invoices server as main.ts builds it: create_invoice queues the callback, the outbox sends it. */
async function startApi(): Promise<string> {
  outbox = createOutbox({ store: await openStore('sqlite::memory:'), secrets: [secret], policy: { allowHosts: ['127.0.0.1'] }, timeoutMs: 2_000 });
  outbox.start();
  api = createServer({ handlers, callbacks: { secrets: [secret], policy: { allowHosts: ['127.0.0.1'] }, outbox } });
  return api.listen({ port: 0, host: '127.0.0.1' });
}

/** A receiver from the same package, on node:http, handing each notification to the test. */
async function startReceiver(): Promise<{ origin: string; notification: Promise<InvoiceNotificationContext> }> {
  let received!: (context: InvoiceNotificationContext) => void;
  const notification = new Promise<InvoiceNotificationContext>((resolve) => (received = resolve));
  const receiver = createReceiver({
    secret,
    handlers: {
      invoice_notification: (context) => {
        received(context);
        return { status: 200, body: { ok: true } };
      },
    },
  });
  receiverServer = createHttpServer(receiver.node);
  await new Promise<void>((resolve) => receiverServer!.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(receiverServer.address() as AddressInfo).port}`, notification };
}

it('the client creates an invoice, and the callback it causes reaches the receiver', async () => {
  const receiver = await startReceiver();
  const client = createClient({ baseUrl: await startApi() });

  const result = await client.createInvoice(invoice, { callbackUrl: `${receiver.origin}/events` });
  expect(result.status).toBe(200);
  if (result.status !== 200) throw new Error('narrowed above');
  expect(result.body).toEqual({ msg: 'Invoice received' });
  expect(result.headers.get('content-type')).toBe('application/json; charset=utf-8');

  const context = await receiver.notification;
  expect(context.event).toBe('invoice_notification');
  expect(context.params).toEqual({ id: '2expen51ve' });
  expect(context.body).toEqual({ description: 'Payment celebration', paid: true });
  expect(context.webhookId).toMatch(/^msg_/);
});

it('gives the server\'s 400 as the typed problem it documents', async () => {
  const client = createClient({ baseUrl: await startApi() });
  const result = await client.createInvoice(invoice, { callbackUrl: 'not a url' });
  expect(result.status).toBe(400);
  if (result.status !== 400) throw new Error('narrowed above');
  expect(result.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
  expect(result.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
});

it('rejects a status the API does not document with a ClientError', async () => {
  const client = createClient({ baseUrl: `${await startApi()}/nowhere` });
  const error = await client.createInvoice(invoice).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ClientError);
  expect(error).toMatchObject({ reason: 'unexpected-status', status: 404, attempts: 1 });
});
