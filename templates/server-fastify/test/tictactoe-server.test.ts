/**
 * OAI's tic-tac-toe example, generated (the committed snapshot) and run over real HTTP on 127.0.0.1:
 * operationIds that are not identifiers (`get-board`) route to their handlers, a JSON string is sent
 * as a JSON string, and a documented response without a body has none.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from './__snapshots__/tictactoe/generated/api-types.ts';
import { createServer, type Handlers } from './__snapshots__/tictactoe/generated/server.ts';

type Mark = components['schemas']['mark'];
const board: Mark[][] = [
  ['X', '.', '.'],
  ['.', 'O', '.'],
  ['.', '.', '.'],
];
let resetting = false;
const seen: unknown[] = [];

const handlers: Handlers = {
  'get-board': () => (resetting ? { status: 503 } : { status: 200, body: { winner: '.', board } }),
  'get-square': ({ params }) => (seen.push(params), { status: 200, body: board[params.row - 1]![params.column - 1]! }),
  'put-square': ({ params, body }) => {
    seen.push(body);
    const row = board[params.row - 1]!;
    if (row[params.column - 1] !== '.') return { status: 409 };
    row[params.column - 1] = body;
    return { status: 200, body: { winner: '.', board } };
  },
};

let app: FastifyInstance;
let origin: string;
beforeAll(async () => {
  app = createServer({ handlers });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());

async function call(method: string, path: string, body?: string) {
  const response = await fetch(origin + path, { method, ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }) });
  return { status: response.status, type: response.headers.get('content-type'), length: response.headers.get('content-length'), text: await response.text() };
}

describe('the generated tic-tac-toe server', () => {
  it('routes get-board to its handler', async () => {
    const answer = await call('GET', '/board');
    expect(answer).toMatchObject({ status: 200, type: 'application/json; charset=utf-8' });
    expect(JSON.parse(answer.text)).toEqual({ winner: '.', board });
  });

  it('sends a mark, a JSON string, as a JSON string; the path parameters are integers', async () => {
    seen.length = 0;
    expect(await call('GET', '/board/2/2')).toMatchObject({ status: 200, type: 'application/json; charset=utf-8', text: '"O"' });
    expect(seen).toEqual([{ row: 2, column: 2 }]);
  });

  it('takes a JSON string body and checks it against the enum', async () => {
    seen.length = 0;
    expect((await call('PUT', '/board/3/3', '"X"')).status).toBe(200);
    expect(seen).toEqual(['X']);
    expect(await call('PUT', '/board/3/2', '"Z"')).toMatchObject({ status: 400, type: 'application/problem+json; charset=utf-8' });
    expect(await call('PUT', '/board/3/2', 'X')).toMatchObject({ status: 400, type: 'application/problem+json; charset=utf-8' });
    expect(await call('GET', '/board/4/1')).toMatchObject({ status: 400, type: 'application/problem+json; charset=utf-8' });
    expect(seen).toEqual(['X']);
  });

  it('sends no body for a documented response that has none, not null', async () => {
    expect(await call('PUT', '/board/1/1', '"O"')).toEqual({ status: 409, type: null, length: '0', text: '' });
    resetting = true;
    try {
      expect(await call('GET', '/board')).toEqual({ status: 503, type: null, length: '0', text: '' });
    } finally {
      resetting = false;
    }
  });
});
