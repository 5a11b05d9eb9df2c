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

  it('names handlers after the callback, and refuses two routes with one event name', () => {
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
    expect(diagnostics.map((d) => [d.code, d.severity, d.where])).toEqual([
      ['BMR091', 'warning', 'operation POST /a › callback failed › POST'],
      ['BMR090', 'error', 'webhook paid › POST'],
    ]);
    expect(diagnostics[1]!.message).toBe('its event name `paid` is also the event name of operation POST /a › callback paid › POST, so a receiver cannot tell the two apart.');
  });

  const ok = { 200: { description: 'Received.' } } as const;
  /** The speech-to-text shape: the request names one callback URL, and both outcomes are POSTed to it. */
  const transcripts = (url: string, failedUrl = url) =>
    buildApiModel(
      defineApi({
        info: { title: 't', version: '1' },
        operations: [
          operation({
            method: 'post', path: '/transcripts', operationId: 'createTranscript',
            request: { query: z.object({ cb: z.url() }), headers: z.object({ 'x-callback': z.url() }), body: z.object({ id: z.string(), job_id: z.string(), callback_url: z.url(), status_callback: z.url() }) },
            responses: ok,
            callbacks: {
              transcriptCompleted: { url, post: { request: { body: z.object({ id: z.string(), text: z.string() }) }, responses: ok } },
              transcriptFailed: { url: failedUrl, post: { request: { body: z.object({ id: z.string(), error: z.string() }) }, responses: ok } },
            },
          }),
        ],
      }),
    );

  it('two callbacks on one base URL build: they share a route, told apart by the event header (a warning says so)', () => {
    const built = transcripts('{$request.body#/callback_url}');
    if (!built.ok) throw new Error('model');
    const { routes, diagnostics } = buildReceiverRoutes(built.model);
    expect(routes.map((r) => [r.event, r.method, r.path, r.base, r.sharesRouteWith])).toEqual([
      ['transcriptCompleted', 'post', '/', '$request.body#/callback_url', ['transcriptCompleted', 'transcriptFailed']],
      ['transcriptFailed', 'post', '/', '$request.body#/callback_url', ['transcriptCompleted', 'transcriptFailed']],
    ]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics).toEqual([
      {
        code: 'BMR091',
        severity: 'warning',
        where: 'operation POST /transcripts › callback transcriptFailed › POST',
        message: 'its receiver route POST / is also the route of operation POST /transcripts › callback transcriptCompleted › POST: a receiver routing by URL alone cannot tell them apart, so it must read the `boomerang-event` header that every delivery carries (the generated receiver does).',
        hint: 'Nothing to change if one URL for both is the design. To give it a URL of its own, add a distinct path after its base URL (the request body field `/callback_url`), e.g. `{$request.body#/callback_url}/transcriptFailed`.',
      },
    ]);
  });

  it('routes whose paths differ are not shared', () => {
    const built = transcripts('{$request.body#/callback_url}/completed', '{$request.body#/callback_url}/failed');
    if (!built.ok) throw new Error('model');
    const { routes, diagnostics } = buildReceiverRoutes(built.model);
    expect(routes.map((r) => r.sharesRouteWith)).toEqual([undefined, undefined]);
    expect(diagnostics).toEqual([]);
  });

  it.each([
    ['a request body field', '{$request.body#/callback_url}', 'the request body field `/callback_url`', '`{$request.body#/callback_url}/transcriptFailed`'],
    ['a query parameter', '{$request.query.cb}/jobs/{$request.body#/id}', 'the `cb` query parameter', '`{$request.query.cb}/jobs/{$request.body#/id}/transcriptFailed`'],
    ['a request header', '{$request.header.x-callback}/jobs?id={$request.body#/id}', 'the `x-callback` request header', '`{$request.header.x-callback}/jobs/transcriptFailed?id={$request.body#/id}`'],
    ['a fixed origin', 'https://hooks.example/jobs', 'the fixed origin https://hooks.example', '`https://hooks.example/jobs/transcriptFailed`'],
  ])('the shared-route warning names where the URL comes from: %s', (_name, url, source, example) => {
    const built = transcripts(url);
    if (!built.ok) throw new Error('model');
    const [found, ...rest] = buildReceiverRoutes(built.model).diagnostics;
    expect(rest).toEqual([]);
    expect(found?.code).toBe('BMR091');
    expect(found?.hint).toBe(`Nothing to change if one URL for both is the design. To give it a URL of its own, add a distinct path after its base URL (${source}), e.g. ${example}.`);
  });

  it('names the base of the route it warns about when the two bases differ', () => {
    const built = transcripts('{$request.query.cb}/jobs', '{$request.body#/status_callback}/jobs');
    if (!built.ok) throw new Error('model');
    const [found] = buildReceiverRoutes(built.model).diagnostics;
    expect(found?.code).toBe('BMR091');
    expect(found?.hint).toContain('after its base URL (the request body field `/status_callback`), e.g. `{$request.body#/status_callback}/jobs/transcriptFailed`.');
  });

  it.each([
    ['a request body field', '{$request.body#/callback_url}/jobs/{$request.body#/id}', '{$request.body#/callback_url}/jobs/{$request.body#/job_id}', 'the request body field `/callback_url`', '`{$request.body#/callback_url}/jobs/{$request.body#/job_id}/transcriptFailed`'],
    ['a query parameter', '{$request.query.cb}/jobs/{$request.body#/id}', '{$request.query.cb}/jobs/{$request.body#/job_id}', 'the `cb` query parameter', '`{$request.query.cb}/jobs/{$request.body#/job_id}/transcriptFailed`'],
    ['a request header', '{$request.header.x-callback}/{$request.body#/id}', '{$request.header.x-callback}/{$request.body#/job_id}', 'the `x-callback` request header', '`{$request.header.x-callback}/{$request.body#/job_id}/transcriptFailed`'],
  ])('BMR090: one path whose parameter the two name differently (%s) cannot be documented, and the hint names where the URL comes from', (_name, url, failedUrl, source, example) => {
    const built = transcripts(url, failedUrl);
    if (!built.ok) throw new Error('model');
    const { diagnostics } = buildReceiverRoutes(built.model);
    expect(diagnostics.map((d) => d.code)).toEqual(['BMR090']);
    expect(diagnostics[0]!.where).toBe('operation POST /transcripts › callback transcriptFailed › POST');
    expect(diagnostics[0]!.message).toMatch(/^its receiver route POST \S*\{job_id\} is also the route of operation POST \/transcripts › callback transcriptCompleted › POST, whose path names that parameter `id`: one path cannot name its parameter two ways\.$/);
    expect(diagnostics[0]!.hint).toBe(`Give one of them a distinct path after its base URL (${source}), e.g. ${example}; or put the same field in both paths.`);
  });
});
