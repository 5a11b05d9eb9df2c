import type { Handlers } from '../generated/server.ts';

/**
 * POST /invoices — Create Invoice
 *
 * As in FastAPI's tutorial: take the invoice, answer at once, then (once the money is collected)
 * notify the API user at the callback URL they gave.
 */
export const create_invoice: Handlers['create_invoice'] = async ({ body, callbacks, afterResponse, log }) => {
  const notification = callbacks.invoice_notification;
  if (notification.url === undefined) {
    log.info({ invoice: body.id }, 'no callback_url given: nobody to notify');
  } else {
    afterResponse(async () => {
      // "Collect the money", then send the notification (the callback).
      await new Promise((resolve) => setTimeout(resolve, 100));
      const outcome = await notification.send({ description: 'Payment celebration', paid: true });
      if (outcome.ok) log.info({ invoice: body.id, url: outcome.url, answer: outcome.body }, 'invoice_notification delivered');
      else log.warn({ invoice: body.id, outcome }, 'invoice_notification failed');
    });
  }
  return { status: 200, body: { msg: 'Invoice received' } };
};
