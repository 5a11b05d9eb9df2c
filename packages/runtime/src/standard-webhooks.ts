/**
 * Standard Webhooks signatures: HMAC-SHA256 over `${id}.${timestamp}.${body}`, base64, sent as
 * `webhook-signature: v1,<b64>` next to `webhook-id` and `webhook-timestamp` (unix seconds).
 * The signing and the checks are `shared/standard-webhooks.ts`, the very code generated receivers run;
 * this module gives it the server's interface: synchronous, with node:crypto, headers in any form.
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { nodeCryptoSecrets, secretKeyBytes, signWebhookWith, verifyWebhook, type NodeCrypto, type SyncSecretKeys, type VerifyFailure } from './shared/standard-webhooks.ts';

export type { VerifyFailure };

const secretPrefix = 'whsec_';

/** node:crypto, as the shared code names the part of it that it uses. */
const nodeCrypto: NodeCrypto = {
  createHmac: (algorithm, key) => createHmac(algorithm, key as KeyObject | Uint8Array),
  timingSafeEqual,
  createSecretKey: (key) => createSecretKey(key) as KeyObject & { readonly type: 'secret' },
};

/**
 * Imported keys by secret list. Every call takes its secrets, and a server passes the same few again and
 * again (its configuration's, each subscription's): decoded once, a call is an HMAC and a compare.
 * Emptied when full, so that many subscriptions' secrets cannot grow it without end.
 */
const importedKeys = new Map<string, { readonly secrets: readonly string[]; readonly keys: SyncSecretKeys }>();
const importedKeysLimit = 256;

function keysFor(secrets: readonly string[]): SyncSecretKeys {
  const cacheKey = secrets.join(' ');
  const found = importedKeys.get(cacheKey);
  // The list itself is compared: another list (of malformed secrets, say) may join to the same text.
  if (found !== undefined && found.secrets.length === secrets.length && found.secrets.every((secret, i) => secret === secrets[i])) return found.keys;
  const keys = nodeCryptoSecrets(nodeCrypto, secrets); // throws for a malformed secret, which is never kept
  if (importedKeys.size >= importedKeysLimit) importedKeys.clear();
  importedKeys.set(cacheKey, { secrets: [...secrets], keys });
  return keys;
}

/** Header values by name, in any case: a plain record (as node:http gives them) or a WHATWG `Headers`. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>> | Headers;

/**
 * The key bytes of a `whsec_<base64>` secret. Throws a `TypeError` that says what is wrong for anything
 * else: a secret given in the wrong form is a configuration mistake, better found at startup than as a
 * stream of receivers rejecting every signature.
 */
export function parseSecret(secret: string): Buffer {
  const key = secretKeyBytes(secret);
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength);
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
  return signWebhookWith(keysFor(secrets), { id, timestamp, body: payload })['webhook-signature'];
}

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
  const result = verifyWebhook({
    headers: { 'webhook-id': headerValue(headers, 'webhook-id'), 'webhook-timestamp': headerValue(headers, 'webhook-timestamp'), 'webhook-signature': headerValue(headers, 'webhook-signature') },
    // Bytes, not a decoded string: a Buffer body is checked exactly as it came off the wire.
    body: typeof payload === 'string' ? Buffer.from(payload) : payload,
    secrets: keysFor(secrets),
    toleranceSeconds,
    now: now(),
  });
  return result.ok ? { ok: true } : { ok: false, reason: result.reason };
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

