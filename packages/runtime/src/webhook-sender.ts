/**
 * A webhook, sendable: `webhooks['new-subscription']` in generated code. One publish fans out to every
 * enabled subscription that wants the event, each delivery with its own `webhook-id`, signature (the
 * subscription's secret), log and retries, as Svix does. The body is validated once, before anything
 * is sent or stored.
 */
import { answerValidatorOf, bodyValidatorOf, type CallbackSenderOptions, type CallbackSpec } from './bound-callback.ts';
import { deliver, type DeliveryResult } from './deliver.ts';
import { authenticateDelivery } from './delivery-auth.ts';
import type { QueueOptions } from './outbox/outbox.ts';
import type { Subscription } from './outbox/store.ts';
import type { ValidationIssue } from './validation-issue.ts';

/** What generated code knows of one webhook: a callback without a URL (its subscriptions give those). */
export type WebhookSpec = Omit<CallbackSpec, 'url'>;

type Refusal = { readonly ok: false; readonly reason: 'invalid-body'; readonly issues: readonly ValidationIssue[]; readonly message: string };

export type WebhookSendOutcome<Reply> =
  | {
      readonly ok: true;
      /** One per subscription, in the subscriptions' order, each with its own `ok`; `failed` counts the ones that did not succeed. */
      readonly deliveries: readonly ({ readonly subscriptionId: string; readonly url: string } & (({ readonly ok: true; readonly attempts: number; readonly webhookId: string } & Reply) | Extract<DeliveryResult, { ok: false }>))[];
      readonly delivered: number;
      readonly failed: number;
    }
  | Refusal;

export type WebhookQueueOutcome =
  | { readonly ok: true; readonly queued: true; readonly deliveries: readonly { readonly subscriptionId: string; readonly url: string; readonly webhookId: string }[] }
  | Refusal;

export interface WebhookSender<Body, Reply> {
  readonly event: string;
  /** Sends to every subscribed endpoint now, retrying in this process, and resolves with each answer. */
  send(body: Body, options?: { readonly headers?: Readonly<Record<string, string>>; readonly signal?: AbortSignal }): Promise<WebhookSendOutcome<Reply>>;
  /** Stores one delivery per subscribed endpoint, all or none (in `tx` when given); the dispatcher sends them. */
  queue(body: Body, options?: QueueOptions): Promise<WebhookQueueOutcome>;
}

export function webhookSender<Body, Reply>(spec: WebhookSpec, options: CallbackSenderOptions): WebhookSender<Body, Reply> {
  // Known at once: subscriptions to this event are accepted, and queued deliveries' answers checked.
  options.outbox?.registerEvent(spec.event, 'webhook', answerValidatorOf(spec), spec.auth);
  const outboxOf = (verb: string) => {
    if (options.outbox === undefined) {
      throw new Error(`webhooks[${JSON.stringify(spec.event)}].${verb} needs the store that keeps the subscriptions: give createServer (or createWebhooks) an \`outbox\`.`);
    }
    return options.outbox;
  };
  const check = (body: Body): Refusal | undefined => {
    const issues = bodyValidatorOf(spec)?.(body) ?? [];
    return issues.length > 0 ? { ok: false, reason: 'invalid-body', issues, message: `The ${spec.event} body does not match its schema; nothing was sent.` } : undefined;
  };
  return {
    event: spec.event,
    async send(body, sendOptions = {}) {
      const outbox = outboxOf('send');
      const refused = check(body);
      if (refused) return refused;
      const subscriptions = await outbox.subscriptions.list({ event: spec.event });
      const { onDelivery, onRetry, outbox: _outbox, credentials, ...deliveryOptions } = options;
      const results = await Promise.all(
        subscriptions.map(async (subscription: Subscription) => {
          const secured = authenticateDelivery(spec.event, subscription.url, spec.auth, credentials);
          const headers = spec.auth === undefined ? sendOptions.headers : { ...sendOptions.headers, ...secured.headers };
          const result = await deliver(
            { url: secured.url, method: spec.method.toUpperCase(), body, contentType: spec.contentType, ...(headers ? { headers } : {}) },
            {
              ...deliveryOptions,
              secrets: secured.signed ? [subscription.secret] : [],
              event: spec.event,
              validateResponse: answerValidatorOf(spec),
              ...(sendOptions.signal ? { signal: sendOptions.signal } : {}),
              ...(onRetry ? { onRetry: (failure, delayMs) => onRetry(spec.event, subscription.url, failure, delayMs) } : {}),
            },
          );
          onDelivery?.(spec.event, subscription.url, result);
          const where = { subscriptionId: subscription.id, url: subscription.url };
          return result.ok ? { ...where, ok: true as const, attempts: result.attempts, webhookId: result.webhookId, status: result.status, body: result.body } : { ...where, ...result };
        }),
      );
      const delivered = results.filter((result) => result.ok).length;
      return { ok: true, deliveries: results as never, delivered, failed: results.length - delivered };
    },
    async queue(body, queueOptions = {}) {
      const outbox = outboxOf('queue');
      const refused = check(body);
      if (refused) return refused;
      const subscriptions = await outbox.subscriptions.list({ event: spec.event });
      const ids = await outbox.enqueueAll(
        subscriptions.map((subscription) => ({ kind: 'webhook' as const, event: spec.event, url: subscription.url, method: spec.method, contentType: spec.contentType, body, subscriptionId: subscription.id })),
        queueOptions,
      );
      return { ok: true, queued: true, deliveries: subscriptions.map((subscription, index) => ({ subscriptionId: subscription.id, url: subscription.url, webhookId: ids[index] as string })) };
    },
  };
}
