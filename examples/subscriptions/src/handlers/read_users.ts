import type { Handlers } from '../generated/server.ts';
import { subscribers } from '../users.ts';

/** GET /users — Read Users: the names of the subscribed users, at most `limit` of them. */
export const read_users: Handlers['read_users'] = async ({ query }) => {
  const names = [...subscribers.keys()];
  return { status: 200, body: query.limit === undefined ? names : names.slice(0, query.limit) };
};
