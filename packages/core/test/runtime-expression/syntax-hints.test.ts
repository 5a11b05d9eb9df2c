import { describe, expect, it } from 'vitest';
import { parseExpressionTemplate, parseRuntimeExpression } from '../../src/runtime-expression/parse.ts';

/** The one issue of a template holding a single bad expression. */
function issueOf(template: string): { message: string; hint?: string; index: number } {
  const result = parseExpressionTemplate(template);
  const issue = result.ok || result.issues.length !== 1 ? undefined : result.issues[0];
  if (issue === undefined) throw new Error(`expected exactly one issue for ${template}: ${JSON.stringify(result)}`);
  const { message, hint, index } = issue;
  return hint === undefined ? { message, index } : { message, hint, index };
}

describe("FastAPI's {$callback_url}/invoices/{$request.body.id}", () => {
  const result = parseExpressionTemplate('{$callback_url}/invoices/{$request.body.id}');
  it('has exactly two issues, each at its expression', () => {
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => [i.index, i.text])).toEqual([[1, '$callback_url'], [39, '$request.body.id']]);
  });
  it('says $callback_url is not a runtime expression and names the valid forms', () => {
    if (result.ok) throw new Error('expected issues');
    expect(result.issues[0]?.message).toBe("'$callback_url' is not a runtime expression: OpenAPI has no named variables, an expression says where the value is read from");
    expect(result.issues[0]?.hint).toBe(
      'write {$request.query.callback_url} if it is a query parameter; or {$request.path.callback_url} if it is a path parameter; ' +
        'or {$request.header.callback_url} if it is a request header; or {$request.body#/callback_url} if it is a field of the request body',
    );
  });
  it('turns the dotted body access into a JSON Pointer', () => {
    if (result.ok) throw new Error('expected issues');
    expect(result.issues[1]?.message).toBe("body fields are addressed with '#' and a JSON Pointer (e.g. #/a/b), not with dots");
    expect(result.issues[1]?.hint).toBe('write {$request.body#/id}');
  });
});

