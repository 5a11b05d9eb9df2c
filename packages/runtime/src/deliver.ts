/**
 * Delivery of one callback or webhook: guarded destination, Standard Webhooks signature, timeout,
 * retries with backoff, and the receiver's answer checked. Every delivery problem is a typed result.
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { checkDestination, createGuardedLookup, systemResolver, type DestinationPolicy, type Resolver } from './address-guard.ts';
import { exchange, type ExchangeOutcome } from './http-exchange.ts';
import { requestTarget } from './request-target.ts';
import { backoffDelay, isRetryableStatus, parseRetryAfter, resolveRetryOptions, type RetryOptions } from './retry-schedule.ts';
import { parseSecret, signPayload } from './standard-webhooks.ts';
import type { ValidationIssue } from './validation-issue.ts';
import { runtimeVersion } from './version.ts';

export interface OutgoingRequest {
  readonly url: string;
  readonly method: string;
  /** Sent as JSON, unless `rawBody` is given. */
  readonly body?: unknown;
  /** Sent (and signed) byte for byte. */
  readonly rawBody?: string | Buffer;
  /** Default `application/json`. */
  readonly contentType?: string;
  /** Extra headers. The ones `deliver` manages (content-type, content-length, user-agent, webhook-*, boomerang-event) win over these. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface DeliveryOptions {
  /** `whsec_` secrets, one signature each (key rotation). None: the request is not signed. */
  readonly secrets?: readonly string[];
  /** Sent as `boomerang-event`, so that one receiver endpoint can route several events. */
  readonly event?: string;
  /** Per attempt, the whole exchange; default 10 000. */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  /** Default: only public addresses. */
  readonly policy?: DestinationPolicy;
  /** Checks a 2xx answer; issues (a non-empty list) make the delivery `invalid-response`. */
  readonly validateResponse?: (status: number, body: unknown) => readonly ValidationIssue[] | undefined;
  /** A larger response is `invalid-response`; default 1 MiB. A receiver must not be able to exhaust the sender's memory. */
  readonly maxResponseBytes?: number;
  /** For tests and custom DNS: how host names resolve (both for the early check and at connect time). */
  readonly resolve?: Resolver;
  readonly idGenerator?: () => string;
  /** Epoch ms. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** In [0, 1), for the jitter. */
  readonly random?: () => number;
  readonly signal?: AbortSignal;
  /** Called when an attempt failed and another follows in `delayMs` (the failure's `attempts` is the attempt that failed). */
  readonly onRetry?: (failure: DeliveryFailure, delayMs: number) => void;
}

export type DeliveryFailureReason = 'refused-destination' | 'network' | 'timeout' | 'http-status' | 'invalid-response' | 'aborted';

export type DeliveryResult =
  | { readonly ok: true; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: unknown; readonly attempts: number; readonly webhookId: string }
  | {
      readonly ok: false;
      readonly reason: DeliveryFailureReason;
      readonly message: string;
      readonly status?: number;
      readonly body?: unknown;
      readonly issues?: readonly ValidationIssue[];
      /** The receiver's answer headers, when it answered (a queued delivery's next attempt honours its `Retry-After`). */
      readonly headers?: Readonly<Record<string, string>>;
      /** Requests attempted; 0 when the destination was refused or the signal aborted before the first. */
      readonly attempts: number;
      readonly webhookId: string;
    };

/** A delivery that did not succeed, or an attempt that failed before a retry. */
export type DeliveryFailure = Extract<DeliveryResult, { ok: false }>;
type Failure = DeliveryFailure;

/**
 * Sends `request`, signed, retrying network errors, timeouts, 429 and 5xx with full-jitter exponential
 * backoff (or the receiver's `Retry-After`, capped at `maxDelayMs`). Every attempt carries the same
 * `webhook-id` (receivers de-duplicate by it) with a fresh timestamp and signature. Never retried: other
 * statuses, a refused destination, an invalid response. Resolves with a `DeliveryResult` for every delivery
 * problem; rejects only for programmer errors (a malformed secret, bad retry options, an unserializable body).
 */
