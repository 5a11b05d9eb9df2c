import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installProblemDetails } from '../src/problem-details.ts';
import { checkRequestContent, installBodyParsers } from '../src/request-content.ts';

let app: FastifyInstance;
let origin: string;
beforeAll(async () => {
  app = Fastify();
  installProblemDetails(app);
  installBodyParsers(app, ['application/json', 'application/merge-patch+json', 'text/csv', 'image/*', 'application/x-www-form-urlencoded; charset=utf-8', 'application/octet-stream']);
  const echo = async (request: { body: unknown }) => ({ body: Buffer.isBuffer(request.body) ? { bytes: request.body.length } : (request.body ?? null) });
  const routes: [string, Parameters<typeof checkRequestContent>[1]][] = [
    ['/json', { mediaType: 'application/json', required: true }],
    ['/optional-json', { mediaType: 'application/json', required: false }],
    ['/patch', { mediaType: 'application/merge-patch+json', required: true }],
    ['/csv', { mediaType: 'text/csv', required: true }],
    ['/image', { mediaType: 'image/*', required: true }],
    ['/form', { mediaType: 'application/x-www-form-urlencoded; charset=utf-8', required: true }],
    ['/bytes', { mediaType: 'application/octet-stream', required: true }],
    ['/none', undefined],
  ];
  for (const [url, body] of routes) app.route({ method: ['POST', 'DELETE'], url, onRequest: checkRequestContent(`POST ${url}`, body), handler: echo });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());

async function call(method: string, path: string, contentType: string | undefined, body: string | undefined) {
  const response = await fetch(origin + path, { method, ...(contentType === undefined ? {} : { headers: { 'content-type': contentType } }), ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

describe('checkRequestContent and installBodyParsers', () => {
  const cases: [string, { path: string; method?: string; type?: string; body?: string; status: number; want?: unknown; detail?: string }][] = [
    ['JSON', { path: '/json', type: 'application/json', body: '{"a":1}', status: 200, want: { a: 1 } }],
    ['a +json type declared by the API', { path: '/patch', type: 'application/merge-patch+json', body: '{"a":null}', status: 200, want: { a: null } }],
    ['plain JSON where a +json type is declared', { path: '/patch', type: 'application/json', body: '{}', status: 415, detail: 'POST /patch takes application/merge-patch+json, not application/json.' }],
    ['a text type other than text/plain, as a string', { path: '/csv', type: 'text/csv; charset=utf-8', body: 'a,b', status: 200, want: 'a,b' }],
    ['a type matching a declared range', { path: '/image', type: 'image/png', body: 'PNG', status: 200, want: { bytes: 3 } }],
    ['a type outside a declared range', { path: '/image', type: 'text/png', body: 'PNG', status: 415 }],
    ['form fields, the declared type having parameters', { path: '/form', type: 'application/x-www-form-urlencoded', body: 'a=1&__proto__=x', status: 200, want: JSON.parse('{"a":"1","__proto__":"x"}') }],
    ['bytes', { path: '/bytes', type: 'application/octet-stream', body: 'abc', status: 200, want: { bytes: 3 } }],
    ['a content type that is not a media type', { path: '/json', type: 'json', body: '{}', status: 415, detail: 'POST /json takes application/json, not json.' }],
    ['no body where one is required', { path: '/json', type: 'application/json', status: 400, detail: 'POST /json needs a request body (application/json).' }],
    ['no body where it is optional, with a JSON content type', { path: '/optional-json', method: 'DELETE', type: 'application/json', status: 200, want: null }],
    ['an empty body where it is optional, with a JSON content type', { path: '/optional-json', type: 'application/json', body: '', status: 200, want: null }],
    ['content where the operation takes none', { path: '/none', type: 'application/json', body: '{}', status: 415, detail: 'POST /none takes no request body.' }],
    ['a content type on an empty request where the operation takes none', { path: '/none', method: 'DELETE', type: 'application/xml', status: 200, want: null }],
  ];
  it.each(cases)('%s', async (_name, { path, method = 'POST', type, body, status, want, detail }) => {
    const answer = await call(method, path, type, body);
    expect(answer.status).toBe(status);
    if (want !== undefined) expect(answer.body).toEqual({ body: want });
    if (detail !== undefined) expect(answer.body.detail).toBe(detail);
  });
});
