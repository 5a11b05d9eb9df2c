/**
 * The helpers inlined for Ajv's standalone code behave as the originals they were ported from, and
 * have the shapes Ajv compiled its calls against.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import ajvEqual from 'ajv/dist/runtime/equal.js';
import ajvUcs2length from 'ajv/dist/runtime/ucs2length.js';
import { describe, expect, it } from 'vitest';
import { deepEqual, formats, ucs2length } from '../runtime/ajv-runtime.ts';

const original = <T>(module: T): T => ((module as { default?: T }).default ?? module) as T;
const equal = original(ajvEqual) as unknown as (a: unknown, b: unknown) => boolean;
const length = original(ajvUcs2length) as unknown as (text: string) => number;

const strings = [
  '', 'a', '2024-01-01', '2024-02-29', '2023-02-29', '2024-13-01', '2024-01-32', '12:00:00Z', '23:59:60Z', '12:00:00', '12:00:00+25:00',
  '2024-01-01T12:00:00Z', '2024-01-01t12:00:00z', '2024-01-01 12:00:00+01:00', '2024-01-01T12:00:00', '2016-12-31T23:59:60Z', '2024-01-01T24:00:00Z',
  'https://example.com/a?b#c', 'urn:isbn:0451450523', 'example.com', '//example.com', 'http://[::1]:80/', 'not a uri',
  '^[a-z]+$', '(unclosed', 'a\\Z', 'U3dhZ2dlciByb2Nrcw==', 'U3dhZ2dlciByb2Nrcw=', '😀😀', 'é',
];
const numbers = [0, 1, -1, 1.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, NaN];

describe('formats', () => {
  const names = Object.entries(fullFormats)
    .filter(([, def]) => typeof def === 'function' || (typeof def === 'object' && !(def instanceof RegExp)))
    .map(([name]) => name);

  it('covers every format of ajv-formats that is code (regular expressions are inlined by Ajv)', () => {
    expect(Object.keys(formats).sort()).toEqual(names.sort());
  });

  it.each(names)('%s has the original shape and answers', (name) => {
    const def = (fullFormats as Record<string, unknown>)[name];
    const mine = formats[name]!;
    expect(typeof mine).toBe(typeof def);
    const check = (typeof def === 'function' ? def : (def as { validate: (v: unknown) => boolean }).validate) as (v: unknown) => boolean;
    const ours = (typeof mine === 'function' ? mine : mine.validate) as (v: unknown) => boolean;
    const type = typeof def === 'object' ? (def as { type?: string }).type : undefined;
    const values: unknown[] = type === 'number' ? numbers : strings;
    for (const value of values) expect([value, ours(value)]).toEqual([value, check(value)]);
  });
});

describe('ucs2length and deepEqual', () => {
  it.each(strings)('ucs2length(%j)', (text) => {
    expect(ucs2length(text)).toBe(length(text));
  });

  const pairs: [unknown, unknown][] = [
    [1, 1], [1, '1'], [NaN, NaN], [null, null], [null, {}], [[1, [2]], [1, [2]]], [[1, 2], [2, 1]],
    [{ a: 1, b: [1] }, { b: [1], a: 1 }], [{ a: 1 }, { a: 1, b: 2 }], [{ a: undefined }, { b: undefined }], [[], {}],
  ];
  it.each(pairs)('deepEqual(%j, %j)', (a, b) => {
    expect(deepEqual(a, b)).toBe(equal(a, b));
  });
});
