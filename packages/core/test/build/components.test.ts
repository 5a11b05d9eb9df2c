/** Reusable components in the build: the diagnostics no type can give, and the per-operation model templates read. */
import {
  buildApiModel,
  buildReceiverRoutes,
  buildServerView,
  defineApi,
  defineCallback,
  defineExample,
  defineParameter,
  definePathItem,
  defineResponse,
  diagnosticCatalog,
  operation,
  type ApiDefinitionInput,
  type Diagnostic,
} from '@boomerang/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import components from '../fixtures/components.ts';

const ok = { 200: { description: 'ok' } } as const;
const info = { title: 't', version: '1' } as const;

function errorsOf(definition: ApiDefinitionInput): Diagnostic[] {
  const built = buildApiModel(definition);
  expect(built.ok).toBe(false);
  return built.diagnostics.filter((d) => d.severity === 'error');
}

type Want = { code: string; where: string; message: RegExp; hint: RegExp };

const Limit = defineParameter({ name: 'limit', in: 'query', schema: z.number().int() }, { id: 'Limit' });
/** A string URL is checked against each operation that uses the callback, not once. */
const Notify = defineCallback({ url: '{$request.query.callback_url}/notify', post: { responses: ok } }, { id: 'Notify' });

const cases: [string, { given: ApiDefinitionInput; want: Want[] }][] = [
  [
    'two different parameters under one id (BMR100)',
    {
      given: defineApi({
        info,
        operations: [
          operation({ method: 'get', path: '/a', request: { parameters: [Limit] }, responses: ok }),
          operation({ method: 'get', path: '/b', request: { parameters: [defineParameter({ name: 'limit', in: 'query', schema: z.string() }, { id: 'Limit' })] }, responses: ok }),
        ],
      }),
      want: [{ code: 'BMR100', where: 'operation GET /b › request.parameters[0]', message: /two different parameters are named `Limit`: this one, and the one used at operation GET \/a › request\.parameters\[0\]/, hint: /defineParameter\(\.\.\., \{ id: 'Limit' \}\)/ }],
    },
  ],
  [
    'two different responses under one id (BMR100)',
    {
      given: defineApi({
        info,
        operations: [
          operation({ method: 'get', path: '/a', responses: { 200: ok[200], 404: defineResponse({ description: 'Gone.' }, { id: 'Missing' }) } }),
          operation({ method: 'get', path: '/b', responses: { 200: ok[200], 404: defineResponse({ description: 'Not here.' }, { id: 'Missing' }) } }),
        ],
      }),
      want: [{ code: 'BMR100', where: 'operation GET /b › response 404', message: /two different responses are named `Missing`/, hint: /defineResponse/ }],
    },
  ],
  [
    'two different examples under one id (BMR100)',
    {
      given: defineApi({
        info,
        operations: [
          operation({ method: 'post', path: '/a', request: { body: { schema: z.number(), examples: { one: defineExample({ value: 1 }, { id: 'Num' }) } } }, responses: ok }),
          operation({ method: 'post', path: '/b', request: { body: { schema: z.number(), examples: { two: defineExample({ value: 2 }, { id: 'Num' }) } } }, responses: ok }),
        ],
      }),
      want: [{ code: 'BMR100', where: 'operation POST /b › request body › examples.two', message: /two different examples are named `Num`: this one, and the one used at operation POST \/a › request body › examples\.one/, hint: /defineExample/ }],
    },
  ],
  [
    'an id that is not a components key (BMR101)',
    {
      given: defineApi({ info, operations: [operation({ method: 'get', path: '/a', request: { parameters: [defineParameter({ name: 'q', in: 'query', schema: z.string() }, { id: 'the query' })] }, responses: ok })] }),
      want: [{ code: 'BMR101', where: 'operation GET /a › request.parameters[0]', message: /the parameter name `the query` is not usable as a components\/parameters key/, hint: /id: 'the_query'/ }],
    },
  ],
  [
    'a listed parameter that repeats a property of the query schema (BMR102)',
    {
      given: defineApi({ info, operations: [operation({ method: 'get', path: '/a', request: { query: z.object({ limit: z.string() }), parameters: [Limit] }, responses: ok })] }),
      want: [{ code: 'BMR102', where: 'operation GET /a', message: /the query parameter `limit` is declared twice by this operation/, hint: /Declare each parameter once/ }],
    },
  ],
  [
    'shared parameters for a path no operation has (BMR103)',
    {
      given: defineApi({
        info,
        paths: { '/boards/{board}': { parameters: [defineParameter({ name: 'board', in: 'path', schema: z.string() })] } },
        operations: [operation({ method: 'get', path: '/boards/{id}', request: { params: z.object({ id: z.string() }) }, responses: ok })],
      }),
      want: [{ code: 'BMR103', where: 'paths /boards/{board}', message: /no operation has the path `\/boards\/\{board\}`/, hint: /The operations' path is `\/boards\/\{id\}`: write that key\./ }],
    },
  ],
  [
    'a path parameter on a callback request (BMR104)',
    {
      given: defineApi({
        info,
        operations: [
          operation({
            method: 'post',
            path: '/a',
            request: { query: z.object({ cb: z.url() }) },
            responses: ok,
            callbacks: { c: { url: '{$request.query.cb}/c', post: { request: { parameters: [defineParameter({ name: 'id', in: 'path', schema: z.string() })] }, responses: ok } } },
          }),
        ],
      }),
      want: [{ code: 'BMR104', where: 'operation POST /a › callback c › POST › request.parameters[0] id', message: /`id` is a path parameter, but a callback or webhook is sent to a URL the receiver chose/, hint: /in: 'query'/ }],
    },
  ],
  [
    "a reusable callback's string URL, checked against each operation that uses it (BMR041 names the operation)",
    {
      given: defineApi({
        info,
        operations: [
          operation({ method: 'post', path: '/a', request: { query: z.object({ callback_url: z.url() }) }, responses: ok, callbacks: { notify: Notify } }),
          operation({ method: 'post', path: '/b', responses: ok, callbacks: { notify: Notify } }),
        ],
      }),
      want: [{ code: 'BMR041', where: 'operation POST /b › callback notify › url', message: /`\$request\.query\.callback_url`/, hint: /./ }],
    },
  ],
  [
    'a path-level path parameter missing from one of its operations is still checked (BMR021)',
    {
      given: defineApi({
        info,
        paths: { '/a/{id}': { parameters: [defineParameter({ name: 'other', in: 'path', schema: z.string() })] } },
        operations: [operation({ method: 'get', path: '/a/{id}', request: { params: z.object({ id: z.string() }) }, responses: ok })],
      }),
      want: [{ code: 'BMR021', where: 'operation GET /a/{id}', message: /^`other`, a shared parameter of `paths\['\/a\/\{id\}'\]`, is not a `\{other\}` segment/, hint: /Add `\{other\}` to the path/ }],
    },
  ],
];

describe('reusable component diagnostics', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    const errors = errorsOf(given);
    expect(errors.map((e) => ({ code: e.code, where: e.where }))).toEqual(want.map((w) => ({ code: w.code, where: w.where })));
    want.forEach((w, i) => {
      expect(errors[i]!.message).toMatch(w.message);
      expect(errors[i]!.hint).toMatch(w.hint);
      expect(diagnosticCatalog[errors[i]!.code].severity).toBe('error');
    });
  });

  it.each([
    [
      'a paths entry with a misspelt key (BMR016)',
      { info, paths: { '/a': { parameter: [] } }, operations: [operation({ method: 'get', path: '/a', responses: ok })] },
      { code: 'BMR016', where: 'paths./a', message: /`parameter` is not a key of a path; did you mean `parameters`\?/ },
    ],
    [
      'a listed parameter in a location OpenAPI does not have (BMR009)',
      { info, operations: [{ method: 'get', path: '/a', request: { parameters: [{ name: 'x', in: 'body', schema: z.string() }] }, responses: ok }] },
      { code: 'BMR009', where: 'operation GET /a › request › parameters[0] › in', message: /must be one of `'path'`, `'query'`, `'header'`, `'cookie'`/ },
    ],
    [
      'a listed parameter without a schema (BMR009)',
      { info, operations: [{ method: 'get', path: '/a', request: { parameters: [{ name: 'x', in: 'query' }] }, responses: ok }] },
      { code: 'BMR009', where: 'operation GET /a › request › parameters[0] › schema', message: /`schema` is missing/ },
    ],
  ])('plain-JS shapes: %s', (_name, given, want) => {
    const errors = errorsOf(given as unknown as ApiDefinitionInput);
    expect(errors.map((e) => ({ code: e.code, where: e.where }))).toEqual([{ code: want.code, where: want.where }]);
    expect(errors[0]!.message).toMatch(want.message);
  });

  it('the same component value used twice is one component, not a conflict', () => {
    const built = buildApiModel(components);
    expect(built.ok ? [] : built.diagnostics).toEqual([]);
  });
});

