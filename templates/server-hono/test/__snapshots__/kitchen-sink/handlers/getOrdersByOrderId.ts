import type { Handlers } from '../generated/server.ts';

/**
 * GET /orders/{orderId} — Read an order
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 *
 * The API's webhooks go to the endpoints subscribed to them: `webhooks[…].queue(body)` stores one
 * delivery per subscription (`order.shipped`, `orderArchivedPost`, `orderArchivedDelete`).
 */
export const getOrdersByOrderId: Handlers["getOrdersByOrderId"] = async (context) => {
  context.log.info('GET /orders/{orderId} is not implemented yet');
};
