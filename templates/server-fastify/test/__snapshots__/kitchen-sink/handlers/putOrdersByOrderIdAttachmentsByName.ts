import type { Handlers } from '../generated/server.ts';

/**
 * PUT /orders/{orderId}/attachments/{name} — Upload an attachment
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 */
export const putOrdersByOrderIdAttachmentsByName: Handlers["putOrdersByOrderIdAttachmentsByName"] = async (context) => {
  context.log.info('PUT /orders/{orderId}/attachments/{name} is not implemented yet');
};
