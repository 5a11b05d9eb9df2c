/**
 * The {{title}} API, after FastAPI's "OpenAPI Callbacks" tutorial: `POST /invoices` answers at once,
 * then calls back the URL its caller gave; `invoice-paid` is a webhook, sent to the endpoints that
 * subscribed to it. The callback URL is a typed builder: it compiles to the runtime expression
 * `{$request.query.callback_url}/invoices/{$request.body#/id}`, and naming a field that `Invoice`
 * does not have is a compile error. Edit it, then `npm run generate` (or `npm start`).
 */
import { defineApi, operation } from '@boomerang/core';
import { z } from 'zod';

export const Invoice = z
  .object({
    id: z.string().meta({ description: 'Your reference for the invoice.', examples: ['2expen51ve'] }),
    title: z.string().optional(),
    customer: z.string().meta({ examples: ['Mr. Richie Rich'] }),
    total: z.number().meta({ examples: [9999] }),
  })
  .meta({ id: 'Invoice' });

export const InvoiceCreated = z.object({ msg: z.string() }).meta({ id: 'InvoiceCreated' });

export const InvoiceEvent = z
  .object({
    description: z.string(),
    paid: z.boolean(),
  })
  .meta({ id: 'InvoiceEvent' });

export const InvoiceEventReceived = z.object({ ok: z.boolean() }).meta({ id: 'InvoiceEventReceived' });

export const InvoicePaid = z
  .object({
    id: z.string(),
    total: z.number(),
    paidAt: z.iso.datetime(),
  })
  .meta({ id: 'InvoicePaid' });

/** RFC 9457 problem details: what the server answers when a request is not valid. */
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
    title: '{{title}}',
    version: '1.0.0',
    description: 'Create invoices; once one is paid, the API calls back the URL its creator gave, and notifies the subscribers of `invoice-paid`.',
    license: { name: 'MIT', identifier: 'MIT' },
  },
  // Public: say so rather than leave readers guessing. Callbacks and webhooks are signed (Standard
  // Webhooks), which the document shows as the `standardWebhooks` security scheme.
  security: [],
  servers: [{ url: 'https://api.{{name}}.example', description: 'Production' }],
  tags: [{ name: 'invoices', description: 'Invoices and their payment notifications.' }],
  operations: [
    operation({
      method: 'post',
      path: '/invoices',
      operationId: 'create_invoice',
      tags: ['invoices'],
      summary: 'Create Invoice',
      description: 'Take an invoice and answer at once. Once it is paid, send a notification back to the `callback_url` the API user gave, as a callback.',
      request: {
        query: z.object({
          callback_url: z.url().optional().meta({ description: 'Where to send the invoice events, e.g. https://www.external.org/events' }),
        }),
        body: Invoice,
      },
      responses: {
        200: { description: 'The invoice was received.', body: InvoiceCreated },
        400: { description: 'The invoice or the callback URL is not valid.', body: { contentType: 'application/problem+json', schema: Problem } },
      },
      callbacks: {
        invoice_notification: {
          url: ({ request }) => `${request.query.callback_url}/invoices/${request.body.id}`,
          post: {
            summary: 'Invoice Notification',
            description: 'Sent once the invoice is paid (or could not be).',
            request: { body: InvoiceEvent },
            responses: {
              200: { description: 'The event was received.', body: InvoiceEventReceived },
            },
          },
        },
      },
    }),
  ],
  webhooks: {
    'invoice-paid': {
      post: {
        tags: ['invoices'],
        summary: 'Invoice Paid',
        description: 'Sent to every endpoint subscribed to `invoice-paid` when an invoice is paid.',
        request: { body: InvoicePaid },
        responses: {
          200: { description: 'The event was received.' },
        },
      },
    },
  },
});
