import type { Handlers } from '../generated/server.ts';

/**
 * POST /2fa/verify — Verify a one-time code
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 */
export const op2faVerify: Handlers["2fa.verify"] = async (context) => {
  context.log.info('POST /2fa/verify is not implemented yet');
};
