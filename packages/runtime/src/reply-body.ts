/**
 * A handler's reply body, sent as its documented media type says. Fastify sends a string as it is
 * (it takes it for JSON already serialized), and a returned `undefined` or `null` as `null`; here a
 * string under a JSON media type is sent as a JSON string, and a reply without a body has none.
 */
import type { FastifyReply } from 'fastify';

const jsonMediaType = /^\s*application\/(?:[^;/]+\+)?json\s*(?:;|$)/i;

/** Sends `body` (undefined: no body) on `reply`, whose status, headers and content type are set. */
export function sendReplyBody(reply: FastifyReply, body: unknown): FastifyReply {
  if (body === undefined) return reply.send();
  const contentType = reply.getHeader('content-type');
  if (typeof body === 'string' && typeof contentType === 'string' && jsonMediaType.test(contentType)) return reply.send(JSON.stringify(body));
  return reply.send(body);
}