describe('the model of a definition made of components', () => {
  const built = buildApiModel(components);
  if (!built.ok) throw new Error('the components fixture does not build');
  const model = built.model;
  const op = (id: string) => model.operations.find((o) => o.operationId === id)!;

  it("gives each operation its full parameter list: the path's shared ones, marked, then its own", () => {
    expect(op('getBoard').parameters.map((p) => [p.in, p.name, p.component, p.pathLevel ?? false])).toEqual([
      ['path', 'boardId', 'BoardId', true],
      ['query', 'limit', 'Limit', false],
    ]);
    expect(op('deleteBoard').parameters.map((p) => p.name)).toEqual(['boardId']);
    expect(op('listBoards').parameters.map((p) => [p.name, p.required, p.component])).toEqual([
      ['limit', false, 'Limit'],
      ['tags', false, 'Tags'],
      ['X-Request-Id', false, undefined],
    ]);
    // A parameter declared with its serialization keeps it in the model, for the servers to parse by.
    expect(op('listBoards').parameters.find((p) => p.name === 'tags')).toMatchObject({ style: 'pipeDelimited', explode: false, extensions: { 'x-since': '1.2' } });
  });

  it('a shared callback has the same operationIds at every operation, and is one receiver route sent after both', () => {
    const ids = (id: string) => op(id).callbacks.filter((c) => c.component === 'BoardChanged').flatMap((c) => c.urls.flatMap((u) => u.operations.map((o) => o.operationId)));
    expect(ids('createBoard')).toEqual(['boardChanged']);
    expect(ids('replaceBoard')).toEqual(['boardChanged']);
    const { routes, diagnostics } = buildReceiverRoutes(model);
    expect(diagnostics).toEqual([]);
    const changed = routes.filter((r) => r.event === 'boardChanged');
    expect(changed).toHaveLength(1);
    expect(changed[0]!.triggers!.map((t) => t.operationId)).toEqual(['createBoard', 'replaceBoard']);
    expect(routes.map((r) => r.event)).toEqual(['boardChanged', 'boardArchived', 'board.changed', 'board.closed']);
  });

  it("lets each server operation send the shared callback, and validates the path's shared parameter", () => {
    const view = buildServerView({ model, routes: buildReceiverRoutes(model).routes, options: {} });
    const byId = (id: string) => view.operations.find((o) => o.operationId === id)!;
    expect(byId('createBoard').callbacks.map((c) => c.event)).toEqual(['boardChanged', 'boardArchived']);
    expect(byId('replaceBoard').callbacks.map((c) => c.event)).toEqual(['boardChanged']);
    expect(byId('deleteBoard').params.schema).toMatchObject({ properties: { boardId: { type: 'string' } }, required: ['boardId'] });
  });

  it('a reusable Path Item shares its operationIds; each webhook keeps its own name and texts', () => {
    expect(model.webhooks.map((w) => [w.name, w.component, w.summary, w.operations.map((o) => o.operationId)])).toEqual([
      ['board.changed', 'BoardWebhook', 'A board event', ['boardWebhook']],
      ['board.closed', 'BoardWebhook', 'A board was closed', ['boardWebhook']],
    ]);
  });

  it('a multi-method reusable Path Item used by two webhooks gets one event per webhook and method', () => {
    const Item = definePathItem({ post: { responses: ok }, put: { responses: ok } }, { id: 'Item' });
    const built = buildApiModel(defineApi({ info, webhooks: { 'a.made': Item, 'b.made': Item } }));
    if (!built.ok) throw new Error(built.diagnostics.map((d) => d.message).join('\n'));
    const { routes, diagnostics } = buildReceiverRoutes(built.model);
    expect(diagnostics).toEqual([]);
    expect(routes.map((r) => r.event)).toEqual(['aMadePut', 'aMadePost', 'bMadePut', 'bMadePost']);
  });
});
