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

/**
 * A definition whose documents `redocly lint` passes with `recommended`: servers, a license,
 * security, described tags, and operations with summaries and a 4XX. Each warning case changes
 * one part.
 */
function published(parts: Partial<ApiDefinitionInput> = {}): ApiDefinitionInput {
  return {
    info: { title: 'Things', version: '1.0.0', license: { name: 'MIT', identifier: 'MIT' } },
    servers: [{ url: 'https://api.things.test', description: 'Production' }],
    security: [],
    tags: [{ name: 'things', description: 'The things.' }],
    operations: [operation({ method: 'get', path: '/things', summary: 'List things', tags: ['things'], responses: { 200: z.array(z.string()), 404: { description: 'None yet.' } } })],
    webhooks: { 'thing-made': { post: { summary: 'Thing made', request: { body: z.object({ id: z.string() }) }, responses: { 204: {} } } } },
    ...parts,
  };
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
    'two operationIds that generated code gives one name',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        operations: [
          operation({ method: 'get', path: '/board', operationId: 'get-board', responses: ok }),
          operation({ method: 'get', path: '/boards/current', operationId: 'getBoard', responses: ok }),
          operation({ method: 'post', path: '/2fa/verify', operationId: '2fa.verify', responses: ok }),
        ],
      }),
      want: [{ code: 'BMR141', where: 'operation GET /boards/current', message: /`getBoard` and `get-board` \(operation GET \/board\) both become `getBoard` \/ `GetBoard`/ }],
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
  [
    'schema names with a `%`, read by a callback body pointer',
    {
      given: defineApi({
        info: { title: 't', version: '1' },
        operations: [
          operation({
            method: 'post',
            path: '/a',
            request: { body: z.object({ cb: z.url(), x: z.object({ y: z.string() }).meta({ id: '100%' }), z: z.object({ y: z.string() }).meta({ id: 'a%zz' }) }) },
            responses: ok,
            callbacks: { c: { url: '{$request.body#/cb}/{$request.body#/x/y}/{$request.body#/z/y}', post: { responses: ok } } },
          }),
        ],
      }),
      want: [
        { code: 'BMR053', where: 'operation POST /a › request body', message: /`100%`/ },
        { code: 'BMR053', where: 'operation POST /a › request body', message: /`a%zz`/ },
      ],
    },
  ],
  [
    'a `%` in a callback URL that is not a percent-encoded octet',
    {
      given: invoices('{$request.query.callback_url}/invoices?a%zz={$request.body#/id}'),
      want: [{ code: 'BMR040', where: 'operation POST /invoices/ › callback invoice_notification › url', message: /`%zz` is not a percent-encoded octet/, hint: /%25/ }],
    },
  ],
  [
    'a callback that is an empty list',
    {
      given: defineApi({ info: { title: 't', version: '1' }, operations: [operation({ method: 'post', path: '/a', responses: ok, callbacks: { c: [] } })] }),
      want: [{ code: 'BMR045', where: 'operation POST /a › callback c', message: /empty list/ }],
    },
  ],
  // The shape of a definition (BMR009, BMR016, BMR054, BMR075): every case is in definition-shape.test.ts.
  [
    'a part of the wrong type (plain JavaScript)',
    { given: defineApi({ info: { title: 't', version: '1' }, operations: null } as never), want: [{ code: 'BMR009', where: 'operations', message: /must be a list of operations, not null/ }] },
  ],
  [
    'a key the definition language does not have',
    {
      given: defineApi({ info: { title: 't', version: '1' }, operations: [{ method: 'get', path: '/a', respones: ok } as never] }),
      want: [{ code: 'BMR016', where: 'operation GET /a', message: /did you mean `responses`\?/ }],
    },
  ],
  [
    'an example that is not JSON',
    {
      given: defineApi({ info: { title: 't', version: '1' }, operations: [operation({ method: 'post', path: '/a', request: { body: { schema: z.number(), example: 1n } }, responses: ok })] }),
      want: [{ code: 'BMR054', where: 'operation POST /a › request body › example', message: /bigint/ }],
    },
  ],
  [
    'a security scheme OpenAPI does not have',
    {
      given: defineApi({ info: { title: 't', version: '1' }, securitySchemes: { bearer: { type: 'bearer' } as never }, operations: [] }),
      want: [{ code: 'BMR075', where: 'securitySchemes.bearer', hint: /type: 'http', scheme: 'bearer'/ }],
    },
  ],
];

