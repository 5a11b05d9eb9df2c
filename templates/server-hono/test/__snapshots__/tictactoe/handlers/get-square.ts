import type { Handlers } from '../generated/server.ts';

/**
 * GET /board/{row}/{column} — Get a single board square
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 */
export const getSquare: Handlers["get-square"] = async (context) => {
  context.log.info('GET /board/{row}/{column} is not implemented yet');
};