describe('hints for common mistakes', () => {
  const cases: [string, { given: string; want: { message: string; hint?: string; index: number } }][] = [
    ['missing $', { given: '{request.query.x}', want: { index: 1, message: "a runtime expression starts with '$': 'request.query.x' is not one", hint: 'write {$request.query.x}' } }],
    ['missing $ and dotted body', { given: '{request.body.id}', want: { index: 1, message: "a runtime expression starts with '$': 'request.body.id' is not one", hint: 'write {$request.body#/id}' } }],
    ['missing $ on a non-expression: no guess', { given: '{x y}', want: { index: 1, message: "a runtime expression starts with '$': 'x y' is not one" } }],
    ['spaces around', { given: '{ $request.query.x }', want: { index: 1, message: 'a runtime expression cannot have spaces around it', hint: 'write {$request.query.x}' } }],
    ['params -> path', { given: '{$request.params.id}', want: { index: 10, message: "'params' is not a source of $request: the sources are header, query, path and body", hint: 'write {$request.path.id}' } }],
    ['headers -> header', { given: '{$request.headers.x-cb}', want: { index: 10, message: "'headers' is not a source of $request: the sources are header, query, path and body", hint: 'write {$request.header.x-cb}' } }],
    ['json -> body', { given: '{$response.json.a.b}', want: { index: 11, message: "'json' is not a source of $response: the sources are header, query, path and body", hint: 'write {$response.body#/a/b}' } }],
    ['a typo of a source', { given: '{$request.qeury.x}', want: { index: 10, message: "'qeury' is not a source of $request: the sources are header, query, path and body", hint: 'did you mean {$request.query.x}?' } }],
    ['wrong case of a source', { given: '{$request.Query.x}', want: { index: 10, message: "runtime expressions are case-sensitive: 'Query' must be written 'query'", hint: 'write {$request.query.x}' } }],
    [
      'cookies',
      {
        given: '{$request.cookie.session}',
        want: {
          index: 10,
          message: 'cookies are not addressable by runtime expressions (there is no $request.cookie)',
          hint: 'send the value as a query parameter ({$request.query.session}) or a header ({$request.header.session}); only the whole Cookie header is readable, as {$request.header.cookie}',
        },
      },
    ],
    ['body/id', { given: '{$request.body/id}', want: { index: 14, message: "body fields are addressed with '#' and a JSON Pointer (e.g. #/a/b), not without '#'", hint: 'write {$request.body#/id}' } }],
    ['brackets', { given: '{$request.body.items[0].id}', want: { index: 14, message: "body fields are addressed with '#' and a JSON Pointer (e.g. #/a/b), not with dots", hint: 'write {$request.body#/items/0/id}' } }],
    ['pointer without /', { given: '{$request.body#id}', want: { index: 15, message: "a JSON Pointer must be empty or start with '/', not 'i'", hint: 'write {$request.body#/id}' } }],
    ['bad escape ~2', { given: '{$request.body#/a~2b}', want: { index: 17, message: "'~2' is not a JSON Pointer escape: only ~0 (for '~') and ~1 (for '/') are", hint: 'write {$request.body#/a~02b}' } }],
    ['$response.status', { given: '{$response.status}', want: { index: 11, message: "'$response.status' is not a runtime expression: the response status is '$statusCode'", hint: 'write {$statusCode}' } }],
    ['$status_code', { given: '{$status_code}', want: { index: 1, message: "'$status_code' is not a runtime expression: the response status is '$statusCode'", hint: 'write {$statusCode}' } }],
    ['$statuscode', { given: '{$statuscode}', want: { index: 1, message: "runtime expressions are case-sensitive: '$statuscode' must be written '$statusCode'", hint: 'write {$statusCode}' } }],
    ['$URL', { given: '{$URL}', want: { index: 1, message: "runtime expressions are case-sensitive: '$URL' must be written '$url'", hint: 'write {$url}' } }],
    ['$Request', { given: '{$Request.body#/id}', want: { index: 1, message: "runtime expressions are case-sensitive: '$Request' must be written '$request'", hint: 'write {$request.body#/id}' } }],
    ['$request.url', { given: '{$request.url}', want: { index: 10, message: "'$request.url' is not a runtime expression: the request URL is '$url'", hint: 'write {$url}' } }],
    ['$request.method', { given: '{$request.method}', want: { index: 10, message: "'$request.method' is not a runtime expression: the request method is '$method'", hint: 'write {$method}' } }],
    ['a typo of $request', { given: '{$reqeust.query.x}', want: { index: 1, message: "'$reqeust' is not a runtime expression", hint: 'did you mean {$request.query.x}?' } }],
    ['$req', { given: '{$req.query.x}', want: { index: 1, message: "'$req' is not a runtime expression: write '$request'", hint: 'write {$request.query.x}' } }],
    ['$body.id', { given: '{$body.id}', want: { index: 1, message: "'$body' is not a runtime expression: read the body from the request, as '$request.body#/…'", hint: 'write {$request.body#/id}' } }],
    ['JSONPath', { given: '{$.user.id}', want: { index: 1, message: "'$.' looks like JSONPath, which runtime expressions do not use", hint: 'write {$request.body#/user/id}' } }],
    ['$request#/id', { given: '{$request#/id}', want: { index: 9, message: "'$request' must be followed by '.' and a source: header, query, path or body", hint: 'write {$request.body#/id}' } }],
    ['a prototype word', { given: '{$request.constructor.x}', want: { index: 10, message: "'constructor' is not a source of $request: the sources are header, query, path and body", hint: 'write {$request.query.x} if it is a query parameter; or {$request.path.x} if it is a path parameter; or {$request.header.x} if it is a request header; or {$request.body#/x} if it is a field of the request body' } }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(issueOf(given)).toEqual(want);
  });
});

describe('hints of a bare expression show no braces', () => {
  const cases: [string, { given: string; want: string | undefined }][] = [
    ['$callback_url', { given: '$callback_url', want: 'write $request.query.callback_url if it is a query parameter; or $request.path.callback_url if it is a path parameter; or $request.header.callback_url if it is a request header; or $request.body#/callback_url if it is a field of the request body' }],
    ['$request.body.id', { given: '$request.body.id', want: 'write $request.body#/id' }],
    ['a braced expression', { given: '{$request.query.x}', want: 'write $request.query.x' }],
    ['a whole callback key', { given: 'https://x/{$url}', want: undefined }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    const result = parseRuntimeExpression(given);
    expect(result.ok ? 'parsed' : result.issues[0]?.hint).toBe(want);
  });
});
