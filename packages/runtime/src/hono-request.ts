/**
 * Hono's side of a request, as generated Hono servers run it, in Fastify's order: the content check
 * (before anything is read), the body read within its limit and parsed by its media type, then each
 * part validated (path parameters, body, query, headers) with the runtime's Ajv validators; the first
 * refusal answers. Only Hono's types are imported: loading this module never loads Hono, and the
 * middlewares run on any fetch runtime.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { mediaTypeEssence } from './media-type.ts';
import { bodyTooLargeProblem, ProblemError, requestValidationProblem, type RequestPart } from './problem.ts';
import { parseRequestBody, type JsonPoisoning } from './request-body.ts';
import { compileContentCheck, hasRequestContent, type RequestBodySpec } from './request-content-check.ts';
import { runRequestValidator, type RequestValidator } from './request-validation.ts';

/** The parsed body, and the media type it was parsed as (undefined: no body was read). */
interface ReadBody {
  readonly mediaType: string | undefined;
  value: unknown;
}

const bodyKey = 'boomerang.body';

/** The essences of the content types seen last: a server sees few, and parses each once. */
const essences = new Map<string, string | undefined>();

function essenceOf(contentType: string): string | undefined {
  if (essences.has(contentType)) return essences.get(contentType);
  const essence = mediaTypeEssence(contentType);
  if (essences.size >= 64) essences.clear();
  essences.set(contentType, essence);
  return essence;
}

/** Methods whose requests Fastify never reads a body of. */
const bodyless = new Set(['GET', 'HEAD', 'TRACE']);

/** On @hono/node-server, the request Node parsed: its headers say whether it has content. */
function incomingOf(c: Context): IncomingMessage | undefined {
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  return env?.incoming;
}

/**
 * Whether the request has content: a non-zero content-length or a transfer-encoding; a fetch `Request`
 * made in code may say neither and have a body, which counts where Node did not parse the request.
 */
function hasContent(c: Context): boolean {
  const { headers } = c.req.raw;
  if (hasRequestContent(headers.get('content-length'), headers.get('transfer-encoding'))) return true;
  return incomingOf(c) === undefined && !bodyless.has(c.req.method) && headers.get('content-length') === null && c.req.raw.body !== null;
}

/** The check of `compileContentCheck` (415 for another media type, 400 for a missing body), before the body is read. */
export function honoCheckRequestContent(label: string, body: RequestBodySpec | undefined): MiddlewareHandler {
  const check = compileContentCheck(label, body);
  return async (c, next) => {
    const contentType = c.req.raw.headers.get('content-type') ?? undefined;
    const refusal = check(contentType, hasContent(c));
    if (refusal !== undefined) throw refusal;
    // As Fastify: a request that could carry a body and names no media type a parser could be chosen by.
    if (contentType !== undefined && !bodyless.has(c.req.method) && !essenceOf(contentType)) {
      throw new ProblemError({ status: 415, detail: `Content type ${JSON.stringify(contentType)} is not supported here.` });
    }
    await next();
  };
}

/**
 * Reads the body (a 413 past `bodyLimit` bytes, checked against content-length before reading) and
 * parses it by the request's media type (`parseRequestBody`): a request that names its media type is
 * parsed as that type even when it is empty, as Fastify parses it. Follows `honoCheckRequestContent`.
 */
export function honoReadBody(bodyLimit: number, poisoning?: JsonPoisoning): MiddlewareHandler {
  if (!Number.isInteger(bodyLimit) || bodyLimit <= 0) throw new RangeError(`bodyLimit must be a positive integer; got ${bodyLimit}.`);
  return async (c, next) => {
    const contentType = c.req.raw.headers.get('content-type');
    let read: ReadBody = { mediaType: undefined, value: undefined };
    if (contentType !== null && !bodyless.has(c.req.method)) {
      const mediaType = essenceOf(contentType) ?? '';
      read = { mediaType, value: parseRequestBody(mediaType, await readLimited(c, bodyLimit), poisoning) };
    }
    c.set(bodyKey, read);
    await next();
  };
}