const problem = { contentType: 'application/problem+json', schema: z.object({ title: z.string() }) } as const;

/** What Redocly's `recommended` rules would flag in the documents, said first by buildApiModel. */
const warningCases: [string, { given: ApiDefinitionInput; want: Want[] }][] = [
  ['no servers', { given: published({ servers: [] }), want: [{ code: 'BMR003', where: 'servers', message: /no-empty-servers/, hint: /servers: \[\{ url: / }] }],
  [
    'a placeholder server, a trailing slash, and server variables that do not match the URL',
    {
      given: published({
        servers: [
          { url: 'http://localhost:3000' },
          { url: 'https://api.things.test/' },
          { url: 'https://{region}.things.test', variables: { zone: { default: 'eu' } } },
        ],
      }),
      want: [
        { code: 'BMR004', where: 'servers[0]', message: /`http:\/\/localhost:3000` points to example\.com or localhost/ },
        { code: 'BMR005', where: 'servers[1]', hint: /Write `https:\/\/api\.things\.test`\./ },
        { code: 'BMR006', where: 'servers[2]', message: /`\{region\}`, which `variables` does not declare/, hint: /variables: \{ region: / },
        { code: 'BMR006', where: 'servers[2]', message: /`variables\.zone` is not used/ },
      ],
    },
  ],
  ['no license', { given: published({ info: { title: 'Things', version: '1.0.0' } }), want: [{ code: 'BMR007', where: 'info.license', hint: /identifier: 'MIT'/ }] }],
  [
    'a license with neither an identifier nor a URL',
    { given: published({ info: { title: 'Things', version: '1.0.0', license: { name: 'Ours' } } }), want: [{ code: 'BMR008', where: 'info.license', message: /`Ours`/, hint: /identifier/ }] },
  ],
  [
    'a trailing slash on a path and on the receiver path of a callback URL',
    {
      given: published({
        operations: [
          operation({
            method: 'post',
            path: '/things/',
            summary: 'Make a thing',
            request: { query: z.object({ cb: z.url() }) },
            responses: { 200: { description: 'ok' }, 400: { description: 'Not valid.', body: problem } },
            callbacks: { made: { url: '{$request.query.cb}/made/', post: { summary: 'Made', responses: { 200: { description: 'ok' } } } } },
          }),
        ],
      }),
      want: [
        { code: 'BMR014', where: 'operation POST /things/', message: /`\/things\/` ends with `\/`/, hint: /Write `\/things`\./ },
        { code: 'BMR014', where: 'operation POST /things/ › callback made › url', message: /receiver's path `\/made\/`/ },
      ],
    },
  ],
  [
    'an operation, a callback method and a webhook method without a summary',
    {
      given: published({
        operations: [
          operation({
            method: 'post',
            path: '/things',
            operationId: 'make_thing',
            request: { query: z.object({ cb: z.url() }) },
            responses: { 200: { description: 'ok' }, 400: { description: 'Not valid.', body: problem } },
            callbacks: { thing_made: { url: '{$request.query.cb}/made', post: { responses: { 200: { description: 'ok' } } } } },
          }),
        ],
        webhooks: { 'thing-gone': { summary: 'A thing went', post: { responses: { 204: {} } } } },
      }),
      want: [
        { code: 'BMR015', where: 'operation POST /things', message: /^`POST \/things` has no `summary`/, hint: /^Add `summary: 'Make thing'`\.$/ },
        { code: 'BMR015', where: 'operation POST /things › callback thing_made › POST', message: /the `post` of callback `thing_made`/, hint: /summary: 'Thing made'` to its `post`/ },
        { code: 'BMR015', where: 'webhook thing-gone › POST', message: /the `post` of webhook `thing-gone`/, hint: /summary: 'A thing went'`.*titles the webhook, not its methods/ },
      ],
    },
  ],
  [
    'no 4XX on operations, and on a callback method with its own security (signed ones and webhooks get the 401)',
    {
      given: published({
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        operations: [
          operation({
            method: 'post',
            path: '/things',
            summary: 'Make a thing',
            request: { query: z.object({ cb: z.url() }) },
            responses: { 200: { description: 'ok' } },
            callbacks: {
              signed: { url: '{$request.query.cb}/signed', post: { summary: 'Signed', responses: { 200: { description: 'ok' } } } },
              bearer: { url: '{$request.query.cb}/bearer', post: { summary: 'Bearer', security: [{ bearer: [] }], responses: { 200: { description: 'ok' } } } },
            },
          }),
          operation({ method: 'get', path: '/things', summary: 'List things', responses: { 200: z.array(z.string()), '4XX': { description: 'Refused.' } } }),
          operation({ method: 'get', path: '/health', summary: 'Health', responses: { 200: { description: 'Up.' } } }),
        ],
      }),
      want: [
        { code: 'BMR033', where: 'operation POST /things', message: /^`POST \/things` declares no 4XX response/, hint: /400: \{ description: .*application\/problem\+json/ },
        { code: 'BMR033', where: 'operation POST /things › callback bearer › POST', message: /sets its own `security`/ },
        { code: 'BMR033', where: 'operation GET /health', hint: /404/ },
      ],
    },
  ],
  [
    'no 2XX (nor `default`) on an operation, a callback method and a webhook method',
    {
      given: published({
        operations: [
          operation({
            method: 'post',
            path: '/things',
            summary: 'Make a thing',
            request: { query: z.object({ cb: z.url() }) },
            responses: { 303: { description: 'See the thing.' }, 400: { description: 'Not valid.', body: problem } },
            callbacks: {
              made: { url: '{$request.query.cb}/made', post: { summary: 'Made', responses: { 410: { description: 'Gone.' } } } },
              fine: { url: '{$request.query.cb}/fine', post: { summary: 'Fine', responses: { default: { description: 'Any answer.' } } } },
            },
          }),
        ],
        webhooks: { 'thing-made': { post: { summary: 'Thing made', responses: { 410: { description: 'Gone.' } } } } },
      }),
      want: [
        { code: 'BMR034', where: 'operation POST /things', message: /^`POST \/things` declares no 2XX response/, hint: /200: / },
        { code: 'BMR034', where: 'operation POST /things › callback made › POST', message: /the `post` of callback `made`/, hint: /failed delivery/ },
        { code: 'BMR034', where: 'webhook thing-made › POST', hint: /failed delivery/ },
      ],
    },
  ],
  [
    'no security on the API nor on some operations',
    {
      given: published({
        security: undefined,
        operations: [
          operation({ method: 'get', path: '/things', summary: 'List things', responses: { 200: z.array(z.string()), 404: { description: 'None.' } } }),
          operation({ method: 'get', path: '/health', summary: 'Health', security: [], responses: { 200: { description: 'Up.' }, 404: { description: 'None.' } } }),
        ],
      }),
      want: [{ code: 'BMR072', where: 'operation GET /things', message: /^`GET \/things` has no `security`, and neither has the API/, hint: /security: \[\]/ }],
    },
  ],
  [
    'a security scheme no requirement names',
    {
      given: published({
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
        security: [{ bearer: [] }],
      }),
      want: [{ code: 'BMR073', where: 'securitySchemes.apiKey', hint: /security: \[\{ apiKey: \[\] \}\]/ }],
    },
  ],
  ['a tag without a description', { given: published({ tags: [{ name: 'things' }] }), want: [{ code: 'BMR074', where: 'tag things', message: /`things`/ }] }],
];

describe('definition warnings', () => {
  it('none for a definition that is ready to publish', () => {
    const built = buildApiModel(published());
    expect(built.diagnostics).toEqual([]);
  });

  it.each(warningCases)('%s', (_name, { given, want }) => {
    const built = buildApiModel(given);
    expect(built.ok).toBe(true);
    expect(built.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    expect(built.diagnostics.map((d) => ({ code: d.code, where: d.where }))).toEqual(want.map((w) => ({ code: w.code, where: w.where })));
    want.forEach((w, i) => {
      if (w.message) expect(built.diagnostics[i]!.message).toMatch(w.message);
      if (w.hint) expect(built.diagnostics[i]!.hint).toMatch(w.hint);
    });
  });
});

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
      published({
        tags: [{ name: 'known', description: 'Known.' }],
        operations: [operation({ method: 'get', path: '/a', summary: 'A', tags: ['unknown'], responses: { 200: z.tuple([z.string(), z.number()]), 404: { description: 'None.' } } })],
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
