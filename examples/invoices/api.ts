/**
 * FastAPI's "OpenAPI Callbacks" tutorial, written once in Boomerang. The callback URL is a typed
 * builder: it compiles to `{$request.query.callback_url}/invoices/{$request.body#/id}`, and naming a
 * field that `Invoice` does not have is a compile error. The path is `/invoices`, not the tutorial's
 * `/invoices/`: with the slash, `/invoices` would be another URL, one the server does not serve.
 */
import { defineApi, operation } from '@boomerang/core';
import { z } from 'zod';

export const Invoice = z
  .object({
    id: z.string(),
    title: z.string().optional(),
    customer: z.string(),
    total: z.number(),
  })
  .meta({ id: 'Invoice', examples: [{ id: '2expen51ve', title: 'Consulting, March', customer: 'Ada Lovelace', total: 1250.5 }] });

export const InvoiceEvent = z
  .object({
    description: z.string(),
    paid: z.boolean(),
  })
  .meta({ id: 'InvoiceEvent', examples: [{ description: 'Invoice 2expen51ve was paid', paid: true }] });

export const InvoiceEventReceived = z.object({ ok: z.boolean() }).meta({ id: 'InvoiceEventReceived', examples: [{ ok: true }] });

export const InvoiceCreated = z.object({ msg: z.string() }).meta({ id: 'InvoiceCreated', examples: [{ msg: 'Invoice received' }] });

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
    title: 'Invoices',
    version: '1.0.0',
    description: 'Create invoices; when one is paid, the API calls back the URL its creator gave.',
    license: { name: 'MIT', identifier: 'MIT' },
  },
  // The tutorial's API is public: say so, rather than leave readers guessing. (Its callbacks and
  // webhooks are signed: Boomerang documents that as the `standardWebhooks` security scheme.)
  security: [],
  servers: [{ url: 'https://api.invoices.example', description: 'Production' }],
  tags: [{ name: 'invoices', description: 'Invoices and their payment notifications.' }],
  operations: [
    operation({
      method: 'post',
      path: '/invoices',
      operationId: 'create_invoice',
      tags: ['invoices'],
      summary: 'Create Invoice',
      description: [
        'Create an invoice.',
        '',
        "This will (let's imagine) let the API user (some external developer) create an invoice.",
        '',
        'And this path operation will:',
        '',
        '* Send the invoice to the client.',
        '* Collect the money from the client.',
        '* Send a notification back to the API user (the external developer), as a callback.',
        '    * At this point is that the API will somehow send a POST request to the external API with the notification of the invoice event (e.g. "payment successful").',
      ].join('\n'),
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
});
