/**
 * Verification on its own, for a developer who keeps their own routing (a Next.js route, a queue
 * consumer, a framework this package has no adapter for): `verify(rawBody, headers, secret)` checks the
 * Standard Webhooks signature, names the event (from the `boomerang-event` header, or the one you
 * expect), and validates the body against its schema; it answers with the typed event or a typed
 * refusal and never throws for a bad request. `unwrap` is the same, but returns the event and throws a
 * `WebhookVerificationError` for a refusal. Where the API secures some event otherwise (unsigned, or
 * with a credential in `options.credentials`), the event is named first, and checked as its security says.
 */
import { problem, type ProblemDetails } from './problem-details.ts';
import { mediaType, readBody, withIssues, type RouteSpec } from './pipeline.ts';
import { eventHeader } from './router.ts';
import { credentialRefusal, credentialsToGive, type DeliveryCredentials } from './delivery-auth.ts';
import { importSecrets, verifyWebhook, type SecretKeys, type VerifyResult } from './standard-webhooks.ts';
import { validationIssues, type RequestIssue } from './validation.ts';

/** Headers as node:http, Express, Fastify or the fetch API give them. */
export type IncomingHeaders = Headers | Readonly<Record<string, string | readonly string[] | number | undefined>>;

/** Why a request was refused, and the status a receiver answers for it. */
export type RefusalReason =
  /** 401: a Standard Webhooks header is missing. */
  | 'missing-headers'
  /** 401: `webhook-timestamp` is not unix seconds. */
  | 'bad-timestamp'
  /** 401: `webhook-timestamp` is too far from this clock (`toleranceSeconds`). */
  | 'stale-timestamp'
  /** 401: no signature matches the body with your secret. */
  | 'bad-signature'
  /** 401: an event secured by an API key or bearer scheme lacks the credential configured in `credentials`, or has another. */
  | 'bad-credential'
  /** 404: the event is not one of this API's, or it cannot be told (no `boomerang-event` header and no `event` option). */
  | 'unknown-event'
  /** 415: the body is not of the documented media type. */
  | 'unsupported-media-type'
  /** 400: the body (or a header parameter) does not match the documented request. */
  | 'invalid-request';

export interface Refusal {
  readonly ok: false;
  readonly reason: RefusalReason;
  /** The status to answer the sender with: 401, 404, 415 or 400. */
  readonly status: 401 | 404 | 415 | 400;
  /** What is wrong, in a sentence. */
  readonly detail: string;
  /** The RFC 9457 problem details to answer with (`application/problem+json`). */
  readonly problem: ProblemDetails;
  /** For `invalid-request`: each place where the request differs from the documented one. */
  readonly issues?: readonly RequestIssue[];
}

/** One verified delivery, as generated code types it per event. */
export interface VerifiedEvent {
  readonly event: string;
  /** The `webhook-id`: the same on every retry of one message; de-duplicate on it. */
  readonly webhookId: string;
  /** When the sender signed this attempt (`webhook-timestamp`). */
  readonly timestamp: Date;
  /** Validated against the documented schema. */
  readonly body: unknown;
  /** Every request header, by lower-case name. */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** A verified delivery of one event: what `verify` and `unwrap` give, narrowed on `event`. */
export interface ReceivedOf<Event extends string, Body> extends VerifiedEvent {
  readonly event: Event;
  readonly body: Body;
}

export interface VerifyOptions<Event extends string = string> {
  /**
   * The event you expect at this endpoint. Without it the `boomerang-event` header names the event
   * (the API always sends it); with it, a request for another event is refused.
   */
  readonly event?: Event;
  /** How far `webhook-timestamp` may be from your clock, either way, in seconds. Default 300. */
  readonly toleranceSeconds?: number;
  /** The clock, in epoch milliseconds. Default Date.now. */
  readonly now?: () => number;
  /** The credentials of events secured by an API key or http scheme, by security scheme name (as `createReceiver` takes them). */
  readonly credentials?: DeliveryCredentials;
  /** The request URL (or target), for an event whose credential is a query parameter. */
  readonly url?: string;
}

export type VerifyOutcome<E extends VerifiedEvent> = ({ readonly ok: true } & E) | Refusal;

/** What `unwrap` throws: the refusal, as an Error. */
export class WebhookVerificationError extends Error {
  readonly reason: RefusalReason;
  readonly status: Refusal['status'];
  readonly problem: ProblemDetails;
  readonly issues: readonly RequestIssue[] | undefined;

