import { describe, expect, it } from 'vitest';
import type { CallbackSpec, RequestSnapshot } from '../src/bound-callback.ts';
import { checkCallbackUrls } from '../src/callback-url-check.ts';
import type { DestinationPolicy } from '../src/address-guard.ts';
import { ProblemError } from '../src/problem-details.ts';

const request: RequestSnapshot = {
  url: 'http://api.example/orders?callback_url=x',
  method: 'POST',
  headers: { 'X-Callback-Url': 'http://169.254.169.254/hook', host: 'api.example' },
  query: { callback_url: 'file:///etc/passwd', good: 'https://client.example/hooks', host: '127.0.0.1' },
  path: { tenant: 'localhost' },
  body: { id: '..', hooks: { 'a/b': 'gopher://x' }, base: 'not a url', good: 'https://client.example' },
};

function spec(url: string): CallbackSpec {
  return { event: 'e', method: 'post', url, contentType: 'application/json', responses: {} };
}

/** The `errors` of the 400 `checkCallbackUrls` throws; [] when it does not throw. */
function refusals(urls: readonly string[], policy?: DestinationPolicy, snapshot: RequestSnapshot = request): unknown[] {
  try {
    checkCallbackUrls(Object.fromEntries(urls.map((url, i) => [`c${i}`, spec(url)])), snapshot, policy);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).problem).toMatchObject({ status: 400, detail: 'The callback URL this request gives would be refused when the callback is sent.' });
    return (error as ProblemError).problem.errors as unknown[];
  }
}

describe('checkCallbackUrls', () => {
  const cases: [string, { urls: string[]; policy?: DestinationPolicy; want: unknown[] }][] = [
    ['a query parameter as the base', { urls: ['{$request.query.callback_url}/orders/{$request.body#/id}'], want: [{ in: 'query', path: '/callback_url', message: 'must be an http or https URL, not file:' }] }],
    ['a header as the base (named in lower case)', { urls: ['{$request.header.X-Callback-Url}/notify'], want: [{ in: 'headers', path: '/x-callback-url', message: 'must not point to a link-local address (169.254.169.254)' }] }],
    ['a body field as the base, by its pointer', { urls: ['{$request.body#/hooks/a~1b}'], want: [{ in: 'body', path: '/hooks/a~1b', message: 'must be an http or https URL, not gopher:' }] }],
    ['a body field that is not a URL', { urls: ['{$request.body#/base}/orders'], want: [{ in: 'body', path: '/base', message: 'must be an absolute http or https URL' }] }],
    ['a value in the host, after a literal scheme', { urls: ['http://{$request.query.host}:8080/x'], want: [{ in: 'query', path: '/host', message: 'must not point to a loopback address (127.0.0.1)' }] }],
    ['a path parameter in the host', { urls: ['http://{$request.path.tenant}/x'], want: [{ in: 'params', path: '/tenant', message: 'must not point to the local machine (localhost)' }] }],
    ['values after the host are not to blame', { urls: ['https://client.example/{$request.query.callback_url}/{$request.body#/id}'], want: [] }],
    ['a literal host is the operator\'s, not the request\'s', { urls: ['http://127.0.0.1/{$request.body#/id}'], want: [] }],
    ['a public base', { urls: ['{$request.query.good}/orders/{$request.body#/id}', '{$request.body#/good}/x?s={$statusCode}'], want: [] }],
    ['an absent value: no URL, nothing to refuse', { urls: ['{$request.query.nope}/orders'], want: [] }],
    ['a host that the response gives: not known yet', { urls: ['http://{$response.body#/host}/x'], want: [] }],
    ['a scheme known before the response', { urls: ['{$request.query.callback_url}{$response.body#/path}'], want: [{ in: 'query', path: '/callback_url', message: 'must be an http or https URL, not file:' }] }],
    ['one value used by two callbacks is named once', { urls: ['{$request.query.callback_url}/a', '{$request.query.callback_url}/b'], want: [{ in: 'query', path: '/callback_url', message: 'must be an http or https URL, not file:' }] }],
    ['an allowed host', { urls: ['{$request.header.X-Callback-Url}/notify'], policy: { allowHosts: ['169.254.169.254'] }, want: [] }],
  ];
  it.each(cases)('%s', (_name, { urls, policy, want }) => {
    expect(refusals(urls, policy)).toEqual(want);
  });

  it("names the Host header for the request's own URL", () => {
    const snapshot = { ...request, url: 'http://127.0.0.1:3000/orders' };
    expect(refusals(['{$url}/callback'], {}, snapshot)).toEqual([{ in: 'headers', path: '/host', message: 'must not point to a loopback address (127.0.0.1)' }]);
  });
});
