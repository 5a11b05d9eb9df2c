/**
 * Standard Webhooks signatures, verified and made: HMAC-SHA256 over
 * `<webhook-id>.<webhook-timestamp>.<raw body>`, keyed with the base64 part of a `whsec_` secret, sent
 * as `webhook-signature: v1,<base64>`. With node:crypto where the runtime has one (synchronous, so a
 * request is verified without waiting), else with Web Crypto, so the same code runs on Node.js,
 * Cloudflare Workers, Bun and Deno. The one implementation both sides run: @boomerang/runtime signs and
 * verifies with it, and every generated receiver holds a copy of it.
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

/**
 * The part of node:crypto that signing and verifying use, typed here because the package is built
 * without Node's types.
 */
export interface NodeCrypto {
  createHmac(algorithm: 'sha256', key: Uint8Array | NodeSecretKey): NodeHmac;
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
  /** Where there is one, keys are made once: an HMAC from a KeyObject starts a little faster than from bytes. */
  createSecretKey?(key: Uint8Array): NodeSecretKey;
}

/** A node:crypto KeyObject. */
interface NodeSecretKey {
  readonly type: 'secret';
}

interface NodeHmac {
  update(data: string | Uint8Array): NodeHmac;
  digest(encoding: 'base64'): string;
}

/**
 * node:crypto, where the runtime has it (Node.js 20.16 and later, Bun, Deno, Workers with
 * nodejs_compat). Looked up at run time: an `import 'node:crypto'` would fail to load, or to bundle,
 * where there is none. Elsewhere (and on older Node.js) the receiver uses Web Crypto.
 */
export function builtinNodeCrypto(): NodeCrypto | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  let found: Partial<NodeCrypto> | undefined;
  try {
    found = runtime?.getBuiltinModule?.('node:crypto') as Partial<NodeCrypto> | undefined;
  } catch {
    return undefined;
  }
  return typeof found?.createHmac === 'function' && typeof found.timingSafeEqual === 'function' ? (found as NodeCrypto) : undefined;
}

/**
 * Secrets checked and decoded once. `sign` gives the base64 HMAC-SHA256 of `prefix` + `body` under each
 * secret, in order: at once with node:crypto, as a promise with Web Crypto (whose keys are imported on
 * first use). `equal` compares a computed signature with an offered one in constant time.
 */
export interface SecretKeys {
  readonly sign: (prefix: string, body: Uint8Array) => readonly string[] | Promise<readonly string[]>;
  readonly equal: (expected: string, offered: string) => boolean;
}

/** Secret keys that sign at once: node:crypto's. */
export interface SyncSecretKeys extends SecretKeys {
  readonly sign: (prefix: string, body: Uint8Array) => readonly string[];
}

export interface ImportOptions {
  /** The node:crypto to use; `null` for Web Crypto only. Default: the runtime's, if it has one. */
  readonly nodeCrypto?: NodeCrypto | null;
}

export function importSecrets(secrets: string | readonly string[], { nodeCrypto = builtinNodeCrypto() }: ImportOptions = {}): SecretKeys {
  const list = typeof secrets === 'string' ? [secrets] : [...secrets];
  if (list.length === 0) throw new TypeError('A receiver needs at least one webhook secret (whsec_…).');
  const bytes = list.map(checkedKeyBytes); // fail at startup, not on every request
  return nodeCrypto ? nodeCryptoKeys(nodeCrypto, bytes) : webCryptoKeys(bytes);
}

/**
 * Secrets checked and decoded once, for node:crypto: they sign synchronously. An empty list is allowed
 * (nothing then verifies), for callers that decide themselves what no secret means.
 */
export function nodeCryptoSecrets(nodeCrypto: NodeCrypto, secrets: readonly string[]): SyncSecretKeys {
  return nodeCryptoKeys(nodeCrypto, secrets.map(checkedKeyBytes));
}

/** The length of a base64 HMAC-SHA256: 32 bytes, 44 characters with the padding. */
const signatureLength = 44;

function nodeCryptoKeys(nodeCrypto: NodeCrypto, bytes: readonly Uint8Array[]): SyncSecretKeys {
  const keys = bytes.map((key) => nodeCrypto.createSecretKey?.(key) ?? key);
  // Reused by every comparison: nothing else runs between filling and comparing them.
  const expectedBytes = new Uint8Array(signatureLength);
  const offeredBytes = new Uint8Array(signatureLength);
  return {
    sign: (prefix, body) => {
      const signatures: string[] = [];
      for (const key of keys) signatures.push(nodeCrypto.createHmac('sha256', key).update(prefix).update(body).digest('base64'));
      return signatures;
    },
    equal: (expected, offered) => {
      // Lengths are public (every signature is 44 characters), and so is what the sender offered: the
      // early returns say nothing of the secret. Only the comparison must take constant time.
      if (expected.length !== signatureLength || offered.length !== signatureLength) return false;
      for (let i = 0; i < signatureLength; i++) {
        const code = offered.charCodeAt(i);
        if (code > 0x7f) return false; // base64 is ASCII
        offeredBytes[i] = code;
        expectedBytes[i] = expected.charCodeAt(i);
      }
      return nodeCrypto.timingSafeEqual(expectedBytes, offeredBytes);
    },
  };
}

