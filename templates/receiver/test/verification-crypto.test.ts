/**
 * Both ways a receiver verifies signatures: node:crypto, where the runtime has it, and Web Crypto
 * elsewhere (Workers without nodejs_compat, Node.js before 20.16). Each accepts and rejects the same
 * deliveries: the functions given either crypto, and whole receivers over real HTTP and real Requests.
 */
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createReceiver } from '../../../examples/invoices/receiver/generated/index.ts';
import { createReceiverFromRoutes, type Receiver } from '../../../examples/invoices/receiver/generated/receiver.ts';
import { routes } from '../../../examples/invoices/receiver/generated/routes.ts';
import { builtinNodeCrypto, importSecrets, signWebhook, verifyWebhook, type ImportOptions, type NodeCrypto } from '../runtime/standard-webhooks.ts';
import { listenNode, sendSigned, signedHeaders, testSecret, type Listening } from './support/http.ts';

const encoder = new TextEncoder();
const otherSecret = 'whsec_' + Buffer.from('another secret, also 32 bytes!!!').toString('base64');
const payload = JSON.stringify({ description: 'Payment celebration', paid: true });
const seconds = 1_700_000_000;

/** node:crypto, counting the HMACs it makes: proof that this is the crypto that verified. */
function countingNodeCrypto(): { nodeCrypto: NodeCrypto; hmacs: () => number } {
  const real = builtinNodeCrypto()!;
  let made = 0;
  return {
    nodeCrypto: {
      createHmac: (algorithm, key) => {
        made++;
        return real.createHmac(algorithm, key);
      },
      timingSafeEqual: (a, b) => real.timingSafeEqual(a, b),
    },
    hmacs: () => made,
  };
}

const cryptos: [string, () => ImportOptions][] = [
  ['node:crypto', () => ({ nodeCrypto: builtinNodeCrypto()! })],
  ['Web Crypto', () => ({ nodeCrypto: null })],
];

describe('this Node.js', () => {
  it('has node:crypto, found at run time', () => {
    expect(builtinNodeCrypto()).toMatchObject({ createHmac: expect.any(Function), timingSafeEqual: expect.any(Function) });
  });
});

describe.each(cryptos)('verifying with %s', (name, options) => {
  const signature = (body: string, secret = testSecret, id = 'msg_1', at = seconds) => new Webhook(secret).sign(id, new Date(at * 1000), body);
  const verify = (headers: Record<string, string>, body: string, secrets: string | string[] = testSecret) =>
    verifyWebhook({ headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(seconds), ...headers }, body: encoder.encode(body), secrets: importSecrets(secrets, options()), toleranceSeconds: 300, now: seconds * 1000 });

  const cases: [string, () => Record<string, string>, string, string | string[], boolean][] = [
    ['a signature that standardwebhooks made', () => ({ 'webhook-signature': signature(payload) }), payload, testSecret, true],
    ['a tampered body', () => ({ 'webhook-signature': signature(payload) }), payload.replace('true', 'false'), testSecret, false],
    ['another secret', () => ({ 'webhook-signature': signature(payload, otherSecret) }), payload, testSecret, false],
    ['either secret during a rotation', () => ({ 'webhook-signature': signature(payload, otherSecret) }), payload, [testSecret, otherSecret], true],
    ['several signatures, one of them good', () => ({ 'webhook-signature': `v1,${'A'.repeat(43)}= ${signature(payload)}` }), payload, testSecret, true],
    ['a header node:http joined with ", "', () => ({ 'webhook-signature': `${signature(payload, otherSecret)}, ${signature(payload)}` }), payload, testSecret, true],
    ['a signature without its padding', () => ({ 'webhook-signature': signature(payload).replace(/=+$/, '') }), payload, testSecret, false],
    ['a signature with one character changed', () => ({ 'webhook-signature': signature(payload).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }), payload, testSecret, false],
    ['a signature with a non-ASCII character in it', () => ({ 'webhook-signature': signature(payload).slice(0, -1) + 'é' }), payload, testSecret, false],
    ['the right signature under another version', () => ({ 'webhook-signature': signature(payload).replace('v1,', 'v2,') }), payload, testSecret, false],
    ['the right signature with whitespace inside', () => ({ 'webhook-signature': signature(payload).replace(/^(v1,.{20})/, '$1 ').slice(0, 47) }), payload, testSecret, false],
  ];

  it.each(cases)(`${name}: %s → accepted: %s`, async (_case, headers, body, secrets, accepted) => {
    expect(await verify(headers(), body, secrets)).toMatchObject({ ok: accepted });
  });

  it('refuses, right after accepting a signature, that signature with its last character made non-ASCII', async () => {
    const secrets = importSecrets(testSecret, options());
    const check = (header: string) => verifyWebhook({ headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(seconds), 'webhook-signature': header }, body: encoder.encode(payload), secrets, toleranceSeconds: 300, now: seconds * 1000 });
    const good = signature(payload);
    expect(await check(good)).toMatchObject({ ok: true });
    expect(await check(`${good.slice(0, -1)}é`)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(await check(good)).toMatchObject({ ok: true });
  });

  it.each([
    [` ${seconds}\t`, { ok: true, timestamp: seconds }],
    [`0${seconds}`, { ok: true, timestamp: seconds }],
    ['17e8', { ok: false, reason: 'bad-timestamp' }],
    ['-1700000000', { ok: false, reason: 'bad-timestamp' }],
    ['1'.repeat(16), { ok: false, reason: 'bad-timestamp' }],
    ['', { ok: false, reason: 'missing-headers' }],
  ])('reads the webhook-timestamp %j as the number of seconds it writes', async (timestamp, want) => {
    const result = verifyWebhook({ headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': timestamp, 'webhook-signature': signature(payload) }, body: encoder.encode(payload), secrets: importSecrets(testSecret, options()), toleranceSeconds: 300, now: seconds * 1000 });
    expect(await result).toMatchObject(want);
  });

  it('rejects a stale timestamp before any signature is made', async () => {
    const result = verifyWebhook({ headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(seconds), 'webhook-signature': signature(payload) }, body: encoder.encode(payload), secrets: importSecrets(testSecret, options()), toleranceSeconds: 300, now: (seconds + 301) * 1000 });
    expect(await result).toMatchObject({ ok: false, reason: 'stale-timestamp' });
  });
});

