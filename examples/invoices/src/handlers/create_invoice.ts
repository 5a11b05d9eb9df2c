import type { Handlers } from '../generated/server.ts';

/**
 * POST /invoices — Create Invoice
 *
 * As in FastAPI's tutorial: take the invoice, answer at once, then (once the money is collected)
 * notify the API user at the callback URL they gave. The notification is queued: stored before the
 * answer goes out, then sent, signed and retried on the schedule, and kept across restarts until the
 * receiver has it.
 */
export const create_invoice: Handlers['create_invoice'] = async ({ body, callbacks, log }) => {
  const outcome = await callbacks.invoice_notification.queue({ description: 'Payment celebration', paid: true });
  if (outcome.ok) log.info({ invoice: body.id, url: outcome.url, webhookId: outcome.webhookId }, 'invoice_notification queued');
  else if (outcome.reason === 'url-unavailable') log.info({ invoice: body.id }, 'no callback_url given: nobody to notify');
  else log.error({ invoice: body.id, issues: outcome.issues }, outcome.message);
  return { status: 200, body: { msg: 'Invoice received' } };
};
