/**
 * When to try a delivery again: which outcomes are worth retrying, exponential backoff with full jitter,
 * and the receiver's own `Retry-After`.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */

export interface RetryOptions {
  /** Total attempts, the first included; default 5. */
  readonly attempts?: number;
  /** The backoff's base, in ms; default 500. */
  readonly baseDelayMs?: number;
  /** No wait is longer, `Retry-After` included; default 30 000. */
  readonly maxDelayMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

/** Defaults filled in and the values checked once, so that a typo fails loudly instead of never retrying. */
export function resolveRetryOptions(retry: RetryOptions = {}): ResolvedRetryOptions {
  const resolved = { attempts: retry.attempts ?? 5, baseDelayMs: retry.baseDelayMs ?? 500, maxDelayMs: retry.maxDelayMs ?? 30_000 };
  if (!Number.isInteger(resolved.attempts) || resolved.attempts < 1) throw new RangeError(`retry.attempts must be a whole number of at least 1; got ${resolved.attempts}.`);
  for (const key of ['baseDelayMs', 'maxDelayMs'] as const) {
    if (!(resolved[key] >= 0)) throw new RangeError(`retry.${key} must be a number of milliseconds, 0 or more; got ${resolved[key]}.`);
  }
  return resolved;
}

/**
 * 429 (rate limited) and 5xx (the receiver failed, maybe transiently) are retried; any other status is
 * the receiver's considered answer, and asking again would get the same one.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * The wait before retry number `retryIndex` (0 for the wait after the first attempt): full jitter,
 * `random() * min(maxDelayMs, baseDelayMs * 2^retryIndex)`, so that receivers recovering from an outage
 * are not hit by every sender at the same instant.
 */
export function backoffDelay(retryIndex: number, retry: ResolvedRetryOptions, random: () => number): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

/**
 * A `Retry-After` value in ms from now: delay-seconds or an HTTP date (a date in the past is 0). Undefined
 * when absent or unreadable, so that the caller falls back to backoff.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form names a month; without letters this is a malformed number ("1.5", "-1"), not a date.
  if (!/[A-Za-z]/.test(text)) return undefined;
  // Date.parse reads all three HTTP-date forms (IMF-fixdate, RFC 850, asctime).
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
