import type { Handlers } from '../generated/server.ts';

/**
 * POST /invoices — Create Invoice
 *
 * Written once with the project, then yours: `boomerang generate` never overwrites it. It answers at
 * once, then (once the invoice is paid) notifies the API user at the callback URL they gave.
 */
export const create_invoice: Handlers['create_invoice'] = async ({ body, callbacks, afterResponse, log }) => {
  const notification = callbacks.invoice_notification;
  if (notification.url === undefined) {
    log.info({ id: body.id }, 'no callback_url given: nobody to notify');
  } else {
    afterResponse(async () => {
      // Collect the money here, then send the notification (the callback).
      const outcome = await notification.send({ description: `Invoice ${body.id} paid`, paid: true });
      if (outcome.ok) log.info({ id: body.id, url: outcome.url, answer: outcome.body }, 'invoice_notification delivered');
      else log.warn({ id: body.id, outcome }, 'invoice_notification failed');
    });
  }
  return { status: 200, body: { msg: 'Invoice received' } };
};
