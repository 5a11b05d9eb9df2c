import type { Handlers } from '../generated/server.ts';

/**
 * POST /invoices — Create Invoice
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 *
 * `callbacks.invoice_notification.send(body)` sends POST {$request.query.callback_url}/invoices/{$request.body#/id}, signed;
 * keep it and send it later with `afterResponse(() => callbacks.invoice_notification.send(...))`.
 */
export const create_invoice: Handlers["create_invoice"] = async (context) => {
  context.log.info('POST /invoices is not implemented yet');
};
