/**
 * A handler's reply on a generated Hono server, as the Fastify target sends it: its status and
 * headers, the media type documented for its status (which wins over a `content-type` of the
 * handler's), the body serialized as that media type says (`reply-serialization.ts`); and the tasks
 * the handler left for after the response.
 */
import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { honoLog } from './hono-request-log.ts';
import { replyMediaType, serializeReplyBody, type ReplyMediaTypes } from './reply-serialization.ts';

export interface HandlerReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The `Response` for `reply`; `mediaTypes` are the operation's documented ones, by status. */
export function honoReply(c: Context, reply: HandlerReply, mediaTypes: ReplyMediaTypes): Response {
  const documented = replyMediaType(reply.status, mediaTypes);
  let headers: Record<string, string> | undefined;
  if (reply.headers !== undefined) {
    headers = {};
    for (const name in reply.headers) headers[name.toLowerCase()] = reply.headers[name]!;
  }
  const { payload, contentType } = serializeReplyBody(reply.body, documented ?? headers?.['content-type']);
  if (contentType !== undefined) (headers ??= {})['content-type'] = contentType;
  // As Fastify says of a reply without a body (where a status may have one): it is empty, not streamed.
  if (payload === null && reply.status >= 200 && reply.status !== 204 && reply.status !== 304) (headers ??= {})['content-length'] = '0';
  // One header and no others is Hono's fast path: a record, not a Headers object.
  return c.body(payload as string, reply.status as 200, headers);
}

/**
 * Runs `tasks` once the response has been sent: on @hono/node-server when Node has written it (its
 * `finish`, as on the Fastify target), on a runtime with an execution context (Workers) through
 * `waitUntil`, elsewhere once the handler's response has been returned. Their errors are logged.
 */
export function honoAfterResponse(c: Context, tasks: readonly (() => unknown)[] | undefined): void {
  if (tasks === undefined || tasks.length === 0) return;
  const log = honoLog(c);
  const run = (): Promise<unknown> =>
    Promise.all(tasks.map((task) => Promise.resolve().then(task).catch((error: unknown) => log.error({ err: error }, 'afterResponse task failed'))));
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing !== undefined && typeof outgoing.once === 'function') {
    outgoing.once('finish', () => void run());
    return;
  }
  const afterReturn = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(run);
  let executionContext: { waitUntil(promise: Promise<unknown>): void } | undefined;
  try {
    executionContext = c.executionCtx;
  } catch {
    // Hono throws when the runtime gave no execution context.
  }
  executionContext?.waitUntil(afterReturn);
}
