import type { Handlers } from '../generated/server.ts';

/**
 * POST /invoices — Create Invoice
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 *
 * `callbacks.invoice_notification.queue(body)` stores POST {$request.query.callback_url}/invoices/{$request.body#/id} and resolves once it is stored:
 * it is sent signed, retried for hours and kept across restarts (see CALLBACK_STORE in main.ts).
 * `callbacks.invoice_notification.send(body)` sends it now instead and resolves with the receiver's answer.
 */
export const create_invoice: Handlers["create_invoice"] = async (context) => {
  context.log.info('POST /invoices is not implemented yet');
};
