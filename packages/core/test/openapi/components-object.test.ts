/** Reusable components in the documents: written once under components/*, `$ref`ed at each use; 3.0 and the receiver document. */
import { buildApiModel, buildReceiverRoutes, defineApi, defineExample, defineHeader, defineParameter, definePathItem, defineRequestBody, defineResponse, emitOpenApi, emitReceiverDocument, operation, type ApiDefinitionInput, type ApiModel } from '@boomerang/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import components from '../fixtures/components.ts';

function modelOf(definition: ApiDefinitionInput): ApiModel {
  const built = buildApiModel(definition);
  if (!built.ok) throw new Error(built.diagnostics.map((d) => d.message).join('\n'));
  return built.model;
}

const model = modelOf(components);
const v31 = emitOpenApi(model, { openapi: '3.1' }).document as any;
const v30 = emitOpenApi(model, { openapi: '3.0' }).document as any;
const ok = { 200: { description: 'ok' } } as const;

/** Every `$ref` in a document, sorted. */
function refs(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, child] of Object.entries(v)) k === '$ref' ? found.add(child as string) : walk(child);
  };
  walk(value);
  return [...found].sort();
}

/** The value at a `#/a/b` pointer. */
function at(document: unknown, ref: string): unknown {
  return ref.slice(2).split('/').reduce<any>((v, token) => v?.[token.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}

describe('reusable components in the document', () => {
  it.each([
    ['3.1', v31],
    ['3.0', v30],
  ] as const)('OpenAPI %s: every $ref resolves, and each use of a component is a $ref', (_version, doc) => {
    for (const ref of refs(doc)) expect([ref, at(doc, ref)]).toEqual([ref, expect.anything()]);
    expect(doc.paths['/boards'].get.parameters[0]).toEqual({ $ref: '#/components/parameters/Limit' });
    expect(doc.paths['/boards/{boardId}'].get.parameters).toEqual([{ $ref: '#/components/parameters/Limit' }]);
    expect(doc.paths['/boards'].post.requestBody).toEqual({ $ref: '#/components/requestBodies/BoardBody' });
    expect(doc.paths['/boards/{boardId}'].put.requestBody).toEqual({ $ref: '#/components/requestBodies/BoardBody' });
    expect(doc.paths['/boards/{boardId}'].delete.responses['404']).toEqual({ $ref: '#/components/responses/NotFound' });
    expect(doc.components.responses.NotFound.headers['X-Rate-Limit-Remaining']).toEqual({ $ref: '#/components/headers/RateLimitRemaining' });
    expect(doc.paths['/boards'].post.callbacks).toEqual({ boardChanged: { $ref: '#/components/callbacks/BoardChanged' }, boardArchived: { $ref: '#/components/callbacks/BoardArchived' } });
    expect(doc.paths['/boards/{boardId}'].put.callbacks).toEqual({ boardChanged: { $ref: '#/components/callbacks/BoardChanged' } });
    expect(Object.keys(doc.components.callbacks.BoardChanged)).toEqual(['{$request.body#/callbackUrl}/changed']);
    expect(Object.keys(doc.components.callbacks.BoardArchived)).toEqual(['{$request.body#/callbackUrl}/archived']);
    // A parameter without an id stays in place.
    expect(doc.paths['/boards'].get.parameters[2]).toMatchObject({ name: 'X-Request-Id', in: 'header' });
    expect(Object.keys(doc.components.parameters)).toEqual(['BoardId', 'Limit', 'Tags']);
    // Its serialization and x- keys, declared with the parameter.
    expect(doc.paths['/boards'].get.parameters[1]).toEqual({ $ref: '#/components/parameters/Tags' });
    expect(doc.components.parameters.Tags).toMatchObject({ name: 'tags', in: 'query', style: 'pipeDelimited', explode: false, 'x-since': '1.2' });
    expect(doc.components.headers.RateLimitRemaining).toMatchObject({ examples: { plenty: { summary: 'Far from the limit', value: 99 } }, 'x-window': '1m' });
    // A reusable example, in a request body and a response; an unnamed one stays in place.
    expect(at(doc, '#/components/requestBodies/BoardBody/content/application~1json/examples')).toEqual({ board: { $ref: '#/components/examples/ABoard' } });
    expect(at(doc, '#/components/responses/BoardResponse/content/application~1json/examples')).toEqual({ board: { $ref: '#/components/examples/ABoard' } });
    expect(doc.components.examples).toEqual({ ABoard: { summary: 'A board', value: { id: 'b1', title: 'Roadmap', callbackUrl: 'https://client.example/hooks' } } });
    expect(doc.components.parameters.Limit.examples).toEqual({ few: { value: 10 } });
  });

  it("writes a path's shared parameters once, in its Path Item, and not in its operations", () => {
    const item = v31.paths['/boards/{boardId}'];
    expect(item.parameters).toEqual([{ $ref: '#/components/parameters/BoardId' }]);
    expect(v31.components.parameters.BoardId).toEqual({ name: 'boardId', in: 'path', description: 'The board.', required: true, schema: { type: 'string' } });
    expect(item.delete.parameters).toBeUndefined();
    expect(Object.keys(item)).toEqual(['parameters', 'get', 'put', 'delete']);
  });

  it('3.1: webhooks are Reference Objects to components/pathItems, with a summary only where a webhook overrides it', () => {
    expect(v31.webhooks).toEqual({
      'board.changed': { $ref: '#/components/pathItems/BoardWebhook' },
      'board.closed': { $ref: '#/components/pathItems/BoardWebhook', summary: 'A board was closed' },
    });
    expect(v31.components.pathItems.BoardWebhook).toMatchObject({ summary: 'A board event', description: 'Sent to the URL registered for board events.', post: { operationId: 'boardWebhook' } });
    expect(Object.keys(v31.components)).toEqual(['schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers', 'securitySchemes', 'callbacks', 'pathItems']);
  });

  it('3.0 has no components/pathItems: the Path Item is written at each webhook, the override applied, with an operationId of its own after the first', () => {
    expect(v30.components.pathItems).toBeUndefined();
    const hooks = v30['x-webhooks'];
    expect([hooks['board.changed'].summary, hooks['board.changed'].post.operationId]).toEqual(['A board event', 'boardWebhook']);
    expect([hooks['board.closed'].summary, hooks['board.closed'].description, hooks['board.closed'].post.operationId]).toEqual(['A board was closed', 'Sent to the URL registered for board events.', 'boardClosed']);
    expect(hooks['board.closed'].post.requestBody).toEqual(hooks['board.changed'].post.requestBody);
  });

  it('the receiver document writes every component in place: its only $refs are to its schemas', () => {
    const receiver = emitReceiverDocument(model, buildReceiverRoutes(model).routes) as any;
    expect(refs(receiver)).toEqual(['#/components/schemas/BoardEvent']);
    expect(Object.keys(receiver.components)).toEqual(['schemas', 'securitySchemes']);
    expect(Object.keys(receiver.paths)).toEqual(['/changed', '/archived']);
    expect(receiver.paths['/changed'].post.description).toContain('after a `POST /boards` request (Create a board) or a `PUT /boards/{boardId}` request (Replace a board)');
  });

  it('define* values without an id are written in place, and add no components section', () => {
    const doc = emitOpenApi(
      modelOf(
        defineApi({
          info: { title: 't', version: '1' },
          paths: { '/a/{id}': { parameters: [defineParameter({ name: 'id', in: 'path', schema: z.string() })] } },
          operations: [
            operation({
              method: 'put',
              path: '/a/{id}',
              request: { body: defineRequestBody({ schema: z.string(), contentType: 'text/plain' }) },
              responses: { 200: defineResponse({ description: 'Done.', headers: { 'X-Left': defineHeader({ schema: z.string() }) } }) },
            }),
          ],
          webhooks: { made: definePathItem({ post: { responses: ok } }) },
        }),
      ),
    ).document as any;
    expect(doc.components).toMatchObject({ securitySchemes: expect.any(Object) });
    expect(Object.keys(doc.components)).toEqual(['securitySchemes']);
    expect(doc.paths['/a/{id}'].parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(doc.paths['/a/{id}'].put.requestBody).toEqual({ content: { 'text/plain': { schema: { type: 'string' } } }, required: true });
    expect(doc.paths['/a/{id}'].put.responses['200']).toEqual({ description: 'Done.', headers: { 'X-Left': { schema: { type: 'string' } } } });
    expect(doc.webhooks.made.post.operationId).toBe('made');
  });

  it("an operation's own parameter of the same name and location replaces the path's shared one", () => {
    const Id = defineParameter({ name: 'id', in: 'path', schema: z.string(), description: 'Shared.' }, { id: 'Id' });
    const m = modelOf(
      defineApi({
        info: { title: 't', version: '1' },
        paths: { '/a/{id}': { parameters: [Id] } },
        operations: [
          operation({ method: 'get', path: '/a/{id}', responses: ok }),
          operation({ method: 'put', path: '/a/{id}', request: { params: z.object({ id: z.uuid().describe('Its own.') }) }, responses: ok }),
        ],
      }),
    );
    expect(m.operations.map((o) => o.parameters.map((p) => [p.name, p.description, p.pathLevel ?? false]))).toEqual([[['id', 'Shared.', true]], [['id', 'Its own.', false]]]);
    const doc = emitOpenApi(m).document as any;
    expect(doc.paths['/a/{id}'].parameters).toEqual([{ $ref: '#/components/parameters/Id' }]);
    expect(doc.paths['/a/{id}'].get.parameters).toBeUndefined();
    expect(doc.paths['/a/{id}'].put.parameters).toEqual([{ name: 'id', in: 'path', description: 'Its own.', required: true, schema: { type: 'string', format: 'uuid', pattern: expect.any(String) } }]);
  });

  it('a component parameter given parameterOptions at one operation is written in place there, and stays a $ref elsewhere', () => {
    const Id = defineParameter({ name: 'id', in: 'path', schema: z.string() }, { id: 'Id' });
    const Tag = defineParameter({ name: 'tag', in: 'query', schema: z.array(z.string()) }, { id: 'Tag' });
    const m = modelOf(
      defineApi({
        info: { title: 't', version: '1' },
        paths: { '/a/{id}': { parameters: [Id] } },
        operations: [
          operation({ method: 'get', path: '/a/{id}', request: { parameters: [Tag] }, responses: ok }),
          operation({ method: 'put', path: '/a/{id}', request: { parameters: [Tag] }, parameterOptions: { path: { id: { style: 'label' } }, query: { tag: { explode: false } } } as never, responses: ok }),
        ],
      }),
    );
    const doc = emitOpenApi(m).document as any;
    expect(doc.paths['/a/{id}'].parameters).toEqual([{ $ref: '#/components/parameters/Id' }]);
    expect(doc.paths['/a/{id}'].get.parameters).toEqual([{ $ref: '#/components/parameters/Tag' }]);
    expect(doc.paths['/a/{id}'].put.parameters).toEqual([
      { name: 'id', in: 'path', required: true, style: 'label', schema: { type: 'string' } },
      { name: 'tag', in: 'query', explode: false, schema: { type: 'array', items: { type: 'string' } } },
    ]);
    expect(doc.components.parameters.Tag).toEqual({ name: 'tag', in: 'query', schema: { type: 'array', items: { type: 'string' } } });
  });
});

describe('a parameter declared on its own, with its serialization', () => {
  const Ids = defineParameter({ name: 'ids', in: 'query', schema: z.array(z.string()), style: 'form', explode: false, 'x-internal': true }, { id: 'Ids' });
  const Colors = defineParameter({ name: 'colors', in: 'path', schema: z.array(z.string()), style: 'label', explode: true });
  const built = buildApiModel(
    defineApi({
      info: { title: 't', version: '1' },
      operations: [operation({ method: 'get', path: '/paint/{colors}', request: { parameters: [Ids, Colors] }, responses: { 200: { description: 'ok' } } })],
    }),
  );

  it('writes style, explode and x- keys in components/parameters and in place, in 3.1 and 3.0', () => {
    if (!built.ok) throw new Error(JSON.stringify(built.diagnostics));
    const styled = built.model;
    for (const openapi of ['3.1', '3.0'] as const) {
      const document = emitOpenApi(styled, { openapi }).document as any;
      expect(document.components.parameters.Ids).toMatchObject({ name: 'ids', in: 'query', style: 'form', explode: false, 'x-internal': true });
      const inPlace = document.paths['/paint/{colors}'].get.parameters.find((p: { name?: string }) => p.name === 'colors');
      expect(inPlace).toMatchObject({ in: 'path', required: true, style: 'label', explode: true });
    }
  });

  it('is checked as parameterOptions are: a style its schema cannot have is BMR122', () => {
    const wrong = buildApiModel(
      defineApi({
        info: { title: 't', version: '1' },
        operations: [operation({ method: 'get', path: '/a', request: { parameters: [defineParameter({ name: 'q', in: 'query', schema: z.string(), style: 'deepObject' })] }, responses: { 200: { description: 'ok' } } })],
      }),
    );
    expect(wrong.ok).toBe(false);
    expect(wrong.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'BMR122', where: 'operation GET /a › request.parameters[0] q', message: expect.stringMatching(/the style `deepObject` serializes object values, but `q` is string/) }),
    ]);
  });
});