  constructor(refusal: Refusal) {
    super(refusal.detail);
    this.name = 'WebhookVerificationError';
    this.reason = refusal.reason;
    this.status = refusal.status;
    this.problem = refusal.problem;
    this.issues = refusal.issues;
  }
}

const encoder = new TextEncoder();

export interface Verifier<E extends VerifiedEvent> {
  verify(rawBody: string | Uint8Array, headers: IncomingHeaders, secret: string | readonly string[], options?: VerifyOptions<E['event']>): Promise<VerifyOutcome<E>>;
  unwrap(rawBody: string | Uint8Array, headers: IncomingHeaders, secret: string | readonly string[], options?: VerifyOptions<E['event']>): Promise<E>;
}

/** `verify` and `unwrap` over the API's routes (generated code gives them their types). */
export function createVerifier<E extends VerifiedEvent>(routes: readonly RouteSpec[]): Verifier<E> {
  const byEvent = new Map(routes.map((route) => [route.event, route] as const));
  const events = routes.map((route) => route.event);
  const eventFirst = routes.some((route) => route.auth !== undefined);
  // The keys of the last secret used: a receiver verifies many deliveries with one secret.
  let lastSecret: string | undefined;
  let lastKeys: SecretKeys | undefined;
  const keysOf = (secret: string | readonly string[]): SecretKeys => {
    const text = typeof secret === 'string' ? secret : Array.isArray(secret) ? secret.join('\n') : undefined;
    if (text !== undefined && text === lastSecret && lastKeys !== undefined) return lastKeys;
    const keys = importSecrets(secret);
    lastSecret = text;
    lastKeys = keys;
    return keys;
  };

  async function verify(rawBody: string | Uint8Array, incoming: IncomingHeaders, secret: string | readonly string[], options: VerifyOptions = {}): Promise<VerifyOutcome<E>> {
    const { toleranceSeconds = 300, now = Date.now } = options;
    if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) throw new RangeError(`toleranceSeconds must be a non-negative number of seconds; got ${toleranceSeconds}.`);
    if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) {
      throw new TypeError(`verify needs the raw body as received (a string or a Uint8Array/Buffer), not a parsed ${rawBody === null ? 'null' : typeof rawBody}: the signature is over its exact bytes.`);
    }
    const bytes = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody;
    const headers = lowerCaseHeaders(incoming);
    // As the pipeline does: where every event is simply signed, nothing is read before the signature holds.
    let verified: (VerifyResult & { ok: true }) | undefined;
    if (!eventFirst) {
      const result = await verifyWebhook({ headers, body: bytes, secrets: keysOf(secret), toleranceSeconds, now: now() });
      if (!result.ok) return refuse(result.reason, 401, result.detail);
      verified = result;
    }

