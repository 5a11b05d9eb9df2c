import { buildApiModel, buildReceiverRoutes, defineApi, deliveryAuth, emitOpenApi, operation, withUnsignedDeliveries, type DeliveryAuthResult, type SecuritySchemeDefinition } from '@boomerang/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const schemes: Record<string, SecuritySchemeDefinition> = {
  token: { type: 'apiKey', in: 'header', name: 'X-Callback-Token' },
  queryKey: { type: 'apiKey', in: 'query', name: 'key' },
  bearer: { type: 'http', scheme: 'bearer' },
  cookie: { type: 'apiKey', in: 'cookie', name: 'sid' },
  oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://auth.example/token', scopes: {} } } as never },
};

const cases: [string, { given: Parameters<typeof deliveryAuth>[0]; want: DeliveryAuthResult }][] = [
  ['no security: signed', { given: undefined, want: { ok: true, auth: { signed: true, credentials: [] } } }],
  ['`security: []`: unsigned', { given: [], want: { ok: true, auth: { signed: false, credentials: [] } } }],
  ['a first requirement `{}`: unsigned', { given: [{}, { token: [] }], want: { ok: true, auth: { signed: false, credentials: [] } } }],
  ['an apiKey header', { given: [{ token: [] }], want: { ok: true, auth: { signed: false, credentials: [{ scheme: 'token', in: 'header', name: 'x-callback-token', prefix: '' }] } } }],
  ['an apiKey in the query', { given: [{ queryKey: [] }], want: { ok: true, auth: { signed: false, credentials: [{ scheme: 'queryKey', in: 'query', name: 'key', prefix: '' }] } } }],
  ['http bearer, and signed too', { given: [{ bearer: [], standardWebhooks: [] }], want: { ok: true, auth: { signed: true, credentials: [{ scheme: 'bearer', in: 'header', name: 'authorization', prefix: 'Bearer ' }] } } }],
  ['a cookie and oauth2 cannot be sent', { given: [{ cookie: [], oauth: [] }], want: { ok: false, unsendable: [{ scheme: 'cookie', why: 'an apiKey in a cookie' }, { scheme: 'oauth', why: 'a oauth2 scheme' }] } }],
];

describe('deliveryAuth', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(deliveryAuth(given, schemes)).toEqual(want);
  });
});

const ok = { 200: { description: 'ok' } };
const api = (security?: readonly Record<string, readonly string[]>[]) =>
  defineApi({
    info: { title: 't', version: '1' },
    securitySchemes: { oauth: schemes.oauth! },
    operations: [
      operation({
        method: 'post', path: '/jobs', request: { body: z.object({ callback_url: z.url() }) }, responses: ok,
        callbacks: { done: { url: '{$request.body#/callback_url}', post: { responses: ok, ...(security ? { security } : {}) } } },
      }),
    ],
    webhooks: { deleted: { post: { responses: ok } } },
  });

describe('delivery security in the model and documents', () => {
  it('reports a callback secured by a scheme the sender cannot send (BMR140)', () => {
    const built = buildApiModel(api([{ oauth: [] }]));
    if (!built.ok) throw new Error('model');
    const { diagnostics } = buildReceiverRoutes(built.model);
    expect(diagnostics.map((d) => [d.code, d.where])).toEqual([['BMR140', 'operation POST /jobs › callback done › POST']]);
    expect(diagnostics[0]!.message).toBe("its `security` requires `oauth` (a oauth2 scheme), which Boomerang's sender cannot put on a delivery, nor its receiver check.");
  });

  it.each(['3.1', '3.0'] as const)('withUnsignedDeliveries: every method without security says `security: []`, and no signature scheme or 401 is added (OpenAPI %s)', (version) => {
    const built = buildApiModel(api());
    if (!built.ok) throw new Error('model');
    const signed = emitOpenApi(built.model, { openapi: version }).document as any;
    const unsigned = emitOpenApi(withUnsignedDeliveries(built.model), { openapi: version }).document as any;
    const callbackOf = (doc: any) => doc.paths['/jobs'].post.callbacks.done['{$request.body#/callback_url}'].post;
    const webhookOf = (doc: any) => doc[version === '3.1' ? 'webhooks' : 'x-webhooks'].deleted.post;
    expect(callbackOf(signed).security).toEqual([{ standardWebhooks: [] }]);
    expect(Object.keys(callbackOf(signed).responses)).toEqual(['200', '401']);
    expect(callbackOf(unsigned).security).toEqual([]);
    expect(Object.keys(callbackOf(unsigned).responses)).toEqual(['200']);
    expect(webhookOf(unsigned).security).toEqual([]);
    expect(unsigned.components?.securitySchemes?.standardWebhooks).toBeUndefined();
    expect(signed.components.securitySchemes.standardWebhooks).toBeDefined();
  });
});
