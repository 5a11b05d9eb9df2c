/**
 * "More of OpenAPI" in the model and the document: what a definition says with named examples,
 * links, servers, parameter styles, `x-` extensions and oauth2 flow subsets, and the catalogued
 * errors for what the type checker cannot tell (plain JS, casts, callbacks and webhooks).
 */
import { buildApiModel, defineApi, emitOpenApi, formatDiagnostic, operation, type ApiDefinitionInput, type Diagnostic } from '@boomerang/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const ok = { 200: { description: 'ok' } } as const;
const Thing = z.object({ id: z.string(), name: z.string(), urls: z.array(z.url()), webhook: z.url() }).meta({ id: 'Thing' });

/** One API with a `getThing` to link to; `extra` are more operations. */
function api(...extra: ApiDefinitionInput['operations'] & object): ApiDefinitionInput {
  return defineApi({
    info: { title: 'Things', version: '1.0.0' },
    operations: [
      operation({ method: 'get', path: '/things/{id}', operationId: 'getThing', request: { params: z.object({ id: z.string() }), query: z.object({ fields: z.string().optional() }) }, responses: { 200: Thing } }),
      ...extra,
    ],
  });
}
/** A definition as plain JS writes it, past the type checker. */
const js = (value: unknown): ApiDefinitionInput => value as ApiDefinitionInput;

function errorsOf(definition: ApiDefinitionInput): Diagnostic[] {
  const built = buildApiModel(definition);
  expect(built.ok).toBe(false);
  return built.diagnostics.filter((d) => d.severity === 'error');
}

type Want = { code: string; where: string; message: RegExp; hint?: RegExp };

const create = (parts: Record<string, unknown>) => (operation({ method: 'post', path: '/things', request: { body: Thing, query: z.object({ tags: z.array(z.string()).optional(), q: z.string().optional() }) }, responses: ok, ...parts } as never)) as NonNullable<ApiDefinitionInput['operations']>[number];

