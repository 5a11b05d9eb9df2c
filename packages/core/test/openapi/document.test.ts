import { fileURLToPath } from 'node:url';
import { buildApiModel, buildReceiverRoutes, defineApi, emitOpenApi, emitReceiverDocument, operation, serializeDocument, type ApiModel } from '@boomerang/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { compareSnapshots } from '../../../../tools/snapshots.ts';
import { definitions, emit, emitReceiver } from './documents.ts';

const snapshotDir = fileURLToPath(new URL('./__snapshots__/', import.meta.url));

describe('OpenAPI documents', () => {
  it('match their snapshots byte for byte (RECORD=true to update)', () => {
    const files = new Map<string, string>();
    for (const [name, definition] of Object.entries(definitions)) {
      for (const version of ['3.1', '3.0'] as const) {
        const { document } = emit(definition, version);
        files.set(`${name}.openapi-${version}.json`, serializeDocument(document, 'json'));
        files.set(`${name}.openapi-${version}.yaml`, serializeDocument(document, 'yaml'));
      }
      files.set(`${name}.receiver.yaml`, serializeDocument(emitReceiver(definition), 'yaml'));
    }
    expect(compareSnapshots(snapshotDir, files)).toEqual({ missing: [], changed: [], orphaned: [] });
  });

  it.each(Object.keys(definitions))('%s: the same definition gives byte-identical JSON and YAML on every run', (name) => {
    const definition = definitions[name]!;
    for (const version of ['3.1', '3.0'] as const) {
      const first = emit(definition, version).document;
      const second = emit(definition, version).document;
      expect(serializeDocument(second, 'json')).toBe(serializeDocument(first, 'json'));
      expect(serializeDocument(second, 'yaml')).toBe(serializeDocument(first, 'yaml'));
      // YAML says the same as JSON, with no anchors or aliases.
      const yaml = serializeDocument(first, 'yaml');
      expect(parse(yaml)).toEqual(JSON.parse(serializeDocument(first, 'json')));
      expect(yaml).not.toMatch(/^\s*[^#\n]*[&*][A-Za-z0-9_-]+\s*$/m);
      expect(yaml).not.toContain('\r');
    }
  });

  it('invoices: the callback key is the checked runtime expression, and the schemas are named', () => {
    const { document } = emit(definitions.invoices!, '3.1');
    const doc = document as any;
    expect(doc.openapi).toBe('3.1.0');
    const operation = doc.paths['/invoices'].post;
    expect(Object.keys(operation.callbacks.invoice_notification)).toEqual(['{$request.query.callback_url}/invoices/{$request.body#/id}']);
    const callback = operation.callbacks.invoice_notification['{$request.query.callback_url}/invoices/{$request.body#/id}'].post;
    expect(callback.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/InvoiceEvent' });
    expect(callback.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/InvoiceEventReceived' });
    expect(operation.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Invoice' });
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Invoice', 'InvoiceEvent', 'InvoiceEventReceived']));
    expect(doc.components.schemas.Invoice.required).toEqual(['id', 'customer', 'total']);
    expect(operation.parameters).toEqual([
      { name: 'callback_url', in: 'query', description: 'Where to send the invoice events, e.g. https://www.external.org/events', schema: { type: 'string', format: 'uri' } },
    ]);
  });

  it('subscriptions: the webhook is a 3.1 webhook, and x-webhooks with a warning in 3.0', () => {
    const v31 = emit(definitions.subscriptions!, '3.1');
    const doc = v31.document as any;
    expect(doc.webhooks['new-subscription'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Subscription' });
    expect(doc.components.schemas.Subscription.properties.start_date.format).toBe('date-time');
    expect(v31.warnings).toEqual([]);
    const v30 = emit(definitions.subscriptions!, '3.0');
    expect((v30.document as any).webhooks).toBeUndefined();
    expect(Object.keys((v30.document as any)['x-webhooks'])).toEqual(['new-subscription', 'subscription-cancelled']);
    expect(v30.warnings.map((w) => w.code)).toContain('BMR080');
  });

  it('kitchen sink: typed builders become JSON Pointers with escaping, and every location is reachable', () => {
    const doc = emit(definitions['kitchen-sink']!, '3.1').document as any;
    const callbacks = doc.paths['/orders'].post.callbacks;
    expect(Object.keys(callbacks.order_events)).toEqual([
      '{$request.query.callback_url}/orders/{$request.body#/id}',
      '{$request.header.X-Callback-Url}?order={$request.body#/id}&city={$request.body#/customer/address/city}',
    ]);
    expect(Object.keys(callbacks.first_item)).toEqual([
      'https://audit.example/{$request.body#/items/0/sku}/{$request.body#/a~1b~0c}?m={$method}&s={$statusCode}&u={$url}&loc={$response.header.Location}&r={$response.body#/status}',
    ]);
    const ids = [
      callbacks.order_events['{$request.query.callback_url}/orders/{$request.body#/id}'].post.operationId,
      callbacks.order_events['{$request.query.callback_url}/orders/{$request.body#/id}'].put.operationId,
      doc.webhooks['order.archived'].post.operationId,
      doc.webhooks['order.archived'].delete.operationId,
      doc.paths['/orders/{orderId}'].get.operationId,
    ];
    expect(ids).toEqual(['postOrdersOrderEventsPost1', 'postOrdersOrderEventsPut1', 'orderArchivedPost', 'orderArchivedDelete', 'getOrdersByOrderId']);
    expect(doc.paths['/orders/{orderId}/attachments/{name}'].put.requestBody.content).toEqual({ 'application/octet-stream': {} });
    const v30 = emit(definitions['kitchen-sink']!, '3.0').document as any;
    expect(v30.paths['/orders/{orderId}/attachments/{name}'].put.requestBody.content).toEqual({ 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } });
    expect(v30.components.schemas.Order.properties.note).toEqual({ type: 'string', nullable: true });
  });

  it('signed callbacks and webhooks document the 401 of the signature check; those with their own security, a 401 or a 4XX do not get it', () => {
    const ok = { 200: { description: 'ok' } } as const;
    const model = modelOf(
      defineApi({
        info: { title: 't', version: '1' },
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        operations: [
          operation({
            method: 'post',
            path: '/a',
            request: { query: z.object({ cb: z.url() }) },
            responses: ok,
            callbacks: {
              signed: { url: '{$request.query.cb}/signed', post: { responses: { 500: { description: 'x' }, 200: { description: 'ok' } } } },
              own: { url: '{$request.query.cb}/own', post: { security: [{ bearer: [] }], responses: ok } },
              range: { url: '{$request.query.cb}/range', post: { responses: { 200: { description: 'ok' }, '4XX': { description: 'Refused.' } } } },
            },
          }),
        ],
        webhooks: { made: { post: { responses: { 204: {}, 401: { description: 'Ours.' } } } }, gone: { post: { responses: ok } } },
      }),
    );
    const doc = emitOpenApi(model).document as any;
    const callbacks = doc.paths['/a'].post.callbacks;
    expect(Object.keys(callbacks.signed['{$request.query.cb}/signed'].post.responses)).toEqual(['200', '401', '500']);
    expect(callbacks.signed['{$request.query.cb}/signed'].post.responses['401'].description).toMatch(/^The `webhook-signature` is missing or not valid/);
    expect(Object.keys(callbacks.own['{$request.query.cb}/own'].post.responses)).toEqual(['200']);
    expect(Object.keys(callbacks.range['{$request.query.cb}/range'].post.responses)).toEqual(['200', '4XX']);
    expect(doc.webhooks.made.post.responses['401']).toEqual({ description: 'Ours.' });
    expect(Object.keys(doc.webhooks.gone.post.responses)).toEqual(['200', '401']);
    // The API's own operation is not the receiver's: it gets no 401.
    expect(Object.keys(doc.paths['/a'].post.responses)).toEqual(['200']);
    expect(Object.keys((emitOpenApi(model, { signedDeliveries: false }).document as any).webhooks.gone.post.responses)).toEqual(['200']);
    const receiver = emitReceiverDocument(model, buildReceiverRoutes(model).routes) as any;
    expect(Object.keys(receiver.paths['/signed'].post.responses)).toEqual(['200', '401', '500']);
    expect(Object.keys(receiver.webhooks.gone.post.responses)).toEqual(['200', '401']);
  });

  it('the receiver document carries only the schemas and security schemes its operations use', () => {
    const Leaf = z.object({ x: z.string() }).meta({ id: 'Leaf' });
    const Event = z.object({ leaf: Leaf }).meta({ id: 'Event' });
    const model = modelOf(
      defineApi({
        info: { title: 't', version: '1' },
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'apiKey', in: 'header', name: 'x-key' } },
        security: [{ bearer: [] }],
        operations: [
          operation({
            method: 'post',
            path: '/a',
            request: { query: z.object({ cb: z.url() }), body: z.object({ a: z.string() }).meta({ id: 'Request' }) },
            responses: { 200: { description: 'ok' } },
            callbacks: { done: { url: '{$request.query.cb}/done', post: { request: { body: Event }, responses: { 200: { description: 'ok' } } } } },
          }),
        ],
        webhooks: { keyed: { post: { security: [{ apiKey: [] }], responses: { 204: {} } } } },
      }),
    );
    expect(Object.keys((emitOpenApi(model).document as any).components.schemas)).toEqual(['Event', 'Leaf', 'Request']);
    const receiver = emitReceiverDocument(model, buildReceiverRoutes(model).routes) as any;
    expect(Object.keys(receiver.components.schemas)).toEqual(['Event', 'Leaf']);
    expect(Object.keys(receiver.components.securitySchemes)).toEqual(['apiKey', 'standardWebhooks']);
  });

  it('OpenAPI 3.0 has no license identifier: an SPDX identifier becomes the URL of its SPDX page', () => {
    const license = (given: { name: string; identifier?: string; url?: string }) =>
      (emitOpenApi(modelOf(defineApi({ info: { title: 't', version: '1', license: given }, operations: [] })), { openapi: '3.0' }).document as any).info.license;
    expect(license({ name: 'MIT', identifier: 'MIT' })).toEqual({ name: 'MIT', url: 'https://spdx.org/licenses/MIT.html' });
    expect(license({ name: 'Ours', url: 'https://things.test/license' })).toEqual({ name: 'Ours', url: 'https://things.test/license' });
    expect(license({ name: 'Ours' })).toEqual({ name: 'Ours' });
  });
});

function modelOf(definition: Parameters<typeof buildApiModel>[0]): ApiModel {
  const built = buildApiModel(definition);
  if (!built.ok) throw new Error(built.diagnostics.map((d) => d.message).join('\n'));
  return built.model;
}
