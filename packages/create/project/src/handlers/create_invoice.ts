import type { Handlers } from '../generated/server.ts';

/**
 * POST /invoices — Create Invoice
 *
 * Written once with the project, then yours: `boomerang generate` never overwrites it. It queues the
 * notification to the callback URL the API user gave, then answers: the queued callback is stored
 * before the answer goes out (in CALLBACK_STORE, see src/main.ts), then sent signed and retried on the
 * schedule until the receiver has it, across restarts. (`send` instead of `queue` sends it now and
 * hands you the receiver's answer.)
 */
export const create_invoice: Handlers['create_invoice'] = async ({ body, callbacks, log }) => {
  const outcome = await callbacks.invoice_notification.queue({ description: `Invoice ${body.id} paid`, paid: true });
  if (outcome.ok) log.info({ id: body.id, url: outcome.url, webhookId: outcome.webhookId }, 'invoice_notification queued');
  else if (outcome.reason === 'url-unavailable') log.info({ id: body.id }, 'no callback_url given: nobody to notify');
  else log.error({ id: body.id, issues: outcome.issues }, outcome.message);
  return { status: 200, body: { msg: 'Invoice received' } };
};
