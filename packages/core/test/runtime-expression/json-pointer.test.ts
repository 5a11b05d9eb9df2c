import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJsonPointer, encodeJsonPointer, getByJsonPointer } from '../../src/runtime-expression/json-pointer.ts';

describe('encodeJsonPointer', () => {
  const cases: [string, { given: string[]; want: string }][] = [
    ['no tokens is the whole document', { given: [], want: '' }],
    ['plain tokens', { given: ['a', 'b'], want: '/a/b' }],
    ['/ as ~1 and ~ as ~0', { given: ['a', 'b/c~d'], want: '/a/b~1c~0d' }],
    ['~1 written literally stays distinct', { given: ['~1'], want: '/~01' }],
    ['an empty token', { given: [''], want: '/' }],
    ['unicode as-is', { given: ['ünï', '😀'], want: '/ünï/😀' }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(encodeJsonPointer(given)).toBe(want);
  });
});

describe('decodeJsonPointer', () => {
  const valid: [string, { given: string; want: string[] }][] = [
    ['empty is the root', { given: '', want: [] }],
    ['"/" is one empty token', { given: '/', want: [''] }],
    ['~1 is / and ~0 is ~', { given: '/a/b~1c~0d', want: ['a', 'b/c~d'] }],
    ['~01 is ~1, not /', { given: '/~01', want: ['~1'] }],
    ['empty tokens between slashes', { given: '//x/', want: ['', 'x', ''] }],
    ['RFC 6901 examples', { given: '/a~1b/m~0n/ /c%d', want: ['a/b', 'm~n', ' ', 'c%d'] }],
  ];
  it.each(valid)('%s', (_name, { given, want }) => {
    expect(decodeJsonPointer(given)).toEqual({ ok: true, value: want });
  });

  const invalid: [string, { given: string; want: { index: number; message: string; hint: string } }][] = [
    ['must start with /', { given: 'id', want: { index: 0, message: "a JSON Pointer must be empty or start with '/', not 'i'", hint: '/id' } }],
    ['~2 is not an escape', { given: '/a~2b', want: { index: 2, message: "'~2' is not a JSON Pointer escape: only ~0 (for '~') and ~1 (for '/') are", hint: "write a literal '~' as ~0: /a~02b" } }],
    ['a trailing ~', { given: '/a~', want: { index: 2, message: "'~' at the end is not a JSON Pointer escape: only ~0 (for '~') and ~1 (for '/') are", hint: "write a literal '~' as ~0: /a~0" } }],
  ];
  it.each(invalid)('%s', (_name, { given, want }) => {
    expect(decodeJsonPointer(given)).toEqual({ ok: false, issues: [{ ...want, text: given }] });
  });

  it('decodes what it encodes, for any tokens', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('/', '~', '0', '1', 'a', '😀') })), (tokens) => {
        expect(decodeJsonPointer(encodeJsonPointer(tokens))).toEqual({ ok: true, value: tokens });
      }),
    );
  });

  it('rejects ~ followed by anything but 0 or 1', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '0' && c !== '1'), (c) => {
        expect(decodeJsonPointer(`/a~${c}`).ok).toBe(false);
      }),
    );
  });
});

describe('getByJsonPointer', () => {
  const doc = { a: { b: [10, { c: 'deep' }] }, 'x/y': 1, 'm~n': 2, '': 'empty key', nil: null, list: ['zero', 'one'] };
  const cases: [string, { given: { value: unknown; tokens: string[] }; want: ReturnType<typeof getByJsonPointer> }][] = [
    ['no tokens is the value itself', { given: { value: doc, tokens: [] }, want: { found: true, value: doc } }],
    ['nested through an array', { given: { value: doc, tokens: ['a', 'b', '1', 'c'] }, want: { found: true, value: 'deep' } }],
    ['a key holding /', { given: { value: doc, tokens: ['x/y'] }, want: { found: true, value: 1 } }],
    ['a key holding ~', { given: { value: doc, tokens: ['m~n'] }, want: { found: true, value: 2 } }],
    ['the empty key', { given: { value: doc, tokens: [''] }, want: { found: true, value: 'empty key' } }],
    ['null is a value', { given: { value: doc, tokens: ['nil'] }, want: { found: true, value: null } }],
    ['inside null: not found', { given: { value: doc, tokens: ['nil', 'x'] }, want: { found: false } }],
    ['missing key', { given: { value: doc, tokens: ['nope'] }, want: { found: false } }],
    ['index past the end', { given: { value: doc, tokens: ['list', '2'] }, want: { found: false } }],
    ['leading zero is not an index', { given: { value: doc, tokens: ['list', '01'] }, want: { found: false } }],
    ['- is not an element', { given: { value: doc, tokens: ['list', '-'] }, want: { found: false } }],
    ['array length is not a member', { given: { value: doc, tokens: ['list', 'length'] }, want: { found: false } }],
    ['into a string: not found', { given: { value: doc, tokens: ['list', '0', '0'] }, want: { found: false } }],
    ['__proto__ of a plain object', { given: { value: {}, tokens: ['__proto__'] }, want: { found: false } }],
    ['constructor of a plain object', { given: { value: {}, tokens: ['constructor'] }, want: { found: false } }],
    ['toString of a plain object', { given: { value: { a: 1 }, tokens: ['toString'] }, want: { found: false } }],
    ['an own __proto__ (as JSON.parse makes it)', { given: { value: JSON.parse('{"__proto__": 7}'), tokens: ['__proto__'] }, want: { found: true, value: 7 } }],
    ['an own constructor', { given: { value: { constructor: 'mine' }, tokens: ['constructor'] }, want: { found: true, value: 'mine' } }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(getByJsonPointer(given.value, given.tokens)).toEqual(want);
  });
});
