import type { Handlers } from '../generated/server.ts';

/**
 * POST /orders/{orderId}/notes — Add a plain-text note
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 *
 * The API's webhooks go to the endpoints subscribed to them: `webhooks[…].queue(body)` stores one
 * delivery per subscription (`order.shipped`, `orderArchivedPost`, `orderArchivedDelete`).
 */
export const postOrdersByOrderIdNotes: Handlers["postOrdersByOrderIdNotes"] = async (context) => {
  context.log.info('POST /orders/{orderId}/notes is not implemented yet');
};
