import type { Handlers } from '../generated/server.ts';

/**
 * GET /board — Get the whole board
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 */
export const getBoard: Handlers["get-board"] = async (context) => {
  context.log.info('GET /board is not implemented yet');
};
