import type { Handlers } from '../generated/server.ts';

/**
 * GET /shapes/{ids}/{colors}/{point} — A shape by simple, label and matrix path values
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 */
export const getShape: Handlers["getShape"] = async (context) => {
  context.log.info('GET /shapes/{ids}/{colors}/{point} is not implemented yet');
};
