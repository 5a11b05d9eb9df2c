import type { Handlers } from '../generated/server.ts';

/**
 * DELETE /subscriptions/{username} — Cancel
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 *
 * The API's webhooks go to the endpoints subscribed to them: `webhooks[…].queue(body)` stores one
 * delivery per subscription (`new-subscription`, `subscription-cancelled`).
 */
export const cancel_subscription: Handlers["cancel_subscription"] = async (context) => {
  context.log.info('DELETE /subscriptions/{username} is not implemented yet');
};