async function readLimited(c: Context, limit: number): Promise<Uint8Array> {
  const { raw } = c.req;
  const tooLarge = () => new ProblemError(bodyTooLargeProblem(limit));
  const length = raw.headers.get('content-length');
  if (length !== null && Number(length) > limit) throw tooLarge();
  // On Node (@hono/node-server), the body straight from Node's stream: about three times faster than
  // through the fetch Request's web stream, which is never created then.
  const incoming = nodeIncoming(c);
  if (incoming !== undefined) return readNodeBody(incoming, limit, tooLarge);
  if (raw.body === null) return new Uint8Array(0);
  if (length !== null) {
    // Node frames the body by its content-length; a Request made in code may say less than it has.
    const bytes = new Uint8Array(await raw.arrayBuffer());
    if (bytes.byteLength > limit) throw tooLarge();
    return bytes;
  }
  // No length said (chunked, or a Request made in code): counted as it arrives, refused once past the limit.
  let size = 0;
  const counted = raw.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > limit) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Uint8Array(await new Response(counted).arrayBuffer());
}

/** @hono/node-server's `c.env.incoming`, while nothing has read from it. */
function nodeIncoming(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: Partial<IncomingMessage> } | undefined)?.incoming;
  if (typeof incoming?.on !== 'function' || incoming.readableEnded !== false || incoming.readableDidRead !== false) return undefined;
  return incoming as IncomingMessage;
}

/** The body of a Node request, counted as it arrives and refused once past `limit` (the rest is drained, so the answer can go out). */
function readNodeBody(incoming: IncomingMessage, limit: number, tooLarge: () => Error): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) return void chunks.push(chunk);
      done();
      incoming.resume();
      reject(tooLarge());
    };
    const onEnd = () => {
      done();
      const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      // A plain Uint8Array, as the fetch path gives (a Buffer is one, with more methods).
      resolve(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    incoming.on('data', onData).once('end', onEnd).once('error', onError);
  });
}

/**
 * Validates the body read by `honoReadBody` when it was parsed as `mediaType` (the declared one, an
 * essence), as Fastify picks a body validator by the request's media type; a 400 with the issues.
 */
export function honoValidateBody(validate: RequestValidator, mediaType: string): MiddlewareHandler {
  return async (c, next) => {
    const read = c.get(bodyKey) as ReadBody | undefined;
    if (read !== undefined && read.mediaType === mediaType) read.value = validated('body', validate, read.value);
    await next();
  };
}

/** The request's body as `honoReadBody` parsed (and `honoValidateBody` validated) it; undefined when none. */
export function honoBody(c: Context): unknown {
  return (c.get(bodyKey) as ReadBody | undefined)?.value;
}

/**
 * The validation function for `validator(target, ...)` of `hono/validator` (`param`, `query`, `header`):
 * the validated value (coerced from strings as the schema says), or a 400 problem thrown with the issues.
 */
export function honoValidation(part: Exclude<RequestPart, 'body'>, validate: RequestValidator): (value: unknown) => unknown {
  return (value) => validated(part, validate, value);
}

function validated(part: RequestPart, validate: RequestValidator, value: unknown): unknown {
  const result = runRequestValidator(validate, value);
  if (!result.ok) throw new ProblemError(requestValidationProblem(part, result.errors));
  return result.value;
}

/**
 * What `validator(target, honoValidation(...))` validated for this request: read with this rather than
 * `c.req.valid(target)` where the handler's context type does not carry the validators' outputs.
 */
export function honoValidated(c: Context, target: 'param' | 'query' | 'header'): unknown {
  return c.req.valid(target as never);
}

/** The query as Fastify parses it: a repeated name gives an array, a single one a string. */
export function honoQuery(c: Context): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(c.req.queries()).map(([name, values]) => [name, values.length === 1 ? values[0]! : values]));
}

/**
 * Runs `handlers` (one route's middlewares and handler) only for requests of `method`, and passes others
 * on to the next route. Hono answers HEAD with the GET routes, so a HEAD operation is a GET route
 * guarded by this, as is a GET operation whose path has a HEAD operation too.
 */
export function honoOnlyMethod(method: string, ...handlers: readonly MiddlewareHandler[]): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== method) return next();
    const run = async (i: number): Promise<void> => {
      const handler = handlers[i];
      if (handler === undefined) return;
      const answer = await handler(c, (() => run(i + 1)) as Next);
      if (answer instanceof Response && !c.finalized) c.res = answer;
    };
    await run(0);
    if (!c.finalized) throw new Error(`the ${method} route answered nothing`);
    return c.res;
  };
}
