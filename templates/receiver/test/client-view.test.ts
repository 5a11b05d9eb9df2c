/**
 * The client's view (view/client.ts): method names from operationIds, the callback URL options an
 * operation's callbacks give it, the security each method sends, and the answers' status types.
 */
import { buildApiModel, defineApi, operation, type ApiDefinitionInput } from '@boomerang/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clientView } from '../view/client.ts';

function view(definition: Partial<ApiDefinitionInput>) {
  const built = buildApiModel(defineApi({ info: { title: 'T', version: '1.0.0' }, ...definition }));
  if (!built.ok) throw new Error(built.diagnostics.map((d) => d.message).join('\n'));
  return clientView(built.model);
}

const ok = { 200: { description: 'OK.' } };
const noted = { post: { responses: ok } };

describe('method names', () => {
  const cases: [string, { given: string[]; want: string[] }][] = [
    ['camelCase of snake_case', { given: ['create_invoice', 'list_invoices'], want: ['createInvoice', 'listInvoices'] }],
    ['camelCase of kebab-case and dots', { given: ['invoices.create', 'get-user'], want: ['invoicesCreate', 'getUser'] }],
    ['a leading digit prefixed', { given: ['2fa_enable'], want: ['_2faEnable'] }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    const operations = given.map((operationId, i) => operation({ method: 'get', path: `/p${i}`, operationId, responses: ok }));
    expect(view({ operations }).methods.map((m) => m.name)).toEqual(want);
  });

  it('two operationIds that give one method name are a definition error before the client is built (BMR141)', () => {
    const operations = ['create_invoice', 'createInvoice'].map((operationId, i) => operation({ method: 'post', path: `/p${i}`, operationId, responses: ok }));
    const built = buildApiModel(defineApi({ info: { title: 'T', version: '1.0.0' }, operations }));
    expect(built.ok).toBe(false);
    expect(built.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.where])).toEqual([['BMR141', 'operation POST /p1']]);
    expect(() => view({ operations })).toThrow('`createInvoice` and `create_invoice` (operation POST /p0) both become `createInvoice` / `CreateInvoice`');
  });
});

describe('callback URL options', () => {
  const cases: [string, { url: string; request: Record<string, unknown>; want: unknown[] }][] = [
    ['a query parameter', { url: '{$request.query.callback_url}/done', request: { query: z.object({ callback_url: z.url() }) }, want: [{ option: 'callbackUrl', in: 'query', name: 'callback_url' }] }],
    ['a header', { url: '{$request.header.X-Callback}/done', request: { headers: z.object({ 'X-Callback': z.url() }) }, want: [{ option: 'xCallback', in: 'header', name: 'X-Callback' }] }],
    ['a nested body field', { url: '{$request.body#/hooks/url}/done', request: { body: z.object({ hooks: z.object({ url: z.url() }) }) }, want: [{ option: 'hooksUrl', in: 'body', pointer: ['hooks', 'url'] }] }],
    ['a field named like a call option, renamed by its callback', { url: '{$request.query.signal}/done', request: { query: z.object({ signal: z.url() }) }, want: [{ option: 'doneUrl', in: 'query', name: 'signal' }] }],
    ['a URL that starts from a literal: none', { url: 'https://audit.example/{$request.body#/id}', request: { body: z.object({ id: z.string() }) }, want: [] }],
  ];
  it.each(cases)('%s', (_name, { url, request, want }) => {
    const operations = [operation({ method: 'post', path: '/things', operationId: 'create_thing', request: request as never, responses: ok, callbacks: { done: { url, ...noted } } })];
    expect(view({ operations }).methods[0]!.spec.callbacks).toEqual(want);
  });

  it('gives one option to two callbacks that start from the same field', () => {
    const request = { body: z.object({ callback_url: z.url() }) };
    const operations = [operation({ method: 'post', path: '/things', operationId: 'create_thing', request, responses: ok, callbacks: { made: { url: '{$request.body#/callback_url}/made', ...noted }, sent: { url: '{$request.body#/callback_url}/sent', ...noted } } })];
    const [method] = view({ operations }).methods;
    expect(method!.callbacks).toEqual([{ option: 'callbackUrl', in: 'body', pointer: ['callback_url'], callbacks: ['made', 'sent'] }]);
    // The option fills the required field: the body type leaves it optional.
    expect(method!.bodyType).toBe('WithOptional<operations["create_thing"]["requestBody"]["content"]["application/json"], "callback_url">');
  });
});

describe('answers and auth', () => {
  it('types 2XX as its class but the statuses documented alone, and default as every other status', () => {
    const operations = [operation({ method: 'get', path: '/a', operationId: 'a', responses: { 200: { description: 'OK.' }, '2XX': { description: 'Other.' }, 404: { description: 'No.' }, default: { description: 'Else.' } } })];
    expect(view({ operations }).methods[0]!.responseType).toBe(
      [
        '',
        '    | ClientResponse<200, undefined>',
        '    | ClientResponse<Exclude<StatusClass<2>, 200>, undefined>',
        '    | ClientResponse<404, undefined>',
        '    | ClientResponse<Exclude<HttpStatus, 200 | 404 | StatusClass<2>>, undefined>',
      ].join('\n'),
    );
  });

  it('sends the schemes the operation\'s security names, or the API\'s when it names none', () => {
    const v = view({
      securitySchemes: { token: { type: 'http', scheme: 'bearer' }, key: { type: 'apiKey', in: 'query', name: 'api_key' }, login: { type: 'http', scheme: 'basic' }, tls: { type: 'mutualTLS' } },
      security: [{ token: [] }],
      operations: [
        operation({ method: 'get', path: '/a', operationId: 'a', responses: ok }),
        operation({ method: 'get', path: '/b', operationId: 'b', security: [{ key: [] }, { login: [], tls: [] }], responses: ok }),
        operation({ method: 'get', path: '/c', operationId: 'c', security: [], responses: ok }),
      ],
    });
    expect(v.methods.map((m) => m.spec.security)).toEqual([['token'], ['key', 'login'], []]);
    expect(v.auth.map((a) => [a.prop, a.type])).toEqual([['key', 'Credential'], ['login', 'BasicCredential'], ['token', 'Credential']]);
  });
});
