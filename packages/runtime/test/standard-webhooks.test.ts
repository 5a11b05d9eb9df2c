import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSecret, parseSecret, signPayload, verifyPayload, type VerifyFailure } from '../src/standard-webhooks.ts';

// The vector of the Standard Webhooks reference libraries (libraries/javascript/src/webhook.test.ts, "sign function works").
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const atVector = () => vector.timestamp * 1000;

describe('the reference vector', () => {
  it('is what HMAC-SHA256 over id.timestamp.payload gives (computed here, not trusted)', () => {
    const key = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
    const digest = createHmac('sha256', key).update(`${vector.id}.${vector.timestamp}.${vector.payload}`).digest('base64');
    expect(`v1,${digest}`).toBe(vector.signature);
  });

  it('is what signPayload gives', () => {
    expect(signPayload({ id: vector.id, timestamp: vector.timestamp, payload: vector.payload, secrets: [vector.secret] })).toBe(vector.signature);
  });

  it('accepts a Date and a Buffer payload alike', () => {
    const signature = signPayload({ id: vector.id, timestamp: new Date(atVector() + 999), payload: Buffer.from(vector.payload), secrets: [vector.secret] });
    expect(signature).toBe(vector.signature);
  });

  it('verifies', () => {
    const headers = { 'webhook-id': vector.id, 'webhook-timestamp': String(vector.timestamp), 'webhook-signature': vector.signature };
    expect(verifyPayload({ headers, payload: vector.payload, secrets: [vector.secret], now: atVector })).toEqual({ ok: true });
  });
});

describe('interop with the standardwebhooks package', () => {
  const secret = generateSecret();
  const payload = JSON.stringify({ type: 'invoice.paid', data: { id: 'inv_1', amount: 4200 } });

  it('its Webhook verifies what signPayload signs', () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signPayload({ id: 'msg_1', timestamp, payload, secrets: [secret] }) };
    expect(new Webhook(secret).verify(payload, headers)).toEqual(JSON.parse(payload));
  });

  it('its Webhook verifies a rotation header when it holds either key', () => {
    const next = generateSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': 'msg_2', 'webhook-timestamp': String(timestamp), 'webhook-signature': signPayload({ id: 'msg_2', timestamp, payload, secrets: [secret, next] }) };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(secret).verify(payload, headers)).not.toThrow();
    expect(() => new Webhook(next).verify(payload, headers)).not.toThrow();
    expect(() => new Webhook(generateSecret()).verify(payload, headers)).toThrow();
  });

  it('verifyPayload accepts what its Webhook signs', () => {
    const date = new Date();
    const signature = new Webhook(secret).sign('msg_3', date, payload);
    const headers = { 'Webhook-Id': 'msg_3', 'Webhook-Timestamp': String(Math.floor(date.getTime() / 1000)), 'Webhook-Signature': signature };
    expect(verifyPayload({ headers, payload, secrets: [secret] })).toEqual({ ok: true });
  });

  it('the two agree on the signature for the same input', () => {
    const date = new Date(1_700_000_000_000);
    expect(signPayload({ id: 'msg_4', timestamp: date, payload, secrets: [secret] })).toBe(new Webhook(secret).sign('msg_4', date, payload));
  });
});

describe('verifyPayload', () => {
  const secret = vector.secret;
  const good = { 'webhook-id': vector.id, 'webhook-timestamp': String(vector.timestamp), 'webhook-signature': vector.signature };
  const cases: [string, { headers: Record<string, string | string[]>; payload?: string; secrets?: string[]; nowSeconds?: number; want: VerifyFailure | 'ok' }][] = [
    ['the reference message', { headers: good, want: 'ok' }],
    ['header names in any case', { headers: { 'WEBHOOK-ID': vector.id, 'Webhook-Timestamp': String(vector.timestamp), 'webhook-SIGNATURE': vector.signature }, want: 'ok' }],
    ['a tampered payload', { headers: good, payload: '{"test": 2432232315}', want: 'bad-signature' }],
    ['another id', { headers: { ...good, 'webhook-id': 'msg_other' }, want: 'bad-signature' }],
    ['the wrong secret', { headers: good, secrets: [generateSecret()], want: 'bad-signature' }],
    ['any of several secrets', { headers: good, secrets: [generateSecret(), secret], want: 'ok' }],
    ['the valid one among several signatures', { headers: { ...good, 'webhook-signature': `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc ${vector.signature}` }, want: 'ok' }],
    ['the right digest under another version', { headers: { ...good, 'webhook-signature': vector.signature.replace('v1,', 'v2,') }, want: 'bad-signature' }],
    ['a truncated signature', { headers: { ...good, 'webhook-signature': vector.signature.slice(0, 8) }, want: 'bad-signature' }],
    ['an empty v1 signature', { headers: { ...good, 'webhook-signature': 'v1,' }, want: 'bad-signature' }],
    ['a repeated header, as node:http joins it', { headers: { ...good, 'webhook-signature': `v1,AAAA, ${vector.signature}` }, want: 'ok' }],
    ['a repeated header, as an array', { headers: { ...good, 'webhook-signature': ['v1,AAAA', vector.signature] }, want: 'ok' }],
    ['no id', { headers: { 'webhook-timestamp': good['webhook-timestamp'], 'webhook-signature': good['webhook-signature'] }, want: 'missing-headers' }],
    ['no timestamp', { headers: { 'webhook-id': good['webhook-id'], 'webhook-signature': good['webhook-signature'] }, want: 'missing-headers' }],
    ['no signature', { headers: { 'webhook-id': good['webhook-id'], 'webhook-timestamp': good['webhook-timestamp'] }, want: 'missing-headers' }],
    ['a timestamp that is not a number', { headers: { ...good, 'webhook-timestamp': 'hello' }, want: 'bad-timestamp' }],
    ['a timestamp in milliseconds-like decimals', { headers: { ...good, 'webhook-timestamp': '1614265330.5' }, want: 'bad-timestamp' }],
    ['301 s old', { headers: good, nowSeconds: vector.timestamp + 301, want: 'stale-timestamp' }],
    ['300 s old is still in tolerance', { headers: good, nowSeconds: vector.timestamp + 300, want: 'ok' }],
    ['301 s in the future', { headers: good, nowSeconds: vector.timestamp - 301, want: 'stale-timestamp' }],
  ];
  it.each(cases)('%s', (_name, { headers, payload = vector.payload, secrets = [secret], nowSeconds = vector.timestamp, want }) => {
    const result = verifyPayload({ headers, payload, secrets, now: () => nowSeconds * 1000 });
    expect(result).toEqual(want === 'ok' ? { ok: true } : { ok: false, reason: want });
  });

  it('honours a custom tolerance', () => {
    const now = () => (vector.timestamp + 60) * 1000;
    expect(verifyPayload({ headers: good, payload: vector.payload, secrets: [secret], now, toleranceSeconds: 30 })).toEqual({ ok: false, reason: 'stale-timestamp' });
  });

  it('reads a WHATWG Headers object', () => {
    expect(verifyPayload({ headers: new Headers(good), payload: vector.payload, secrets: [secret], now: atVector })).toEqual({ ok: true });
  });
});

