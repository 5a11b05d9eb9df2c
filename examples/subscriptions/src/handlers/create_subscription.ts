import type { Handlers } from '../generated/server.ts';
import { subscribers } from '../users.ts';

/**
 * POST /subscriptions — Subscribe
 *
 * Keeps the subscription, then queues the `new-subscription` webhook: one delivery per endpoint
 * subscribed to it, stored before the answer goes out, sent signed and retried until received.
 */
export const create_subscription: Handlers['create_subscription'] = async ({ body, webhooks, log }) => {
  if (subscribers.has(body.username)) {
    return { status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, detail: `${body.username} has a subscription already.` } };
  }
  subscribers.set(body.username, body);
  const outcome = await webhooks['new-subscription'].queue(body);
  if (outcome.ok) log.info({ username: body.username, deliveries: outcome.deliveries.length }, 'new-subscription queued');
  else log.error({ username: body.username, issues: outcome.issues }, outcome.message);
  return { status: 201, body };
};
