/**
 * Compile-time tests of "more of OpenAPI" (checked by `tsc`, npm run typecheck): each
 * `@ts-expect-error` fails the type check if the line below it ever compiles.
 */
import { defineApi, operation, type SecuritySchemeDefinition } from '@boomerang/core';
import { z } from 'zod';

const request = { params: z.object({ id: z.string() }), query: z.object({ tags: z.array(z.string()), filter: z.object({ a: z.string() }) }), headers: z.object({ 'X-Trace': z.string() }) };
const ok = { 200: { description: 'ok' } } as const;

export const valid = operation({
  method: 'get',
  path: '/things/{id}',
  request,
  parameterOptions: {
    path: { id: { style: 'matrix', explode: true } },
    query: { tags: { style: 'pipeDelimited', explode: false, examples: { two: { summary: 'Two', value: ['a', 'b'] } } }, filter: { style: 'deepObject', allowReserved: true, 'x-note': 1 } },
    header: { 'X-Trace': { style: 'simple' } },
  },
  servers: [{ url: 'https://eu.things.test', 'x-region': 'eu' }],
  'x-internal': true,
  responses: { 200: { description: 'ok', links: { self: { operationId: 'getThing', parameters: { id: '$request.path.id' } } }, 'x-cache': 'no-store' } },
});

export const wrongName = operation({
  method: 'get',
  path: '/things/{id}',
  request,
  // @ts-expect-error `tag` is not a query parameter of the request (it has `tags`).
  parameterOptions: { query: { tag: { explode: false } } },
  responses: ok,
});

export const noCookies = operation({
  method: 'get',
  path: '/things/{id}',
  request,
  // @ts-expect-error the request declares no cookies.
  parameterOptions: { cookie: { session: {} } },
  responses: ok,
});

export const matrixQuery = operation({
  method: 'get',
  path: '/things/{id}',
  request,
  // @ts-expect-error `matrix` is a style of path parameters, not of query parameters.
  parameterOptions: { query: { tags: { style: 'matrix' } } },
  responses: ok,
});

export const allowReservedOnPath = operation({
  method: 'get',
  path: '/things/{id}',
  request,
  // @ts-expect-error `allowReserved` is for query parameters only.
  parameterOptions: { path: { id: { allowReserved: true } } },
  responses: ok,
});

export const notAnExtension = operation({
  method: 'get',
  path: '/things',
  // @ts-expect-error keys that do not start with `x-` are not extensions.
  internal: true,
  responses: ok,
});

export const exampleWithoutValue = operation({
  method: 'post',
  path: '/things',
  // @ts-expect-error a named example needs its `value`.
  request: { body: { schema: z.object({ a: z.string() }), examples: { one: { summary: 'One' } } } },
  responses: ok,
});

// Any subset of the OAuth flows, each with the URLs its flow needs.
export const implicitOnly: SecuritySchemeDefinition = { type: 'oauth2', flows: { implicit: { authorizationUrl: 'https://id.things.test/authorize', scopes: {} } } };
export const twoFlows: SecuritySchemeDefinition = {
  type: 'oauth2',
  flows: { password: { tokenUrl: 'https://id.things.test/token', scopes: {} }, clientCredentials: { tokenUrl: 'https://id.things.test/token', scopes: { read: 'Read.' }, 'x-audience': 'things' } },
};
// @ts-expect-error the clientCredentials flow needs a `tokenUrl`.
export const noTokenUrl: SecuritySchemeDefinition = { type: 'oauth2', flows: { clientCredentials: { scopes: {} } } };
// @ts-expect-error the authorizationCode flow needs an `authorizationUrl` as well as a `tokenUrl`.
export const noAuthorizationUrl: SecuritySchemeDefinition = { type: 'oauth2', flows: { authorizationCode: { tokenUrl: 'https://id.things.test/token', scopes: {} } } };
// @ts-expect-error `deviceCode` is not an OAuth flow OpenAPI describes.
export const unknownFlow: SecuritySchemeDefinition = { type: 'oauth2', flows: { deviceCode: { tokenUrl: 'https://id.things.test/token', scopes: {} } } };

export const api = defineApi({
  'x-api-id': 'things',
  info: { title: 'Things', version: '1.0.0', 'x-logo': { url: 'https://things.test/logo.png' } },
  tags: [{ name: 'things', 'x-display-name': 'Things' }],
  securitySchemes: { implicitOnly, twoFlows },
  operations: [valid],
  webhooks: { made: { servers: [{ url: 'https://relay.things.test' }], 'x-group': 'things', post: { servers: [{ url: 'https://relay2.things.test' }], parameterOptions: { query: { anything: { style: 'form' } } }, responses: ok } } },
});
