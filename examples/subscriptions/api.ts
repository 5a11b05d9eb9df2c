/**
 * FastAPI's "OpenAPI Webhooks" tutorial, written once in Boomerang. `GET /users` takes a `limit`,
 * which the tutorial's `/users/` does not: a list that can be asked for too much has a client error
 * to document. The tutorial only declares its webhook; here users subscribe and cancel through the API
 * (`POST /subscriptions`, `DELETE /subscriptions/{username}`), and each of those sends a webhook.
 */
import { defineApi, operation } from '@boomerang/core';
import { z } from 'zod';

export const Subscription = z
  .object({
    username: z.string(),
    monthly_fee: z.number(),
    start_date: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Subscription', examples: [{ username: 'ada', monthly_fee: 9.5, start_date: '2026-03-01T09:00:00Z' }] });

export const Cancellation = z
  .object({
    username: z.string(),
    cancelled_at: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Cancellation', examples: [{ username: 'ada', cancelled_at: '2026-06-30T17:45:00Z' }] });

/** RFC 9457 problem details, what the server answers when a request is not valid. */
export const Problem = z
  .object({
    type: z.string().optional(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
  })
  .meta({ id: 'Problem' });

export default defineApi({
  info: {
    title: 'Subscriptions',
    version: '1.0.0',
    description: 'Users subscribe; the API tells your webhook about every new subscription.',
    license: { name: 'MIT', identifier: 'MIT' },
  },
  // The tutorial's API is public: say so, rather than leave readers guessing. (Its callbacks and
  // webhooks are signed: Boomerang documents that as the `standardWebhooks` security scheme.)
  security: [],
  servers: [{ url: 'https://api.subscriptions.example', description: 'Production' }],
  tags: [
    { name: 'users', description: 'The users of the service.' },
    { name: 'subscriptions', description: 'Subscription events.' },
  ],
  operations: [
    operation({
      method: 'get',
      path: '/users',
      operationId: 'read_users',
      tags: ['users'],
      summary: 'Read Users',
      request: {
        query: z.object({
          limit: z.number().int().min(1).max(100).optional().meta({ description: 'At most this many names (1 to 100; all of them when absent).' }),
        }),
      },
      responses: {
        200: { description: 'The user names.', body: z.array(z.string()) },
        400: { description: 'The limit is not a number from 1 to 100.', body: { contentType: 'application/problem+json', schema: Problem } },
      },
    }),
    operation({
      method: 'post',
      path: '/subscriptions',
      operationId: 'create_subscription',
      tags: ['subscriptions'],
      summary: 'Subscribe',
      description: 'Starts a subscription; the `new-subscription` webhook tells your endpoint about it.',
      request: { body: Subscription },
      responses: {
        201: { description: 'The subscription started.', body: Subscription },
        400: { description: 'The subscription is not valid.', body: { contentType: 'application/problem+json', schema: Problem } },
        409: { description: 'The user has a subscription already.', body: { contentType: 'application/problem+json', schema: Problem } },
      },
    }),
    operation({
      method: 'delete',
      path: '/subscriptions/{username}',
      operationId: 'cancel_subscription',
      tags: ['subscriptions'],
      summary: 'Cancel',
      description: 'Ends a subscription; the `subscription-cancelled` webhook tells your endpoint about it.',
      request: { params: z.object({ username: z.string() }) },
      responses: {
        204: { description: 'The subscription ended.' },
        404: { description: 'The user has no subscription.', body: { contentType: 'application/problem+json', schema: Problem } },
      },
    }),
  ],
  webhooks: {
    'new-subscription': {
      post: {
        tags: ['subscriptions'],
        summary: 'New Subscription',
        description:
          'When a new user subscribes to your service we\'ll send you a POST request with this data to the URL that you register for the event `new-subscription` in the dashboard.',
        request: { body: Subscription },
        responses: {
          200: { description: 'The event was received.' },
        },
      },
    },
    'subscription-cancelled': {
      post: {
        tags: ['subscriptions'],
        summary: 'Subscription Cancelled',
        description: 'When a user cancels their subscription, we send you a POST request with who and when.',
        request: { body: Cancellation },
        responses: {
          200: { description: 'The event was received.' },
        },
      },
    },
  },
});
