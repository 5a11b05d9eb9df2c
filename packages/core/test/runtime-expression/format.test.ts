import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpressionTemplate, RuntimeExpression } from '../../src/runtime-expression/ast.ts';
import { formatExpressionTemplate, formatRuntimeExpression } from '../../src/runtime-expression/format.ts';
import { parseExpressionTemplate, parseRuntimeExpression } from '../../src/runtime-expression/parse.ts';
import { expressionArb, templateArb } from './arbitraries.ts';

describe('formatRuntimeExpression', () => {
  const cases: [string, { given: RuntimeExpression; want: string }][] = [
    ['$url', { given: { type: 'url' }, want: '$url' }],
    ['$method', { given: { type: 'method' }, want: '$method' }],
    ['$statusCode', { given: { type: 'statusCode' }, want: '$statusCode' }],
    ['a header, case kept', { given: { type: 'header', source: 'response', name: 'Server' }, want: '$response.header.Server' }],
    ['a query parameter', { given: { type: 'query', source: 'request', name: 'queryUrl' }, want: '$request.query.queryUrl' }],
    ['a path parameter', { given: { type: 'path', source: 'request', name: 'id' }, want: '$request.path.id' }],
    ['the whole body', { given: { type: 'body', source: 'request', pointer: undefined }, want: '$request.body' }],
    ['the root pointer', { given: { type: 'body', source: 'request', pointer: [] }, want: '$request.body#' }],
    ['a pointer, escaped', { given: { type: 'body', source: 'response', pointer: ['a/b', 'c~d', ''] }, want: '$response.body#/a~1b/c~0d/' }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(formatRuntimeExpression(given)).toBe(want);
  });
});

describe('formatExpressionTemplate', () => {
  const cases: [string, { given: ExpressionTemplate; want: string }][] = [
    ['no parts', { given: { parts: [] }, want: '' }],
    [
      'literals as-is, expressions in braces',
      {
        given: {
          parts: [
            { type: 'expression', expression: { type: 'query', source: 'request', name: 'callback_url' }, start: 0, end: 29 },
            { type: 'literal', text: '/invoices/' },
            { type: 'expression', expression: { type: 'body', source: 'request', pointer: ['id'] }, start: 39, end: 58 },
          ],
        },
        want: '{$request.query.callback_url}/invoices/{$request.body#/id}',
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(formatExpressionTemplate(given)).toBe(want);
  });
});

describe('round trip', () => {
  const examples = [
    '$method', '$request.header.accept', '$request.path.id', '$request.body#/user/uuid', '$url',
    '$response.body#/status', '$response.header.Server', '$request.body', '$request.body#', '$request.body#/a~1b~0c/',
  ];
  it.each(examples)('format(parse(%s)) is the same text', (text) => {
    const parsed = parseRuntimeExpression(text);
    expect(parsed.ok && formatRuntimeExpression(parsed.value)).toBe(text);
  });

  const keys = [
    '{$request.query.queryUrl}', '{$request.body#/callbackUrl}',
    'http://notificationServer.com?transactionId={$request.body#/id}&email={$request.body#/email}',
    'http://example.com?queryUrl={$request.query.queryUrl}', '{$request.header.x-callback-url}/notify',
    '{$request.query.callback_url}/invoices/{$request.body#/id}', 'https://no.expressions/here', '',
  ];
  it.each(keys)('format(parse(%s)) is the same key', (text) => {
    const parsed = parseExpressionTemplate(text);
    expect(parsed.ok && formatExpressionTemplate(parsed.value)).toBe(text);
  });

  it('parse(format(x)) deep-equals x for any bare expression', () => {
    fc.assert(
      fc.property(expressionArb(false), (expr) => {
        expect(parseRuntimeExpression(formatRuntimeExpression(expr))).toEqual({ ok: true, value: expr });
      }),
      { numRuns: 1000 },
    );
  });

  it('parse(format(x)) deep-equals x for any template (offsets included)', () => {
    fc.assert(
      fc.property(templateArb(), (template) => {
        expect(parseExpressionTemplate(formatExpressionTemplate(template))).toEqual({ ok: true, value: template });
      }),
      { numRuns: 1000 },
    );
  });
});
