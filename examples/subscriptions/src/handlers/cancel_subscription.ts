import type { Handlers } from '../generated/server.ts';
import { subscribers } from '../users.ts';

/** DELETE /subscriptions/{username} — Cancel: ends the subscription and queues `subscription-cancelled`. */
export const cancel_subscription: Handlers['cancel_subscription'] = async ({ params, webhooks, log }) => {
  if (!subscribers.delete(params.username)) {
    return { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404, detail: `${params.username} has no subscription.` } };
  }
  const outcome = await webhooks['subscription-cancelled'].queue({ username: params.username, cancelled_at: new Date().toISOString() });
  if (outcome.ok) log.info({ username: params.username, deliveries: outcome.deliveries.length }, 'subscription-cancelled queued');
  else log.error({ username: params.username, issues: outcome.issues }, outcome.message);
  return { status: 204 };
};