describe('parseSecret', () => {
  it('decodes the base64 after whsec_', () => {
    expect(parseSecret(vector.secret)).toEqual(Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'));
  });

  const bad: [string, string][] = [
    ['no prefix (raw base64)', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    ['an empty string', ''],
    ['a prefix and nothing else', 'whsec_'],
    ['not base64', 'whsec_not base64!'],
    ['url-safe base64', 'whsec_ab-_cd'],
    ['another prefix', 'sk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    // What a receiver refuses, the server refuses too: they check secrets with the same code.
    ['one "=" short of a quantum', 'whsec_QQ='],
    ['one "=" too many', 'whsec_QUI=='],
  ];
  it.each(bad)('refuses %s, with a message that does not quote it', (_name, secret) => {
    expect(() => parseSecret(secret)).toThrow(/whsec_/);
    try {
      parseSecret(secret);
    } catch (error) {
      if (secret.length > 6) expect((error as Error).message).not.toContain(secret.slice(6));
    }
  });

  it('is what signPayload and verifyPayload check secrets with', () => {
    expect(() => signPayload({ id: 'm', timestamp: 1, payload: '', secrets: ['nope'] })).toThrow(TypeError);
    expect(() => verifyPayload({ headers: { 'webhook-id': 'm', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' }, payload: '', secrets: ['nope'], now: () => 1000 })).toThrow(TypeError);
  });
});

describe('generateSecret', () => {
  it('makes distinct whsec_ secrets of 32 bytes that parse', () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(a).not.toBe(b);
    expect(parseSecret(a)).toHaveLength(32);
  });
});

describe('signPayload', () => {
  it('refuses no secrets and a fractional timestamp', () => {
    expect(() => signPayload({ id: 'm', timestamp: 1, payload: '', secrets: [] })).toThrow(/at least one secret/);
    expect(() => signPayload({ id: 'm', timestamp: 1.5, payload: '', secrets: [vector.secret] })).toThrow(/whole unix seconds/);
  });
});

describe('secrets seen before', () => {
  const message = (secrets: string[]) => {
    const timestamp = Math.floor(Date.now() / 1000);
    return { 'webhook-id': 'msg_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signPayload({ id: 'msg_1', timestamp, payload: 'x', secrets }) };
  };

  it('are still checked as given: a list that joins to the same text as a good one is refused', () => {
    const pair = [generateSecret(), generateSecret()];
    const headers = message(pair);
    expect(verifyPayload({ headers, payload: 'x', secrets: pair })).toEqual({ ok: true });
    expect(() => verifyPayload({ headers, payload: 'x', secrets: [pair.join(' ')] })).toThrow(TypeError);
    expect(() => signPayload({ id: 'msg_1', timestamp: 1, payload: 'x', secrets: [pair.join(' ')] })).toThrow(TypeError);
  });

  it('are told apart among many: each message verifies with its own secret only', () => {
    const secrets = Array.from({ length: 300 }, () => generateSecret());
    const messages = secrets.map((secret) => message([secret]));
    expect(secrets.map((secret, i) => verifyPayload({ headers: messages[i]!, payload: 'x', secrets: [secret] }).ok)).toEqual(secrets.map(() => true));
    expect(secrets.map((secret, i) => verifyPayload({ headers: messages[(i + 1) % secrets.length]!, payload: 'x', secrets: [secret] }).ok)).toEqual(secrets.map(() => false));
  });
});
