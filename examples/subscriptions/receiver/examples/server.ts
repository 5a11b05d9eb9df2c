// Your receiver for Subscriptions, on node:http. Written once by `boomerang generate`, then yours: start from it.
//   RECEIVER_SECRET   the whsec_… secret Subscriptions signs with (several, space-separated, during a rotation)
//   PORT, HOST        where to listen (default 3000 on 127.0.0.1)
// Run it after `npm run build`: node --import tsx examples/server.ts (or, on Node 22.18+, node examples/server.ts).
import { createServer } from 'node:http';
import { createReceiver } from '@subscriptions-example/receiver';

const secret = (process.env.RECEIVER_SECRET ?? '').split(/\s+/).filter(Boolean);
if (secret.length === 0) {
  console.error('Set RECEIVER_SECRET to the whsec_… secret Subscriptions gave you.');
  process.exit(1);
}

const receiver = createReceiver({
  secret,
  handlers: {
    'new-subscription': async ({ body }) => {
      console.log('new-subscription', body);
      return { status: 200 };
    },
    'subscription-cancelled': async ({ body }) => {
      console.log('subscription-cancelled', body);
      return { status: 200 };
    },
  },
});

const server = createServer(receiver.node);
server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  const address = server.address();
  const where = typeof address === 'object' && address !== null ? `http://${address.address}:${address.port}` : String(address);
  console.log(`Subscriptions receiver listening on ${where}`);
});
