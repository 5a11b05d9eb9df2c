import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableStatus, parseRetryAfter, resolveRetryOptions } from '../src/retry-schedule.ts';

const now = Date.UTC(2024, 0, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  const cases: [string, { given: string | undefined; want: number | undefined }][] = [
    ['absent', { given: undefined, want: undefined }],
    ['delay-seconds', { given: '120', want: 120_000 }],
    ['zero', { given: '0', want: 0 }],
    ['padded', { given: ' 5 ', want: 5_000 }],
    ['IMF-fixdate', { given: 'Mon, 01 Jan 2024 12:00:30 GMT', want: 30_000 }],
    ['RFC 850 date', { given: 'Monday, 01-Jan-24 12:01:00 GMT', want: 60_000 }],
    ['a date in the past', { given: 'Sun, 31 Dec 2023 12:00:00 GMT', want: 0 }],
    ['a negative number', { given: '-1', want: undefined }],
    ['a fraction', { given: '1.5', want: undefined }],
    ['words', { given: 'later', want: undefined }],
    ['empty', { given: '', want: undefined }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(parseRetryAfter(given, now)).toBe(want);
  });
});

describe('backoffDelay', () => {
  const retry = resolveRetryOptions({ baseDelayMs: 500, maxDelayMs: 30_000 });
  const cases: [string, { retryIndex: number; random: number; want: number }][] = [
    ['first retry, top of the window', { retryIndex: 0, random: 0.999_999, want: 499 }],
    ['first retry, bottom', { retryIndex: 0, random: 0, want: 0 }],
    ['doubles each time', { retryIndex: 3, random: 0.5, want: 2_000 }],
    ['capped at maxDelayMs', { retryIndex: 10, random: 0.5, want: 15_000 }],
    ['still capped far out', { retryIndex: 60, random: 0.999_999, want: 29_999 }],
  ];
  it.each(cases)('%s', (_name, { retryIndex, random, want }) => {
    expect(backoffDelay(retryIndex, retry, () => random)).toBe(want);
  });
});

describe('isRetryableStatus', () => {
  it.each([
    [429, true], [500, true], [502, true], [503, true], [599, true],
    [200, false], [302, false], [400, false], [401, false], [404, false], [409, false], [410, false], [422, false],
  ])('%i → %s', (status, want) => {
    expect(isRetryableStatus(status)).toBe(want);
  });
});

describe('resolveRetryOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveRetryOptions()).toEqual({ attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 });
  });
  it.each([{ attempts: 0 }, { attempts: 1.5 }, { baseDelayMs: -1 }, { maxDelayMs: Number.NaN }])('refuses %j', (retry) => {
    expect(() => resolveRetryOptions(retry)).toThrow(RangeError);
  });
});
