/**
 * RFC 9457 problem details (`application/problem+json`) for every error a generated Fastify server
 * answers: validation, unknown routes, wrong methods, body limits, media types, and crashes. Which
 * problem each of them is, is `problem.ts`, shared by every server target; the Fastify hooks are here.
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyTooLargeProblem, invalidJsonProblem, problem, problemForError as problemForAnyError, problemMediaType, requestValidationProblem, routeProblem, type ErrorLike, type ProblemDetails, type RequestPart } from './problem.ts';
import { hasRequestContent } from './request-content-check.ts';
import type { AjvErrorLike } from './validation-issue.ts';

export { problem, ProblemError, problemContentType, type ProblemDetails, type ProblemInput, type RequestPart, type RequestValidationIssue } from './problem.ts';

/** Sends `details` as `application/problem+json` with its status. */
export function sendProblem(reply: FastifyReply, details: ProblemDetails): FastifyReply {
  // A refusal made before the body was read (an unknown route, a media type the route does not take)
  // closes the connection: a client may stop sending a body that is refused, and the connection would
  // then wait for the rest of that request for ever (and hold up the server's close).
  const { headers, complete } = reply.request.raw;
  if (hasRequestContent(headers['content-length'], headers['transfer-encoding']) && !complete) reply.header('connection', 'close');
  // Serialized here rather than by Fastify: a route's response schema for that status must not strip members.
  return reply.code(details.status).type(problemMediaType).send(JSON.stringify(details));
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
    if (allowed.length > 0) reply.header('allow', allowed.join(', '));
    return sendProblem(reply, routeProblem(request.method, path, allowed));
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

interface FastifyErrorLike extends ErrorLike {
  readonly validation?: unknown;
  readonly validationContext?: unknown;
}

const validationParts: Readonly<Record<string, RequestPart>> = { body: 'body', querystring: 'query', query: 'query', params: 'params', headers: 'headers' };

/** Fastify's own client errors have fixed, safe messages. */
const isFastifyError = (error: ErrorLike): boolean => typeof error.code === 'string' && error.code.startsWith('FST_ERR_');

function problemForError(thrown: unknown, request: FastifyRequest): ProblemDetails {
  const error: FastifyErrorLike = typeof thrown === 'object' && thrown !== null ? thrown : {};
  if (Array.isArray(error.validation)) return requestValidationProblem(validationParts[String(error.validationContext)] ?? 'body', error.validation as AjvErrorLike[]);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return bodyTooLargeProblem(request.routeOptions.bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem({ status: 415, detail: `Content type ${JSON.stringify(request.headers['content-type'] ?? '')} is not supported here.` });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return invalidJsonProblem();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem({ status: 400, detail: 'The request body is empty, but its content type says JSON.' });
  }
  return problemForAnyError(thrown, isFastifyError);
}
