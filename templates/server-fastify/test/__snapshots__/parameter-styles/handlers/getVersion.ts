import type { Handlers } from '../generated/server.ts';

/**
 * GET /versions/{version}/{range} — A version by a matrix primitive and a label list
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 */
export const getVersion: Handlers["getVersion"] = async (context) => {
  context.log.info('GET /versions/{version}/{range} is not implemented yet');
};
