import { fileURLToPath } from 'node:url';
import { serializeDocument } from '@boomerang/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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
    const operation = doc.paths['/invoices/'].post;
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
    expect(Object.keys((v30.document as any)['x-webhooks'])).toEqual(['new-subscription']);
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
});