const cases: [string, { given: ApiDefinitionInput; want: Want[] }][] = [
  [
    'a callback URL based on a list of URLs',
    {
      given: api(create({ callbacks: { made: { url: '{$request.body#/urls}/events', post: { responses: ok } } } })),
      want: [{ code: 'BMR120', where: 'operation POST /things › callback made › url', message: /^`\$request\.body#\/urls` in `\{\$request\.body#\/urls\}\/events`: #\/urls of the request body is the base of the URL, but its schema allows an array, not a string$/, hint: /a list of URLs cannot be one base URL/ }],
    },
  ],
  [
    'parameter options for a parameter the callback request does not declare',
    {
      given: api(create({ callbacks: { made: { url: '{$request.body#/webhook}', post: { request: { headers: z.object({ 'X-Sig': z.string() }) }, parameterOptions: { header: { 'X-Sign': { explode: true } } }, responses: ok } } } })),
      want: [{ code: 'BMR121', where: 'operation POST /things › callback made › POST › parameterOptions.header.X-Sign', message: /^the request declares no header parameter `X-Sign`\.$/, hint: /^Write `X-Sig`\.$/ }],
    },
  ],
  [
    "style 'matrix' on a query parameter",
    {
      given: api(create({ parameterOptions: { query: { tags: { style: 'matrix' } } } })),
      want: [{ code: 'BMR122', where: 'operation POST /things › parameterOptions.query.tags', message: /^the style `matrix` is not one of a query parameter \(it is for path parameters\)\.$/, hint: /`form` or `spaceDelimited` or `pipeDelimited` or `deepObject` \(default `form`\)/ }],
    },
  ],
  [
    'deepObject on a string, and allowReserved on a header',
    {
      given: api(create({ request: { body: Thing, query: z.object({ q: z.string() }), headers: z.object({ 'X-A': z.string() }) }, parameterOptions: { query: { q: { style: 'deepObject' } }, header: { 'X-A': { allowReserved: true } } } })),
      want: [
        { code: 'BMR122', where: 'operation POST /things › parameterOptions.query.q', message: /^the style `deepObject` serializes object values, but `q` is string\.$/, hint: /object schema/ },
        { code: 'BMR122', where: 'operation POST /things › parameterOptions.header.X-A', message: /^`allowReserved` applies to query parameters only/ },
      ],
    },
  ],
  [
    'a body with both example and examples',
    {
      given: api(create({ request: { body: { schema: Thing, example: { id: 'a' }, examples: { one: { value: { id: 'b' } } } } } })),
      want: [{ code: 'BMR123', where: 'operation POST /things › request body', message: /both an `example` and named `examples`/ }],
    },
  ],
  [
    'a link to an operationId that does not exist',
    {
      given: api(create({ responses: { 201: { description: 'Made.', body: Thing, links: { thing: { operationId: 'getThin', parameters: { id: '$response.body#/id' } } } } } })),
      want: [{ code: 'BMR124', where: 'operation POST /things › response 201 › link thing', message: /^no operation, callback or webhook has the operationId `getThin`\.$/, hint: /^Did you mean `getThing`\?$/ }],
    },
  ],
  [
    'a link with neither operationId nor operationRef, and one with a parameter its operation lacks',
    {
      given: api(create({ responses: { 201: { description: 'Made.', body: Thing, links: { none: { description: 'Nowhere.' }, thing: { operationId: 'getThing', parameters: { ids: '$response.body#/id', 'query.fields': 'name' } } } } } })),
      want: [
        { code: 'BMR125', where: 'operation POST /things › response 201 › link none', message: /neither `operationId` nor `operationRef`/ },
        { code: 'BMR125', where: 'operation POST /things › response 201 › link thing › parameters.ids', message: /^`getThing` has no parameter `ids`\.$/, hint: /^Did you mean `id`\?$/ },
      ],
    },
  ],
  [
    'link expressions that do not parse, or read what the operation does not have',
    {
      given: api(create({ responses: { 201: { description: 'Made.', body: Thing, links: { thing: { operationId: 'getThing', parameters: { id: '$response.body#/ident' }, requestBody: '{$request.query.nope}' }, bad: { operationId: 'getThing', parameters: { id: '$respons.body' } } } } } })),
      want: [
        { code: 'BMR126', where: 'operation POST /things › response 201 › link thing › parameters.id', message: /the response body has no field 'ident'/, hint: /^fields there: id, name, urls, webhook$/ },
        { code: 'BMR126', where: 'operation POST /things › response 201 › link thing › requestBody', message: /the operation declares no query parameter named 'nope'/ },
        { code: 'BMR126', where: 'operation POST /things › response 201 › link bad › parameters.id', message: /^`\$respons\.body` is not a runtime expression/ },
      ],
    },
  ],
  [
    'an extension that is not JSON, and a key that is not an extension',
    {
      given: js({ info: { title: 'Things', version: '1.0.0', 'x-built': new Date(0) }, operations: [{ method: 'get', path: '/a', responses: { 200: { description: 'ok', 'y-cache': 1 } } }] }),
      want: [
        { code: 'BMR127', where: 'info', message: /^the extension `x-built` is not a JSON value: it holds a Date\.$/ },
        { code: 'BMR016', where: 'operation GET /a › response 200', message: /^`y-cache` is not a key of a response/ },
      ],
    },
  ],
  [
    'named examples, parameter options and links of the wrong type',
    {
      given: js({ info: { title: 'Things', version: '1.0.0' }, operations: [{ method: 'get', path: '/a', parameterOptions: { query: { q: { explode: 'no' } }, body: {} }, responses: { 200: { description: 'ok', links: { a: { operationId: 3 } }, body: { schema: Thing, examples: { one: { summary: 'One' } } } } } }] }),
      want: [
        { code: 'BMR016', where: 'operation GET /a › parameterOptions', message: /`body` is not a key of the parameter options/ },
        { code: 'BMR009', where: 'operation GET /a › parameterOptions › query › q › explode', message: /`explode` must be `true` or `false`/ },
        { code: 'BMR009', where: 'operation GET /a › response 200 › body › examples › one › value', message: /`value` is missing/ },
        { code: 'BMR009', where: 'operation GET /a › response 200 › links › a › operationId', message: /`operationId` must be a string/ },
      ],
    },
  ],
  [
    'an oauth2 flow without the URL its flow needs',
    {
      given: js({ info: { title: 'Things', version: '1.0.0' }, securitySchemes: { oauth: { type: 'oauth2', flows: { implicit: { scopes: {} } } } }, operations: [] }),
      want: [{ code: 'BMR075', where: 'securitySchemes.oauth.flows.implicit', message: /the `implicit` flow has no `authorizationUrl`/ }],
    },
  ],
];

describe('more of OpenAPI: catalogued errors', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    const errors = errorsOf(given);
    const sorted = <T extends { code: string; where: string }>(list: readonly T[]): T[] => [...list].sort((a, b) => `${a.code}${a.where}`.localeCompare(`${b.code}${b.where}`));
    const got = sorted(errors);
    const expected = sorted(want);
    expect(got.map((d) => `${d.code} ${d.where}`), errors.map(formatDiagnostic).join('\n')).toEqual(expected.map((w) => `${w.code} ${w.where}`));
    for (const [index, w] of expected.entries()) {
      expect(got[index]!.message).toMatch(w.message);
      if (w.hint) expect(got[index]!.hint).toMatch(w.hint);
    }
  });
});

