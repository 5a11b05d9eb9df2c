/**
 * A handler's reply body, sent by Fastify as its documented media type says. Fastify sends a string as
 * it is (it takes it for JSON already serialized), and a returned `undefined` or `null` as `null`; here
 * a string under a JSON media type is sent as a JSON string (the rule of `reply-serialization.ts`, which
 * every server target follows), and a reply without a body has none.
 */
import type { FastifyReply } from 'fastify';
import { sendsStringAsJson } from './reply-serialization.ts';

/** Sends `body` (undefined: no body) on `reply`, whose status, headers and content type are set. */
export function sendReplyBody(reply: FastifyReply, body: unknown): FastifyReply {
  if (body === undefined) return reply.send();
  if (sendsStringAsJson(body, reply.getHeader('content-type'))) return reply.send(JSON.stringify(body));
  return reply.send(body);
}
