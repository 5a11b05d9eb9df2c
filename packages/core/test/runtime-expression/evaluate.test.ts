import { describe, expect, it } from 'vitest';
import type { RuntimeExpression } from '../../src/runtime-expression/ast.ts';
import { evaluateExpressionTemplate, evaluateRuntimeExpression, evaluateUrlTemplate, type EvaluationContext, type EvaluationResult } from '../../src/runtime-expression/evaluate.ts';
import { parseExpressionTemplate, parseRuntimeExpression } from '../../src/runtime-expression/parse.ts';

/** The OAS 3.1 example: POST /subscribe/myevent?queryUrl=https://clientdomain.com/stillrunning */
const ctx: EvaluationContext = {
  url: 'https://example.org/subscribe/myevent?queryUrl=https://clientdomain.com/stillrunning',
  method: 'post',
  statusCode: 201,
  request: {
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Callback-Url': 'https://cb.example/x', 'x-multi': ['a', 'b'] },
    query: { queryUrl: 'https://clientdomain.com/stillrunning', repeated: ['first', 'second'] },
    path: { eventType: 'myevent', id: '42' },
    body: {
      failedUrl: 'https://clientdomain.com/failed',
      successUrls: ['https://clientdomain.com/fast', 'https://clientdomain.com/medium'],
      user: { uuid: 'a1b2', age: 30, admin: false, nick: null },
      'a/b': 'slash',
      'c~d': 'tilde',
      id: 7,
      email: 'x@y.z',
    },
  },
  response: { headers: { Server: 'nginx', Location: 'https://example.org/subscription/1' }, body: { status: 'ok' } },
};

function evaluate(text: string, context: EvaluationContext = ctx): EvaluationResult {
  const parsed = parseRuntimeExpression(text);
  if (!parsed.ok) throw new Error(`does not parse: ${text}`);
  return evaluateRuntimeExpression(parsed.value, context);
}

describe('evaluateRuntimeExpression', () => {
  const cases: [string, { given: string; want: unknown }][] = [
    // The OAS 3.1 examples table.
    ['$method is upper case', { given: '$method', want: 'POST' }],
    ['$request.header.accept (any case)', { given: '$request.header.accept', want: 'application/json' }],
    ['$request.path.id', { given: '$request.path.id', want: '42' }],
    ['$request.body#/user/uuid', { given: '$request.body#/user/uuid', want: 'a1b2' }],
    ['$url', { given: '$url', want: 'https://example.org/subscribe/myevent?queryUrl=https://clientdomain.com/stillrunning' }],
    ['$response.body#/status', { given: '$response.body#/status', want: 'ok' }],
    ['$response.header.Server', { given: '$response.header.Server', want: 'nginx' }],
    // More.
    ['$statusCode', { given: '$statusCode', want: 201 }],
    ['an upper-case header name', { given: '$request.header.X-CALLBACK-URL', want: 'https://cb.example/x' }],
    ['several header values join', { given: '$request.header.X-Multi', want: 'a, b' }],
    ['a query parameter', { given: '$request.query.queryUrl', want: 'https://clientdomain.com/stillrunning' }],
    ['a repeated query parameter: the first', { given: '$request.query.repeated', want: 'first' }],
    ['an array element', { given: '$request.body#/successUrls/1', want: 'https://clientdomain.com/medium' }],
    ['~1 and ~0 keys', { given: '$request.body#/a~1b', want: 'slash' }],
    ['~0 key', { given: '$request.body#/c~0d', want: 'tilde' }],
    ['a number stays a number', { given: '$request.body#/user/age', want: 30 }],
    ['null is a value', { given: '$request.body#/user/nick', want: null }],
    ['the whole body', { given: '$response.body', want: { status: 'ok' } }],
    ['the root pointer', { given: '$response.body#', want: { status: 'ok' } }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(evaluate(given)).toEqual({ ok: true, value: want });
  });

  const noResponse: EvaluationContext = { url: 'u', method: 'get', request: {} };
  const absent: [string, { given: string; context?: EvaluationContext }][] = [
    ['no such header', { given: '$request.header.x-nope' }],
    ['no such query parameter', { given: '$request.query.nope' }],
    ['no such path parameter', { given: '$request.path.nope' }],
    ['no such body field', { given: '$request.body#/user/nope' }],
    ['index past the end', { given: '$request.body#/successUrls/2' }],
    ['a prototype key of the body', { given: '$request.body#/__proto__' }],
    ['constructor of the body', { given: '$request.body#/user/constructor' }],
    ['a prototype key of the query', { given: '$request.query.toString' }],
    ['a prototype key of the path', { given: '$request.path.constructor' }],
    ['no response at all', { given: '$response.header.Server', context: noResponse }],
    ['no response body', { given: '$response.body#/status', context: noResponse }],
    ['no statusCode', { given: '$statusCode', context: noResponse }],
    ['no headers', { given: '$request.header.accept', context: noResponse }],
    ['no request body', { given: '$request.body', context: noResponse }],
    ['the response has no query', { given: '$response.query.x' }],
    ['an empty list of values', { given: '$request.header.x-empty', context: { ...noResponse, request: { headers: { 'x-empty': [] } } } }],
  ];
  it.each(absent)('absent: %s', (_name, { given, context }) => {
    expect(evaluate(given, context)).toEqual({ ok: false, reason: 'absent', expression: given });
  });

  it('reads a WHATWG Headers object case-insensitively, joining repeated values', () => {
    const headers = new Headers([['X-Callback-Url', 'https://h.example'], ['x-multi', 'a'], ['X-Multi', 'b']]);
    const context: EvaluationContext = { url: 'u', method: 'get', request: { headers } };
    expect(evaluate('$request.header.x-callback-url', context)).toEqual({ ok: true, value: 'https://h.example' });
    expect(evaluate('$request.header.X-MULTI', context)).toEqual({ ok: true, value: 'a, b' });
    expect(evaluate('$request.header.missing', context)).toEqual({ ok: false, reason: 'absent', expression: '$request.header.missing' });
  });

  it('reads URLSearchParams, first value of a repeated name', () => {
    const context: EvaluationContext = { url: 'u', method: 'get', request: { query: new URLSearchParams('cb=one&cb=two&e=') } };
    expect(evaluate('$request.query.cb', context)).toEqual({ ok: true, value: 'one' });
    expect(evaluate('$request.query.e', context)).toEqual({ ok: true, value: '' });
    expect(evaluate('$request.query.nope', context)).toEqual({ ok: false, reason: 'absent', expression: '$request.query.nope' });
  });

  it('joins header values spelled in several cases in one record', () => {
    const context: EvaluationContext = { url: 'u', method: 'get', request: { headers: { Accept: 'a', accept: ['b', 'c'] } } };
    expect(evaluate('$request.header.ACCEPT', context)).toEqual({ ok: true, value: 'a, b, c' });
  });
});