describe('more of OpenAPI: what the document says', () => {
  const definition = defineApi({
    info: { title: 'Things', version: '1.0.0', 'x-audience': 'partners' },
    'x-api-id': 'things',
    operations: [
      operation({ method: 'get', path: '/things/{id}', operationId: 'getThing', request: { params: z.object({ id: z.string() }) }, responses: { 200: Thing } }),
      operation({
        method: 'post',
        path: '/things',
        request: { body: Thing },
        servers: [{ url: 'https://upload.things.test' }],
        responses: {
          201: {
            description: 'Made.',
            body: Thing,
            links: { thing: { operationId: 'getThing', parameters: { id: '$response.body#/id' }, server: { url: 'https://read.things.test', 'x-replica': true } } },
          },
        },
      }),
    ],
  });

  it.each(['3.1', '3.0'] as const)('OpenAPI %s: a link with its server, an operation with its servers, the root and info extensions', (version) => {
    const built = buildApiModel(definition);
    if (!built.ok) throw new Error(built.diagnostics.map(formatDiagnostic).join('\n'));
    const doc = emitOpenApi(built.model, { openapi: version }).document as any;
    expect(doc['x-api-id']).toBe('things');
    expect(doc.info['x-audience']).toBe('partners');
    expect(Object.keys(doc).at(-1)).toBe('x-api-id');
    const post = doc.paths['/things'].post;
    expect(post.servers).toEqual([{ url: 'https://upload.things.test' }]);
    expect(post.responses['201'].links).toEqual({ thing: { operationId: 'getThing', parameters: { id: '$response.body#/id' }, server: { url: 'https://read.things.test', 'x-replica': true } } });
    expect(doc.paths['/things/{id}'].get.servers).toBeUndefined();
  });

  it('copies what the author wrote: changing the definition afterwards does not change the document', () => {
    const value = { nested: ['a'] };
    const built = buildApiModel(defineApi({ info: { title: 'T', version: '1' }, operations: [operation({ method: 'get', path: '/a', 'x-meta': value, responses: ok })] }));
    if (!built.ok) throw new Error('not built');
    const doc = emitOpenApi(built.model).document as any;
    value.nested.push('b');
    expect(doc.paths['/a'].get['x-meta']).toEqual({ nested: ['a'] });
  });
});
