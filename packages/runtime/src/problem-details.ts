/**
 * RFC 9457 problem details (`application/problem+json`) for every error a generated Fastify server
 * answers: validation, unknown routes, wrong methods, body limits, media types, and crashes. The
 * framework-free part (the content type, the members and their order) is `shared/problem-details.ts`,
 * which generated receivers run too; the Fastify hooks are here.
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problemContentType, problemDetails, type ProblemDetails, type ProblemInput } from './shared/problem-details.ts';
import { issuesFromAjvErrors, type AjvErrorLike, type ValidationIssue } from './validation-issue.ts';

export { problemContentType, type ProblemDetails, type ProblemInput };

/** Where in the request a validation issue was found, in OpenAPI's `in` vocabulary. */
export type RequestPart = 'body' | 'query' | 'params' | 'headers';

export interface RequestValidationIssue extends ValidationIssue {
  readonly in: RequestPart;
}

/**
 * A problem details object. `type` defaults to `about:blank`, and then (RFC 9457 §4.2.1) `title` should be
 * the status's reason phrase, which is its default. Throws a `RangeError` for a status that is not 100–599.
 */
export function problem(input: ProblemInput): ProblemDetails {
  const { status, title } = input;
  if (!Number.isInteger(status) || status < 100 || status > 599) throw new RangeError(`A problem status must be an HTTP status code; got ${status}.`);
  // Node's reason phrases cover every status a handler may answer, not only those a receiver does.
  return problemDetails({ ...input, title: title ?? STATUS_CODES[status] });
}

/** Throw from a handler to answer with exactly this problem (its detail is meant for the client). */
export class ProblemError extends Error {
  readonly problem: ProblemDetails;
  constructor(input: ProblemInput) {
    const details = problem(input);
    super(details.detail ?? details.title);
    this.name = 'ProblemError';
    this.problem = details;
  }
}

/** Sends `details` as `application/problem+json` with its status. */
export function sendProblem(reply: FastifyReply, details: ProblemDetails): FastifyReply {
  // A refusal made before the body was read (an unknown route, a media type the route does not take)
  // closes the connection: a client may stop sending a body that is refused, and the connection would
  // then wait for the rest of that request for ever (and hold up the server's close).
  const { headers, complete } = reply.request.raw;
  const hasContent = headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
  if (hasContent && !complete) reply.header('connection', 'close');
  // Serialized here rather than by Fastify: a route's response schema for that status must not strip members.
  return reply.code(details.status).type(`${problemContentType}; charset=utf-8`).send(JSON.stringify(details));
}

export interface ProblemDetailsOptions {
  /** A body limit in bytes for every route registered afterwards that sets none of its own. */
  readonly bodyLimit?: number;
}

/**
 * Makes `app` answer every error as problem details. Call it BEFORE registering routes: an `onRoute` hook
 * records each route's methods (for the 405's `Allow` header) and applies `bodyLimit`, and it only sees
 * routes added after it; and an `onRequest` hook answers unknown routes before anything else runs.
 * Errors raised before routing need the factory's options too: `problemDetailsServerOptions`.
 * Outcomes: schema validation → 400 with `errors: [{ in, path, message }]`; malformed JSON → 400; an
 * HTTP/1.1 request without Host → 400; unknown route → 404; known path, other method → 405 with `Allow`; body over the limit → 413;
 * unsupported content type → 415; a `ProblemError` → its problem; an error with a 4xx `statusCode` → that
 * status (with its message only if it is marked `expose: true`, the http-errors convention); anything else →
 * 500 with a generic title and no internals, the error itself logged with `request.log.error`.
 */
export function installProblemDetails(app: FastifyInstance, options: ProblemDetailsOptions = {}): void {
  const { bodyLimit } = options;
  if (bodyLimit !== undefined && (!Number.isInteger(bodyLimit) || bodyLimit <= 0)) throw new RangeError(`bodyLimit must be a positive integer; got ${bodyLimit}.`);
  const methods = new Set<string>();

  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) methods.add(method.toUpperCase());
    if (bodyLimit !== undefined && route.bodyLimit === undefined) route.bodyLimit = bodyLimit;
  });

  /** 404, or 405 with `Allow` when the path has routes for other methods. */
  const notFound = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const path = request.url.split('?')[0] ?? '/';
    // Fastify's own router decides whether another method matches, so parameters and wildcards count as they do for routing.
    const allowed = [...methods].filter((method) => method !== request.method && app.findRoute({ method, url: path }) !== null).sort();
    if (allowed.length === 0) return sendProblem(reply, problem({ status: 404, detail: `No route matches ${request.method} ${path}.` }));
    reply.header('allow', allowed.join(', '));
    return sendProblem(reply, problem({ status: 405, detail: `${path} does not accept ${request.method}; it accepts ${allowed.join(', ')}.` }));
  };

  // Route and method are checked first, before the body is read: an unknown route with a malformed,
  // oversized or unparseable body is a 404 (or 405), never a 400, 413 or 415. Before them, only what
  // makes the request itself malformed: an HTTP/1.1 request without a Host header (RFC 9112 §3.2),
  // which Node would otherwise answer itself, with an empty 400 (see problemDetailsServerOptions).
  app.addHook('onRequest', (request, reply, done) => {
    // Not `return sendProblem(...)`: a returned reply is a thenable, which Fastify would take for an async hook.
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) sendProblem(reply, problem({ status: 400, detail: 'An HTTP/1.1 request must have a Host header.' }));
    else if (request.is404) notFound(request, reply);
    else done();
  });
  app.setNotFoundHandler(notFound);

  app.setErrorHandler((error: unknown, request, reply) => {
    const details = problemForError(error, request);
    if (details.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, details);
  });
}

interface ErrorLike {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly message?: unknown;
  readonly expose?: unknown;
  readonly validation?: unknown;
  readonly validationContext?: unknown;
}

const validationParts: Readonly<Record<string, RequestPart>> = { body: 'body', querystring: 'query', query: 'query', params: 'params', headers: 'headers' };

function problemForError(thrown: unknown, request: FastifyRequest): ProblemDetails {
  if (thrown instanceof ProblemError) return thrown.problem;
  const error: ErrorLike = typeof thrown === 'object' && thrown !== null ? thrown : {};
  if (Array.isArray(error.validation)) {
    const part = validationParts[String(error.validationContext)] ?? 'body';
    const errors: RequestValidationIssue[] = issuesFromAjvErrors(error.validation as AjvErrorLike[]).map((issue) => ({ in: part, ...issue }));
    return problem({ status: 400, detail: `The request ${part} does not match the API's schema.`, errors });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = request.routeOptions.bodyLimit;
      return problem({ status: 413, detail: `The request body is larger than the limit of ${limit} bytes.` });
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem({ status: 415, detail: `Content type ${JSON.stringify(request.headers['content-type'] ?? '')} is not supported here.` });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem({ status: 400, detail: 'The request body is not valid JSON.' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem({ status: 400, detail: 'The request body is empty, but its content type says JSON.' });
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status < 400 || status > 499 || !Number.isInteger(status)) return problem({ status: 500, title: 'Internal Server Error' });
  // Fastify's own client errors have fixed, safe messages; others only when they say so.
  const safe = (typeof error.code === 'string' && error.code.startsWith('FST_ERR_')) || error.expose === true;
  return problem({ status, ...(safe && typeof error.message === 'string' ? { detail: error.message } : {}) });
}
