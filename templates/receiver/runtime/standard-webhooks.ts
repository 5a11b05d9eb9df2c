/**
 * Standard Webhooks signatures, verified (and made, for your tests) with Web Crypto only, so the same
 * code runs on Node.js, Cloudflare Workers, Bun and Deno: HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>`,
 * keyed with the base64 part of a `whsec_` secret, sent as `webhook-signature: v1,<base64>`.
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */

const secretPrefix = 'whsec_';
const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;
const encoder = new TextEncoder();

/** The failures a request can have, from the least to the most specific. */
export type VerifyFailure = 'missing-headers' | 'bad-timestamp' | 'stale-timestamp' | 'bad-signature';

export type VerifyResult =
  | { readonly ok: true; readonly webhookId: string; readonly timestamp: number }
  | { readonly ok: false; readonly reason: VerifyFailure; readonly detail: string };

/** The key bytes of a `whsec_<base64>` secret; a `TypeError` that quotes none of it for anything else. */
export function secretKeyBytes(secret: string): Uint8Array {
  return checkedKeyBytes(secret);
}

function checkedKeyBytes(secret: string): Uint8Array<ArrayBuffer> {
  if (typeof secret !== 'string' || !secret.startsWith(secretPrefix)) {
    throw new TypeError(`A webhook secret must look like "whsec_<base64>"; got ${describeSecret(secret)}.`);
  }
  const encoded = secret.slice(secretPrefix.length);
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  try {
    bytes = base64ToBytes(encoded);
  } catch {
    bytes = undefined;
  }
  // atob is lenient about padding; re-encoding proves every character was standard base64.
  if (!base64Pattern.test(encoded) || bytes === undefined || bytes.length === 0 || bytesToBase64(bytes).replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
    throw new TypeError(`The part of a webhook secret after "whsec_" must be non-empty standard base64; got ${describeSecret(secret)}.`);
  }
  return bytes;
}

/** A Web Crypto HMAC key (named through `crypto`, so that Node's types and the DOM's both describe it). */
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** Secrets checked once, and their Web Crypto keys imported once, on first use. */
export interface SecretKeys {
  readonly keys: () => Promise<readonly HmacKey[]>;
}

export function importSecrets(secrets: string | readonly string[]): SecretKeys {
  const list = typeof secrets === 'string' ? [secrets] : [...secrets];
  if (list.length === 0) throw new TypeError('A receiver needs at least one webhook secret (whsec_…).');
  const bytes = list.map(checkedKeyBytes); // fail at startup, not on every request
  let imported: Promise<readonly HmacKey[]> | undefined;
  return { keys: () => (imported ??= Promise.all(bytes.map(importKey))) };
}

function importKey(bytes: Uint8Array<ArrayBuffer>): Promise<HmacKey> {
  return crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

export interface VerifyInput {
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body, exactly as received. */
  readonly body: Uint8Array;
  readonly secrets: SecretKeys;
  /** How far `webhook-timestamp` may be from now, either way, in seconds. */
  readonly toleranceSeconds: number;
  /** Epoch milliseconds. */
  readonly now: number;
}

/**
 * Checks the three Standard Webhooks headers against the raw body. Any `v1` signature made with any of
 * the secrets passes (key rotation: the sender signs with old and new keys, you accept either); other
 * versions are skipped. Signatures are compared in constant time.
 */
export async function verifyWebhook({ headers, body, secrets, toleranceSeconds, now }: VerifyInput): Promise<VerifyResult> {
  const id = headers['webhook-id'];
  const timestampText = headers['webhook-timestamp'];
  const signatureText = headers['webhook-signature'];
  const missing = [['webhook-id', id], ['webhook-timestamp', timestampText], ['webhook-signature', signatureText]].filter(([, value]) => !value).map(([name]) => name);
  if (!id || !timestampText || !signatureText) return { ok: false, reason: 'missing-headers', detail: `The request has no ${missing.join(', ')} header; every delivery is signed per Standard Webhooks.` };
  if (!/^\d{1,15}$/.test(timestampText.trim())) return { ok: false, reason: 'bad-timestamp', detail: 'webhook-timestamp is not a number of unix seconds.' };
  const timestamp = Number(timestampText.trim());
  if (Math.abs(Math.floor(now / 1000) - timestamp) > toleranceSeconds) {
    return { ok: false, reason: 'stale-timestamp', detail: `webhook-timestamp is more than ${toleranceSeconds} seconds away from this receiver's clock.` };
  }
  const offered = signatureText
    .split(/\s+/)
    // node:http joins a repeated header with ", ", which leaves a trailing comma on all but the last.
    .map((token) => token.replace(/,$/, ''))
    .filter((token) => token.startsWith('v1,'))
    .map((token) => token.slice(3));
  const content = signedContent(id, timestamp, body);
  let matched = false;
  for (const key of await secrets.keys()) {
    const expected = bytesToBase64(new Uint8Array(await crypto.subtle.sign('HMAC', key, content)));
    // Every candidate is compared, whatever matched before: the time taken says nothing about which.
    for (const candidate of offered) matched = constantTimeEqual(expected, candidate) || matched;
  }
  return matched ? { ok: true, webhookId: id, timestamp } : { ok: false, reason: 'bad-signature', detail: 'No signature in webhook-signature matches this body with the receiver\'s secret.' };
}

export interface SignInput {
  /** The `webhook-id`: the same for every attempt of one message. */
  readonly id: string;
  /** Unix seconds, or a Date. */
  readonly timestamp: number | Date;
  /** The exact body that is sent. */
  readonly body: string | Uint8Array;
  /** One `v1` signature per secret. */
  readonly secret: string | readonly string[];
}

/**
 * The headers a sender puts on a delivery: `webhook-id`, `webhook-timestamp`, `webhook-signature`.
 * For your tests: sign a request the way the API does, then hand it to your receiver.
 */
export async function signWebhook({ id, timestamp, body, secret }: SignInput): Promise<Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string>> {
  const seconds = timestamp instanceof Date ? Math.floor(timestamp.getTime() / 1000) : timestamp;
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw new TypeError(`A webhook timestamp must be whole unix seconds; got ${String(timestamp)}.`);
  const content = signedContent(id, seconds, typeof body === 'string' ? encoder.encode(body) : body);
  const keys = await importSecrets(secret).keys();
  const signatures = await Promise.all(keys.map(async (key) => `v1,${bytesToBase64(new Uint8Array(await crypto.subtle.sign('HMAC', key, content)))}`));
  return { 'webhook-id': id, 'webhook-timestamp': String(seconds), 'webhook-signature': signatures.join(' ') };
}

function signedContent(id: string, seconds: number, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${id}.${seconds}.`);
  const content = new Uint8Array(prefix.length + body.length);
  content.set(prefix, 0);
  content.set(body, prefix.length);
  return content;
}

/** Equal strings, in time that depends only on their length (which is public: base64 of 32 bytes). */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Describes a bad secret without quoting any of it: error messages end up in logs. */
function describeSecret(secret: unknown): string {
  if (typeof secret !== 'string') return `a ${typeof secret}`;
  if (secret === '') return 'an empty string';
  return `a string of ${secret.length} characters ${secret.startsWith(secretPrefix) ? 'with' : 'without'} the "whsec_" prefix`;
}