export async function deliver(request: OutgoingRequest, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const secrets = options.secrets ?? [];
  secrets.forEach(parseSecret); // fail before sending anything, not on each attempt
  const retry = resolveRetryOptions(options.retry);
  const { policy = {}, resolve = systemResolver, signal, now = Date.now, random = Math.random } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be a positive number of milliseconds; got ${timeoutMs}.`);
  const webhookId = (options.idGenerator ?? (() => `msg_${randomUUID()}`))();
  const payload = request.rawBody ?? (request.body === undefined ? '' : JSON.stringify(request.body));
  const fail = (reason: DeliveryFailureReason, message: string, attempts: number, extra: Partial<Failure> = {}): Failure => ({ ok: false, reason, message, ...extra, attempts, webhookId });

  if (signal?.aborted) return fail('aborted', 'The delivery was aborted before it started.', 0);
  const destination = await checkDestination(request.url, policy, resolve);
  if (!destination.ok && destination.reason === 'refused') return fail('refused-destination', destination.error.message, 0);
  // An unresolvable name is not refused: DNS may recover, so the attempts below report (and retry) it.
  const url = destination.ok ? destination.url : new URL(request.url);
  const target = requestTarget(request.url, url);
  const lookup = createGuardedLookup(policy, resolve);

  /** The result of one attempt's outcome, and whether it is worth another attempt. */
  function judge(outcome: ExchangeOutcome, attempt: number): { final: true; result: DeliveryResult } | { final: false; result: Failure } {
    switch (outcome.kind) {
      case 'refused':
        return { final: true, result: fail('refused-destination', outcome.error.message, attempt) };
      case 'aborted':
        return { final: true, result: fail('aborted', `The delivery was aborted during attempt ${attempt}.`, attempt) };
      case 'too-large':
        return { final: true, result: fail('invalid-response', `The response body is larger than ${maxResponseBytes} bytes.`, attempt) };
      case 'timeout':
        return { final: false, result: fail('timeout', `No complete answer from ${url.origin} within ${timeoutMs} ms.`, attempt) };
      case 'network':
        return { final: false, result: fail('network', `Could not reach ${url.origin}: ${outcome.error.message}`, attempt) };
    }
    const { status, headers } = outcome;
    const parsed = parseBody(outcome.body, headers['content-type']);
    if (status < 200 || status > 299) {
      const result = fail('http-status', `${url.origin} answered ${status}.`, attempt, { status, headers, body: parsed.value });
      return { final: !isRetryableStatus(status), result };
    }
    if (options.validateResponse !== undefined) {
      const issues = parsed.ok ? (options.validateResponse(status, parsed.value) ?? []) : [{ path: '', message: 'is not valid JSON, though its content type says JSON' }];
      if (issues.length > 0) {
        const message = `${url.origin} answered ${status} with a body that does not match the documented response: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}.`;
        return { final: true, result: fail('invalid-response', message, attempt, { status, body: parsed.value, issues }) };
      }
    }
    return { final: true, result: { ok: true, status, headers, body: parsed.value, attempts: attempt, webhookId } };
  }

  for (let attempt = 1; ; attempt++) {
    const timestamp = Math.floor(now() / 1000);
    const headers: Record<string, string> = {
      ...lowerCaseKeys(request.headers ?? {}),
      'content-type': request.contentType ?? 'application/json',
      'content-length': String(Buffer.byteLength(payload)),
      'user-agent': `boomerang/${runtimeVersion}`,
      'webhook-id': webhookId,
      'webhook-timestamp': String(timestamp),
      ...(secrets.length > 0 ? { 'webhook-signature': signPayload({ id: webhookId, timestamp, payload, secrets }) } : {}),
      ...(options.event === undefined ? {} : { 'boomerang-event': options.event }),
    };
    const outcome = await exchange({ url, target, method: request.method.toUpperCase(), headers, body: payload, timeoutMs, lookup, signal, maxResponseBytes });

    const verdict = judge(outcome, attempt);
    if (verdict.final) return verdict.result;
    if (attempt >= retry.attempts) return verdict.result;
    const retryAfter = outcome.kind === 'response' ? parseRetryAfter(outcome.headers['retry-after'], now()) : undefined;
    const delay = retryAfter === undefined ? backoffDelay(attempt - 1, retry, random) : Math.min(retryAfter, retry.maxDelayMs);
    options.onRetry?.(verdict.result, delay);
    if (!(await pause(delay, options.sleep, signal))) return fail('aborted', `The delivery was aborted while waiting to retry after attempt ${attempt}.`, attempt);
  }
}

/** JSON when the content type says so (`application/json`, `+json`), text otherwise, undefined when empty. */
function parseBody(body: Buffer, contentType: string | undefined): { ok: boolean; value: unknown } {
  if (body.length === 0) return { ok: true, value: undefined };
  const text = body.toString('utf8');
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) return { ok: true, value: text };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, value: text };
  }
}

/** Waits `ms`; false if `signal` aborted first. An injected `sleep` is raced against the signal. */
async function pause(ms: number, sleep: ((ms: number) => Promise<void>) | undefined, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return false;
  if (sleep === undefined) {
    return sleepFor(ms, undefined, { signal }).then(
      () => true,
      () => false,
    );
  }
  if (signal === undefined) return sleep(ms).then(() => true);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<boolean>((resolve) => {
    onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([sleep(ms).then(() => true), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
