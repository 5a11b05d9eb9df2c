// Compiled by test/url-builder-types.test.ts, which asserts the exact error: `request.body.nope` does not exist.
import { defineApi, operation } from '@boomerang/core';
import { z } from 'zod';

const Invoice = z.object({ id: z.string(), customer: z.string(), total: z.number() });

export default defineApi({
  info: { title: 'Invoices', version: '1.0.0' },
  operations: [
    operation({
      method: 'post',
      path: '/invoices/',
      request: { query: z.object({ callback_url: z.url().optional() }), body: Invoice },
      responses: { 200: { description: 'ok' } },
      callbacks: {
        invoice_notification: {
          url: ({ request }) => `${request.query.callback_url}/invoices/${request.body.nope}`,
          post: { responses: { 200: { description: 'ok' } } },
        },
      },
    }),
  ],
});
