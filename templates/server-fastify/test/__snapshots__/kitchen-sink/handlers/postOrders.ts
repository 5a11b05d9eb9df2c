import type { Handlers } from '../generated/server.ts';

/**
 * POST /orders — Create an order
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 *
 * `callbacks.postOrdersOrderEventsPut1.send(body)` sends PUT {$request.query.callback_url}/orders/{$request.body#/id}, signed;
 * keep it and send it later with `afterResponse(() => callbacks.postOrdersOrderEventsPut1.send(...))`.
 *
 * `callbacks.postOrdersOrderEventsPost1.send(body)` sends POST {$request.query.callback_url}/orders/{$request.body#/id}, signed;
 * keep it and send it later with `afterResponse(() => callbacks.postOrdersOrderEventsPost1.send(...))`.
 *
 * `callbacks.orderEventsByHeader.send(body)` sends POST {$request.header.X-Callback-Url}?order={$request.body#/id}&city={$request.body#/customer/address/city}, signed;
 * keep it and send it later with `afterResponse(() => callbacks.orderEventsByHeader.send(...))`.
 *
 * `callbacks.first_item.send(body)` sends POST https://audit.example/{$request.body#/items/0/sku}/{$request.body#/a~1b~0c}?m={$method}&s={$statusCode}&u={$url}&loc={$response.header.Location}&r={$response.body#/status}, signed;
 * keep it and send it later with `afterResponse(() => callbacks.first_item.send(...))`.
 */
export const postOrders: Handlers["postOrders"] = async (context) => {
  context.log.info('POST /orders is not implemented yet');
};
