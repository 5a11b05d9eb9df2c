/**
 * Standard Webhooks signatures: HMAC-SHA256 over `${id}.${timestamp}.${body}`, base64, sent as
 * `webhook-signature: v1,<b64>` next to `webhook-id` and `webhook-timestamp` (unix seconds).
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const secretPrefix = 'whsec_';
const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;

/** Header values by name, in any case: a plain record (as node:http gives them) or a WHATWG `Headers`. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>> | Headers;

/**
 * The key bytes of a `whsec_<base64>` secret. Throws a `TypeError` that says what is wrong for anything
 * else: a secret given in the wrong form is a configuration mistake, better found at startup than as a
 * stream of receivers rejecting every signature.
 */
export function parseSecret(secret: string): Buffer {
  if (typeof secret !== 'string' || !secret.startsWith(secretPrefix)) {
    throw new TypeError(`A webhook secret must look like "whsec_<base64>"; got ${describeSecret(secret)}.`);
  }
  const encoded = secret.slice(secretPrefix.length);
  const key = Buffer.from(encoded, 'base64');
  // Buffer.from skips characters it does not know, so re-encode to be sure every character was base64.
  const canonical = key.toString('base64').replace(/=+$/, '');
  if (!base64Pattern.test(encoded) || key.length === 0 || canonical !== encoded.replace(/=+$/, '')) {
    throw new TypeError(`The part of a webhook secret after "whsec_" must be non-empty standard base64; got ${describeSecret(secret)}.`);
  }
  return key;
}

/** A fresh `whsec_` secret holding 32 random bytes (the spec asks for 24 to 64). */
export function generateSecret(): string {
  return secretPrefix + randomBytes(32).toString('base64');
}

export interface SignInput {
  /** The `webhook-id`: the same for every attempt of one message. */
  readonly id: string;
  /** The `webhook-timestamp`: unix seconds, or a `Date`. */
  readonly timestamp: number | Date;
  /** The exact bytes sent as the body. */
  readonly payload: string | Buffer;
  /** `whsec_` secrets; one signature each, so receivers holding either key of a rotation accept it. */
  readonly secrets: readonly string[];
}

/**
 * The `webhook-signature` header value: `v1,<b64>` per secret, space separated.
 * Throws on a malformed secret, an empty list of secrets or a non-integer timestamp (programmer errors).
 */
export function signPayload({ id, timestamp, payload, secrets }: SignInput): string {
  if (secrets.length === 0) throw new TypeError('signPayload needs at least one secret.');
  const seconds = toUnixSeconds(timestamp);
  return secrets.map((secret) => `v1,${hmac(parseSecret(secret), id, seconds, payload).toString('base64')}`).join(' ');
}

export type VerifyFailure = 'missing-headers' | 'bad-timestamp' | 'stale-timestamp' | 'bad-signature';
export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: VerifyFailure };

export interface VerifyInput {
  readonly headers: WebhookHeaders;
  /** The raw body as received: re-serialized JSON would not match the signature. */
  readonly payload: string | Buffer;
  readonly secrets: readonly string[];
  /** How far `webhook-timestamp` may be from now, in either direction; default 300 (the spec's five minutes). */
  readonly toleranceSeconds?: number;
  /** Epoch milliseconds, like `Date.now` (its default). */
  readonly now?: () => number;
}

/**
 * Checks a message's Standard Webhooks headers against its raw body. Timestamps too far in the past
 * (replays) or the future are `stale-timestamp`. Any `v1` signature made with any of `secrets` passes;
 * other versions (e.g. `v1a`, asymmetric) are skipped. Signatures are compared in constant time.
 */
export function verifyPayload({ headers, payload, secrets, toleranceSeconds = 300, now = Date.now }: VerifyInput): VerifyResult {
  const id = headerValue(headers, 'webhook-id');
  const timestampText = headerValue(headers, 'webhook-timestamp');
  const signatureText = headerValue(headers, 'webhook-signature');
  if (!id || !timestampText || !signatureText) return { ok: false, reason: 'missing-headers' };
  if (!/^\d{1,15}$/.test(timestampText.trim())) return { ok: false, reason: 'bad-timestamp' };
  const timestamp = Number(timestampText.trim());
  if (Math.abs(Math.floor(now() / 1000) - timestamp) > toleranceSeconds) return { ok: false, reason: 'stale-timestamp' };

  // The base64 text is compared rather than decoded bytes: decoding would accept non-canonical spellings.
  const expected = secrets.map((secret) => Buffer.from(hmac(parseSecret(secret), id, timestamp, payload).toString('base64')));
  const offered = signatureText
    .split(/\s+/)
    // node:http joins a repeated header with ", ", which leaves a trailing comma on each but the last.
    .map((token) => token.replace(/,$/, ''))
    .filter((token) => token.startsWith('v1,'))
    .map((token) => Buffer.from(token.slice(3)));
  const matches = offered.some((candidate) =>
    expected.some((want) => want.length === candidate.length && timingSafeEqual(want, candidate)),
  );
  return matches ? { ok: true } : { ok: false, reason: 'bad-signature' };
}

function hmac(key: Buffer, id: string, seconds: number, payload: string | Buffer): Buffer {
  // Bytes, not a decoded string: a Buffer body is signed exactly as it goes on the wire.
  return createHmac('sha256', key).update(`${id}.${seconds}.`).update(payload).digest();
}

function toUnixSeconds(timestamp: number | Date): number {
  const seconds = timestamp instanceof Date ? Math.floor(timestamp.getTime() / 1000) : timestamp;
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new TypeError(`A webhook timestamp must be whole unix seconds; got ${String(timestamp)}.`);
  }
  return seconds;
}

function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const values = Object.keys(record)
    .filter((key) => key.toLowerCase() === name)
    .flatMap((key) => {
      const value = record[key];
      return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
    });
  return values.length === 0 ? undefined : values.join(' ');
}

/** Describes a bad secret without quoting any of it: error messages end up in logs. */
function describeSecret(secret: unknown): string {
  if (typeof secret !== 'string') return `a ${typeof secret}`;
  if (secret === '') return 'an empty string';
  const prefix = secret.startsWith(secretPrefix) ? 'with' : 'without';
  return `a string of ${secret.length} characters ${prefix} the "whsec_" prefix`;
}
