/**
 * A test kit for your receiver: `createTestDelivery(event, body?)` builds the request the API would
 * send (method, URL, the event header, the body as the schema's example or yours, signed per Standard
 * Webhooks with `testSecret` or your secret), as a fetch `Request` and as node-style headers and a raw
 * body, for your own unit tests. Nothing is sent. An event the API secures otherwise is made as it is
 * sent: unsigned (`security: []`), or with the credential you give in `credentials`.
 */
import { credentialsToGive, type DeliveryCredentials } from './delivery-auth.ts';
import type { BodyFormat, RouteSpec } from './pipeline.ts';
import { eventHeader } from './router.ts';
import { signWebhook } from './standard-webhooks.ts';

/** An example of one event, made at generation time from the API's schemas. */
export interface EventExample {
  /** The body's example; absent when the event has no body. */
  readonly body?: unknown;
  /** A value for each path parameter of a callback URL. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The secret `createTestDelivery` signs with unless you give one: give your receiver the same one in
 * tests. Never use it in production (it is published in this package).
 */
export const testSecret = 'whsec_Ym9vbWVyYW5nLXRlc3Qtc2VjcmV0LW5vdC1mb3ItcHJvZA==';

export interface TestDeliveryOptions {
  /** Signs with it (or them) instead of `testSecret`. */
  readonly secret?: string | readonly string[];
  /** Where your receiver is mounted; the callback's path is appended to it. Default `http://localhost/events`. */
  readonly baseUrl?: string;
  /** The `webhook-id`. Default a fresh `msg_…`. */
  readonly webhookId?: string;
  /** When it was signed. Default now. */
  readonly timestamp?: number | Date;
  /** Path parameters of the callback URL, instead of the examples. */
  readonly params?: Readonly<Record<string, string>>;
  /** More request headers (lower-case names win over nothing: they are added last). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The credentials of events secured by an API key or http scheme, by security scheme name (as `createReceiver` takes them). */
  readonly credentials?: DeliveryCredentials;
}

export interface TestDelivery<Event extends string = string, Body = unknown> {
  readonly event: Event;
  readonly method: string;
  readonly url: string;
  /** Node-style request headers, by lower-case name: the signature headers, the event header, content-type. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact bytes that were signed. */
  readonly rawBody: string | Uint8Array;
  /** The body before it was serialized. */
  readonly body: Body;
  readonly webhookId: string;
  /** A fetch `Request` of it: `await receiver.fetch(delivery.request)`. Each read makes a fresh one. */
  readonly request: Request;
}

const defaultBase = 'http://localhost/events';

export function createTestKit(routes: readonly RouteSpec[], examples: Readonly<Record<string, EventExample>>) {
  const byEvent = new Map(routes.map((route) => [route.event, route] as const));

  async function createTestDelivery(event: string, body?: unknown, options: TestDeliveryOptions = {}): Promise<TestDelivery> {
    const route = byEvent.get(event);
    if (route === undefined) throw new TypeError(`createTestDelivery: this API has no event ${JSON.stringify(event)}; it sends ${routes.map((r) => r.event).join(', ')}.`);
    const toGive = credentialsToGive(route.auth, options.credentials);
    if (toGive !== undefined) throw new TypeError(`createTestDelivery: ${event} is ${toGive}`);
    const example = examples[event];
    const value = body === undefined ? example?.body : body;
    const rawBody = route.body === undefined || value === undefined ? '' : serialize(value, route.body.format, event);
    const webhookId = options.webhookId ?? newMessageId();
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers = { ...(await deliveryHeaders(route, rawBody, { id: webhookId, timestamp, secret: options.secret ?? testSecret, credentials: options.credentials })), ...lowerCaseKeys(options.headers ?? {}) };
    const url = withCredentialQuery(deliveryUrl(options.baseUrl ?? defaultBase, route, { ...example?.params, ...options.params }), route, options.credentials);
    const method = route.method.toUpperCase();
    return {
      event,
      method,
      url,
      headers,
      rawBody,
      body: value,
      webhookId,
      get request() {
        return new Request(url, { method, headers, ...(rawBody === '' ? {} : { body: rawBody as string | Uint8Array<ArrayBuffer> }) });
      },
    };
  }

  return { createTestDelivery };
}

/**
 * The headers the API sends with a delivery of `route`: the Standard Webhooks signature (for an
 * unsigned event, its `webhook-id` and `webhook-timestamp` only), the credentials its security asks
 * for in a header, the event header, the body's content type.
 */
export async function deliveryHeaders(route: RouteSpec, rawBody: string | Uint8Array, sign: { readonly id: string; readonly timestamp: number | Date; readonly secret: string | readonly string[]; readonly credentials?: DeliveryCredentials | undefined }): Promise<Record<string, string>> {
  const unsigned = route.auth !== undefined && !route.auth.signed;
  const signed = unsigned
    ? { 'webhook-id': sign.id, 'webhook-timestamp': String(typeof sign.timestamp === 'number' ? Math.floor(sign.timestamp) : Math.floor(sign.timestamp.getTime() / 1000)) }
    : await signWebhook({ id: sign.id, timestamp: sign.timestamp, body: rawBody, secret: sign.secret });
  const credentials = Object.fromEntries((route.auth?.credentials ?? []).filter((c) => c.in === 'header').map((c) => [c.name, c.prefix + (sign.credentials?.[c.scheme] ?? '')]));
  return { ...signed, ...credentials, [eventHeader]: route.event, ...(route.body !== undefined && rawBody !== '' ? { 'content-type': route.body.contentType } : {}) };
}

/** `url` with the credentials that `route`'s security carries in the query. */
export function withCredentialQuery(url: string, route: RouteSpec, credentials: DeliveryCredentials | undefined): string {
  const inQuery = (route.auth?.credentials ?? []).filter((c) => c.in === 'query');
  if (inQuery.length === 0) return url;
  const query = inQuery.map((c) => `${encodeURIComponent(c.name)}=${encodeURIComponent(c.prefix + (credentials?.[c.scheme] ?? ''))}`).join('&');
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

/** The URL a delivery of `route` is sent to, under `base`, its path parameters filled in. */
export function deliveryUrl(base: string, route: RouteSpec, params: Readonly<Record<string, string>>): string {
  const trimmed = base.replace(/\/+$/, '');
  if (route.kind === 'webhook') return base;
  const path = (route.path ?? '/').replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? `example-${name}`));
  return path === '/' ? trimmed || '/' : `${trimmed}${path}`;
}

/** The body as its documented format sends it. */
export function serialize(value: unknown, format: BodyFormat, event: string): string | Uint8Array {
  switch (format) {
    case 'json':
      return JSON.stringify(value);
    case 'form':
      if (typeof value !== 'object' || value === null) throw new TypeError(`The ${event} body is a form: give an object of fields.`);
      return new URLSearchParams(Object.entries(value).map(([k, v]): [string, string] => [k, String(v)])).toString();
    case 'text':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'bytes':
      return value instanceof Uint8Array ? value : typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** A Standard Webhooks message id: `msg_` and 24 random base62-ish characters. */
export function newMessageId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  let id = 'msg_';
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
