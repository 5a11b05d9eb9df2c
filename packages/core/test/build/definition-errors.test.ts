import { buildApiModel, defineApi, emitOpenApi, operation, type ApiDefinitionInput, type Diagnostic } from '@boomerang/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const Invoice = z.object({ id: z.string(), title: z.string().optional(), customer: z.string(), total: z.number() }).meta({ id: 'Invoice' });
const ok = { 200: { description: 'ok' } } as const;

function invoices(callbackUrl: string): ApiDefinitionInput {
  return defineApi({
    info: { title: 'Invoices', version: '1.0.0' },
    operations: [
      operation({
        method: 'post',
        path: '/invoices/',
        request: { query: z.object({ callback_url: z.url().optional() }), body: Invoice },
        responses: ok,
        callbacks: { invoice_notification: { url: callbackUrl, post: { responses: ok } } },
      }),
    ],
  });
}

function errorsOf(definition: ApiDefinitionInput): Diagnostic[] {
  const built = buildApiModel(definition);
  expect(built.ok).toBe(false);
  return built.diagnostics.filter((d) => d.severity === 'error');
}

type Want = { code: string; where: string; message?: RegExp; hint?: RegExp };

const cases: [string, { given: ApiDefinitionInput; want: Want[] }][] = [
  [
    "FastAPI's own callback key",
    {
      given: invoices('{$callback_url}/invoices/{$request.body.id}'),
      want: [
        { code: 'BMR040', where: 'operation POST /invoices/ › callback invoice_notification › url', hint: /\{\$request\.query\.callback_url\}/ },
        { code: 'BMR040', where: 'operation POST /invoices/ › callback invoice_notification › url', hint: /\{\$request\.body#\/id\}/ },
      ],
    },
  ],
  [
    'a body field that does not exist',
    { given: invoices('{$request.query.callback_url}/invoices/{$request.body#/nope}'), want: [{ code: 'BMR042', where: 'operation POST /invoices/ › callback invoice_notification › url', message: /nope/ }] },
  ],
  [
    'an undeclared query parameter',
    { given: invoices('{$request.query.callbackUrl}/invoices'), want: [{ code: 'BMR041', where: 'operation POST /invoices/ › callback invoice_notification › url', message: /callbackUrl/, hint: /callback_url/ }] },
  ],
  [
    'a parameter in the wrong location',
    { given: invoices('{$request.path.callback_url}/invoices'), want: [{ code: 'BMR041', where: 'operation POST /invoices/ › callback invoice_notification › url', hint: /\{\$request\.query\.callback_url\}/ }] },
  ],
  [
    'missing info.version and title',
    {
      given: defineApi({ info: { title: '', version: '' }, operations: [] }),
      want: [
        { code: 'BMR002', where: 'info.title' },
        { code: 'BMR001', where: 'info.version', hint: /version/ },
      ],
    },
  ],
  [
    'path parameters missing and extra',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        operations: [operation({ method: 'get', path: '/a/{id}', request: { params: z.object({ slug: z.string() }) }, responses: ok })],
      }),
      want: [
        { code: 'BMR020', where: 'operation GET /a/{id}', message: /\{id\}/ },
        { code: 'BMR021', where: 'operation GET /a/{id}', message: /slug/ },
      ],
    },
  ],
  [
    'duplicate operationId across an operation and a webhook',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        operations: [operation({ method: 'get', path: '/a', operationId: 'thing', responses: ok })],
        webhooks: { thing: { post: { responses: ok } } },
      }),
      want: [{ code: 'BMR010', where: 'webhook thing › POST', message: /`thing` is already used by operation GET \/a/ }],
    },
  ],
  [
    'two different schemas under one name',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        operations: [
          operation({ method: 'get', path: '/a', responses: { 200: z.object({ a: z.string() }).meta({ id: 'Thing' }) } }),
          operation({ method: 'get', path: '/b', responses: { 200: z.object({ b: z.number() }).meta({ id: 'Thing' }) } }),
        ],
      }),
      want: [{ code: 'BMR050', where: 'operation GET /b › response 200 › body', message: /`Thing`.*operation GET \/a › response 200 › body/ }],
    },
  ],
  [
    'a schema JSON Schema cannot express',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        operations: [operation({ method: 'post', path: '/a', request: { body: z.object({ at: z.date() }) }, responses: ok })],
      }),
      want: [{ code: 'BMR051', where: 'operation POST /a › request body', message: /Date/, hint: /z\.iso\.datetime/ }],
    },
  ],
  [
    'duplicate webhooks (names differing only in separators)',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        webhooks: [
          { name: 'new-subscription', post: { responses: ok } },
          { name: 'new_subscription', post: { responses: ok } },
          { name: 'new-subscription', post: { responses: ok } },
        ],
      }),
      want: [
        { code: 'BMR060', where: 'webhook new_subscription', message: /differ only/ },
        { code: 'BMR060', where: 'webhook new-subscription', message: /declared twice/ },
      ],
    },
  ],
  [
    'invalid status codes',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        operations: [operation({ method: 'get', path: '/a', responses: { 200: { description: 'ok' }, 600: { description: 'x' }, '2xy': { description: 'y' } } })],
      }),
      want: [
        { code: 'BMR030', where: 'operation GET /a › response 600' },
        { code: 'BMR030', where: 'operation GET /a › response 2xy' },
      ],
    },
  ],
  [
    'an undeclared security scheme and a duplicate route',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        security: [{ oauth: [] }],
        operations: [
          operation({ method: 'get', path: '/a/{x}', request: { params: z.object({ x: z.string() }) }, responses: ok }),
          operation({ method: 'get', path: '/a/{y}', operationId: 'other', request: { params: z.object({ y: z.string() }) }, responses: ok }),
        ],
      }),
      want: [
        { code: 'BMR011', where: 'operation GET /a/{y}' },
        { code: 'BMR070', where: 'security', message: /oauth/ },
      ],
    },
  ],
  [
    'a builder that reads a field of a single value',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        operations: [
          operation({
            method: 'post',
            path: '/a',
            request: { query: z.object({ u: z.string() }) },
            responses: ok,
            // A cast hides the type error; the run-time check still catches it.
            callbacks: { c: { url: (({ request }: any) => `${request.query.u.deep}`) as never, post: { responses: ok } } },
          }),
        ],
      }),
      want: [{ code: 'BMR043', where: 'operation POST /a › callback c › url', message: /single value/ }],
    },
  ],
  [
    'a path that is not a template, and a method OpenAPI does not know',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        operations: [
          operation({ method: 'get', path: 'invoices', responses: ok }),
          operation({ method: 'fetch' as never, path: '/a', responses: ok }),
        ],
      }),
      want: [
        { code: 'BMR012', where: 'operation GET invoices', hint: /starts with `\/`/ },
        { code: 'BMR013', where: 'operation FETCH /a', message: /`fetch`/ },
      ],
    },
  ],
  [
    'parameters that are not an object, and headers declared twice',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        operations: [
          operation({
            method: 'get',
            path: '/a',
            request: { query: z.string(), headers: z.object({ 'X-Id': z.string(), 'x-id': z.string() }) },
            responses: { 200: { description: 'ok', headers: z.object({ ETag: z.string(), etag: z.string() }) } },
          }),
        ],
      }),
      want: [
        { code: 'BMR022', where: 'operation GET /a › request.query', hint: /z\.object/ },
        { code: 'BMR023', where: 'operation GET /a › request.headers', message: /`X-Id` and `x-id`/ },
        { code: 'BMR023', where: 'operation GET /a › response 200 › headers', message: /`ETag` and `etag`/ },
      ],
    },
  ],
  [
    'no responses, and a content type that is not a media type',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        operations: [operation({ method: 'post', path: '/a', request: { body: { contentType: 'json', schema: z.string() } }, responses: {} })],
      }),
      want: [
        { code: 'BMR032', where: 'operation POST /a › request body', message: /`json` is not a media type/ },
        { code: 'BMR031', where: 'operation POST /a' },
      ],
    },
  ],
  [
    'a callback URL listed twice, and a callback without a method',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        operations: [
          operation({
            method: 'post',
            path: '/a',
            request: { query: z.object({ cb: z.url() }) },
            responses: ok,
            callbacks: {
              twice: [
                { url: '{$request.query.cb}/x', post: { responses: ok } },
                { url: ({ request }) => `${request.query.cb}/x`, put: { responses: ok } },
              ],
              empty: { url: '{$request.query.cb}/y' },
            },
          }),
        ],
      }),
      want: [
        { code: 'BMR044', where: 'operation POST /a › callback twice [1]', message: /already listed at index 0/ },
        { code: 'BMR045', where: 'operation POST /a › callback empty', hint: /post:/ },
      ],
    },
  ],
  [
    'a value that is not a schema, and a schema name components cannot hold',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        operations: [
          operation({ method: 'post', path: '/a', request: { body: { schema: { type: 'string' } as never } }, responses: { 200: z.object({ a: z.string() }).meta({ id: 'My Thing' }) } }),
        ],
      }),
      want: [
        { code: 'BMR052', where: 'operation POST /a › request body', message: /not a Standard Schema/ },
        { code: 'BMR053', where: 'operation POST /a › response 200 › body', message: /`My Thing`/ },
      ],
    },
  ],
];

