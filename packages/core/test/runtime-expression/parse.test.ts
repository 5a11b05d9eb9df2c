import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpressionTemplate, RuntimeExpression } from '../../src/runtime-expression/ast.ts';
import { formatExpressionTemplate, formatRuntimeExpression } from '../../src/runtime-expression/format.ts';
import { parseExpressionTemplate, parseRuntimeExpression } from '../../src/runtime-expression/parse.ts';
import { expressionArb } from './arbitraries.ts';

describe('parseRuntimeExpression', () => {
  const cases: [string, { given: string; want: RuntimeExpression }][] = [
    // The OAS 3.1 examples table.
    ['$method', { given: '$method', want: { type: 'method' } }],
    ['$request.header.accept', { given: '$request.header.accept', want: { type: 'header', source: 'request', name: 'accept' } }],
    ['$request.path.id', { given: '$request.path.id', want: { type: 'path', source: 'request', name: 'id' } }],
    ['$request.body#/user/uuid', { given: '$request.body#/user/uuid', want: { type: 'body', source: 'request', pointer: ['user', 'uuid'] } }],
    ['$url', { given: '$url', want: { type: 'url' } }],
    ['$response.body#/status', { given: '$response.body#/status', want: { type: 'body', source: 'response', pointer: ['status'] } }],
    ['$response.header.Server (case kept)', { given: '$response.header.Server', want: { type: 'header', source: 'response', name: 'Server' } }],
    // More of the grammar.
    ['$statusCode', { given: '$statusCode', want: { type: 'statusCode' } }],
    ['the whole body', { given: '$request.body', want: { type: 'body', source: 'request', pointer: undefined } }],
    ['the root pointer', { given: '$request.body#', want: { type: 'body', source: 'request', pointer: [] } }],
    ['an empty token', { given: '$request.body#/', want: { type: 'body', source: 'request', pointer: [''] } }],
    ['escapes are decoded', { given: '$request.body#/a~1b/c~0d', want: { type: 'body', source: 'request', pointer: ['a/b', 'c~d'] } }],
    ['a query name with dots', { given: '$request.query.a.b', want: { type: 'query', source: 'request', name: 'a.b' } }],
    ['header tchars', { given: "$request.header.X-Api_Key!#$%&'*+.^`|~9", want: { type: 'header', source: 'request', name: "X-Api_Key!#$%&'*+.^`|~9" } }],
    ['a bare name may hold }', { given: '$request.query.a}b', want: { type: 'query', source: 'request', name: 'a}b' } }],
    ['a pointer may hold unicode', { given: '$response.body#/ü/😀', want: { type: 'body', source: 'response', pointer: ['ü', '😀'] } }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(parseRuntimeExpression(given)).toEqual({ ok: true, value: want });
  });

  const rejected: [string, { given: string; want: { index: number; message: string } }][] = [
    ['empty', { given: '', want: { index: 0, message: 'empty runtime expression' } }],
    ['empty query name', { given: '$request.query.', want: { index: 15, message: 'the query parameter name is empty' } }],
    ['empty path name', { given: '$request.path.', want: { index: 14, message: 'the path parameter name is empty' } }],
    ['empty header name', { given: '$request.header.', want: { index: 16, message: 'the header name is empty' } }],
    ['no name at all', { given: '$request.query', want: { index: 14, message: "expected '.' and a query parameter name after '$request.query'" } }],
    ['a space in a header name', { given: '$request.header.a b', want: { index: 17, message: "' ' cannot appear in a header name: header names are HTTP tokens" } }],
    ['non-ASCII query name', { given: '$request.query.née', want: { index: 16, message: "'é' cannot appear in a query parameter name: the runtime-expression grammar allows only ASCII there" } }],
    ['something after $url', { given: '$url.host', want: { index: 4, message: "'$url' takes nothing after it" } }],
    ['$request alone', { given: '$request', want: { index: 8, message: "'$request' must be followed by '.' and a source: header, query, path or body" } }],
  ];
  it.each(rejected)('rejects %s', (_name, { given, want }) => {
    const result = parseRuntimeExpression(given);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map(({ index, message, text }) => ({ index, message, text }))).toEqual([{ ...want, text: given }]);
  });
});

const q = (name: string): RuntimeExpression => ({ type: 'query', source: 'request', name });
const body = (...pointer: string[]): RuntimeExpression => ({ type: 'body', source: 'request', pointer });

