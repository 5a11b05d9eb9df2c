import type { Handlers } from '../generated/server.ts';

/**
 * HEAD /health — Is it up?
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 */
export const headHealth: Handlers["headHealth"] = async (context) => {
  context.log.info('HEAD /health is not implemented yet');
};
