/**
 * The kitchen-sink server, generated (the committed snapshot) and run: nested named schemas shared
 * across routes, path parameters, form, text and binary bodies, response serialization.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from './__snapshots__/kitchen-sink/generated/api-types.ts';
import { createServer, type Handlers } from './__snapshots__/kitchen-sink/generated/server.ts';

const order: components['schemas']['Order'] = {
  id: '00000000-0000-4000-8000-000000000000',
  customer: { email: 'ada@example.com', address: { city: 'Lyon' } },
  items: [{ sku: 'BK-1', quantity: 2, price: { amount: 1250, currency: 'EUR' } }],
  note: null,
  status: 'open',
};

const seen: Record<string, unknown> = {};
const handlers: Handlers = {
  postOrders: ({ body }) => ({ status: 201, body: { ...body, internal: 'not documented' } as typeof body, headers: { location: `/orders/${body.id}` } }),
  getOrdersByOrderId: ({ params }) => ({ status: 200, body: { ...order, id: params.orderId } }),
  patchOrdersByOrderId: ({ body }) => ((seen.form = body), { status: 200, body: { ...order, note: body.note } }),
  deleteOrdersByOrderId: () => ({ status: 204 }),
  putOrdersByOrderIdAttachmentsByName: ({ params, body }) => ((seen.binary = { params, size: (body as unknown as Buffer).length }), { status: 201 }),
  postOrdersByOrderIdNotes: ({ body }) => ((seen.text = body), { status: 204 }),
  headHealth: () => ({ status: 200 }),
  optionsHealth: () => ({ status: 204, headers: { allow: 'GET, HEAD, OPTIONS' } }),
  traceHealth: () => ({ status: 200, body: 'TRACE /health HTTP/1.1' }),
};

let app: FastifyInstance;
beforeAll(async () => {
  app = createServer({ handlers });
  await app.ready();
});
afterAll(() => app.close());

describe('the generated kitchen-sink server', () => {
  it('validates and serializes nested named schemas shared across routes', async () => {
    const created = await app.inject({ method: 'POST', url: '/orders?callback_url=https://client.example/hooks', payload: order });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe(`/orders/${order.id}`);
    expect(created.json()).toEqual(order); // the undocumented field is not serialized

    const bad = await app.inject({ method: 'POST', url: '/orders?callback_url=https://client.example/hooks', payload: { ...order, items: [{ ...order.items[0]!, price: { amount: 1, currency: 'GBP' } }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ in: 'body', path: '/items/0/price/currency', message: 'must be equal to one of the allowed values' }]);

    const read = await app.inject({ method: 'GET', url: `/orders/${order.id}` });
    expect(read.json()).toEqual(order);
    const notUuid = await app.inject({ method: 'GET', url: '/orders/not-a-uuid' });
    expect(notUuid.statusCode).toBe(400);
    expect(notUuid.json().errors).toContainEqual({ in: 'params', path: '/orderId', message: 'must match format "uuid"' });
  });

  it('parses form, text and binary bodies', async () => {
    const form = await app.inject({ method: 'PATCH', url: `/orders/${order.id}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'note=leave+at+door' });
    expect(form.statusCode).toBe(200);
    expect(seen.form).toEqual({ note: 'leave at door' });

    const text = await app.inject({ method: 'POST', url: `/orders/${order.id}/notes`, headers: { 'content-type': 'text/plain' }, payload: 'fragile' });
    expect(text.statusCode).toBe(204);
    expect(seen.text).toBe('fragile');

    const binary = await app.inject({ method: 'PUT', url: `/orders/${order.id}/attachments/label.pdf`, headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from([1, 2, 3, 4]) });
    expect(binary.statusCode).toBe(201);
    expect(seen.binary).toEqual({ params: { orderId: order.id, name: 'label.pdf' }, size: 4 });

    const wrongType = await app.inject({ method: 'PUT', url: `/orders/${order.id}/attachments/x`, headers: { 'content-type': 'image/png' }, payload: 'x' });
    expect(wrongType.statusCode).toBe(415);
  });
});
