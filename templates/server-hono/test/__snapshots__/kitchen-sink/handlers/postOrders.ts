import type { Handlers } from '../generated/server.ts';

/**
 * POST /orders — Create an order
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 *
 * `callbacks.postOrdersOrderEventsPut1.queue(body)` stores PUT {$request.query.callback_url}/orders/{$request.body#/id} and resolves once it is stored:
 * it is sent signed, retried for hours and kept across restarts (see CALLBACK_STORE in main.ts).
 * `callbacks.postOrdersOrderEventsPut1.send(body)` sends it now instead and resolves with the receiver's answer.
 *
 * `callbacks.postOrdersOrderEventsPost1.queue(body)` stores POST {$request.query.callback_url}/orders/{$request.body#/id} and resolves once it is stored:
 * it is sent signed, retried for hours and kept across restarts (see CALLBACK_STORE in main.ts).
 * `callbacks.postOrdersOrderEventsPost1.send(body)` sends it now instead and resolves with the receiver's answer.
 *
 * `callbacks.orderEventsByHeader.queue(body)` stores POST {$request.header.X-Callback-Url}?order={$request.body#/id}&city={$request.body#/customer/address/city} and resolves once it is stored:
 * it is sent signed, retried for hours and kept across restarts (see CALLBACK_STORE in main.ts).
 * `callbacks.orderEventsByHeader.send(body)` sends it now instead and resolves with the receiver's answer.
 *
 * `callbacks.first_item.queue(body)` stores POST https://audit.example/{$request.body#/items/0/sku}/{$request.body#/a~1b~0c}?m={$method}&s={$statusCode}&u={$url}&loc={$response.header.Location}&r={$response.body#/status} and resolves once it is stored:
 * it is sent signed, retried for hours and kept across restarts (see CALLBACK_STORE in main.ts).
 * `callbacks.first_item.send(body)` sends it now instead and resolves with the receiver's answer.
 *
 * The API's webhooks go to the endpoints subscribed to them: `webhooks[…].queue(body)` stores one
 * delivery per subscription (`order.shipped`, `orderArchivedPost`, `orderArchivedDelete`).
 */
export const postOrders: Handlers["postOrders"] = async (context) => {
  context.log.info('POST /orders is not implemented yet');
};
