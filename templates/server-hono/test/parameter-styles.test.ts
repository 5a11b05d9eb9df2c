/**
 * The parameter-styles fixture's servers (the committed snapshots of both targets) over real HTTP on
 * 127.0.0.1: query, path and header values in the styles the definition gives (`?ids=1,2,3`,
 * `filter[status]=open`, `.red.green`, `;x=1;y=2`, `X-Window: from=1,to=9`) reach the handler as the
 * typed, coerced values of their schemas, and a value its style cannot read is the same 400 problem,
 * pointing at the parameter, on Fastify and on Hono; and the receiver package's client writes them so.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReceiver, importReceiver, removeScratchDirs } from '../../receiver/test/support/generate-receiver.ts';
import { repoRoot } from '../../receiver/test/support/paths.ts';
import type { operations } from '../../server-fastify/test/__snapshots__/parameter-styles/generated/api-types.ts';
import { createServer as fastifyServer, type Handlers as FastifyHandlers, type ListItemsContext } from '../../server-fastify/test/__snapshots__/parameter-styles/generated/server.ts';
import { createServer as honoServer, type Handlers as HonoHandlers } from './__snapshots__/parameter-styles/generated/server.ts';

type Query = NonNullable<operations['listItems']['parameters']['query']>;
/** What the receiver package's client is given: the declared names. */
type Header = NonNullable<operations['listItems']['parameters']['header']>;
type ShapePath = operations['getShape']['parameters']['path'];
type VersionPath = operations['getVersion']['parameters']['path'];

/** The same handlers for both targets; each records what it was given, as its generated type says. */
function handlers(seen: unknown[]): FastifyHandlers & HonoHandlers {
  return {
    listItems: ({ query, headers }: { query: Query; headers: ListItemsContext['headers'] }) => {
      const ids: number[] | undefined = query.ids;
      const min: number | undefined = query.filter?.min;
      // Node gives header names in lower case, and so does the generated type: `X-Trace` is `headers['x-trace']`.
      const trace: string[] | undefined = headers['x-trace'];
      const window: { from: number; to: number } | undefined = headers['x-window'];
      // @ts-expect-error the declared case is not a key: the request never has it.
      void headers['X-Trace'];
      seen.push({ query, ids, min, trace, window });
      return { status: 204 };
    },
    getShape: ({ params }: { params: ShapePath }) => {
      const x: number = params.point.x;
      seen.push({ params, x });
      return { status: 204 };
    },
    getVersion: ({ params }: { params: VersionPath }) => {
      const version: number = params.version;
      seen.push({ params, version });
      return { status: 204 };
    },
  };
}

const servers: (() => Promise<unknown>)[] = [];
afterAll(() => Promise.all(servers.map((close) => close())));

async function fastifyOrigin(seen: unknown[]): Promise<string> {
  const app = fastifyServer({ handlers: handlers(seen) });
  servers.push(() => app.close());
  return app.listen({ port: 0, host: '127.0.0.1' });
}