describe('a response header with named examples, explode and x- keys', () => {
  const Sample = defineExample({ summary: 'A sample', value: 'a=1,b=2' }, { id: 'Sample' });
  const Limits = defineHeader({ schema: z.object({ a: z.number(), b: z.number() }), style: 'simple', explode: true, examples: { sample: Sample, other: { value: 'a=3,b=4' } }, 'x-owner': 'billing' }, { id: 'Limits' });
  const built = buildApiModel(
    defineApi({
      info: { title: 't', version: '1' },
      operations: [operation({ method: 'get', path: '/a', responses: { 200: { description: 'ok', headers: { 'X-Limits': Limits } } } })],
    }),
  );

  it('writes them in components/headers, and the reusable example in components/examples', () => {
    if (!built.ok) throw new Error(JSON.stringify(built.diagnostics));
    for (const openapi of ['3.1', '3.0'] as const) {
      const document = emitOpenApi(built.model, { openapi }).document as any;
      expect(document.components.headers.Limits).toMatchObject({ style: 'simple', explode: true, examples: { sample: { $ref: '#/components/examples/Sample' }, other: { value: 'a=3,b=4' } }, 'x-owner': 'billing' });
      expect(document.components.examples.Sample).toStrictEqual({ summary: 'A sample', value: 'a=1,b=2' });
    }
  });

  it('refuses a style other than simple (BMR122) and example beside examples (BMR123)', () => {
    const wrong = buildApiModel(
      defineApi({
        info: { title: 't', version: '1' },
        operations: [
          operation({
            method: 'get',
            path: '/a',
            // @ts-expect-error a header's only style is `simple`.
            responses: { 200: { description: 'ok', headers: { 'X-A': { schema: z.array(z.string()), style: 'form' }, 'X-B': { schema: z.string(), example: 'x', examples: { y: { value: 'y' } } } } } },
          }),
        ],
      }),
    );
    expect(wrong.ok).toBe(false);
    expect(wrong.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.where])).toEqual([
      ['BMR122', 'operation GET /a › response 200 › headers › X-A'],
      ['BMR123', 'operation GET /a › response 200 › headers › X-B'],
    ]);
  });
});
