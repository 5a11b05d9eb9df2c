import type { Handlers } from '../generated/server.ts';

/**
 * PUT /orders/{orderId}/attachments/{name} — Upload an attachment
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 *
 * The API's webhooks go to the endpoints subscribed to them: `webhooks[…].queue(body)` stores one
 * delivery per subscription (`order.shipped`, `orderArchivedPost`, `orderArchivedDelete`).
 */
export const putOrdersByOrderIdAttachmentsByName: Handlers["putOrdersByOrderIdAttachmentsByName"] = async (context) => {
  context.log.info('PUT /orders/{orderId}/attachments/{name} is not implemented yet');
};
