import type { Handlers } from '../generated/server.ts';

/**
 * TRACE /health — Echo
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 */
export const traceHealth: Handlers["traceHealth"] = async (context) => {
  context.log.info('TRACE /health is not implemented yet');
};
