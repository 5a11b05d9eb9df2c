import { describe, expect, it } from 'vitest';
import { parseExpressionTemplate } from '../../src/runtime-expression/parse.ts';
import type { JsonSchema } from '../../src/runtime-expression/schema-pointer.ts';
import { validateTemplateAgainstOperation, type ExpressionIssue, type OperationShape } from '../../src/runtime-expression/validate.ts';

const schemas: Record<string, JsonSchema> = {
  InvoiceEvent: { type: 'object', properties: { id: { type: 'string' }, amount: { type: 'number' }, customer: { type: 'object', properties: { email: {}, name: {} } }, callback_url: {} } },
  Receipt: { type: 'object', properties: { status: {}, receiptId: {} } },
  Problem: { type: 'object', properties: { title: {}, detail: {} } },
};

/** POST /invoices/{tenant}?callback_url=…, header X-Request-Id, cookie session. */
const op: OperationShape = {
  parameters: [
    { name: 'tenant', in: 'path' },
    { name: 'callback_url', in: 'query' },
    { name: 'mode', in: 'query' },
    { name: 'X-Request-Id', in: 'header' },
    { name: 'session', in: 'cookie' },
  ],
  requestBodySchema: { $ref: '#/components/schemas/InvoiceEvent' },
  responseBodySchemas: [{ $ref: '#/components/schemas/Receipt' }, { $ref: '#/components/schemas/Problem' }],
  responseHeaderNames: ['Location', 'X-RateLimit-Remaining'],
  resolveRef: (ref) => schemas[ref.replace('#/components/schemas/', '')],
};

function validate(key: string, operation: OperationShape = op): readonly ExpressionIssue[] {
  const parsed = parseExpressionTemplate(key);
  if (!parsed.ok) throw new Error(`does not parse: ${key}`);
  return validateTemplateAgainstOperation(parsed.value, operation);
}

describe('validateTemplateAgainstOperation: valid keys', () => {
  const valid: [string, { given: string }][] = [
    ['the invoices callback', { given: '{$request.query.callback_url}/invoices/{$request.body#/id}' }],
    ['a path parameter', { given: 'https://x/{$request.path.tenant}' }],
    ['a header in another case', { given: '{$request.header.x-request-id}' }],
    ['Accept cannot be declared, so it need not be', { given: '{$request.header.Accept}' }],
    ['a nested body field', { given: '{$request.body#/customer/email}' }],
    ['the whole request body', { given: '{$request.body}' }],
    ['a field of one response body', { given: '{$response.body#/receiptId}' }],
    ['a field of the other response body', { given: '{$response.body#/title}' }],
    ['a response header, any case', { given: '{$response.header.location}' }],
    ['$url, $method, $statusCode', { given: '{$url}?m={$method}&s={$statusCode}' }],
    ['literal only', { given: 'https://fixed.example/hook' }],
  ];
  it.each(valid)('%s', (_name, { given }) => {
    expect(validate(given)).toEqual([]);
  });
});

