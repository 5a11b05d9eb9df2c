import type { Handlers } from '../generated/server.ts';

/**
 * GET /items — Items by ids, tags, words, a filter and a page
 *
 * Written once by `boomerang generate`, then yours: it is never overwritten.
 * Return one of the documented replies; until you do, this file does not compile.
 */
export const listItems: Handlers["listItems"] = async (context) => {
  context.log.info('GET /items is not implemented yet');
};
