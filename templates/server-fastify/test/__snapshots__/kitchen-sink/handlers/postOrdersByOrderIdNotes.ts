import type { Handlers } from '../generated/server.ts';

/**
 * POST /orders/{orderId}/notes — Add a plain-text note
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 */
export const postOrdersByOrderIdNotes: Handlers["postOrdersByOrderIdNotes"] = async (context) => {
  context.log.info('POST /orders/{orderId}/notes is not implemented yet');
};
