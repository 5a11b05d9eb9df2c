import type { Handlers } from '../generated/server.ts';

/**
 * DELETE /orders/{orderId} — Cancel an order
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 */
export const deleteOrdersByOrderId: Handlers["deleteOrdersByOrderId"] = async (context) => {
  context.log.info('DELETE /orders/{orderId} is not implemented yet');
};
