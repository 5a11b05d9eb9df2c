import type { Handlers } from '../generated/server.ts';

/**
 * POST /boards — Create a board
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 *
 * `callbacks.boardChanged.queue(body)` stores POST {$request.body#/callbackUrl}/changed and resolves once it is stored:
 * it is sent signed, retried for hours and kept across restarts (see CALLBACK_STORE in main.ts).
 * `callbacks.boardChanged.send(body)` sends it now instead and resolves with the receiver's answer.
 *
 * `callbacks.boardArchived.queue(body)` stores POST {$request.body#/callbackUrl}/archived and resolves once it is stored:
 * it is sent signed, retried for hours and kept across restarts (see CALLBACK_STORE in main.ts).
 * `callbacks.boardArchived.send(body)` sends it now instead and resolves with the receiver's answer.
 *
 * The API's webhooks go to the endpoints subscribed to them: `webhooks[…].queue(body)` stores one
 * delivery per subscription (`board.changed`, `board.closed`).
 */
export const createBoard: Handlers["createBoard"] = async (context) => {
  context.log.info('POST /boards is not implemented yet');
};
