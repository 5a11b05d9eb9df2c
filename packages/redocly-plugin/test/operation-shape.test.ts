import { describe, expect, it } from 'vitest';
import { checkPointerInSchema, parseExpressionTemplate, validateTemplateAgainstOperation } from '../../core/src/runtime-expression/index.ts';
import { buildOperationShape, type BuiltOperationShape } from '../src/operation-shape.ts';
import { createDocumentResolver, type ReferenceResolver } from '../src/openapi/reference-object.ts';

/** Resolves `#…` references inside each document of `documents`, and `file.yaml#…` across them. */
function resolverOf(documents: Readonly<Record<string, unknown>>): ReferenceResolver {
  return (ref, from) => {
    const hash = ref.indexOf('#');
    const file = hash === 0 ? from : hash === -1 ? ref : ref.slice(0, hash);
    const root = documents[file];
    return root === undefined ? undefined : createDocumentResolver(root, file)(hash === -1 ? '#' : ref.slice(hash), file);
  };
}

function build(doc: Record<string, unknown>, path: string, method: string, others: Record<string, unknown> = {}): BuiltOperationShape {
  const pathItem = (doc.paths as Record<string, Record<string, unknown>>)[path] ?? {};
  return buildOperationShape({ pathItem, operation: pathItem[method], document: 'api.yaml', resolve: resolverOf({ 'api.yaml': doc, ...others }) });
}

/** The issues core finds in `key` for the built shape, as "expression: message". */
function issues(built: BuiltOperationShape, key: string): string[] {
  const parsed = parseExpressionTemplate(key);
  if (!parsed.ok) throw new Error(`does not parse: ${key}`);
  return validateTemplateAgainstOperation(parsed.value, built.shape).map((issue) => `${issue.expression}: ${issue.message}`);
}

describe('buildOperationShape: parameters', () => {
  const doc = {
    paths: {
      '/tenants/{tenant}': {
        parameters: [
          { name: 'tenant', in: 'path', required: true },
          { name: 'X-Trace', in: 'header', description: 'path level' },
          { name: 'mode', in: 'query' },
        ],
        post: {
          parameters: [
            { $ref: '#/components/parameters/CallbackUrl' },
            { $ref: '#/components/parameters/Alias' },
            { name: 'x-trace', in: 'header', description: 'operation level' },
            { name: 'mode', in: 'cookie' },
            { name: 'legacy', in: 'body' },
            { name: 'broken' },
          ],
        },
        get: { parameters: [{ $ref: '#/components/parameters/Missing' }] },
      },
      '/a/{id}': { parameters: [{ $ref: '#/paths/~1tenants~1%7Btenant%7D/parameters/0' }], put: {} },
    },
    components: {
      parameters: { CallbackUrl: { name: 'callback_url', in: 'query' }, Alias: { $ref: '#/components/parameters/Limit' }, Limit: { name: 'limit', in: 'query' } },
    },
  };

  it('merges path-item and operation parameters; the operation overrides per name and location (header names in any case)', () => {
    expect(build(doc, '/tenants/{tenant}', 'post').shape.parameters).toEqual([
      { name: 'tenant', in: 'path' },
      { name: 'x-trace', in: 'header' },
      { name: 'mode', in: 'query' },
      { name: 'callback_url', in: 'query' },
      { name: 'limit', in: 'query' },
      { name: 'mode', in: 'cookie' },
    ]);
  });

  it('resolves a $ref through a JSON Pointer with ~1 and percent-encoding', () => {
    expect(build(doc, '/a/{id}', 'put').shape.parameters).toEqual([{ name: 'tenant', in: 'path' }]);
  });

  it('marks the parameters unknown when a $ref does not resolve', () => {
    const built = build(doc, '/tenants/{tenant}', 'get');
    expect(built.unresolved).toEqual({ parameters: true, responseHeaders: false });
    expect(build(doc, '/tenants/{tenant}', 'post').unresolved).toEqual({ parameters: false, responseHeaders: false });
  });
});

describe('buildOperationShape: request body', () => {
  const order = { type: 'object', properties: { id: { type: 'string' } } };
  const doc = {
    paths: {
      '/none': { get: {} },
      '/json': { post: { requestBody: { content: { 'text/csv': { schema: { type: 'string' } }, 'application/json; charset=utf-8': { schema: order } } } } },
      '/ref': { post: { requestBody: { $ref: '#/components/requestBodies/Order' } } },
      '/plain': { post: { requestBody: { content: { 'text/plain': { schema: { type: 'string' } } } } } },
      '/undescribed': { post: { requestBody: { description: 'anything' } } },
      '/unresolved': { post: { requestBody: { $ref: '#/components/requestBodies/Missing' } } },
    },
    components: { requestBodies: { Order: { content: { 'application/vnd.order+json': { schema: order } } } } },
  };
  const cases: [string, { path: string; method: string; want: unknown }][] = [
    ['no request body', { path: '/none', method: 'get', want: undefined }],
    ['the JSON media type, not the first one', { path: '/json', method: 'post', want: order }],
    ['a $ref request body with a +json media type', { path: '/ref', method: 'post', want: order }],
    ['no JSON media type: the first one', { path: '/plain', method: 'post', want: { type: 'string' } }],
    ['a body without content: anything', { path: '/undescribed', method: 'post', want: true }],
    ['an unresolved $ref: anything', { path: '/unresolved', method: 'post', want: true }],
  ];
  it.each(cases)('%s', (_name, { path, method, want }) => {
    expect(build(doc, path, method).shape.requestBodySchema).toEqual(want);
  });
});