describe('evaluateExpressionTemplate', () => {
  const cases: [string, { given: string; encode?: (value: string, partIndex: number) => string; want: ReturnType<typeof evaluateExpressionTemplate> }][] = [
    ['the invoices callback', { given: '{$request.query.queryUrl}/invoices/{$request.body#/id}', want: { ok: true, value: 'https://clientdomain.com/stillrunning/invoices/7' } }],
    [
      'the OAS transaction example',
      { given: 'http://notificationServer.com?transactionId={$request.body#/id}&email={$request.body#/email}', want: { ok: true, value: 'http://notificationServer.com?transactionId=7&email=x@y.z' } },
    ],
    ['{$request.header.x-callback-url}/notify', { given: '{$request.header.x-callback-url}/notify', want: { ok: true, value: 'https://cb.example/x/notify' } }],
    ['{$request.body#/failedUrl}', { given: '{$request.body#/failedUrl}', want: { ok: true, value: 'https://clientdomain.com/failed' } }],
    ['booleans and numbers with String', { given: '{$request.body#/user/admin}-{$statusCode}', want: { ok: true, value: 'false-201' } }],
    ['null and objects as JSON', { given: '{$request.body#/user/nick}|{$response.body}|{$request.body#/successUrls}', want: { ok: true, value: 'null|{"status":"ok"}|["https://clientdomain.com/fast","https://clientdomain.com/medium"]' } }],
    ['a literal-only key', { given: 'https://fixed.example/hook', want: { ok: true, value: 'https://fixed.example/hook' } }],
    [
      'encode applies to values only, with the part index',
      { given: 'https://x/?e={$request.body#/email}&m={$method}', encode: (value, index) => `${index}:${encodeURIComponent(value)}`, want: { ok: true, value: 'https://x/?e=1:x%40y.z&m=3:POST' } },
    ],
    [
      'absent expressions, each listed once',
      { given: '{$request.query.nope}/{$request.body#/id}/{$response.header.X-Nope}/{$request.query.nope}', want: { ok: false, missing: ['$request.query.nope', '$response.header.X-Nope'] } },
    ],
  ];
  it.each(cases)('%s', (_name, { given, encode, want }) => {
    const parsed = parseExpressionTemplate(given);
    if (!parsed.ok) throw new Error(`does not parse: ${given}`);
    expect(evaluateExpressionTemplate(parsed.value, ctx, encode === undefined ? undefined : { encode })).toEqual(want);
  });

  it('evaluates an expression built by hand', () => {
    const expr: RuntimeExpression = { type: 'body', source: 'request', pointer: ['a/b'] };
    expect(evaluateRuntimeExpression(expr, ctx)).toEqual({ ok: true, value: 'slash' });
  });
});

