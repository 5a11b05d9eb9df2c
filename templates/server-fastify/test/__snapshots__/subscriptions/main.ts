// Starts the Subscriptions server. Written once by `boomerang generate`, then yours.
//   PORT, HOST               where to listen (default 3000 on 127.0.0.1)
//   CALLBACK_SECRET          the whsec_… secret callbacks are signed with (several: space-separated)
//   CALLBACK_ALLOW_HOSTS     hosts callbacks may reach despite the private-address guard, e.g. 127.0.0.1
//   LOG_LEVEL                unset: requests are not logged, warnings and errors are; info: every request
//                            too (and what handlers log at info); debug, trace: more
// Where the server listens and each callback delivery (sent, retried, failed) are logged whatever LOG_LEVEL says.
import { handlers } from './generated/handlers.ts';
import { createServer } from './generated/server.ts';

const secrets = (process.env.CALLBACK_SECRET ?? '').split(/\s+/).filter(Boolean);
const allowHosts = (process.env.CALLBACK_ALLOW_HOSTS ?? '').split(',').map((host) => host.trim()).filter(Boolean);
const logLevel = process.env.LOG_LEVEL ?? 'warn';

const app = createServer({
  handlers,
  callbacks: {
    secrets,
    policy: { allowHosts },
    onRetry: (event, url, failure, delayMs) =>
      events.warn({ event, url, attempt: failure.attempts, reason: failure.reason, status: failure.status, delayMs }, `callback attempt failed, retrying: ${failure.message}`),
    onDelivery: (event, url, result) => {
      if (result.ok) events.info({ event, url, status: result.status, attempts: result.attempts }, 'callback delivered');
      else events.error({ event, url, reason: result.reason, status: result.status, attempts: result.attempts }, `callback failed: ${result.message}`);
    },
  },
  // Two log lines per request cost more than the request itself: requests are logged when LOG_LEVEL asks.
  fastify: { logger: { level: logLevel } },
});
// The server's own events, at info whatever LOG_LEVEL says.
const events = app.log.child({}, { level: 'info' });

if (secrets.length === 0) app.log.warn('CALLBACK_SECRET is not set: callbacks are sent unsigned');
const address = await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
// Fastify says where it listens at info; when LOG_LEVEL keeps that quiet, say it here.
if (!['info', 'debug', 'trace'].includes(logLevel)) events.info(`Server listening at ${address}`);