describe('validateTemplateAgainstOperation: issues', () => {
  const cases: [string, { given: string; operation?: OperationShape; want: ExpressionIssue[] }][] = [
    [
      'a query parameter that is a path parameter',
      { given: '{$request.query.tenant}', want: [{ kind: 'undeclared-parameter', expression: '$request.query.tenant', start: 0, end: 23, message: "the operation declares no query parameter named 'tenant'", hint: 'tenant is a path parameter: use {$request.path.tenant}; declared query parameters: callback_url, mode' }] },
    ],
    [
      'a path parameter that is a query parameter',
      { given: 'x/{$request.path.callback_url}', want: [{ kind: 'undeclared-parameter', expression: '$request.path.callback_url', start: 2, end: 30, message: "the operation declares no path parameter named 'callback_url'", hint: 'callback_url is a query parameter: use {$request.query.callback_url}; declared path parameters: tenant' }] },
    ],
    [
      'names are case-sensitive',
      { given: '{$request.query.Mode}', want: [{ kind: 'undeclared-parameter', expression: '$request.query.Mode', start: 0, end: 21, message: "the operation declares no query parameter named 'Mode'", hint: 'mode is a query parameter: use {$request.query.mode}; declared query parameters: callback_url, mode' }] },
    ],
    [
      'a typo of a query parameter',
      { given: '{$request.query.calback_url}', want: [{ kind: 'undeclared-parameter', expression: '$request.query.calback_url', start: 0, end: 28, message: "the operation declares no query parameter named 'calback_url'", hint: 'did you mean {$request.query.callback_url}? declared query parameters: callback_url, mode' }] },
    ],
    [
      'a header that is a cookie',
      { given: '{$request.header.session}', want: [{ kind: 'undeclared-parameter', expression: '$request.header.session', start: 0, end: 25, message: "the operation declares no header parameter named 'session'", hint: 'session is a cookie parameter, which runtime expressions cannot read: declare it as a query parameter or header instead; declared header parameters: X-Request-Id' }] },
    ],
    [
      'a query parameter that is a body field',
      { given: '{$request.query.amount}', want: [{ kind: 'undeclared-parameter', expression: '$request.query.amount', start: 0, end: 23, message: "the operation declares no query parameter named 'amount'", hint: 'amount is a field of the request body: use {$request.body#/amount}; declared query parameters: callback_url, mode' }] },
    ],
    [
      'no path parameters at all',
      { given: '{$request.path.invoiceId}', operation: { ...op, parameters: [] }, want: [{ kind: 'undeclared-parameter', expression: '$request.path.invoiceId', start: 0, end: 25, message: "the operation declares no path parameter named 'invoiceId'", hint: 'the operation declares no path parameters' }] },
    ],
    [
      'a missing body field: closest and available',
      { given: '{$request.body#/idd}', want: [{ kind: 'missing-body-field', expression: '$request.body#/idd', start: 0, end: 20, message: "the request body has no field 'idd' (pointer #/idd)", hint: 'did you mean {$request.body#/id}? fields there: amount, callback_url, customer, id' }] },
    ],
    [
      'a missing nested body field',
      { given: '{$request.body#/customer/mail}', want: [{ kind: 'missing-body-field', expression: '$request.body#/customer/mail', start: 0, end: 30, message: "/customer of the request body has no field 'mail' (pointer #/customer/mail)", hint: 'did you mean {$request.body#/customer/email}? fields there: email, name' }] },
    ],
    [
      'below a scalar field',
      { given: '{$request.body#/id/x}', want: [{ kind: 'missing-body-field', expression: '$request.body#/id/x', start: 0, end: 21, message: "/id of the request body has no field 'x' (pointer #/id/x)", hint: '/id has no fields to address' }] },
    ],
    [
      'no request body',
      { given: '{$request.body#/id}', operation: { ...op, requestBodySchema: undefined }, want: [{ kind: 'no-request-body', expression: '$request.body#/id', start: 0, end: 19, message: 'the operation has no request body to read', hint: 'declare a request body for the operation, or read the value from a parameter' }] },
    ],
    [
      'no request body, but a parameter of that name',
      { given: '{$request.body#/callback_url}', operation: { ...op, requestBodySchema: undefined }, want: [{ kind: 'no-request-body', expression: '$request.body#/callback_url', start: 0, end: 29, message: 'the operation has no request body to read', hint: 'callback_url is a query parameter: use {$request.query.callback_url}' }] },
    ],
    [
      'no response body',
      { given: '{$response.body#/status}', operation: { ...op, responseBodySchemas: [] }, want: [{ kind: 'no-response-body', expression: '$response.body#/status', start: 0, end: 24, message: 'no response of the operation has a JSON body to read', hint: 'declare a JSON response body, or read a response header with $response.header.<name>' }] },
    ],
    [
      'a field of no response body',
      { given: '{$response.body#/stat}', want: [{ kind: 'missing-body-field', expression: '$response.body#/stat', start: 0, end: 22, message: "the response body has no field 'stat' (pointer #/stat)", hint: 'did you mean {$response.body#/status}? fields there: detail, receiptId, status, title' }] },
    ],
    [
      'an undeclared response header',
      { given: '{$response.header.Locaton}', want: [{ kind: 'undeclared-response-header', expression: '$response.header.Locaton', start: 0, end: 26, message: "no response of the operation declares the header 'Locaton'", hint: 'did you mean {$response.header.Location}? declared response headers: Location, X-RateLimit-Remaining' }] },
    ],
    [
      'responses have no query',
      { given: '{$response.query.callback_url}', want: [{ kind: 'undeclared-parameter', expression: '$response.query.callback_url', start: 0, end: 30, message: "responses have no query parameters: '$response.query.callback_url' never has a value", hint: "the request has the query parameter callback_url: use {$request.query.callback_url}" }] },
    ],
    [
      'responses have no path',
      { given: '{$response.path.x}', want: [{ kind: 'undeclared-parameter', expression: '$response.path.x', start: 0, end: 18, message: "responses have no path parameters: '$response.path.x' never has a value", hint: 'read the response with $response.header.<name> or $response.body#/<field>, or the request with $request.path.<name>' }] },
    ],
    [
      'several issues, in order, with offsets',
      {
        given: '{$request.query.a}/{$url}/{$request.header.b}',
        want: [
          { kind: 'undeclared-parameter', expression: '$request.query.a', start: 0, end: 18, message: "the operation declares no query parameter named 'a'", hint: 'declared query parameters: callback_url, mode' },
          { kind: 'undeclared-parameter', expression: '$request.header.b', start: 26, end: 45, message: "the operation declares no header parameter named 'b'", hint: 'declared header parameters: X-Request-Id' },
        ],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, operation, want }) => {
    expect(validate(given, operation)).toEqual(want);
  });
});

