import { describe, expect, it } from 'vitest';
import { createRouter, matchSuffix, parseTemplate, suffixAmbiguities, type RoutePattern } from '../runtime/router.ts';

const callback = (event: string, path: string, method = 'POST'): RoutePattern => ({ kind: 'callback', event, name: event, method, path });
const webhook = (event: string, method = 'POST', name = event): RoutePattern => ({ kind: 'webhook', event, name, method });

describe('matchSuffix', () => {
  const cases: [string, { template: string; path: string; want: Record<string, string> | undefined }][] = [
    ['the end of a longer path', { template: '/invoices/{id}', path: '/events/invoices/2expen51ve', want: { id: '2expen51ve' } }],
    ['the whole path', { template: '/invoices/{id}', path: '/invoices/2expen51ve', want: { id: '2expen51ve' } }],
    ['a percent-encoded value, decoded', { template: '/invoices/{id}', path: '/x/invoices/a%2Fb%20c', want: { id: 'a/b c' } }],
    ['a literal that differs', { template: '/invoices/{id}', path: '/events/refunds/1', want: undefined }],
    ['a path too short', { template: '/invoices/{id}', path: '/1', want: undefined }],
    ['an empty value', { template: '/invoices/{id}', path: '/events/invoices/', want: undefined }],
    ['a trailing slash the template has', { template: '/invoices/', path: '/hooks/invoices/', want: {} }],
    ['no trailing slash where the template has one', { template: '/invoices/', path: '/hooks/invoices', want: undefined }],
    ['two parameters', { template: '/orders/{order}/items/{item}', path: '/cb/orders/7/items/9', want: { order: '7', item: '9' } }],
    ['a parameter inside a segment', { template: '/invoices/{id}.json', path: '/cb/invoices/42.json', want: { id: '42' } }],
    ['the base URL itself (template /): any path', { template: '/', path: '/whatever/here', want: {} }],
    ['a malformed escape', { template: '/invoices/{id}', path: '/invoices/%E0%A4%A', want: undefined }],
  ];
  it.each(cases)('%s', (_name, { template, path, want }) => {
    expect(matchSuffix(parseTemplate(template), path)).toEqual(want);
  });
});

describe('createRouter', () => {
  const route = createRouter([callback('invoice_notification', '/invoices/{id}'), callback('invoice_cancelled', '/invoices/{id}', 'DELETE'), webhook('new-subscription'), callback('receipt', '/receipts'), callback('audit', '/hooks/{id}', 'PUT')]);
  const cases: [string, { method: string; path: string; event?: string; want: object }][] = [
    ['a callback by the end of its path', { method: 'POST', path: '/events/invoices/2expen51ve', want: { kind: 'found', route: { event: 'invoice_notification' }, params: { id: '2expen51ve' } } }],
    ['another method of the same path', { method: 'DELETE', path: '/events/invoices/2expen51ve', want: { kind: 'found', route: { event: 'invoice_cancelled' } } }],
    ['a known path with an unknown method: 405 with both methods allowed', { method: 'PUT', path: '/events/invoices/1', want: { kind: 'method-not-allowed', allow: ['DELETE', 'POST'] } }],
    ['an unknown path: 404', { method: 'POST', path: '/events/nothing/here', want: { kind: 'not-found' } }],
    ['a webhook by a path ending in its name', { method: 'POST', path: '/hooks/new-subscription', want: { kind: 'found', route: { event: 'new-subscription' }, params: {} } }],
    ['a webhook by its path where a callback of another method has the same path', { method: 'POST', path: '/hooks/new-subscription', want: { kind: 'found', route: { event: 'new-subscription' } } }],
    ['405 with the methods of every route whose path matched', { method: 'GET', path: '/hooks/new-subscription', want: { kind: 'method-not-allowed', allow: ['POST', 'PUT'] } }],
    ['the event header, whatever the path', { method: 'POST', path: '/hooks', event: 'new-subscription', want: { kind: 'found', route: { event: 'new-subscription' } } }],
    ['the event header over the path', { method: 'POST', path: '/x/receipts', event: 'new-subscription', want: { kind: 'found', route: { event: 'new-subscription' } } }],
    ['the event header, with the parameters from the path', { method: 'POST', path: '/e/invoices/7', event: 'invoice_notification', want: { kind: 'found', params: { id: '7' } } }],
    ['the event header and a path without the parameters it needs: 404', { method: 'POST', path: '/e', event: 'invoice_notification', want: { kind: 'not-found' } }],
    ['the event header for a route without parameters, any path', { method: 'POST', path: '/anywhere', event: 'receipt', want: { kind: 'found', route: { event: 'receipt' } } }],
    ['an unknown event header: 404', { method: 'POST', path: '/events/invoices/1', event: 'nope', want: { kind: 'not-found' } }],
    ['the event header with another method: 405', { method: 'GET', path: '/hooks', event: 'new-subscription', want: { kind: 'method-not-allowed', allow: ['POST'] } }],
  ];
  it.each(cases)('%s', (_name, { method, path, event, want }) => {
    expect(route(method, path, event)).toMatchObject(want);
  });
});