    const named = headers[eventHeader]?.trim() || undefined;
    let name = named ?? options.event;
    if (name === undefined && routes.length === 1) name = routes[0]!.event;
    if (name === undefined) return refuse('unknown-event', 404, `The request has no ${eventHeader} header; pass { event } for the event this endpoint receives (${events.join(', ')}).`);
    if (options.event !== undefined && name !== options.event) return refuse('unknown-event', 404, `This endpoint receives ${options.event}; the request is ${JSON.stringify(name)} (${eventHeader} header).`);
    const route = byEvent.get(name);
    if (route === undefined) return refuse('unknown-event', 404, `This API has no event ${JSON.stringify(name)}; it sends ${events.join(', ')}.`);
    if (verified === undefined) {
      const { auth } = route;
      if (auth !== undefined && auth.credentials.length > 0) {
        const toGive = credentialsToGive(auth, options.credentials);
        if (toGive !== undefined) throw new TypeError(`verify: ${name} is ${toGive}`);
        if (auth.credentials.some((c) => c.in === 'query') && options.url === undefined) throw new TypeError(`verify: ${name} carries its credential in the query; pass options.url, the request's URL.`);
        const refused = credentialRefusal(auth, headers, queryOf(options.url), options.credentials);
        if (refused !== undefined) return refuse('bad-credential', 401, refused);
      }
      const result = auth !== undefined && !auth.signed ? unsignedDelivery(headers, now) : await verifyWebhook({ headers, body: bytes, secrets: keysOf(secret), toleranceSeconds, now: now() });
      if (!result.ok) return refuse(result.reason, 401, result.detail);
      verified = result;
    }

    const body = readBody(route.body, route.body && mediaType(route.body.contentType), headers['content-type'], bytes);
    if (!body.ok) return refuse(body.problem.status === 415 ? 'unsupported-media-type' : 'invalid-request', body.problem.status === 415 ? 415 : 400, body.problem.detail ?? body.problem.title);
    let issues: RequestIssue[] | undefined;
    // Header validation coerces, so it runs on a copy.
    if (route.headers) issues = withIssues(issues, 'header', validationIssues(route.headers, { ...headers }));
    if (route.body?.validate && body.value !== undefined) issues = withIssues(issues, 'body', validationIssues(route.body.validate, body.value));
    if (issues !== undefined) return refuse('invalid-request', 400, `The request does not match the documented ${name} request.`, issues);
    const event: VerifiedEvent = { event: name, webhookId: verified.webhookId, timestamp: new Date(verified.timestamp * 1000), body: body.value, headers };
    return { ok: true, ...event } as VerifyOutcome<E>;
  }

  return {
    verify,
    async unwrap(rawBody, headers, secret, options) {
      const outcome = await verify(rawBody, headers, secret, options);
      if (!outcome.ok) throw new WebhookVerificationError(outcome);
      const { ok: _ok, ...event } = outcome;
      return event as unknown as E;
    },
  };
}

/** An unsigned delivery's id and time: the sender's `webhook-id` and `webhook-timestamp` when it sets them, else none and now. */
function unsignedDelivery(headers: Readonly<Record<string, string | undefined>>, now: () => number): VerifyResult & { ok: true } {
  const timestamp = Number(headers['webhook-timestamp']);
  return { ok: true, webhookId: headers['webhook-id'] ?? '', timestamp: Number.isSafeInteger(timestamp) && timestamp > 0 ? timestamp : Math.floor(now() / 1000) };
}

/** The query parameters of a URL or request target; a repeated one becomes an array. */
function queryOf(url: string | undefined): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (url === undefined) return query;
  const at = url.indexOf('?');
  if (at < 0) return query;
  for (const [name, value] of new URLSearchParams(url.slice(at + 1).split('#')[0])) {
    const previous = query[name];
    query[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return query;
}

function refuse(reason: RefusalReason, status: Refusal['status'], detail: string, issues?: readonly RequestIssue[]): Refusal {
  return { ok: false, reason, status, detail, problem: problem(status, detail, issues === undefined ? {} : { errors: issues }), ...(issues === undefined ? {} : { issues }) };
}

/** By lower-case name; repeated headers joined with `, ` (as node:http joins them). */
function lowerCaseHeaders(headers: IncomingHeaders): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    headers.forEach((value, name) => {
      result[name] = value;
    });
    return result;
  }
  for (const [name, value] of Object.entries(headers as Readonly<Record<string, string | readonly string[] | number | undefined>>)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    result[key] = result[key] === undefined ? text : `${result[key]}, ${text}`;
  }
  return result;
}
