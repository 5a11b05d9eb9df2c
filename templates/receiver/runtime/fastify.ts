/**
 * Fastify (4 and 5): `app.register(fastifyPlugin(receiver), { prefix: '/events' })`. Inside the plugin's
 * own context, request bodies are left unread and handed, raw, to the receiver, so the signature can be
 * checked over their exact bytes; the rest of your app keeps its own parsers.
 */
import type { NodeRequest, NodeResponse } from './node.ts';
import type { Receiver } from './receiver.ts';

/** What the plugin needs of a Fastify instance. */
export interface FastifyInstanceLike {
  removeAllContentTypeParsers(): unknown;
  addContentTypeParser(contentType: string, parser: (request: unknown, payload: unknown, done: (error: Error | null, body?: unknown) => void) => void): unknown;
  all(path: string, handler: (request: { readonly raw: NodeRequest }, reply: { readonly raw: NodeResponse; hijack(): unknown }) => Promise<void>): unknown;
}

export type FastifyReceiverPlugin = (instance: FastifyInstanceLike, options: unknown) => Promise<void>;

export function fastifyPlugin(receiver: Receiver): FastifyReceiverPlugin {
  return async (instance) => {
    instance.removeAllContentTypeParsers();
    // Leave the body stream unread: the receiver reads it, bounded by its own bodyLimit.
    instance.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const handler = async (request: { readonly raw: NodeRequest }, reply: { readonly raw: NodeResponse; hijack(): unknown }) => {
      reply.hijack();
      await receiver.node(request.raw, reply.raw);
    };
    instance.all('/', handler);
    instance.all('/*', handler);
  };
}
