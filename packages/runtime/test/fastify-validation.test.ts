import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useJsonSchema2020 } from '../src/fastify-validation.ts';

const shared = { $id: 'components', components: { schemas: { Count: { type: 'integer' } } } };
const wire = {
  type: 'object',
  properties: {
    n: { type: 'number' },
    i: { type: 'integer' },
    b: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    s: { type: 'string' },
  },
};
const jsonBody = {
  type: 'object',
  properties: {
    n: { type: 'number' },
    i: { type: 'integer' },
    b: { type: 'boolean' },
    s: { type: 'string' },
    nullable: { type: ['number', 'null'] },
    either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    nested: { type: 'array', items: { type: 'object', properties: { count: { $ref: 'components#/components/schemas/Count' } } } },
    'a/b': { type: 'number' },
  },
};

let app: FastifyInstance;
let origin: string;
beforeAll(async () => {
  app = Fastify();
  useJsonSchema2020(app, [shared]);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  app.setErrorHandler((error: { validation?: { instancePath: string; message?: string }[] }, _request, reply) =>
    reply.code(400).send({ errors: (error.validation ?? []).map((e) => `${e.instancePath} ${e.message}`) }),
  );
  const echo = async (request: { query: unknown; params: unknown; headers: Record<string, unknown>; body: unknown }) => ({ query: request.query, params: request.params, header: request.headers['x-n'], body: request.body });
  app.get('/wire/:i', { schema: { querystring: wire, params: { type: 'object', properties: { i: { type: 'integer' } } }, headers: { type: 'object', properties: { 'x-n': { type: 'number' } } } } }, echo);
  app.post('/json', { schema: { body: jsonBody } }, echo);
  app.post('/number', { schema: { body: { type: 'number' } } }, echo);
  app.post('/form', { schema: { body: { content: { 'application/x-www-form-urlencoded': { schema: wire } } } } }, echo);
  app.post('/text', { schema: { body: { content: { 'text/plain': { schema: { type: 'string', maxLength: 5 } } } } } }, echo);
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());

async function call(path: string, init?: RequestInit) {
  const response = await fetch(origin + path, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const post = (path: string, contentType: string, body: string) => call(path, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('path, query and header values: strings coerced as the schema says', () => {
  it('converts numbers, integers, booleans and single values to arrays', async () => {
    const answer = await call('/wire/7?n=-1.5&i=12&b=true&tags=a&s=12', { headers: { 'x-n': '3.5' } });
    expect(answer).toEqual({ status: 200, body: { query: { n: -1.5, i: 12, b: true, tags: ['a'], s: '12' }, params: { i: 7 }, header: 3.5 } });
  });

  it.each([
    ['/wire/7?n=abc', '/n must be number'],
    ['/wire/7?i=1.5', '/i must be integer'],
    ['/wire/7?b=yes', '/b must be boolean'],
    ['/wire/seven', '/i must be integer'],
  ])('refuses %s', async (path, error) => {
    expect(await call(path)).toEqual({ status: 400, body: { errors: [error] } });
  });
});

describe('form fields: strings, coerced as query values are', () => {
  it('converts fields', async () => {
    expect((await post('/form', 'application/x-www-form-urlencoded', 'n=5&b=false&tags=x')).body.body).toEqual({ n: 5, b: false, tags: ['x'] });
  });
});

describe('JSON bodies: only numeric strings, to numbers', () => {
  const accepted: [string, { given: unknown; want: unknown }][] = [
    ['numeric strings where numbers are wanted', { given: { n: '-12.5e1', i: '42' }, want: { n: -125, i: 42 } }],
    ['a numeric string in an array item, through a $ref', { given: { nested: [{ count: '3' }, { count: 4 }] }, want: { nested: [{ count: 3 }, { count: 4 }] } }],
    ['a property whose name needs pointer escaping', { given: { 'a/b': '1' }, want: { 'a/b': 1 } }],
    ['a numeric string where null is also allowed', { given: { nullable: '5' }, want: { nullable: 5 } }],
    ['null where null is allowed', { given: { nullable: null }, want: { nullable: null } }],
    ['a numeric string a union also takes as a string: it stays a string', { given: { either: '5' }, want: { either: '5' } }],
    ['a numeric string where a string is wanted: it stays a string', { given: { s: '5' }, want: { s: '5' } }],
  ];
  it.each(accepted)('accepts %s', async (_name, { given, want }) => {
    expect(await post('/json', 'application/json', JSON.stringify(given))).toEqual({ status: 200, body: { query: {}, params: {}, body: want } });
  });

  const refused: [string, { given: unknown; errors: string[] }][] = [
    ['null for a number', { given: { n: null }, errors: ['/n must be number'] }],
    ['null for a string', { given: { s: null }, errors: ['/s must be string'] }],
    ['a boolean for a number', { given: { n: true }, errors: ['/n must be number'] }],
    ['a number for a string', { given: { s: 5 }, errors: ['/s must be string'] }],
    ['a number for a boolean', { given: { b: 1 }, errors: ['/b must be boolean'] }],
    ['"true" for a boolean', { given: { b: 'true' }, errors: ['/b must be boolean'] }],
    ['a one-item array for a number', { given: { n: [1] }, errors: ['/n must be number'] }],
    ['a fractional numeric string for an integer', { given: { i: '1.5' }, errors: ['/i must be integer'] }],
    ['strings that are not JSON numbers', { given: { n: ' 1', i: '0x10', nullable: 'NaN' }, errors: ['/n must be number', '/i must be integer', '/nullable must be number,null'] }],
    ['a numeric string beyond double precision', { given: { n: '1e400' }, errors: ['/n must be number'] }],
  ];
  it.each(refused)('refuses %s', async (_name, { given, errors }) => {
    expect(await post('/json', 'application/json', JSON.stringify(given))).toEqual({ status: 400, body: { errors } });
  });

  it('converts a whole body that is a numeric string, zero included', async () => {
    expect((await post('/number', 'application/json', '"0"')).body.body).toBe(0);
    expect((await post('/number', 'application/json', 'null')).status).toBe(400);
  });
});

describe('text bodies: one string, never converted', () => {
  it('keeps "42" a string, and checks the string', async () => {
    expect((await post('/text', 'text/plain', '42')).body.body).toBe('42');
    expect(await post('/text', 'text/plain', '123456')).toEqual({ status: 400, body: { errors: [' must NOT have more than 5 characters'] } });
  });
});
