import { describe, expect, it } from 'vitest';
import { defaultRetrySchedule, nextRetryDelay, resolveRetrySchedule } from '../../src/outbox/schedule.ts';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const noJitter = () => 0;

describe('the default retry schedule', () => {
  const schedule = resolveRetrySchedule();

  it('is Svix’s: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    expect(schedule.delaysMs).toEqual([0, 5 * second, 5 * minute, 30 * minute, 2 * hour, 5 * hour, 10 * hour, 10 * hour]);
    expect(schedule.delaysMs).toBe(defaultRetrySchedule);
    expect(schedule.jitter).toBe(0.2);
    expect(schedule.maxRetryAfterMs).toBe(24 * hour);
  });

  it.each([
    [1, 5 * second],
    [2, 5 * minute],
    [3, 30 * minute],
    [4, 2 * hour],
    [5, 5 * hour],
    [6, 10 * hour],
    [7, 10 * hour],
  ])('waits, after failed attempt %i, %i ms (no jitter drawn)', (made, wait) => {
    expect(nextRetryDelay(schedule, made, noJitter)).toBe(wait);
  });

  it('gives up after the 8th failed attempt: the delivery is dead', () => {
    expect(nextRetryDelay(schedule, 8, noJitter)).toBeUndefined();
    expect(nextRetryDelay(schedule, 9, noJitter)).toBeUndefined();
    // Even a Retry-After does not bring a dead delivery back.
    expect(nextRetryDelay(schedule, 8, noJitter, 1000)).toBeUndefined();
  });

  it('lasts 27 h 35 min without jitter, at most about 33 h with the most jitter', () => {
    const waits = (random: number) => [1, 2, 3, 4, 5, 6, 7].map((made) => nextRetryDelay(schedule, made, () => random) as number);
    const sum = (values: number[]) => values.reduce((total, wait) => total + wait, 0);
    expect(sum(waits(0))).toBe(27 * hour + 35 * minute + 5 * second);
    expect(sum(waits(0.999999))).toBeGreaterThan(33 * hour);
    expect(sum(waits(0.999999))).toBeLessThan(33 * hour + 10 * minute);
  });
});

describe('jitter', () => {
  it.each([
    // [attempt made, random(), expected wait] with the default 20 % jitter
    [1, 0, 5_000],
    [1, 0.5, 5_500],
    [1, 0.999, 5_999],
    [2, 0, 300_000],
    [2, 0.999, 359_940],
    [7, 0, 36_000_000],
    [7, 0.999, 43_192_800],
  ])('after attempt %i with random() = %d waits %i ms', (made, random, wait) => {
    expect(nextRetryDelay(resolveRetrySchedule(), made, () => random)).toBe(wait);
  });

  it('stays within [wait, wait × (1 + jitter)) for every random() in [0, 1)', () => {
    const schedule = resolveRetrySchedule({ delaysMs: [0, 10_000], jitter: 0.5 });
    for (const random of [0, 0.1, 0.25, 0.5, 0.75, 0.999, 0.999999]) {
      const wait = nextRetryDelay(schedule, 1, () => random) as number;
      expect(wait).toBeGreaterThanOrEqual(10_000);
      expect(wait).toBeLessThan(15_000);
      expect(Number.isInteger(wait)).toBe(true);
    }
  });

  it('is off with jitter 0, whatever random() says', () => {
    const schedule = resolveRetrySchedule({ delaysMs: [0, 700], jitter: 0 });
    expect(nextRetryDelay(schedule, 1, () => 0.999)).toBe(700);
  });

  it('a custom schedule’s length is its number of attempts', () => {
    const schedule = resolveRetrySchedule({ delaysMs: [0, 50, 50], jitter: 0 });
    expect([1, 2, 3].map((made) => nextRetryDelay(schedule, made, noJitter))).toEqual([50, 50, undefined]);
  });
});

describe('Retry-After', () => {
  const schedule = resolveRetrySchedule({ delaysMs: [0, 5_000, 60_000], jitter: 0, maxRetryAfterMs: 30 * minute });

  it.each([
    ['longer than the scheduled wait wins', 1, 20_000, 20_000],
    ['shorter than the scheduled wait loses', 1, 1_000, 5_000],
    ['equal to the scheduled wait is that wait', 1, 5_000, 5_000],
    ['of 0 loses to the scheduled wait', 2, 0, 60_000],
    ['longer than maxRetryAfterMs is capped to it', 1, 5 * hour, 30 * minute],
  ])('%s', (_name, made, retryAfterMs, wait) => {
    expect(nextRetryDelay(schedule, made, noJitter, retryAfterMs)).toBe(wait);
  });

  it('capped below the scheduled wait loses to it', () => {
    const capped = resolveRetrySchedule({ delaysMs: [0, 60_000], jitter: 0, maxRetryAfterMs: 10_000 });
    expect(nextRetryDelay(capped, 1, noJitter, 5 * hour)).toBe(60_000);
  });

  it('is compared with the jittered wait', () => {
    const jittered = resolveRetrySchedule({ delaysMs: [0, 10_000], jitter: 0.5 });
    expect(nextRetryDelay(jittered, 1, () => 0.999, 12_000)).toBe(14_995);
    expect(nextRetryDelay(jittered, 1, () => 0, 12_000)).toBe(12_000);
  });

  it('is capped at 24 h by default', () => {
    expect(nextRetryDelay(resolveRetrySchedule(), 1, noJitter, 3 * 24 * hour)).toBe(24 * hour);
  });
});

describe('resolveRetrySchedule', () => {
  it('keeps the options given', () => {
    expect(resolveRetrySchedule({ delaysMs: [0, 50, 50], jitter: 0, maxRetryAfterMs: 1000 })).toEqual({ delaysMs: [0, 50, 50], jitter: 0, maxRetryAfterMs: 1000 });
    expect(resolveRetrySchedule({ jitter: 1 }).jitter).toBe(1);
    expect(resolveRetrySchedule({ maxRetryAfterMs: 0 }).maxRetryAfterMs).toBe(0);
  });

  it.each([
    [{ delaysMs: [] }, 'schedule.delaysMs must list at least one wait (0 for the first attempt).'],
    [{ delaysMs: [0, -1] }, 'schedule.delaysMs must hold numbers of milliseconds, 0 or more; got -1.'],
    [{ delaysMs: [0, Number.NaN] }, 'schedule.delaysMs must hold numbers of milliseconds, 0 or more; got NaN.'],
    [{ delaysMs: [0, Number.POSITIVE_INFINITY] }, 'schedule.delaysMs must hold numbers of milliseconds, 0 or more; got Infinity.'],
    [{ delaysMs: [0, '5s' as unknown as number] }, 'schedule.delaysMs must hold numbers of milliseconds, 0 or more; got 5s.'],
    [{ jitter: -0.1 }, 'schedule.jitter must be a fraction from 0 to 1; got -0.1.'],
    [{ jitter: 1.5 }, 'schedule.jitter must be a fraction from 0 to 1; got 1.5.'],
    [{ jitter: Number.NaN }, 'schedule.jitter must be a fraction from 0 to 1; got NaN.'],
    [{ maxRetryAfterMs: -1 }, 'schedule.maxRetryAfterMs must be a number of milliseconds, 0 or more; got -1.'],
    [{ maxRetryAfterMs: Number.NaN }, 'schedule.maxRetryAfterMs must be a number of milliseconds, 0 or more; got NaN.'],
  ])('refuses %o', (options, message) => {
    expect(() => resolveRetrySchedule(options)).toThrow(new RangeError(message));
  });
});
