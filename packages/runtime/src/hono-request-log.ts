/**
 * Each request's logger on a generated Hono server, as Fastify gives one: a child of the server's
 * logger with a `reqId`, and, when the logger's level is `info` or lower, a line when the request comes
 * in and one when it is answered (`req`, `res.statusCode`, `responseTime` in milliseconds).
 */
import type { IncomingMessage } from 'node:http';
import type { Context, Hono } from 'hono';
import { logsAt, silentLogger, type Logger } from './json-logger.ts';

const logKey = 'boomerang.log';

/** Call first: the logger must be in place for what runs after it, the problem details' error handler included. */
export function installHonoRequestLog(app: Hono<any, any, any>, log: Logger): void {
  let next = 0;
  const logsRequests = logsAt(log, 'info');
  app.use(async (c, proceed) => {
    // Fastify's request ids: req-1, req-2, ... (base 36), per server.
    next = (next + 1) & 2147483647;
    const requestLog = log.child({ reqId: `req-${next.toString(36)}` });
    c.set(logKey, requestLog);
    if (!logsRequests) return proceed();
    const started = performance.now();
    requestLog.info({ req: requestFields(c) }, 'incoming request');
    await proceed();
    requestLog.info({ res: { statusCode: c.res.status }, responseTime: performance.now() - started }, 'request completed');
  });
}

/** The request's logger (the one `installHonoRequestLog` made), or a silent one outside it. */
export function honoLog(c: Context): Logger {
  return (c.get(logKey) as Logger | undefined) ?? silentLogger;
}

function requestFields(c: Context): Record<string, unknown> {
  const url = new URL(c.req.url);
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return {
    method: c.req.method,
    url: `${url.pathname}${url.search}`,
    host: url.host,
    ...(incoming?.socket ? { remoteAddress: incoming.socket.remoteAddress, remotePort: incoming.socket.remotePort } : {}),
  };
}