function webCryptoKeys(bytes: readonly Uint8Array<ArrayBuffer>[]): SecretKeys {
  let imported: Promise<readonly HmacKey[]> | undefined;
  const sign = async (prefix: string, body: Uint8Array): Promise<readonly string[]> => {
    const keys = await (imported ??= Promise.all(bytes.map(importKey)));
    const content = concat(encoder.encode(prefix), body);
    return Promise.all(keys.map(async (key) => bytesToBase64(new Uint8Array(await crypto.subtle.sign('HMAC', key, content)))));
  };
  return { sign, equal: constantTimeEqual };
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
 * versions are skipped. Signatures are compared in constant time. The result comes at once with
 * node:crypto, as a promise with Web Crypto.
 */
export function verifyWebhook(input: VerifyInput & { readonly secrets: SyncSecretKeys }): VerifyResult;
export function verifyWebhook(input: VerifyInput): VerifyResult | Promise<VerifyResult>;
export function verifyWebhook({ headers, body, secrets, toleranceSeconds, now }: VerifyInput): VerifyResult | Promise<VerifyResult> {
  const id = headers['webhook-id'];
  const timestampText = headers['webhook-timestamp'];
  const signatureText = headers['webhook-signature'];
  if (!id || !timestampText || !signatureText) {
    const missing = [['webhook-id', id], ['webhook-timestamp', timestampText], ['webhook-signature', signatureText]].filter(([, value]) => !value).map(([name]) => name);
    return { ok: false, reason: 'missing-headers', detail: `The request has no ${missing.join(', ')} header; every delivery is signed per Standard Webhooks.` };
  }
  const timestamp = unixSeconds(timestampText);
  if (timestamp === undefined) return { ok: false, reason: 'bad-timestamp', detail: 'webhook-timestamp is not a number of unix seconds.' };
  if (Math.abs(Math.floor(now / 1000) - timestamp) > toleranceSeconds) {
    return { ok: false, reason: 'stale-timestamp', detail: `webhook-timestamp is more than ${toleranceSeconds} seconds away from this receiver's clock.` };
  }
  const expected = secrets.sign(`${id}.${timestamp}.`, body);
  return isPromise(expected) ? expected.then((signatures) => conclude(secrets, signatures, signatureText, id, timestamp)) : conclude(secrets, expected, signatureText, id, timestamp);
}

/** The header's unix seconds: 1 to 15 digits, with whitespace around them or not; undefined for anything else. */
function unixSeconds(text: string): number | undefined {
  let digits = text.length > 0 && text.length <= 15;
  for (let i = 0; digits && i < text.length; i++) {
    const code = text.charCodeAt(i);
    digits = code >= 0x30 && code <= 0x39;
  }
  if (digits) return Number(text);
  // Number() ignores the surrounding whitespace that the pattern allows.
  return timestampPattern.test(text) ? Number(text) : undefined;
}

const timestampPattern = /^\s*\d{1,15}\s*$/;

function conclude(secrets: SecretKeys, expected: readonly string[], signatureText: string, id: string, timestamp: number): VerifyResult {
  const offered = offeredSignatures(signatureText);
  let matched = false;
  for (const signature of expected) {
    // Every candidate is compared, whatever matched before: the time taken says nothing about which.
    for (const candidate of offered) matched = secrets.equal(signature, candidate) || matched;
  }
  return matched ? { ok: true, webhookId: id, timestamp } : { ok: false, reason: 'bad-signature', detail: 'No signature in webhook-signature matches this body with the receiver\'s secret.' };
}

/**
 * The base64 parts of the `v1,<base64>` tokens of a webhook-signature header; tokens are separated by
 * whitespace (what `\s` matches), and other versions are skipped.
 */
function offeredSignatures(header: string): string[] {
  // One signature, as most senders send: whatever whitespace such a header held, no token of it could
  // be `v1,` and 44 characters, and no 44 characters with whitespace in them match either.
  if (header.length === 3 + signatureLength && header.startsWith('v1,')) return [header.slice(3)];
  const found: string[] = [];
  let at = 0;
  while (at < header.length) {
    while (at < header.length && isWhitespace(header.charCodeAt(at))) at++;
    let end = at;
    while (end < header.length && !isWhitespace(header.charCodeAt(end))) end++;
    // node:http joins a repeated header with ", ", which leaves a trailing comma on all but the last.
    const last = end > at && header.charCodeAt(end - 1) === 0x2c ? end - 1 : end;
    if (last - at >= 3 && header.startsWith('v1,', at)) found.push(header.slice(at + 3, last));
    at = end;
  }
  return found;
}

/** What the regular expression `\s` matches. */
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
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

/** The three Standard Webhooks headers of a signed delivery. */
export type SignedHeaders = Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string>;

/**
 * The headers a sender puts on a delivery: `webhook-id`, `webhook-timestamp`, `webhook-signature`.
 * For your tests: sign a request the way the API does, then hand it to your receiver.
 */
export async function signWebhook({ id, timestamp, body, secret }: SignInput): Promise<SignedHeaders> {
  const seconds = wholeSeconds(timestamp);
  return signedHeaders(id, seconds, await importSecrets(secret).sign(`${id}.${seconds}.`, bodyBytes(body)));
}

/** What `signWebhook` makes, at once, with keys imported beforehand for node:crypto (which signs synchronously). */
export function signWebhookWith(keys: SyncSecretKeys, { id, timestamp, body }: Omit<SignInput, 'secret'>): SignedHeaders {
  const seconds = wholeSeconds(timestamp);
  return signedHeaders(id, seconds, keys.sign(`${id}.${seconds}.`, bodyBytes(body)));
}

function wholeSeconds(timestamp: number | Date): number {
  const seconds = timestamp instanceof Date ? Math.floor(timestamp.getTime() / 1000) : timestamp;
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw new TypeError(`A webhook timestamp must be whole unix seconds; got ${String(timestamp)}.`);
  return seconds;
}

function bodyBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? encoder.encode(body) : body;
}

function signedHeaders(id: string, seconds: number, signatures: readonly string[]): SignedHeaders {
  return { 'webhook-id': id, 'webhook-timestamp': String(seconds), 'webhook-signature': signatures.map((signature) => `v1,${signature}`).join(' ') };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
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
