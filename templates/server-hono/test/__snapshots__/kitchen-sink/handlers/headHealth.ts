import type { Handlers } from '../generated/server.ts';

/**
 * HEAD /health — Is it up?
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 *
 * The API's webhooks go to the endpoints subscribed to them: `webhooks[…].queue(body)` stores one
 * delivery per subscription (`order.shipped`, `orderArchivedPost`, `orderArchivedDelete`).
 */
export const headHealth: Handlers["headHealth"] = async (context) => {
  context.log.info('HEAD /health is not implemented yet');
};
