import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { importSecrets, secretKeyBytes, signWebhook, verifyWebhook, type VerifyFailure } from '../runtime/standard-webhooks.ts';

const encoder = new TextEncoder();

// The test vector of the Standard Webhooks specification and its reference libraries.
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

function verify(headers: Record<string, string | undefined>, payload: string, { secrets = [vector.secret], now = vector.timestamp * 1000, toleranceSeconds = 300 } = {}) {
  return verifyWebhook({ headers, body: encoder.encode(payload), secrets: importSecrets(secrets), toleranceSeconds, now });
}

const vectorHeaders = { 'webhook-id': vector.id, 'webhook-timestamp': String(vector.timestamp), 'webhook-signature': vector.signature };

describe('the Standard Webhooks test vector', () => {
  it('verifies, with a clock at its timestamp', async () => {
    expect(await verify(vectorHeaders, vector.payload)).toEqual({ ok: true, webhookId: vector.id, timestamp: vector.timestamp });
  });

  it('is what signWebhook makes', async () => {
    const headers = await signWebhook({ id: vector.id, timestamp: vector.timestamp, body: vector.payload, secret: vector.secret });
    expect(headers).toEqual(vectorHeaders);
  });

  it('is stale with today\'s clock and the default tolerance', async () => {
    expect(await verify(vectorHeaders, vector.payload, { now: Date.now() })).toMatchObject({ ok: false, reason: 'stale-timestamp' });
  });
});

describe('interop with the standardwebhooks package', () => {
  const secret = 'whsec_' + Buffer.from('a secret of 32 bytes, exactly!!!').toString('base64');
  const payload = JSON.stringify({ description: 'Payment celebration', paid: true, note: 'ünïcödé ✓' });

  it('accepts what standardwebhooks signs', async () => {
    const timestamp = new Date();
    const signature = new Webhook(secret).sign('msg_1', timestamp, payload);
    const result = await verify({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature }, payload, { secrets: [secret], now: Date.now() });
    expect(result).toMatchObject({ ok: true, webhookId: 'msg_1' });
  });

  it('signs what standardwebhooks accepts', async () => {
    const headers = await signWebhook({ id: 'msg_2', timestamp: new Date(), body: payload, secret });
    expect(new Webhook(secret).verify(payload, headers)).toEqual(JSON.parse(payload));
  });

  it('agrees with standardwebhooks on a tampered body', async () => {
    const headers = await signWebhook({ id: 'msg_3', timestamp: new Date(), body: payload, secret });
    const tampered = payload.replace('true', 'false');
    expect(() => new Webhook(secret).verify(tampered, headers)).toThrow();
    expect(await verify(headers, tampered, { secrets: [secret], now: Date.now() })).toMatchObject({ ok: false, reason: 'bad-signature' });
  });
});

describe('verifyWebhook', () => {
  const signed = (payload: string, secret = vector.secret) => signWebhook({ id: 'msg_x', timestamp: vector.timestamp, body: payload, secret });
  const otherSecret = 'whsec_' + Buffer.from('another secret, also 32 bytes!!!').toString('base64');

  const failures: [string, { headers: () => Promise<Record<string, string | undefined>>; payload?: string; now?: number; secrets?: string[]; want: VerifyFailure }][] = [
    ['a tampered body', { headers: () => signed('{"a":1}'), payload: '{"a":2}', want: 'bad-signature' }],
    ['another secret', { headers: () => signed('{"a":1}', otherSecret), want: 'bad-signature' }],
    ['no webhook-signature', { headers: async () => ({ ...(await signed('{"a":1}')), 'webhook-signature': undefined }), want: 'missing-headers' }],
    ['no webhook-id', { headers: async () => ({ ...(await signed('{"a":1}')), 'webhook-id': '' }), want: 'missing-headers' }],
    ['no webhook-timestamp', { headers: async () => ({ ...(await signed('{"a":1}')), 'webhook-timestamp': undefined }), want: 'missing-headers' }],
    ['a timestamp that is not a number', { headers: async () => ({ ...(await signed('{"a":1}')), 'webhook-timestamp': '2021-02-26T00:00:00Z' }), want: 'bad-timestamp' }],
    ['a timestamp 301 s old', { headers: () => signed('{"a":1}'), now: (vector.timestamp + 301) * 1000, want: 'stale-timestamp' }],
    ['a timestamp 301 s ahead', { headers: () => signed('{"a":1}'), now: (vector.timestamp - 301) * 1000, want: 'stale-timestamp' }],
    ['only a v1a (asymmetric) signature', { headers: async () => ({ ...(await signed('{"a":1}')), 'webhook-signature': `v1a,${(await signed('{"a":1}'))['webhook-signature'].slice(3)}` }), want: 'bad-signature' }],
    ['a signature truncated by one character', { headers: async () => ({ ...(await signed('{"a":1}')), 'webhook-signature': (await signed('{"a":1}'))['webhook-signature'].slice(0, -1) }), want: 'bad-signature' }],
  ];

  it.each(failures)('rejects %s', async (_name, { headers, payload = '{"a":1}', now, secrets, want }) => {
    const result = await verify(await headers(), payload, { ...(now !== undefined ? { now } : {}), ...(secrets ? { secrets } : {}) });
    expect(result).toMatchObject({ ok: false, reason: want });
  });

  it('accepts a timestamp 300 s away, either way', async () => {
    const headers = await signed('{"a":1}');
    expect(await verify(headers, '{"a":1}', { now: (vector.timestamp + 300) * 1000 })).toMatchObject({ ok: true });
    expect(await verify(headers, '{"a":1}', { now: (vector.timestamp - 300) * 1000 })).toMatchObject({ ok: true });
  });

  it('accepts any of several signatures (the sender rotating its key)', async () => {
    const headers = await signWebhook({ id: 'msg_r', timestamp: vector.timestamp, body: '{}', secret: [otherSecret, vector.secret] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(await verify(headers, '{}')).toMatchObject({ ok: true });
    expect(await verify(headers, '{}', { secrets: [otherSecret] })).toMatchObject({ ok: true });
  });

  it('accepts a signature made with any of several secrets (the receiver rotating its key)', async () => {
    const headers = await signed('{}', otherSecret);
    expect(await verify(headers, '{}', { secrets: [vector.secret, otherSecret] })).toMatchObject({ ok: true });
  });

  it('reads a webhook-signature header that node:http joined with ", "', async () => {
    const good = (await signed('{}'))['webhook-signature'];
    const headers = { ...(await signed('{}')), 'webhook-signature': `v1,AAAA, ${good}` };
    expect(await verify(headers, '{}')).toMatchObject({ ok: true });
  });

  it('verifies the exact bytes, not a re-serialization', async () => {
    const payload = '{ "b" : 1,\n  "a": 2 }';
    const headers = await signed(payload);
    expect(await verify(headers, payload)).toMatchObject({ ok: true });
    expect(await verify(headers, JSON.stringify(JSON.parse(payload)))).toMatchObject({ ok: false, reason: 'bad-signature' });
  });
});

describe('secrets', () => {
  it.each([
    ['without the prefix', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    ['empty after the prefix', 'whsec_'],
    ['not base64', 'whsec_not base64!'],
    ['an empty string', ''],
  ])('rejects a secret %s, without quoting it', (_name, secret) => {
    expect(() => secretKeyBytes(secret)).toThrow(TypeError);
    try {
      secretKeyBytes(secret);
    } catch (error) {
      if (secret.length > 6) expect((error as Error).message).not.toContain(secret.slice(6));
    }
  });

  it('needs at least one', () => {
    expect(() => importSecrets([])).toThrow(/at least one/);
  });
});
