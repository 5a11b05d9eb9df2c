import type { Handlers } from '../generated/server.ts';

/**
 * PUT /board/{row}/{column} — Set a single board square
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 */
export const putSquare: Handlers["put-square"] = async (context) => {
  context.log.info('PUT /board/{row}/{column} is not implemented yet');
};
