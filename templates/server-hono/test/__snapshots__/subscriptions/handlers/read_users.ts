import type { Handlers } from '../generated/server.ts';

/**
 * GET /users — Read Users
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 *
 * The API's webhooks go to the endpoints subscribed to them: `webhooks[…].queue(body)` stores one
 * delivery per subscription (`new-subscription`, `subscription-cancelled`).
 */
export const read_users: Handlers["read_users"] = async (context) => {
  context.log.info('GET /users is not implemented yet');
};
