import type { Handlers } from '../generated/server.ts';

/**
 * DELETE /boards/{boardId} — Delete a board
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 *
 * The API's webhooks go to the endpoints subscribed to them: `webhooks[…].queue(body)` stores one
 * delivery per subscription (`board.changed`, `board.closed`).
 */
export const deleteBoard: Handlers["deleteBoard"] = async (context) => {
  context.log.info('DELETE /boards/{boardId} is not implemented yet');
};
