// Starts the Catalog server. Written once by `boomerang generate`, then yours.
//   PORT, HOST               where to listen (default 3000 on 127.0.0.1)
//   CALLBACK_SECRET          the whsec_… secret callbacks are signed with (several: space-separated)
//   CALLBACK_ALLOW_HOSTS     hosts callbacks may reach despite the private-address guard, e.g. 127.0.0.1
//   CALLBACK_STORE           where queued callbacks and webhooks are kept until delivered: sqlite:<file>
//                            (default sqlite:./deliveries.db) or a postgres://… URL shared by several servers
//   SHUTDOWN_GRACE_MS        on SIGTERM, how long deliveries in flight may take to finish (default 10000);
//                            the rest stay queued and are sent after the restart
//   LOG_LEVEL                unset: requests are not logged, warnings and errors are; info: every request
//                            too (and what handlers log at info); debug, trace: more
// Where the server listens and each callback delivery (sent, retried, failed) are logged whatever LOG_LEVEL says.
import { createOutbox, defaultStoreLocation, describeStoreLocation, openStore, type CallbackSenderOptions } from '@boomerang/runtime';
import { handlers } from './generated/handlers.ts';
import { createServer } from './generated/server.ts';

const secrets = (process.env.CALLBACK_SECRET ?? '').split(/\s+/).filter(Boolean);
const allowHosts = (process.env.CALLBACK_ALLOW_HOSTS ?? '').split(',').map((host) => host.trim()).filter(Boolean);
const storeLocation = process.env.CALLBACK_STORE || defaultStoreLocation;
const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);
const logLevel = process.env.LOG_LEVEL ?? 'warn';

// The same hooks for callbacks sent at once (`send`) and for queued ones (`queue`), attempt by attempt.
const hooks: Pick<CallbackSenderOptions, 'onRetry' | 'onDelivery'> = {
  onRetry: (event, url, failure, delayMs) =>
    events.warn({ event, url, attempt: failure.attempts, reason: failure.reason, status: failure.status, delayMs }, `callback attempt failed, retrying: ${failure.message}`),
  onDelivery: (event, url, result) => {
    if (result.ok) events.info({ event, url, status: result.status, attempts: result.attempts, webhookId: result.webhookId }, 'callback delivered');
    else events.error({ event, url, reason: result.reason, status: result.status, attempts: result.attempts, webhookId: result.webhookId }, `callback failed: ${result.message}`);
  },
};
const outbox = createOutbox({
  store: await openStore(storeLocation),
  secrets,
  policy: { allowHosts },
  ...hooks,
  // The store failed (the database is down): the dispatcher keeps trying; deliveries wait where they are.
  onError: (error) => events.error({ err: error }, 'delivery store error'),
});

const app = createServer({
  handlers,
  callbacks: { secrets, policy: { allowHosts }, outbox, ...hooks },
  // Two log lines per request cost more than the request itself: requests are logged when LOG_LEVEL asks.
  fastify: { logger: { level: logLevel } },
});
// The server's own events, at info whatever LOG_LEVEL says.
const events = app.log.child({}, { level: 'info' });

if (secrets.length === 0) app.log.warn('CALLBACK_SECRET is not set: callbacks are sent unsigned');
const address = await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
outbox.start();
// Fastify says where it listens at info; when LOG_LEVEL keeps that quiet, say it here.
if (!['info', 'debug', 'trace'].includes(logLevel)) events.info(`Server listening at ${address}`);
events.info({ store: describeStoreLocation(storeLocation), worker: outbox.worker }, 'delivering queued callbacks');

// SIGTERM (a deploy) or Ctrl-C: take no more requests, let deliveries in flight finish, keep the rest queued.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    events.info({ signal, graceMs }, 'shutting down');
    void app
      .close()
      .then(() => outbox.close({ graceMs }))
      .then(
        () => events.info('stopped; undelivered callbacks stay queued'),
        (error: unknown) => {
          events.error({ err: error }, 'shutdown failed');
          process.exitCode = 1;
        },
      )
      // Whatever else still holds the event loop (an IPC channel, a pool of your own) does not keep a stopped server alive.
      .finally(() => process.exit());
  });
}
