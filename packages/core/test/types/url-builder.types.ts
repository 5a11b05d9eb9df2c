/**
 * Compile-time tests of the typed URL builder, checked by `tsc` (npm run typecheck, part of npm test):
 * each `@ts-expect-error` fails the type check if the line below it ever compiles.
 */
import { operation } from '@boomerang/core';
import { z } from 'zod';

const Invoice = z.object({ id: z.string(), lines: z.array(z.object({ sku: z.string() })), meta: z.object({ 'a/b': z.string() }).optional() });

export const valid = operation({
  method: 'post',
  path: '/invoices/{tenant}',
  request: {
    params: z.object({ tenant: z.string() }),
    query: z.object({ callback_url: z.url().optional() }),
    headers: z.object({ 'x-callback': z.string() }),
    body: Invoice,
  },
  responses: { 200: { body: z.object({ msg: z.string() }), headers: z.object({ Location: z.string() }) } },
  callbacks: {
    ok: {
      url: ({ request, response, url, method, statusCode }) =>
        `${request.query.callback_url}/${request.path.tenant}/${request.body.id}/${request.body.lines[0].sku}/${request.body.meta['a/b']}` +
        `${request.header['x-callback']}${response.body.msg}${response.header.Location}${url}${method}${statusCode}`,
      post: { responses: { 200: { description: 'ok' } } },
    },
  },
});

export const wrongBodyField = operation({
  method: 'post',
  path: '/invoices/',
  request: { query: z.object({ callback_url: z.url().optional() }), body: Invoice },
  responses: { 200: { description: 'ok' } },
  callbacks: {
    // @ts-expect-error `nope` is not a field of Invoice.
    bad: { url: ({ request }) => `${request.query.callback_url}/invoices/${request.body.nope}`, post: { responses: { 200: { description: 'ok' } } } },
  },
});

export const wrongQuery = operation({
  method: 'post',
  path: '/invoices/',
  request: { query: z.object({ callback_url: z.url().optional() }), body: Invoice },
  responses: { 200: { description: 'ok' } },
  callbacks: {
    // @ts-expect-error `callbackUrl` is not a declared query parameter.
    bad: { url: ({ request }) => `${request.query.callbackUrl}/invoices`, post: { responses: { 200: { description: 'ok' } } } },
  },
});

export const noBody = operation({
  method: 'get',
  path: '/invoices/',
  request: { query: z.object({ callback_url: z.url() }) },
  responses: { 200: { description: 'ok' } },
  callbacks: {
    // @ts-expect-error there is no request body to read `id` from.
    bad: { url: ({ request }) => `${request.query.callback_url}/${request.body.id}`, post: { responses: { 200: { description: 'ok' } } } },
  },
});

export const nestedMissing = operation({
  method: 'post',
  path: '/invoices/',
  request: { body: Invoice },
  responses: { 200: { description: 'ok' } },
  callbacks: {
    // @ts-expect-error `lines[0]` has `sku`, not `price`.
    bad: { url: ({ request }) => `https://x.example/${request.body.lines[0].price}`, post: { responses: { 200: { description: 'ok' } } } },
  },
});
