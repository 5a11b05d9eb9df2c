/**
 * `queue(body, { tx })` as a handler writes it, on a real Postgres (tools/testing/postgres.ts): the
 * user's own `pg` client opens a transaction, writes its own row (the invoice), queues the callback in
 * the same transaction. Rolled back: neither the row nor the delivery exists and nothing is ever sent.
 * Committed: both exist, and the dispatcher sends the callback, signed.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../../../../tools/testing/postgres.ts';
import { bindCallback, type CallbackSpec } from '../../src/bound-callback.ts';
import { createOutbox, type Outbox } from '../../src/outbox/outbox.ts';
import { openPostgresStore } from '../../src/outbox/stores/postgres.ts';
import { generateSecret, verifyPayload } from '../../src/standard-webhooks.ts';
import { closeReceivers, inTurn, startReceiver } from './receiver.ts';

const spec: CallbackSpec = {
  event: 'invoice_notification',
  method: 'post',
  url: '{$request.query.callback_url}/invoices/{$request.body#/id}',
  contentType: 'application/json',
  bodySchema: { type: 'object', properties: { paid: { type: 'boolean' } }, required: ['paid'] },
  responses: { '200': null },
};
const secret = generateSecret();

let server: PostgresServer | undefined;
let startError: unknown;
let outbox: Outbox | undefined;
let client: pg.Client | undefined;

beforeAll(async () => {
  try {
    server = await startPostgres();
  } catch (error) {
    startError = error;
  }
}, 60_000);

afterAll(async () => {
  try {
    await outbox?.close({ graceMs: 0 });
    await client?.end();
    await closeReceivers();
  } finally {
    await server?.stop();
  }
}, 60_000);

async function setUp(): Promise<{ outbox: Outbox; client: pg.Client }> {
  if (server === undefined) throw startError ?? new Error('Postgres did not start');
  outbox ??= createOutbox({ store: await openPostgresStore(server.url), secrets: [secret], policy: { allowHosts: ['127.0.0.1'] }, pollIntervalMs: 50 });
  if (client === undefined) {
    client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query('CREATE TABLE IF NOT EXISTS invoices (id text PRIMARY KEY, total numeric NOT NULL)');
  }
  return { outbox, client };
}

/** What a handler does: its own write and the callback, in one transaction. */
async function createInvoice(db: pg.Client, box: Outbox, callbackUrl: string, id: string, end: 'COMMIT' | 'ROLLBACK') {
  const notification = bindCallback<{ paid: boolean }, unknown>(spec, { outbox: box }, { url: `http://api.test/invoices?callback_url=${callbackUrl}`, method: 'POST', query: { callback_url: callbackUrl }, body: { id } }, () => undefined);
  await db.query('BEGIN');
  await db.query('INSERT INTO invoices (id, total) VALUES ($1, $2)', [id, 9999]);
  const outcome = await notification.queue({ paid: true }, { tx: db });
  await db.query(end);
  return outcome;
}

describe('queue(body, { tx }) on Postgres', () => {
  it('stores the callback if and only if the transaction commits, and the dispatcher sends only that one', async () => {
    const { outbox: box, client: db } = await setUp();
    const receiver = await startReceiver(inTurn({ status: 200 }));
    box.start();

    const rolledBack = await createInvoice(db, box, receiver.origin, 'inv_rolled_back', 'ROLLBACK');
    const committed = await createInvoice(db, box, receiver.origin, 'inv_committed', 'COMMIT');
    // queue answers the same either way: it cannot know how the caller's transaction ends.
    expect(rolledBack).toMatchObject({ ok: true, queued: true, url: `${receiver.origin}/invoices/inv_rolled_back` });
    expect(committed).toMatchObject({ ok: true, queued: true, url: `${receiver.origin}/invoices/inv_committed` });
    if (!rolledBack.ok || !committed.ok) throw new Error('unreachable');

    expect(await box.deliveries.show(rolledBack.webhookId)).toBeUndefined();
    expect((await db.query('SELECT id FROM invoices ORDER BY id')).rows).toEqual([{ id: 'inv_committed' }]);

    await receiver.waitFor(1, 10_000);
    await box.idle();
    expect(receiver.received.map((request) => request.url)).toEqual(['/invoices/inv_committed']);
    const [request] = receiver.received;
    expect(request!.headers['webhook-id']).toBe(committed.webhookId);
    expect(
      verifyPayload({
        payload: request!.body,
        headers: request!.headers,
        secrets: [secret],
      }).ok,
    ).toBe(true);
    expect(await box.deliveries.counts()).toEqual({ pending: 0, delivered: 1, dead: 0 });
  });
});