describe('createRouter, two callbacks on one URL (routed by the event header)', () => {
  // The speech-to-text shape: both POSTed to {$request.body#/callback_url}, so both at `/`; another pair shares a path with a parameter.
  const route = createRouter([callback('transcriptCompleted', '/'), callback('transcriptFailed', '/'), callback('jobDone', '/jobs/{id}', 'PUT'), callback('jobFailed', '/jobs/{id}', 'PUT'), callback('jobGone', '/jobs/{id}', 'DELETE')]);
  const cases: [string, { method: string; path: string; event?: string; want: object }][] = [
    ['the header names the first', { method: 'POST', path: '/hooks/stt', event: 'transcriptCompleted', want: { kind: 'found', route: { event: 'transcriptCompleted' }, params: {} } }],
    ['the header names the second', { method: 'POST', path: '/hooks/stt', event: 'transcriptFailed', want: { kind: 'found', route: { event: 'transcriptFailed' }, params: {} } }],
    ['the header, with the parameters of the shared path', { method: 'PUT', path: '/cb/jobs/j7', event: 'jobFailed', want: { kind: 'found', route: { event: 'jobFailed' }, params: { id: 'j7' } } }],
    ['no header on a shared path: ambiguous, naming the header and the events there', { method: 'POST', path: '/hooks/stt', want: { kind: 'ambiguous', events: ['transcriptCompleted', 'transcriptFailed'], detail: 'POST /hooks/stt receives transcriptCompleted and transcriptFailed, told apart by the boomerang-event header, which the request does not have.' } }],
    ['no header on the other shared path', { method: 'PUT', path: '/cb/jobs/j7', want: { kind: 'ambiguous', events: ['jobDone', 'jobFailed'] } }],
    ['no header, another method of that path that is its own', { method: 'DELETE', path: '/cb/jobs/j7', want: { kind: 'found', route: { event: 'jobGone' }, params: { id: 'j7' } } }],
    ['an unknown event on a shared path: 404 naming the events there', { method: 'POST', path: '/hooks/stt', event: 'transcriptStarted', want: { kind: 'not-found', detail: 'This receiver has no event "transcriptStarted" (boomerang-event header); POST /hooks/stt receives transcriptCompleted and transcriptFailed.' } }],
    ['a method none of them has: 405, as for a route of its own', { method: 'PATCH', path: '/hooks/stt', want: { kind: 'method-not-allowed', allow: ['POST'] } }],
  ];
  it.each(cases)('%s', (_name, { method, path, event, want }) => {
    expect(route(method, path, event)).toMatchObject(want);
  });
});

describe('suffixAmbiguities (a generation error)', () => {
  const cases: [string, { routes: RoutePattern[]; want: [string, string][] }][] = [
    ['one method and path for two events (shared: the header tells them apart)', { routes: [callback('a', '/'), callback('b', '/'), callback('c', '/jobs/{id}', 'PUT'), callback('d', '/jobs/{job}', 'PUT')], want: [] }],
    ['a shared path and another that ends the same way', { routes: [callback('a', '/'), callback('b', '/'), callback('c', '/invoices/{id}')], want: [['a', 'c'], ['b', 'c']] }],
    ['distinct literals', { routes: [callback('a', '/invoices/{id}'), callback('b', '/refunds/{id}')], want: [] }],
    ['one path ending the other', { routes: [callback('a', '/invoices/{id}'), callback('b', '/{id}')], want: [['a', 'b']] }],
    ['a parameter that can be a literal', { routes: [callback('a', '/invoices/paid'), callback('b', '/invoices/{status}')], want: [['a', 'b']] }],
    ['the same paths, other methods', { routes: [callback('a', '/invoices/{id}'), callback('b', '/invoices/{id}', 'DELETE')], want: [] }],
    ['the base URL itself and any other path', { routes: [callback('a', '/'), callback('b', '/invoices/{id}')], want: [['a', 'b']] }],
    ['parameters with incompatible literal ends', { routes: [callback('a', '/{id}.json'), callback('b', '/{id}.xml')], want: [] }],
    ['a callback and a webhook (webhook paths are only a fallback)', { routes: [callback('a', '/{id}'), webhook('new-subscription')], want: [] }],
    ['two webhooks', { routes: [webhook('created'), webhook('deleted')], want: [] }],
    ['a parameter and a literal, crosswise', { routes: [callback('a', '/orders/{id}/shipped'), callback('b', '/labels/{id}')], want: [['a', 'b']] }],
  ];
  it('gives a path that both match', () => {
    expect(suffixAmbiguities([callback('a', '/orders/{id}/shipped'), callback('b', '/labels/{id}')]).map((p) => p.example)).toEqual(['/orders/labels/shipped']);
    expect(suffixAmbiguities([callback('a', '/{id}'), callback('b', '/invoices/{id}')]).map((p) => p.example)).toEqual(['/invoices/x']);
  });

  it.each(cases)('%s', (_name, { routes, want }) => {
    expect(suffixAmbiguities(routes).map(({ routes: [a, b] }) => [a.event, b.event])).toEqual(want);
  });
});
