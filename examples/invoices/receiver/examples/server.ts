// Your receiver for Invoices, on node:http. Written once by `boomerang generate`, then yours: start from it.
//   RECEIVER_SECRET   the whsec_… secret Invoices signs with (several, space-separated, during a rotation)
//   PORT, HOST        where to listen (default 3000 on 127.0.0.1)
// Run it after `npm run build`: node --import tsx examples/server.ts (or, on Node 22.18+, node examples/server.ts).
import { createServer } from 'node:http';
import { createReceiver } from '@invoices-example/receiver';

const secret = (process.env.RECEIVER_SECRET ?? '').split(/\s+/).filter(Boolean);
if (secret.length === 0) {
  console.error('Set RECEIVER_SECRET to the whsec_… secret Invoices gave you.');
  process.exit(1);
}

const receiver = createReceiver({
  secret,
  handlers: {
    invoice_notification: async ({ body, params }) => {
      console.log('invoice_notification', params, body);
      return { status: 200, body: { ok: true } };
    },
  },
});

const server = createServer(receiver.node);
server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  const address = server.address();
  const where = typeof address === 'object' && address !== null ? `http://${address.address}:${address.port}` : String(address);
  console.log(`Invoices receiver listening on ${where}`);
});
