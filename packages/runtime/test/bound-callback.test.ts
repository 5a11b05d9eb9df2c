import { bindCallback, type CallbackSpec } from '@boomerang/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { startRecordingReceiver, type RecordingReceiver } from '../../../tools/testing/recording-receiver.ts';

const spec: CallbackSpec = {
  event: 'order_shipped',
  method: 'put',
  url: '{$request.body#/callback}/orders/{$request.body#/id}?status={$response.body#/status}&code={$statusCode}',
  contentType: 'application/json',
  bodySchema: { type: 'object', properties: { shipped: { type: 'boolean' } }, required: ['shipped'] },
  responses: { '204': null, '2XX': { type: 'object', properties: { ok: { const: true } }, required: ['ok'] }, default: { type: 'object' } },
};
const options = { policy: { allowHosts: ['127.0.0.1'] }, retry: { attempts: 1 } };

let receiver: RecordingReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function bind(body: unknown, response?: { statusCode: number; body: unknown }) {
  return bindCallback<{ shipped: boolean }, unknown>(spec, options, { url: 'http://api.test/orders', method: 'POST', headers: {}, query: {}, path: {}, body }, () => response);
}

describe('bound callbacks', () => {
  it('evaluate request and response expressions, encoding every value but the base', async () => {
    receiver = await startRecordingReceiver([{ status: 204 }]);
    let response: { statusCode: number; body: unknown } | undefined;
    const callback = bindCallback<{ shipped: boolean }, unknown>(spec, options, { url: 'http://api.test/orders', method: 'POST', body: { callback: `${receiver.origin}/hooks`, id: 'a/b c' } }, () => response);
    expect(callback.url).toBeUndefined();
    expect(callback.missing).toEqual(['$response.body#/status', '$statusCode']);
    response = { statusCode: 201, body: { status: 'in transit' } };
    expect(callback.url).toBe(`${receiver.origin}/hooks/orders/a%2Fb%20c?status=in%20transit&code=201`);
    const outcome = await callback.send({ shipped: true });
    expect(outcome).toMatchObject({ ok: true, status: 204, attempts: 1 });
    expect(receiver.requests[0]).toMatchObject({ method: 'PUT', url: '/hooks/orders/a%2Fb%20c?status=in%20transit&code=201', body: '{"shipped":true}' });
    expect(receiver.requests[0]!.headers['boomerang-event']).toBe('order_shipped');
  });

  it('refuses to send a body that does not match its schema', async () => {
    const outcome = await bind({ callback: 'http://127.0.0.1:9/x', id: '1' }, { statusCode: 200, body: { status: 's' } }).send({ shipped: 'yes' } as never);
    expect(outcome).toEqual({ ok: false, reason: 'invalid-body', issues: [{ path: '/shipped', message: 'must be boolean' }], message: 'The order_shipped body does not match its schema; nothing was sent.' });
  });

  it('checks the answer against the most specific documented response', async () => {
    receiver = await startRecordingReceiver([{ status: 202, body: { ok: false } }]);
    const outcome = await bind({ callback: receiver.origin, id: '1' }, { statusCode: 200, body: { status: 's' } }).send({ shipped: true });
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid-response', status: 202, issues: [{ path: '/ok', message: 'must be equal to constant' }] });
  });

  it('sends when taken apart, and reports each retry and the delivery with the event and the URL', async () => {
    receiver = await startRecordingReceiver([{ status: 503, headers: { 'retry-after': '0' } }, { status: 200, body: { ok: true } }]);
    const seen: unknown[] = [];
    const callback = bindCallback<{ shipped: boolean }, unknown>(
      spec,
      {
        policy: { allowHosts: ['127.0.0.1'] },
        onRetry: (event, url, failure, delayMs) => void seen.push({ retry: event, url, status: failure.status, attempt: failure.attempts, delayMs }),
        onDelivery: (event, url, result) => void seen.push({ delivered: event, url, ok: result.ok, attempts: result.attempts }),
      },
      { url: 'http://api.test/orders', method: 'POST', body: { callback: receiver.origin, id: '7' } },
      () => ({ statusCode: 201, body: { status: 'packed' } }),
    );
    const { url, send } = callback;
    const outcome = await send({ shipped: true });
    expect(outcome).toMatchObject({ ok: true, status: 200, attempts: 2, url });
    expect(seen).toEqual([
      { retry: 'order_shipped', url, status: 503, attempt: 1, delayMs: 0 },
      { delivered: 'order_shipped', url, ok: true, attempts: 2 },
    ]);
  });
});