async function honoOrigin(seen: unknown[]): Promise<string> {
  const server = serve({ fetch: honoServer({ handlers: handlers(seen) }).fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  servers.push(() => new Promise((resolve) => server.close(resolve)));
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function get(origin: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(origin + path, { headers });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), body: text === '' ? undefined : JSON.parse(text) };
}

describe.each([
  ['Fastify', fastifyOrigin],
  ['Hono', honoOrigin],
])('the %s server of the parameter-styles fixture', async (_target, start) => {
  const seen: unknown[] = [];
  const origin = await start(seen);
  const last = () => seen.at(-1);

  it('reads a comma list, a pipe list, a space list, a deepObject, an exploded form object and header lists', async () => {
    const answer = await get(origin, '/items?ids=1,2,3&tags=new|sale&words=red%20fox&filter[status]=open&filter[min]=3&offset=10&limit=5&sort=name', { 'x-trace': 'a, b', 'x-window': 'from=1,to=9' });
    expect(answer).toMatchObject({ status: 204, body: undefined });
    expect(last()).toEqual({
      query: { ids: [1, 2, 3], tags: ['new', 'sale'], words: ['red', 'fox'], filter: { status: 'open', min: 3 }, page: { offset: 10, limit: 5 }, sort: 'name' },
      ids: [1, 2, 3],
      min: 3,
      trace: ['a', 'b'],
      window: { from: 1, to: 9 },
    });
  });

  it('leaves out what is not given', async () => {
    expect((await get(origin, '/items?sort=name')).status).toBe(204);
    expect(last()).toEqual({ query: { sort: 'name' }, trace: undefined, window: undefined });
  });

  it('reads simple, label and matrix path values', async () => {
    expect((await get(origin, '/shapes/1,2,3/.red.green/;x=4;y=-5')).status).toBe(204);
    expect(last()).toEqual({ params: { ids: [1, 2, 3], colors: ['red', 'green'], point: { x: 4, y: -5 } }, x: 4 });
    expect((await get(origin, '/versions/;version=7/.1,2')).status).toBe(204);
    expect(last()).toEqual({ params: { version: 7, range: [1, 2] }, version: 7 });
  });

  const malformed: [string, string, Record<string, string>, unknown][] = [
    ['a label value without its dot', '/shapes/1/red/;x=1;y=2', {}, { in: 'params', path: '/colors', message: 'must start with "." (label style, exploded: .a.b.c)' }],
    ['a matrix value under another name', '/versions/;v=7/.1', {}, { in: 'params', path: '/version', message: 'must name "version" in each ";version=" (matrix style: ;version=value)' }],
    ['a comma list given twice', '/items?ids=1,2&ids=3', {}, { in: 'query', path: '/ids', message: 'must be given once (form style: ids=a,b,c)' }],
    ['a deepObject two levels deep', '/items?filter[status][x]=open', {}, { in: 'query', path: '/filter', message: 'must be one level deep: filter[property]=value, not "filter[status][x]" (deepObject style, exploded: filter[key]=value)' }],
    ['a header object item without `=`', '/items', { 'x-window': 'from=1,to' }, { in: 'headers', path: '/x-window', message: 'must be name=value pairs separated by "," (simple style, exploded: key=value,key2=value2)' }],
    ['a list item that is not its type', '/items?ids=1,two', {}, { in: 'query', path: '/ids/1', message: 'must be integer' }],
    ['a deepObject property that is not its type', '/items?filter[min]=three', {}, { in: 'query', path: '/filter/min', message: 'must be integer' }],
  ];
  it.each(malformed)('answers %s with a 400 problem at the parameter', async (_name, path, headers, issue) => {
    const before = seen.length;
    const answer = await get(origin, path, headers);
    expect(answer.status).toBe(400);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.body.errors).toEqual([issue]);
    expect(seen.length).toBe(before);
  });
});

describe('both targets', () => {
  it('answer a malformed value with the same problem, member for member', async () => {
    const [fastify, hono] = await Promise.all([fastifyOrigin([]), honoOrigin([])]);
    for (const path of ['/shapes/1/red/;x=1;y=2', '/items?ids=1,2&ids=3&filter[min]=x']) {
      expect(await get(hono, path)).toEqual(await get(fastify, path));
    }
  });
});

/** The generated client's methods this file calls. */
interface CatalogClient {
  listItems(options: { query?: Query; headers?: Header }): Promise<{ status: number }>;
  getShape(options: { params: ShapePath }): Promise<{ status: number }>;
  getVersion(options: { params: VersionPath }): Promise<{ status: number }>;
}

describe("the receiver package's client", () => {
  let createClient: (options: { baseUrl: string }) => CatalogClient;
  beforeAll(async () => {
    const generated = await generateReceiver({ definition: `export { default } from ${JSON.stringify(`${repoRoot}packages/core/test/fixtures/parameter-styles.ts`)};\n`, label: 'parameter-styles' });
    expect(generated.result.ok).toBe(true);
    ({ createClient } = await importReceiver<{ createClient: typeof createClient }>(generated.receiverDir));
  }, 120_000);
  afterAll(() => removeScratchDirs());

  it.each([
    ['Fastify', fastifyOrigin],
    ['Hono', honoOrigin],
  ])('writes each parameter in its style, and the %s server reads back what it was given', async (_target, start) => {
    const seen: unknown[] = [];
    const client = createClient({ baseUrl: await start(seen) });
    const query: Query = { ids: [1, 2], tags: ['a b', 'c,d'], words: ['x', 'y|z'], filter: { status: 'closed', min: 0 }, page: { offset: 20, limit: 10 }, sort: 'name' };
    expect((await client.listItems({ query, headers: { 'X-Trace': ['t1', 't2'], 'X-Window': { from: 3, to: 4 } } })).status).toBe(204);
    expect(seen.at(-1)).toEqual({ query, ids: [1, 2], min: 0, trace: ['t1', 't2'], window: { from: 3, to: 4 } });
    expect((await client.getShape({ params: { ids: [7, 8], colors: ['red', 'dark blue'], point: { x: 1, y: 2 } } })).status).toBe(204);
    expect(seen.at(-1)).toEqual({ params: { ids: [7, 8], colors: ['red', 'dark blue'], point: { x: 1, y: 2 } }, x: 1 });
    expect((await client.getVersion({ params: { version: 3, range: [1, 5] } })).status).toBe(204);
    expect(seen.at(-1)).toEqual({ params: { version: 3, range: [1, 5] }, version: 3 });
  });
});
