/**
 * Handlers for the generated invoices, kitchen-sink and tic-tac-toe servers, typed for both targets
 * (Fastify's and Hono's `Handlers`), each recording in `seen` what it was given: the parity test runs
 * them on both, the Node test on Hono over real HTTP.
 */
import { ProblemError } from '@boomerang/runtime';
import type { Handlers as FastifyInvoicesHandlers } from '../../server-fastify/test/__snapshots__/invoices/generated/server.ts';
import type { Handlers as FastifyKitchenSinkHandlers } from '../../server-fastify/test/__snapshots__/kitchen-sink/generated/server.ts';
import type { Handlers as FastifyTictactoeHandlers } from '../../server-fastify/test/__snapshots__/tictactoe/generated/server.ts';
import type { Handlers as HonoInvoicesHandlers } from './__snapshots__/invoices/generated/server.ts';
import type { Handlers as HonoKitchenSinkHandlers } from './__snapshots__/kitchen-sink/generated/server.ts';
import type { Handlers as HonoTictactoeHandlers } from './__snapshots__/tictactoe/generated/server.ts';

/** The invoices handler: echoes what it was given in its answer, or fails as the invoice's id says. */
export function invoiceHandlers(seen: unknown[]): FastifyInvoicesHandlers & HonoInvoicesHandlers {
  return {
    create_invoice: ({ body, query }) => {
      seen.push({ body, query });
      if (body.id === 'problem') throw new ProblemError({ status: 409, detail: 'That invoice exists.', invoice: body.id });
      if (body.id === 'crash') throw new Error('the handler crashed');
      if (body.id === 'teapot') throw Object.assign(new Error('I am a teapot'), { statusCode: 418, expose: true });
      if (body.id === 'secret') throw Object.assign(new Error('internal detail'), { statusCode: 422 });
      if (body.id === 'refused') return { status: 400, body: { title: 'Bad Request', status: 400, detail: 'No.' }, headers: { 'x-reason': 'refused', 'content-type': 'text/plain' } };
      return { status: 200, body: { msg: JSON.stringify({ body, query }) } };
    },
  };
}

export const orderId = '00000000-0000-4000-8000-000000000000';
export const order = {
  id: orderId,
  customer: { email: 'ada@example.com', address: { city: 'Lyon' } },
  items: [{ sku: 'BK-1', quantity: 2, price: { amount: 1250, currency: 'EUR' as const } }],
  note: null,
  status: 'open' as const,
};

export function kitchenSinkHandlers(seen: unknown[]): FastifyKitchenSinkHandlers & HonoKitchenSinkHandlers {
  return {
    postOrders: ({ body, query, headers }) => {
      seen.push({ body, query, header: headers['x-request-id'] });
      if (body.note === 'conflict') return { status: 409, body: { title: 'Conflict', status: 409 } };
      if (body.note === 'down') return { status: 503, body: { title: 'Service Unavailable', status: 503 } };
      return { status: 201, body, headers: { location: `/orders/${body.id}` } };
    },
    getOrdersByOrderId: ({ params }) => (seen.push(params), params.orderId === orderId ? { status: 200, body: order } : { status: 404, body: { title: 'Not Found', status: 404 } }),
    patchOrdersByOrderId: ({ params, body }) => (seen.push({ params, body }), { status: 200, body: { ...order, note: body.note } }),
    deleteOrdersByOrderId: ({ params, body }) => (seen.push({ params, body }), { status: 204 }),
    putOrdersByOrderIdAttachmentsByName: ({ params, body }) => (seen.push({ params, body }), { status: 201 }),
    postOrdersByOrderIdNotes: ({ body }) => (seen.push(body), { status: 204 }),
    headHealth: () => (seen.push('head'), { status: 200 }),
    optionsHealth: () => (seen.push('options'), { status: 204, headers: { allow: 'HEAD, OPTIONS, TRACE' } }),
    traceHealth: () => (seen.push('trace'), { status: 200, body: 'TRACE /health HTTP/1.1' }),
  };
}

/** A board of its own per call, for the state each target changes. */
export function tictactoeHandlers(seen: unknown[]): FastifyTictactoeHandlers & HonoTictactoeHandlers {
  const board = [
    ['X', '.', '.'],
    ['.', 'O', '.'],
    ['.', '.', '.'],
  ] as ('.' | 'X' | 'O')[][];
  return {
    'get-board': () => ({ status: 200, body: { winner: '.', board } }),
    'get-square': ({ params }) => (seen.push(params), { status: 200, body: board[params.row - 1]![params.column - 1]! }),
    'put-square': ({ params, body }) => {
      seen.push({ params, body });
      if (board[params.row - 1]![params.column - 1] !== '.') return { status: 409 };
      board[params.row - 1]![params.column - 1] = body;
      return { status: 200, body: { winner: '.', board } };
    },
  };
}
