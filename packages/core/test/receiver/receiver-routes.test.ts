import { buildApiModel, buildReceiverRoutes, defineApi, operation, parseExpressionTemplate, splitUrl } from '@boomerang/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const cases: [string, { given: string; want: ReturnType<typeof splitUrl> }][] = [
  ['base from a query parameter', { given: '{$request.query.callback_url}/invoices/{$request.body#/id}', want: { base: '$request.query.callback_url', path: '/invoices/{id}', pathParameters: [{ name: 'id', expression: '$request.body#/id' }], queryParameters: [] } }],
  ['a fixed origin', { given: 'https://audit.example/v1/{$request.path.id}', want: { base: 'https://audit.example', path: '/v1/{id}', pathParameters: [{ name: 'id', expression: '$request.path.id' }], queryParameters: [] } }],
  ['only a base', { given: '{$request.body#/callbackUrl}', want: { base: '$request.body#/callbackUrl', path: '/', pathParameters: [], queryParameters: [] } }],
  ['query values and repeated names', { given: '{$request.header.x-cb}/{$request.body#/a/id}/{$request.body#/b/id}?t={$request.body#/id}&m={$method}', want: { base: '$request.header.x-cb', path: '/{id}/{id2}', pathParameters: [{ name: 'id', expression: '$request.body#/a/id' }, { name: 'id2', expression: '$request.body#/b/id' }], queryParameters: [{ name: 't', expression: '$request.body#/id' }, { name: 'm', expression: '$method' }] } }],
  ['array indices name the field before them', { given: '{$request.query.u}/{$request.body#/items/0}', want: { base: '$request.query.u', path: '/{items}', pathParameters: [{ name: 'items', expression: '$request.body#/items/0' }], queryParameters: [] } }],
];

describe('receiver routes', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    const parsed = parseExpressionTemplate(given);
    if (!parsed.ok) throw new Error('bad template');
    expect(splitUrl(parsed.value.parts)).toEqual(want);
  });

  it('names handlers after the callback, and refuses routes a receiver cannot tell apart', () => {
    const ok = { 200: { description: 'ok' } };
    const body = z.object({ id: z.string() });
    const built = buildApiModel(
      defineApi({
        info: { title: 't', version: '1' },
        operations: [
          operation({
            method: 'post', path: '/a', request: { query: z.object({ cb: z.url() }), body }, responses: ok,
            callbacks: {
              paid: { url: '{$request.query.cb}/things/{$request.body#/id}', post: { responses: ok } },
              failed: { url: '{$request.query.cb}/things/{$request.body#/id}', post: { responses: ok } },
            },
          }),
        ],
        webhooks: { paid: { post: { responses: ok } } },
      }),
    );
    if (!built.ok) throw new Error('model');
    const { routes, diagnostics } = buildReceiverRoutes(built.model);
    expect(routes.map((r) => r.event)).toEqual(['paid', 'failed', 'paid']);
    expect(diagnostics.map((d) => [d.code, d.where])).toEqual([
      ['BMR090', 'operation POST /a › callback failed › POST'],
      ['BMR090', 'webhook paid › POST'],
    ]);
    expect(diagnostics[0]!.message).toContain('POST /things/{id} is also the route of operation POST /a › callback paid › POST');
  });

  it.each([
    ['a request body field', '{$request.body#/callback_url}', 'the request body field `/callback_url`', '`{$request.body#/callback_url}/transcriptFailed`'],
    ['a query parameter', '{$request.query.cb}/jobs/{$request.body#/id}', 'the `cb` query parameter', '`{$request.query.cb}/jobs/{$request.body#/id}/transcriptFailed`'],
    ['a request header', '{$request.header.x-callback}/jobs?id={$request.body#/id}', 'the `x-callback` request header', '`{$request.header.x-callback}/jobs/transcriptFailed?id={$request.body#/id}`'],
    ['a fixed origin', 'https://hooks.example/jobs', 'the fixed origin https://hooks.example', '`https://hooks.example/jobs/transcriptFailed`'],
  ])('BMR090 names where the URL comes from: %s', (_name, url, source, example) => {
    const ok = { 200: { description: 'ok' } };
    const built = buildApiModel(
      defineApi({
        info: { title: 't', version: '1' },
        operations: [
          operation({
            method: 'post', path: '/transcripts', request: { query: z.object({ cb: z.url() }), headers: z.object({ 'x-callback': z.url() }), body: z.object({ id: z.string(), callback_url: z.url() }) }, responses: ok,
            callbacks: { transcriptReady: { url, post: { responses: ok } }, transcriptFailed: { url, post: { responses: ok } } },
          }),
        ],
      }),
    );
    if (!built.ok) throw new Error('model');
    const [found] = buildReceiverRoutes(built.model).diagnostics;
    expect(found?.code).toBe('BMR090');
    expect(found?.hint).toBe(`Give one of them a distinct path after its base URL (${source}), e.g. ${example}.`);
  });
});
