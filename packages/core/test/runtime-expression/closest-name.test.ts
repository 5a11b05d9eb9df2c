import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from '../../src/runtime-expression/closest-name.ts';

describe('editDistance', () => {
  const cases: [string, { given: [string, string]; want: number }][] = [
    ['equal', { given: ['query', 'query'], want: 0 }],
    ['from empty', { given: ['', 'abc'], want: 3 }],
    ['a substitution', { given: ['path', 'bath'], want: 1 }],
    ['an insertion', { given: ['calback_url', 'callback_url'], want: 1 }],
    ['a swap of neighbours counts once', { given: ['qeury', 'query'], want: 1 }],
    ['kitten / sitting', { given: ['kitten', 'sitting'], want: 3 }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(editDistance(...given)).toBe(want);
  });
});

describe('closestName', () => {
  const cases: [string, { given: [string, string[]]; want: string | undefined }][] = [
    ['a typo', { given: ['idd', ['amount', 'id', 'customer']], want: 'id' }],
    ['case is ignored', { given: ['LOCATON', ['Location', 'Link']], want: 'Location' }],
    ['too far is no suggestion', { given: ['zip', ['email', 'name']], want: undefined }],
    ['no candidates', { given: ['x', []], want: undefined }],
    ['ties keep the first', { given: ['ab', ['aa', 'bb']], want: 'aa' }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(closestName(...given)).toBe(want);
  });
});
