/**
 * Compile-time tests of reusable components, checked by `tsc` (npm run typecheck): each
 * `@ts-expect-error` fails the type check if the line below it ever compiles.
 */
import { defineApi, defineCallback, defineHeader, defineParameter, definePathItem, defineRequestBody, defineResponse, operation, reference } from '@boomerang/core';
import { z } from 'zod';

const Board = z.object({ id: z.string(), callbackUrl: z.url() });
const Ack = { 200: { description: 'ok' } } as const;

const Tenant = defineParameter({ name: 'tenant', in: 'query', schema: z.string() }, { id: 'Tenant' });
const Trace = defineParameter({ name: 'x-trace', in: 'header', schema: z.string() });
const BoardBody = defineRequestBody({ schema: Board }, { id: 'BoardBody' });
const Remaining = defineHeader({ schema: z.number().int() }, { id: 'Remaining' });
const Created = defineResponse({ description: 'Created.', body: z.object({ location: z.url() }), headers: { 'X-Remaining': Remaining } }, { id: 'Created' });

/** Reads `request.body.callbackUrl`: usable by every operation whose body has one. */
const BoardChanged = defineCallback<{ body: { callbackUrl: string } }>(
  { url: ({ request }) => `${request.body.callbackUrl}/changed`, post: { responses: Ack } },
  { id: 'BoardChanged' },
);

// Parameters declared one by one, a reusable body and response are what the URL builder sees.
export const typed = operation({
  method: 'post',
  path: '/boards',
  request: { parameters: [Tenant, Trace], body: BoardBody },
  responses: { 201: Created },
  callbacks: {
    changed: BoardChanged,
    own: {
      url: ({ request, response }) => `${request.body.callbackUrl}/${request.query.tenant}/${request.header['x-trace']}/${response.body.location}/${response.header['X-Remaining']}`,
      post: { responses: Ack },
    },
  },
});

export const wrongListedParameter = operation({
  method: 'post',
  path: '/boards',
  request: { parameters: [Tenant], body: BoardBody },
  responses: Ack,
  callbacks: {
    // @ts-expect-error `region` is not a parameter of the operation (only `tenant` is).
    bad: { url: ({ request }) => `${request.body.callbackUrl}/${request.query.region}`, post: { responses: Ack } },
  },
});

export const wrongReusableHeader = operation({
  method: 'post',
  path: '/boards',
  request: { body: BoardBody },
  responses: { 201: Created },
  callbacks: {
    // @ts-expect-error the response declares `X-Remaining`, not `X-Left`.
    bad: { url: ({ request, response }) => `${request.body.callbackUrl}/${response.header['X-Left']}`, post: { responses: Ack } },
  },
});

export const callbackNeedsAField = operation({
  method: 'post',
  path: '/other',
  request: { body: z.object({ id: z.string() }) },
  responses: Ack,
  // @ts-expect-error BoardChanged reads `request.body.callbackUrl`, which this operation's body does not have.
  callbacks: { changed: BoardChanged },
});

export const callbackFieldOfAnotherType = operation({
  method: 'post',
  path: '/other',
  request: { body: z.object({ callbackUrl: z.number() }) },
  responses: Ack,
  // @ts-expect-error BoardChanged needs `callbackUrl` to be a string.
  callbacks: { changed: BoardChanged },
});

// @ts-expect-error a reusable callback's builder reads only what its type argument names.
defineCallback<{ body: { callbackUrl: string } }>({ url: ({ request }) => `${request.body.nope}/x`, post: { responses: Ack } });

// @ts-expect-error a reusable response names its description: one response may serve several status codes.
defineResponse({ body: Board });

// @ts-expect-error `in` is one of path, query, header, cookie.
defineParameter({ name: 'x', in: 'body', schema: z.string() });

const Event = definePathItem({ post: { request: { body: Board }, responses: Ack } }, { id: 'Event' });

export const api = defineApi({
  info: { title: 't', version: '1' },
  paths: { '/boards/{id}': { parameters: [defineParameter({ name: 'id', in: 'path', schema: z.string() })] } },
  operations: [typed],
  webhooks: { 'board.changed': Event, 'board.closed': reference(Event, { summary: 'Closed' }) },
});

// @ts-expect-error `reference` takes a reusable Path Item (from definePathItem), not a plain webhook.
reference({ post: { responses: Ack } }, { summary: 'x' });

// A parameter declared on its own says how it is serialized, with the styles of its location.
export const styled = defineParameter({ name: 'ids', in: 'query', schema: z.array(z.string()), style: 'form', explode: false, allowReserved: true, 'x-internal': true }, { id: 'Ids' });
export const labelled = defineParameter({ name: 'colors', in: 'path', schema: z.array(z.string()), style: 'label' });
// @ts-expect-error `deepObject` is a query style, not a path one.
defineParameter({ name: 'filter', in: 'path', schema: z.object({ a: z.string() }), style: 'deepObject' });
// @ts-expect-error `allowReserved` is for query parameters only.
defineParameter({ name: 'x-list', in: 'header', schema: z.array(z.string()), allowReserved: true });
