/**
 * When a queued delivery is attempted again: a published schedule of waits, lasting 27.5 hours in
 * all, as Svix's does (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), with jitter so that
 * receivers recovering from an outage are not hit by every delivery at once, and never sooner than the
 * receiver's own `Retry-After`. After the last attempt fails, the delivery is dead: kept, and retried
 * only when someone asks.
 * @see https://docs.svix.com/retries
 */

/** The default waits before each attempt, the first one included: 8 attempts. */
export const defaultRetrySchedule: readonly number[] = [0, 5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000];

export interface RetryScheduleOptions {
  /**
   * Waits in ms before each attempt, the first one (normally 0) included: its length is the number of
   * attempts. Default `defaultRetrySchedule`.
   */
  readonly delaysMs?: readonly number[];
  /** Each wait is lengthened by up to this fraction of itself, at random; default 0.2. */
  readonly jitter?: number;
  /** A longer `Retry-After` is capped to this; default 24 h. */
  readonly maxRetryAfterMs?: number;
}

export interface ResolvedRetrySchedule {
  readonly delaysMs: readonly number[];
  readonly jitter: number;
  readonly maxRetryAfterMs: number;
}

/** Checked once, so that a typo fails at startup rather than as deliveries that never retry. */
export function resolveRetrySchedule(options: RetryScheduleOptions = {}): ResolvedRetrySchedule {
  const delaysMs = options.delaysMs ?? defaultRetrySchedule;
  const jitter = options.jitter ?? 0.2;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 24 * 3_600_000;
  if (delaysMs.length === 0) throw new RangeError('schedule.delaysMs must list at least one wait (0 for the first attempt).');
  for (const delay of delaysMs) {
    if (!(Number.isFinite(delay) && delay >= 0)) throw new RangeError(`schedule.delaysMs must hold numbers of milliseconds, 0 or more; got ${delay}.`);
  }
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`schedule.jitter must be a fraction from 0 to 1; got ${jitter}.`);
  if (!(maxRetryAfterMs >= 0)) throw new RangeError(`schedule.maxRetryAfterMs must be a number of milliseconds, 0 or more; got ${maxRetryAfterMs}.`);
  return { delaysMs, jitter, maxRetryAfterMs };
}

/**
 * The wait after the `made`-th failed attempt of the current schedule (1 for the first), or undefined
 * when that was the last one and the delivery is dead. `retryAfterMs` is the receiver's own
 * `Retry-After`: the wait is never shorter than it (up to `maxRetryAfterMs`).
 */
export function nextRetryDelay(schedule: ResolvedRetrySchedule, made: number, random: () => number, retryAfterMs?: number): number | undefined {
  const base = schedule.delaysMs[made];
  if (base === undefined) return undefined;
  const jittered = Math.floor(base * (1 + schedule.jitter * random()));
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, schedule.maxRetryAfterMs));
}
