/**
 * RFC 9457 problem details for every error a generated Hono server answers, the same problems as the
 * Fastify target's (`problem.ts`): an unknown route (404) or method (405 with `Allow`), and whatever a
 * middleware or handler throws: a `ProblemError` is its problem, Hono's `HTTPException` with a 4xx
 * status is that status with its message, anything else a 500 with no internals, logged.
 */
import type { Context, Hono } from 'hono';
import { honoLog } from './hono-request-log.ts';
import { malformedUrlProblem, problemForError, problemMediaType, routeProblem, type ErrorLike, type ProblemDetails } from './problem.ts';
import { compileRouteTable, type RouteEntry } from './route-table.ts';

/** A `Response` with `details` as `application/problem+json`, and its status. */
export function problemResponse(details: ProblemDetails, headers: Readonly<Record<string, string>> = {}): Response {
  return new Response(JSON.stringify(details), { status: details.status, headers: { ...headers, 'content-type': problemMediaType } });
}

/** Hono's `HTTPException` (thrown by its middlewares, and by code of yours): its messages are meant for the client. */
const isHttpException = (error: ErrorLike): boolean => typeof error.status === 'number' && typeof (error as { getResponse?: unknown }).getResponse === 'function';

/** The route's path as requested: the URL without origin and query, not decoded. */
function requestPath(url: string): string {
  const afterOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const end = afterOrigin.search(/[?#]/);
  const path = end < 0 ? afterOrigin : afterOrigin.slice(0, end);
  return path === '' ? '/' : path;
}

/** Whether `path` decodes: every `%` starts a valid UTF-8 escape. */
function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes `app` answer unknown routes and every error as problem details. `routes` are the operations'
 * (method and OpenAPI path), from which a 405's `Allow` is told. Call it before registering routes: a
 * path that does not decode is refused before any route (a 400, as Fastify's router refuses it).
 */
export function installHonoProblemDetails(app: Hono<any, any, any>, routes: readonly RouteEntry[]): void {
  const allowedMethods = compileRouteTable(routes);
  app.use(async (c, next) => {
    if (c.req.url.includes('%')) {
      const path = requestPath(c.req.url);
      if (!decodes(path)) return problemResponse(malformedUrlProblem(path));
    }
    await next();
  });
  app.notFound((c: Context) => {
    const path = requestPath(c.req.url);
    const allowed = allowedMethods(c.req.method, path);
    return problemResponse(routeProblem(c.req.method, path, allowed), allowed.length === 0 ? {} : { allow: allowed.join(', ') });
  });
  app.onError((error: Error, c: Context) => {
    const details = problemForError(error, isHttpException);
    if (details.status >= 500) honoLog(c).error({ err: error }, 'request failed');
    return problemResponse(details);
  });
}