describe('node:crypto', () => {
  it('verifies at once (no promise), with the node:crypto it is given', () => {
    const { nodeCrypto, hmacs } = countingNodeCrypto();
    const secrets = importSecrets([otherSecret, testSecret], { nodeCrypto });
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(seconds), 'webhook-signature': new Webhook(testSecret).sign('msg_1', new Date(seconds * 1000), payload) };
    const result = verifyWebhook({ headers, body: encoder.encode(payload), secrets, toleranceSeconds: 300, now: seconds * 1000 });
    expect(result).toEqual({ ok: true, webhookId: 'msg_1', timestamp: seconds });
    expect(hmacs()).toBe(2); // one per secret
  });

  it('and Web Crypto sign the same', async () => {
    const input = { id: 'msg_s', timestamp: seconds, body: payload };
    const withNode = await importSecrets([testSecret, otherSecret], { nodeCrypto: builtinNodeCrypto()! }).sign(`${input.id}.${seconds}.`, encoder.encode(payload));
    const withWeb = await importSecrets([testSecret, otherSecret], { nodeCrypto: null }).sign(`${input.id}.${seconds}.`, encoder.encode(payload));
    expect(withNode).toEqual(withWeb);
    expect((await signWebhook({ ...input, secret: [testSecret, otherSecret] }))['webhook-signature']).toBe(withNode.map((s) => `v1,${s}`).join(' '));
  });
});

describe('finding node:crypto', () => {
  function withProcess<T>(value: unknown, run: () => T): T {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
    Object.defineProperty(globalThis, 'process', { value, configurable: true, writable: true });
    try {
      return run();
    } finally {
      Object.defineProperty(globalThis, 'process', saved);
    }
  }

  it.each([
    ['no process (Workers without nodejs_compat, browsers)', undefined],
    ['a process without getBuiltinModule (Node.js before 20.16)', {}],
    ['a getBuiltinModule that throws', { getBuiltinModule: () => { throw new Error('not here'); } }],
    ['a node:crypto without createHmac', { getBuiltinModule: () => ({ timingSafeEqual: () => true }) }],
  ])('finds none given %s', (_name, fake) => {
    expect(withProcess(fake, builtinNodeCrypto)).toBeUndefined();
  });
});

describe.each(cryptos)('a receiver verifying with %s', (_name, options) => {
  let open: Listening[] = [];
  afterEach(async () => {
    await Promise.all(open.map((server) => server.close()));
    open = [];
  });

  function invoicesReceiver(secret: string | string[] = testSecret): { receiver: Receiver; calls: string[] } {
    const calls: string[] = [];
    const receiver = createReceiverFromRoutes(routes, {
      secret,
      handlers: {
        invoice_notification: async ({ webhookId }) => {
          calls.push(webhookId);
          return { status: 200, body: { ok: true } };
        },
      },
      onError: () => undefined,
    }, options());
    return { receiver, calls };
  }

  it('over node:http, accepts a signed delivery and refuses a tampered one', async () => {
    const { receiver, calls } = invoicesReceiver();
    const server = await listenNode(receiver.node);
    open.push(server);
    const url = `${server.origin}/events/invoices/2expen51ve`;
    expect(await sendSigned(url, payload, { id: 'msg_good' })).toMatchObject({ status: 200, json: { ok: true } });
    const tampered = await fetch(url, { method: 'POST', headers: signedHeaders(payload, { id: 'msg_bad' }), body: payload.replace('true', 'false') });
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toMatchObject({ status: 401, detail: expect.stringContaining('No signature') });
    expect(calls).toEqual(['msg_good']);
  });

  it('through the fetch API, accepts either secret during a rotation and refuses a third', async () => {
    const { receiver, calls } = invoicesReceiver([otherSecret, testSecret]);
    const deliver = (secret: string, id: string) => receiver.fetch(new Request('https://receiver.example/events/invoices/2expen51ve', { method: 'POST', headers: signedHeaders(payload, { secret, id }), body: payload }));
    expect((await deliver(testSecret, 'msg_new')).status).toBe(200);
    expect((await deliver(otherSecret, 'msg_old')).status).toBe(200);
    const third = 'whsec_' + Buffer.from('a third secret, 32 bytes as well').toString('base64');
    expect((await deliver(third, 'msg_other')).status).toBe(401);
    expect(calls).toEqual(['msg_new', 'msg_old']);
  });
});

describe('a receiver on a runtime without node:crypto', () => {
  it('verifies with Web Crypto', async () => {
    const spy = vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined);
    let receiver: Receiver;
    try {
      receiver = createReceiver({ secret: testSecret, handlers: { invoice_notification: async () => ({ status: 200, body: { ok: true } }) } });
      expect(spy).toHaveBeenCalledWith('node:crypto');
    } finally {
      spy.mockRestore();
    }
    const deliver = (body: string, signedBody = body) => receiver.fetch(new Request('https://receiver.example/events/invoices/2expen51ve', { method: 'POST', headers: signedHeaders(signedBody), body }));
    expect((await deliver(payload)).status).toBe(200);
    expect((await deliver(payload.replace('true', 'false'), payload)).status).toBe(401);
  });
});