describe('buildOperationShape: responses', () => {
  const doc = {
    paths: {
      '/orders': {
        post: {
          responses: {
            '201': {
              description: 'Created',
              headers: { Location: { schema: { type: 'string' } }, 'X-Rate-Limit': { $ref: '#/components/headers/RateLimit' } },
              content: { 'application/json': { schema: { type: 'object', properties: { id: {} } } }, 'text/html': { schema: { type: 'string' } } },
            },
            '4XX': { $ref: '#/components/responses/Problem' },
            default: { description: 'Other', headers: { location: {} } },
            'x-internal': { note: 'an extension, not a response' },
          },
        },
      },
      '/unresolved': { post: { responses: { '200': { $ref: '#/components/responses/Missing' } } } },
    },
    components: {
      headers: { RateLimit: { schema: { type: 'integer' } } },
      responses: { Problem: { description: 'Problem', headers: { 'Retry-After': {} }, content: { 'application/problem+json': { schema: { type: 'object', properties: { title: {} } } } } } },
    },
  };

  it('takes the JSON body of every response, through $ref', () => {
    expect(build(doc, '/orders', 'post').shape.responseBodySchemas).toEqual([
      { type: 'object', properties: { id: {} } },
      { type: 'object', properties: { title: {} } },
    ]);
  });

  it('takes every response header name once, as first written', () => {
    expect(build(doc, '/orders', 'post').shape.responseHeaderNames).toEqual(['Location', 'X-Rate-Limit', 'Retry-After']);
  });

  it('counts an unresolved response as a body of any shape with unknown headers', () => {
    const built = build(doc, '/unresolved', 'post');
    expect(built.shape.responseBodySchemas).toEqual([true]);
    expect(built.unresolved).toEqual({ parameters: false, responseHeaders: true });
  });
});

describe('buildOperationShape: schema references', () => {
  const doc = {
    paths: {
      '/orders': {
        post: {
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } },
          responses: { '200': { $ref: 'shared.yaml#/components/responses/Order' } },
        },
      },
      '/trees': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } } },
    },
    components: {
      schemas: {
        Order: { allOf: [{ $ref: '#/components/schemas/Entity' }, { type: 'object', properties: { lines: { type: 'array', items: { $ref: '#/components/schemas/Line' } } } }] },
        Entity: { type: 'object', properties: { id: { type: 'string' } } },
        Line: { type: 'object', properties: { sku: { type: 'string' } } },
        Node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } },
      },
    },
  };
  // Same pointer, another document: its Order has orderId, not id.
  const shared = {
    components: {
      responses: { Order: { description: 'The order', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } } },
      schemas: { Order: { type: 'object', properties: { orderId: { type: 'string' } } } },
    },
  };

  it('follows $ref, allOf and array items in the request body', () => {
    const built = build(doc, '/orders', 'post', { 'shared.yaml': shared });
    expect(issues(built, '{$request.body#/id}/{$request.body#/lines/0/sku}')).toEqual([]);
    expect(issues(built, '{$request.body#/lines/0/price}')).toEqual(["$request.body#/lines/0/price: /lines/0 of the request body has no field 'price' (pointer #/lines/0/price)"]);
  });

  it('resolves each $ref against the document it is written in', () => {
    const built = build(doc, '/orders', 'post', { 'shared.yaml': shared });
    expect(issues(built, '{$response.body#/orderId}')).toEqual([]);
    expect(issues(built, '{$response.body#/id}')).toEqual(["$response.body#/id: the response body has no field 'id' (pointer #/id)"]);
  });

  it('walks a recursive schema without looping', () => {
    const built = build(doc, '/trees', 'post');
    expect(issues(built, '{$request.body#/children/0/children/3/name}')).toEqual([]);
    expect(checkPointerInSchema(built.shape.requestBodySchema ?? false, ['children', '0', 'parent'], built.shape.resolveRef)).toEqual({ ok: false, failedAt: 2, available: ['children', 'name'] });
  });

  it('lets an unresolved schema $ref allow anything, as core does', () => {
    const built = buildOperationShape({
      pathItem: {},
      operation: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } } } },
      document: 'api.yaml',
      resolve: resolverOf({ 'api.yaml': {} }),
    });
    expect(issues(built, '{$request.body#/whatever}')).toEqual([]);
  });
});