describe('definition errors', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    const errors = errorsOf(given);
    expect(errors.map((e) => ({ code: e.code, where: e.where }))).toEqual(want.map((w) => ({ code: w.code, where: w.where })));
    want.forEach((w, i) => {
      if (w.message) expect(errors[i]!.message).toMatch(w.message);
      if (w.hint) expect(errors[i]!.hint).toMatch(w.hint);
    });
  });

  it('warns about undeclared tags and schema keywords OpenAPI 3.0 cannot say, without failing', () => {
    const built = buildApiModel(
      defineApi({
        info: { title: 't', version: '1' },
        tags: [{ name: 'known' }],
        operations: [operation({ method: 'get', path: '/a', tags: ['unknown'], responses: { 200: z.tuple([z.string(), z.number()]) } })],
      }),
    );
    if (!built.ok) throw new Error('the definition should build');
    expect(built.diagnostics.map((d) => [d.code, d.severity, d.where])).toEqual([['BMR071', 'warning', 'operation GET /a']]);
    const { warnings } = emitOpenApi(built.model, { openapi: '3.0' });
    expect(warnings.map((w) => [w.code, w.severity])).toContainEqual(['BMR081', 'warning']);
    expect(warnings.find((w) => w.code === 'BMR081')!.where).toMatch(/^operation GET \/a › response 200 › body/);
  });

  it('reports every error of a definition at once', () => {
    const errors = errorsOf(
      defineApi({
        info: { title: 'Invoices', version: '' },
        operations: [
          operation({ method: 'get', path: '/a/{id}', responses: { 999: { description: 'x' } } }),
          operation({
            method: 'post',
            path: '/invoices/',
            request: { query: z.object({ callback_url: z.url().optional() }), body: Invoice },
            responses: ok,
            callbacks: { n: { url: '{$callback_url}/invoices/{$request.body#/nope}', post: { responses: ok } } },
          }),
        ],
      }),
    );
    expect(errors.map((e) => e.code).sort()).toEqual(['BMR001', 'BMR020', 'BMR030', 'BMR040'].sort());
  });
});
