import { describe, expect, it } from 'vitest';
import { requestTarget } from '../src/request-target.ts';

describe('requestTarget', () => {
  const cases: [string, { href: string; want: string }][] = [
    ['a plain URL: WHATWG serialization', { href: 'https://client.example/events/invoices/7?x=1#f', want: '/events/invoices/7?x=1' }],
    ['an encoded .. segment stays', { href: 'https://client.example/events/invoices/%2E%2E', want: '/events/invoices/%2E%2E' }],
    ['an encoded . segment stays', { href: 'https://client.example/events/invoices/%2e/x', want: '/events/invoices/%2E/x' }],
    ['mixed spellings stay segments', { href: 'https://client.example/a/.%2E/%2e./b', want: '/a/.%2E/%2E./b' }],
    ['literal dot segments of the base are resolved', { href: 'https://client.example/a/b/../events/%2E%2E', want: '/a/events/%2E%2E' }],
    ['%2e inside a longer segment is left to WHATWG', { href: 'https://client.example/a/x%2e%2e', want: '/a/x%2e%2e' }],
    ['a marker-like text in the URL is not mistaken for the marker', { href: 'https://client.example/~dot~/%2E%2E?q=~dot~', want: '/~dot~/%2E%2E?q=~dot~' }],
    ['spaces are still encoded', { href: 'https://client.example/a b/%2E%2E', want: '/a%20b/%2E%2E' }],
  ];
  it.each(cases)('%s', (_name, { href, want }) => {
    expect(requestTarget(href, new URL(href))).toBe(want);
  });
});
