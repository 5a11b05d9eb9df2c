/**
 * A receiver: the request pipeline, served three ways. `node` for node:http (and what Express and
 * Fastify hand over), `fetch` for fetch-API runtimes, `handle` for anything else.
 */
import { fetchHandler, type FetchHandler } from './fetch.ts';
import { nodeListener, type NodeListener } from './node.ts';
import { createPipeline, type AnyHandler, type Pipeline, type PipelineInternals, type ReceiverSettings, type RouteSpec } from './pipeline.ts';

export interface Receiver extends Pipeline {
  /** A node:http request listener: `http.createServer(receiver.node)`. */
  readonly node: NodeListener;
  /** `(Request) => Promise<Response>`: Hono, Next.js route handlers, Workers, Bun, Deno. */
  readonly fetch: FetchHandler;
}

/** `internals` are for this package's tests (e.g. verifying with Web Crypto where node:crypto exists). */
export function createReceiverFromRoutes(routes: readonly RouteSpec[], settings: ReceiverSettings & { readonly handlers: Readonly<Record<string, AnyHandler>> }, internals?: PipelineInternals): Receiver {
  const pipeline = createPipeline(routes, settings, internals);
  const { handle, bodyLimit, events, reportError } = pipeline;
  return { handle, bodyLimit, events, reportError, node: nodeListener(pipeline), fetch: fetchHandler(pipeline) };
}
