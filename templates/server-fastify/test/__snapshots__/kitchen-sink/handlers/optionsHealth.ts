import type { Handlers } from '../generated/server.ts';

/**
 * OPTIONS /health — Allowed methods
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 */
export const optionsHealth: Handlers["optionsHealth"] = async (context) => {
  context.log.info('OPTIONS /health is not implemented yet');
};