describe('parseExpressionTemplate', () => {
  const cases: [string, { given: string; want: ExpressionTemplate }][] = [
    // The OAS 3.1 callback key examples.
    ['{$request.query.queryUrl}', { given: '{$request.query.queryUrl}', want: { parts: [{ type: 'expression', expression: q('queryUrl'), start: 0, end: 25 }] } }],
    ['{$request.body#/callbackUrl}', { given: '{$request.body#/callbackUrl}', want: { parts: [{ type: 'expression', expression: body('callbackUrl'), start: 0, end: 28 }] } }],
    [
      'two expressions in a URL',
      {
        given: 'http://notificationServer.com?transactionId={$request.body#/id}&email={$request.body#/email}',
        want: {
          parts: [
            { type: 'literal', text: 'http://notificationServer.com?transactionId=' },
            { type: 'expression', expression: body('id'), start: 44, end: 63 },
            { type: 'literal', text: '&email=' },
            { type: 'expression', expression: body('email'), start: 70, end: 92 },
          ],
        },
      },
    ],
    [
      'http://example.com?queryUrl={$request.query.queryUrl}',
      { given: 'http://example.com?queryUrl={$request.query.queryUrl}', want: { parts: [{ type: 'literal', text: 'http://example.com?queryUrl=' }, { type: 'expression', expression: q('queryUrl'), start: 28, end: 53 }] } },
    ],
    [
      '{$request.header.x-callback-url}/notify',
      {
        given: '{$request.header.x-callback-url}/notify',
        want: { parts: [{ type: 'expression', expression: { type: 'header', source: 'request', name: 'x-callback-url' }, start: 0, end: 32 }, { type: 'literal', text: '/notify' }] },
      },
    ],
    // Boomerang's own example and edge cases.
    [
      'the invoices callback',
      {
        given: '{$request.query.callback_url}/invoices/{$request.body#/id}',
        want: { parts: [{ type: 'expression', expression: q('callback_url'), start: 0, end: 29 }, { type: 'literal', text: '/invoices/' }, { type: 'expression', expression: body('id'), start: 39, end: 58 }] },
      },
    ],
    ['adjacent expressions', { given: '{$url}{$method}', want: { parts: [{ type: 'expression', expression: { type: 'url' }, start: 0, end: 6 }, { type: 'expression', expression: { type: 'method' }, start: 6, end: 15 }] } }],
    ['no expression at all', { given: 'https://example.com/hook', want: { parts: [{ type: 'literal', text: 'https://example.com/hook' }] } }],
    ['the empty key', { given: '', want: { parts: [] } }],
    ['a $ inside literal text', { given: 'https://x/$1?a=$url', want: { parts: [{ type: 'literal', text: 'https://x/$1?a=$url' }] } }],
    ['expression-like literal text before an expression', { given: '$request.query.a{$url}', want: { parts: [{ type: 'literal', text: '$request.query.a' }, { type: 'expression', expression: { type: 'url' }, start: 16, end: 22 }] } }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(parseExpressionTemplate(given)).toEqual({ ok: true, value: want });
  });

  const rejected: [string, { given: string; want: { index: number; message: string; text: string; hint?: string }[] }][] = [
    ['an unclosed {', { given: 'a/{$request.query.x/b', want: [{ index: 2, message: "'{' is not closed by '}'", text: '{$request.query.x/b', hint: "close the expression with '}', e.g. {$request.query.x}" }] }],
    ['a { inside an expression', { given: '{$url{$method}', want: [{ index: 0, message: "'{' is not closed by '}'", text: '{$url', hint: "close the expression with '}', e.g. {$url}" }] }],
    ['an unmatched }', { given: 'a}b', want: [{ index: 1, message: "unmatched '}': braces only enclose runtime expressions", text: '}', hint: "remove it, or open the expression with '{'" }] }],
    ['empty braces', { given: 'x/{}', want: [{ index: 3, message: 'empty runtime expression', text: '', hint: 'e.g. {$request.query.callback_url}' }] }],
    ['double braces', { given: '{{$request.query.x}}', want: [{ index: 0, message: 'double braces are template syntax: a callback key embeds an expression in single braces', text: '$request.query.x', hint: 'write {$request.query.x}' }] }],
    [
      'double braces, each',
      {
        given: '{{$request.query.x}}/{{$url}}',
        want: [
          { index: 0, message: 'double braces are template syntax: a callback key embeds an expression in single braces', text: '$request.query.x', hint: 'write {$request.query.x}' },
          { index: 21, message: 'double braces are template syntax: a callback key embeds an expression in single braces', text: '$url', hint: 'write {$url}' },
        ],
      },
    ],
    ['a bare expression as the whole key', { given: '$request.body#/url', want: [{ index: 0, message: 'a runtime expression in a callback key must be enclosed in braces, or it is literal text', text: '$request.body#/url', hint: 'write {$request.body#/url}' }] }],
    [
      'every issue, in order',
      {
        given: '}{$url}{$nope}{',
        want: [
          { index: 0, message: "unmatched '}': braces only enclose runtime expressions", text: '}', hint: "remove it, or open the expression with '{'" },
          { index: 8, message: "'$nope' is not a runtime expression: OpenAPI has no named variables, an expression says where the value is read from", text: '$nope', hint: 'write {$request.query.nope} if it is a query parameter; or {$request.path.nope} if it is a path parameter; or {$request.header.nope} if it is a request header; or {$request.body#/nope} if it is a field of the request body' },
          { index: 14, message: "'{' is not closed by '}'", text: '{', hint: 'remove it, or write an expression and close it, e.g. {$request.query.callback_url}' },
        ],
      },
    ],
  ];
  it.each(rejected)('rejects %s', (_name, { given, want }) => {
    expect(parseExpressionTemplate(given)).toEqual({ ok: false, issues: want });
  });
});