describe('evaluateUrlTemplate', () => {
  /** The invoices callback URL for an invoice whose id is `id`. */
  function invoiceUrl(id: unknown, template = '{$request.query.callback_url}/invoices/{$request.body#/id}', base = 'https://client.example/events'): unknown {
    const parsed = parseExpressionTemplate(template);
    if (!parsed.ok) throw new Error(`does not parse: ${template}`);
    const result = evaluateUrlTemplate(parsed.value, { url: 'u', method: 'post', request: { query: { callback_url: base }, body: { id, sku: id } } });
    return result.ok ? result.value : result;
  }

  // A value substituted into a path segment stays that one segment, whatever it holds.
  const segments: [string, { id: unknown; want: string }][] = [
    ['a plain id', { id: '2expen51ve', want: 'https://client.example/events/invoices/2expen51ve' }],
    ['..', { id: '..', want: 'https://client.example/events/invoices/%2E%2E' }],
    ['.', { id: '.', want: 'https://client.example/events/invoices/%2E' }],
    ['/', { id: '/', want: 'https://client.example/events/invoices/%2F' }],
    ['?', { id: '?', want: 'https://client.example/events/invoices/%3F' }],
    ['#', { id: '#', want: 'https://client.example/events/invoices/%23' }],
    ['%2e%2e', { id: '%2e%2e', want: 'https://client.example/events/invoices/%252e%252e' }],
    ['../../admin', { id: '../../admin', want: 'https://client.example/events/invoices/..%2F..%2Fadmin' }],
    ['dots inside a segment are left alone', { id: 'inv.1...', want: 'https://client.example/events/invoices/inv.1...' }],
    ['a number', { id: 7, want: 'https://client.example/events/invoices/7' }],
    ['a lone surrogate becomes U+FFFD, not a URIError', { id: 'a\uD800b', want: 'https://client.example/events/invoices/a%EF%BF%BDb' }],
  ];
  it.each(segments)('path segment: %s', (_name, { id, want }) => {
    expect(invoiceUrl(id)).toBe(want);
  });

  it('encodes a dot segment that two values make together, or a value and the literal text around it', () => {
    expect(invoiceUrl('.', '{$request.query.callback_url}/{$request.body#/id}{$request.body#/sku}/x')).toBe('https://client.example/events/%2E%2E/x');
    expect(invoiceUrl('.', '{$request.query.callback_url}/.{$request.body#/id}')).toBe('https://client.example/events/%2E%2E');
    expect(invoiceUrl('.', '{$request.query.callback_url}/{$request.body#/id}.json')).toBe('https://client.example/events/..json');
  });

  it('takes the leading value as the base URL the API user gave, as it is', () => {
    expect(invoiceUrl('7', undefined, 'https://client.example/a b/../events?token=x/y')).toBe('https://client.example/a b/../events?token=x/y/invoices/7');
  });

  it('encodes values in the query and the fragment as components, dots included as they are', () => {
    expect(invoiceUrl('a&b=..', 'https://fixed.example/hook?id={$request.body#/id}#{$request.body#/sku}')).toBe('https://fixed.example/hook?id=a%26b%3D..#a%26b%3D..');
    expect(invoiceUrl('..', 'https://fixed.example/hook?id={$request.body#/id}')).toBe('https://fixed.example/hook?id=..');
  });

  it('encodes a value in the authority as a component', () => {
    expect(invoiceUrl('evil.example/x', 'https://{$request.body#/id}/hook')).toBe('https://evil.example%2Fx/hook');
  });

  it('lists the absent expressions', () => {
    expect(invoiceUrl('7', '{$request.query.nope}/invoices/{$request.body#/nope}')).toEqual({ ok: false, missing: ['$request.query.nope', '$request.body#/nope'] });
  });
});