describe('validateTemplateAgainstOperation: a body value at the start of a URL is its base, and must be a string', () => {
  const bodies: Record<string, JsonSchema> = {
    Urls: { type: 'array', items: { type: 'string', format: 'uri' } },
    Target: { anyOf: [{ type: 'string' }, { type: 'null' }] },
  };
  const hooks: OperationShape = {
    parameters: [],
    requestBodySchema: {
      type: 'object',
      properties: {
        urls: { $ref: '#/components/schemas/Urls' },
        url: { type: 'string', format: 'uri' },
        target: { $ref: '#/components/schemas/Target' },
        port: { type: 'integer' },
        config: { type: 'object', properties: { endpoint: { type: 'string' } } },
        either: { oneOf: [{ type: 'array', items: {} }, { type: 'object' }] },
        free: {},
        kind: { enum: ['a', 'b'] },
        count: { const: 3 },
      },
    },
    responseBodySchemas: [{ type: 'object', properties: { next: { type: 'array' } } }, { type: 'object', properties: { next: { type: 'string' } } }],
    responseHeaderNames: [],
    resolveRef: (ref) => bodies[ref.replace('#/components/schemas/', '')],
  };
  const url = (key: string): readonly ExpressionIssue[] => {
    const parsed = parseExpressionTemplate(key);
    if (!parsed.ok) throw new Error(`does not parse: ${key}`);
    return validateTemplateAgainstOperation(parsed.value, hooks, { url: true });
  };
  const listHint = 'a list of URLs cannot be one base URL: give the callback a string field (e.g. `callback_url: z.url()`) and name it, or name one item, `#/urls/0`';
  const fieldHint = 'name a string field that holds the URL, e.g. `{$request.body#/callback_url}` with `callback_url: z.url()`';
  const cases: [string, { given: string; want: Pick<ExpressionIssue, 'message' | 'hint'>[] }][] = [
    ['a string field', { given: '{$request.body#/url}/events', want: [] }],
    ['one item of a list of URLs', { given: '{$request.body#/urls/0}/events', want: [] }],
    ['a $ref to string-or-null', { given: '{$request.body#/target}', want: [] }],
    ['a free-form field', { given: '{$request.body#/free}', want: [] }],
    ['a string enum', { given: '{$request.body#/kind}', want: [] }],
    ['a nested string', { given: '{$request.body#/config/endpoint}', want: [] }],
    ['a string in one of the response bodies', { given: '{$response.body#/next}', want: [] }],
    ['a list after the base is only a segment', { given: 'https://hooks.example/{$request.body#/port}', want: [] }],
    ['a list of URLs ($ref)', { given: '{$request.body#/urls}/events', want: [{ message: '#/urls of the request body is the base of the URL, but its schema allows an array, not a string', hint: listHint }] }],
    ['an integer', { given: '{$request.body#/port}', want: [{ message: '#/port of the request body is the base of the URL, but its schema allows an integer, not a string', hint: fieldHint }] }],
    ['an object', { given: '{$request.body#/config}/x', want: [{ message: '#/config of the request body is the base of the URL, but its schema allows an object, not a string', hint: fieldHint }] }],
    ['a oneOf of a list and an object', { given: '{$request.body#/either}', want: [{ message: '#/either of the request body is the base of the URL, but its schema allows an array or an object, not a string', hint: listHint }] }],
    ['a number const', { given: '{$request.body#/count}', want: [{ message: '#/count of the request body is the base of the URL, but its schema allows an integer, not a string', hint: fieldHint }] }],
    ['the whole body', { given: '{$request.body}/x', want: [{ message: 'the whole request body is the base of the URL, but its schema allows an object, not a string', hint: fieldHint }] }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(url(given).map(({ message, hint }) => ({ message, hint }))).toEqual(want);
  });

  it('is checked only for URLs: elsewhere a template may read any value', () => {
    const parsed = parseExpressionTemplate('{$request.body#/urls}');
    if (!parsed.ok) throw new Error('does not parse');
    expect(validateTemplateAgainstOperation(parsed.value, hooks)).toEqual([]);
  });
});