describe('rejection properties', () => {
  const sources = new Set(['header', 'query', 'path', 'body']);
  it('an expression without its $ is rejected, bare and embedded', () => {
    fc.assert(
      fc.property(expressionArb(true), (expr) => {
        const text = formatRuntimeExpression(expr).slice(1);
        expect(parseRuntimeExpression(text).ok).toBe(false);
        expect(parseExpressionTemplate(`{${text}}`).ok).toBe(false);
      }),
    );
  });
  it('an unknown source name is rejected', () => {
    fc.assert(
      fc.property(fc.constantFrom('request', 'response'), fc.stringMatching(/^[a-zA-Z_]{1,8}$/).filter((w) => !sources.has(w)), (source, word) => {
        expect(parseRuntimeExpression(`$${source}.${word}.x`).ok).toBe(false);
        expect(parseExpressionTemplate(`{$${source}.${word}#/x}`).ok).toBe(false);
      }),
    );
  });
  it('~ followed by anything but 0 or 1 in a pointer is rejected', () => {
    const other = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '0' && c !== '1' && c !== '}');
    fc.assert(
      fc.property(other, fc.stringMatching(/^[a-z]{0,4}$/), (c, before) => {
        expect(parseRuntimeExpression(`$request.body#/${before}~${c}`).ok).toBe(false);
        expect(parseExpressionTemplate(`{$response.body#/${before}~${c}}`).ok).toBe(false);
      }),
    );
  });
  it('never throws, and an issue points inside the input', () => {
    const fragments = fc.constantFrom('{', '}', '$', 'request', 'response', '.', 'body', '#', '/', '~0', '~', 'query', 'header', 'path', 'x', 'url', 'statusCode', '[0]', ' ', 'é');
    const inputs = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.array(fragments, { maxLength: 12 }).map((f) => f.join('')));
    fc.assert(
      fc.property(inputs, (text) => {
        for (const result of [parseRuntimeExpression(text), parseExpressionTemplate(text)]) {
          if (result.ok) continue;
          expect(result.issues.length).toBeGreaterThan(0);
          for (const issue of result.issues) expect(issue.index >= 0 && issue.index <= text.length).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
  it('whatever parses formats back to the same text', () => {
    const fragments = fc.constantFrom('{', '}', '$', 'request', 'response', '.', 'body', '#', '/', '~0', '~1', 'query', 'header', 'path', 'x', 'url', 'method', 'statusCode');
    fc.assert(
      fc.property(fc.array(fragments, { maxLength: 12 }).map((f) => f.join('')), (text) => {
        const template = parseExpressionTemplate(text);
        if (template.ok) expect(formatExpressionTemplate(template.value)).toBe(text);
        const expression = parseRuntimeExpression(text);
        if (expression.ok) expect(formatRuntimeExpression(expression.value)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
