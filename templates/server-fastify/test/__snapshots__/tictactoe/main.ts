// Starts the Tic Tac Toe server. Written once by `boomerang generate`, then yours.
//   PORT, HOST               where to listen (default 3000 on 127.0.0.1)
//   CALLBACK_SECRET          the whsec_… secret callbacks are signed with (several: space-separated)
//   CALLBACK_ALLOW_HOSTS     hosts callbacks may reach despite the private-address guard, e.g. 127.0.0.1
import { handlers } from './generated/handlers.ts';
import { createServer } from './generated/server.ts';

const secrets = (process.env.CALLBACK_SECRET ?? '').split(/\s+/).filter(Boolean);
const allowHosts = (process.env.CALLBACK_ALLOW_HOSTS ?? '').split(',').map((host) => host.trim()).filter(Boolean);

const app = createServer({
  handlers,
  callbacks: {
    secrets,
    policy: { allowHosts },
    onDelivery: (event, url, result) =>
      app.log.info({ event, url, ok: result.ok, status: result.ok ? result.status : result.status, reason: result.ok ? undefined : result.reason, attempts: result.attempts }, 'callback delivered'),
  },
  fastify: { logger: true },
});

if (secrets.length === 0) app.log.warn('CALLBACK_SECRET is not set: callbacks are sent unsigned');
await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
