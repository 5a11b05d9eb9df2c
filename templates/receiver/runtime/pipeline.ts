/**
 * What happens to every request, whatever server it came through, in this order:
 *  1. the body is at most `bodyLimit` bytes                     (413)
 *  2. its Standard Webhooks signature is valid and recent       (401)
 *  3. it is one of the API's callbacks or webhooks              (404, 405; 400 without the
 *     `boomerang-event` header at a URL that several events share)
 *     (for an API with unsigned or credential-secured events, 3 comes first, and 2 is what that
 *     event's security asks: the signature, the credentials in `credentials`, or nothing)
 *  4. `isDuplicate` does not recognize its `webhook-id`         (204, handler not called)
 *  5. its content type, parameters and body match the schema    (415, 400)
 *  6. your handler answers                                      (500 if it throws)
 *  7. the answer is one the API documents                       (500 if not: logged, never sent)
 * The handler is never called on a request that failed a check. Errors are RFC 9457 problem details.
 */
import { problem, problemContentType, type ProblemDetails } from './problem-details.ts';
import { credentialRefusal, missingCredentials, type DeliveryAuthSpec, type DeliveryCredentials } from './delivery-auth.ts';
import { createRouter, eventHeader, type RoutePattern, type RouteMatch } from './router.ts';
import { importSecrets, verifyWebhook, type NodeCrypto, type VerifyResult } from './standard-webhooks.ts';
import { validationIssues, type CompiledValidator, type RequestIssue, type ValidationIssue } from './validation.ts';

/** How a documented request body is read: JSON, a form, text, or bytes as they came. */
export type BodyFormat = 'json' | 'form' | 'text' | 'bytes';

export interface BodySpec {
  /** The documented media type, e.g. `application/json`. */
  readonly contentType: string;
  readonly format: BodyFormat;
  readonly required: boolean;
  readonly validate?: CompiledValidator;
}

export interface ResponseSpec {
  /** Undefined: the response has no body. */
  readonly contentType?: string;
  readonly format?: BodyFormat;
  readonly validate?: CompiledValidator;
}

/** One callback or webhook method, as generated into routes.ts. */
export interface RouteSpec extends RoutePattern {
  readonly body?: BodySpec;
  /** Validates (and coerces, e.g. "5" → 5 where the schema says integer) the query parameters. */
  readonly query?: CompiledValidator;
  /** Validates the declared header parameters (lower-case names). */
  readonly headers?: CompiledValidator;
  /** By status key: `200`, `2XX`, `default`. */
  readonly responses: Readonly<Record<string, ResponseSpec>>;
  /** How its deliveries are secured, when not only signed: unsigned (`signed: false`), or with credentials. */
  readonly auth?: DeliveryAuthSpec;
}

/** A request, independent of the server it came through. */
export interface ReceiverRequest {
  readonly method: string;
  /** The request target (`/events/invoices/2expen51ve?x=1`) or a full URL. */
  readonly url: string;
  /** By lower-case name; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body, exactly as received: the signature is over these bytes. */
  readonly body: Uint8Array;
}

export interface ReceiverResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** What every handler gets, besides its typed body, params and query. */
export interface HandlerContext<Body, Params, Query> {
  /** The event name: the handler's name, and the `boomerang-event` header. */
  readonly event: string;
  /** The `webhook-id`: the same on every retry of one message; de-duplicate on it. */
  readonly webhookId: string;
  /** When the sender signed this attempt (`webhook-timestamp`). */
  readonly timestamp: Date;
  /** Validated against the documented schema. */
  readonly body: Body;
  /** The path parameters, from the end of the request path (e.g. `id` of `/invoices/{id}`). */
  readonly params: Params;
  readonly query: Query;
  /** Every request header, by lower-case name. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body as received, byte for byte. */
  readonly rawBody: Uint8Array;
}

/** What a handler returns: a documented status, and the documented body for it. */
export interface HandlerReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type ErrorStage = 'duplicate-check' | 'handler' | 'response' | 'adapter';

export interface ErrorInfo {
  readonly stage: ErrorStage;
  readonly event?: string;
  readonly webhookId?: string;
  /** For `response`: how the handler's answer differs from the documented response. */
  readonly issues?: readonly ValidationIssue[];
}

export interface ReceiverSettings {
  /** Your `whsec_…` secret; during a rotation, several: a request signed with any of them passes. */
  readonly secret: string | readonly string[];
  /** The credentials that events secured by an API key or http scheme carry, by security scheme name (see the README). */
  readonly credentials?: DeliveryCredentials;
  /** How far `webhook-timestamp` may be from your clock, either way, in seconds. Default 300. */
  readonly toleranceSeconds?: number;
  /**
   * Called after the signature is verified, before the body is validated: return true for a `webhook-id`
   * you have already processed, and the request is answered 204 without calling your handler (the sender
   * retries a message it got no answer for, with the same id). Record ids here (check-and-set) or in
   * your handlers.
   */
  readonly isDuplicate?: (webhookId: string, event: string) => boolean | Promise<boolean>;
  /** The largest body accepted, in bytes. Default 1 MiB. */
  readonly bodyLimit?: number;
  /** Where failures go that the sender is not told about (handler errors, undocumented answers). Default: console.error. */
  readonly onError?: (error: unknown, info: ErrorInfo) => void;
  /** The clock, in epoch milliseconds. Default Date.now. */
  readonly now?: () => number;
}

/** A handler without its types (routes.ts and index.ts give each its own). */
export type AnyHandler = (context: HandlerContext<any, any, any>) => HandlerReply | Promise<HandlerReply>;

export interface Pipeline {
  /** Runs one request through every check and the handler. Never rejects. */
  readonly handle: (request: ReceiverRequest) => Promise<ReceiverResponse>;
  readonly bodyLimit: number;
  /** The events this receiver handles. */
  readonly events: readonly string[];
  /** Sends a failure to `onError` (adapters use it for misconfigurations they detect). */
  readonly reportError: (error: unknown, info: ErrorInfo) => void;
}

/**
 * The pipeline as this package's adapters drive it: `respond` is `handle` without the wait, answering
 * at once when nothing on the way is asynchronous (node:crypto, a synchronous handler) and with a
 * promise that never rejects otherwise.
 */
export interface PipelineCore extends Pipeline {
  readonly respond: (request: ReceiverRequest) => ReceiverResponse | Promise<ReceiverResponse>;
}

/** A route with what the pipeline works out once, not per request. */
interface PreparedRoute extends RoutePattern {
  readonly spec: RouteSpec;
  /** The documented body media type, lower case and without parameters. */
  readonly mediaType: string | undefined;
}

const defaultBodyLimit = 1024 * 1024;
const jsonDecoder = new TextDecoder('utf-8', { fatal: true });

/** Internal: which crypto verifies (tests use it to try the Web Crypto fallback). */
export interface PipelineInternals {
  readonly nodeCrypto?: NodeCrypto | null;
}

export function createPipeline(routes: readonly RouteSpec[], settings: ReceiverSettings & { readonly handlers: Readonly<Record<string, AnyHandler>> }, internals: PipelineInternals = {}): PipelineCore {
  const { handlers, toleranceSeconds = 300, bodyLimit = defaultBodyLimit, isDuplicate, now = Date.now, credentials } = settings;
  // Routing comes first only where some event is not simply signed: otherwise nothing about a request is read before its signature holds.
  const routeFirst = routes.some((route) => route.auth !== undefined);
  const signed = routes.some((route) => route.auth === undefined || route.auth.signed);
  const secrets = signed || settings.secret !== undefined ? importSecrets(settings.secret, internals) : undefined;
  const uncredentialed = missingCredentials(routes.map((route) => route.auth), credentials);
  if (uncredentialed.length > 0) throw new TypeError(`createReceiver: no credential for the ${uncredentialed.join(', ')} security scheme; give credentials: { ${uncredentialed.map((scheme) => `${JSON.stringify(scheme)}: '…'`).join(', ')} }.`);
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) throw new RangeError(`toleranceSeconds must be a non-negative number of seconds; got ${toleranceSeconds}.`);
  if (!Number.isSafeInteger(bodyLimit) || bodyLimit <= 0) throw new RangeError(`bodyLimit must be a positive whole number of bytes; got ${bodyLimit}.`);
  if (typeof handlers !== 'object' || handlers === null) throw new TypeError('createReceiver needs `handlers`: one function per event.');
  const missing = routes.filter((route) => typeof handlers[route.event] !== 'function').map((route) => route.event);
  if (missing.length > 0) throw new TypeError(`createReceiver: no handler for ${missing.join(', ')}; give handlers.${missing[0]} a function that answers it.`);
  const reportError = settings.onError ?? defaultOnError;
  const route = createRouter(routes.map((spec): PreparedRoute => ({ kind: spec.kind, event: spec.event, name: spec.name, method: spec.method, ...(spec.path === undefined ? {} : { path: spec.path }), spec, mediaType: spec.body && mediaType(spec.body.contentType) })));
  const serverError = () => problemResponse(problem(500));

  // Each step returns its answer, or a promise of it when it had to wait (Web Crypto, an async
  // isDuplicate or handler): a request that waits for nothing is answered without a microtask.
  function run(request: ReceiverRequest): ReceiverResponse | Promise<ReceiverResponse> {
    if (request.body.byteLength > bodyLimit) return problemResponse(problem(413, `The request body is larger than the limit of ${bodyLimit} bytes.`));
    if (routeFirst) return secured(request);
    const verified = verifyWebhook({ headers: request.headers, body: request.body, secrets: secrets!, toleranceSeconds, now: now() });
    return isPromiseLike(verified) ? verified.then((result) => routed(request, result)) : routed(request, verified);
  }

  function matchOf(request: ReceiverRequest, path: string): RouteMatch<PreparedRoute> {
    return route(request.method.toUpperCase(), path, request.headers[eventHeader]?.trim() || undefined);
  }

  function misrouted(match: Exclude<RouteMatch<PreparedRoute>, { kind: 'found' }>): ReceiverResponse {
    if (match.kind === 'not-found') return problemResponse(problem(404, match.detail));
    if (match.kind === 'ambiguous') return problemResponse(problem(400, match.detail, { events: match.events }));
    return problemResponse(problem(405, match.detail), { allow: match.allow.join(', ') });
  }

  function routed(request: ReceiverRequest, verified: VerifyResult): ReceiverResponse | Promise<ReceiverResponse> {
    if (!verified.ok) return problemResponse(problem(401, verified.detail));
    const target = splitTarget(request.url);
    const match = matchOf(request, target.path);
    if (match.kind !== 'found') return misrouted(match);
    return accepted(request, verified, match, target.search);
  }

  /** Routed first, then checked as the event's security says: its credentials, then its signature (or none). */
  function secured(request: ReceiverRequest): ReceiverResponse | Promise<ReceiverResponse> {
    const target = splitTarget(request.url);
    const match = matchOf(request, target.path);
    if (match.kind !== 'found') return misrouted(match);
    const auth = match.route.spec.auth;
    if (auth !== undefined && auth.credentials.length > 0) {
      const refused = credentialRefusal(auth, request.headers, parseQuery(target.search), credentials);
      if (refused !== undefined) return problemResponse(problem(401, refused));
    }
    if (auth !== undefined && !auth.signed) return accepted(request, unsignedDelivery(request), match, target.search);
    const verified = verifyWebhook({ headers: request.headers, body: request.body, secrets: secrets!, toleranceSeconds, now: now() });
    const decide = (result: VerifyResult) => (result.ok ? accepted(request, result, match, target.search) : problemResponse(problem(401, result.detail)));
    return isPromiseLike(verified) ? verified.then(decide) : decide(verified);
  }

  /** An unsigned delivery's id and time: the sender's `webhook-id` and `webhook-timestamp` when it sets them, else none and now. */
  function unsignedDelivery(request: ReceiverRequest): VerifyResult & { ok: true } {
    const timestamp = Number(request.headers['webhook-timestamp']);
    return { ok: true, webhookId: request.headers['webhook-id'] ?? '', timestamp: Number.isSafeInteger(timestamp) && timestamp > 0 ? timestamp : Math.floor(now() / 1000) };
  }

  function accepted(request: ReceiverRequest, verified: VerifyResult & { ok: true }, match: RouteMatch<PreparedRoute> & { kind: 'found' }, search: string): ReceiverResponse | Promise<ReceiverResponse> {
    // An unsigned request without a webhook-id has nothing to be recognized by.
    if (isDuplicate === undefined || verified.webhookId === '') return handled(request, verified, match.route, match.params, search);
    const { webhookId } = verified;
    const event = match.route.event;
    const duplicateFailed = (error: unknown) => {
      reportError(error, { stage: 'duplicate-check', event, webhookId });
      return serverError();
    };
    let duplicate: boolean | PromiseLike<boolean>;
    try {
      duplicate = isDuplicate(webhookId, event);
    } catch (error) {
      return duplicateFailed(error);
    }
    const decide = (known: boolean) => (known ? { status: 204, headers: {} } : handled(request, verified, match.route, match.params, search));
    return isPromiseLike(duplicate) ? Promise.resolve(duplicate).then(decide, duplicateFailed) : decide(duplicate);
  }

  function handled(request: ReceiverRequest, verified: VerifyResult & { ok: true }, prepared: PreparedRoute, params: Readonly<Record<string, string>>, search: string): ReceiverResponse | Promise<ReceiverResponse> {
    const { spec } = prepared;
    const { event } = spec;
    const { headers } = request;
    const body = readBody(spec.body, prepared.mediaType, headers['content-type'], request.body);
    if (!body.ok) return problemResponse(body.problem);
    const query = parseQuery(search);
    let issues: RequestIssue[] | undefined;
    if (spec.query) issues = withIssues(issues, 'query', validationIssues(spec.query, query));
    // Header validation coerces, so it runs on a copy: handlers get the headers as they were sent.
    if (spec.headers) issues = withIssues(issues, 'header', validationIssues(spec.headers, { ...headers }));
    if (spec.body?.validate && body.value !== undefined) issues = withIssues(issues, 'body', validationIssues(spec.body.validate, body.value));
    if (issues !== undefined) return problemResponse(problem(400, `The request does not match the documented ${event} request.`, { errors: issues }));

    const { webhookId } = verified;
    let reply: HandlerReply | PromiseLike<HandlerReply>;
    try {
      reply = handlers[event]!({ event, webhookId, timestamp: new Date(verified.timestamp * 1000), body: body.value, params, query, headers, rawBody: request.body });
    } catch (error) {
      return handlerFailed(error, event, webhookId);
    }
    if (!isPromiseLike(reply)) return answered(spec, reply, webhookId);
    return Promise.resolve(reply).then(
      (value) => answered(spec, value, webhookId),
      (error: unknown) => handlerFailed(error, event, webhookId),
    );
  }

  function handlerFailed(error: unknown, event: string, webhookId: string): ReceiverResponse {
    reportError(error, { stage: 'handler', event, webhookId });
    return serverError();
  }

  function answered(spec: RouteSpec, reply: HandlerReply, webhookId: string): ReceiverResponse {
    const answer = documentedAnswer(spec, reply);
    if (answer.ok) return answer.response;
    reportError(new Error(`The ${spec.event} handler's answer is not documented, so a 500 was sent instead: ${answer.message}`), { stage: 'response', event: spec.event, webhookId, issues: answer.issues });
    return serverError();
  }

  const failed = (error: unknown): ReceiverResponse => {
    reportError(error, { stage: 'adapter' });
    return serverError();
  };

  function respond(request: ReceiverRequest): ReceiverResponse | Promise<ReceiverResponse> {
    try {
      const answer = run(request);
      return isPromiseLike(answer) ? Promise.resolve(answer).then(undefined, failed) : answer;
    } catch (error) {
      return failed(error);
    }
  }

  return {
    handle: (request) => {
      let answer: ReceiverResponse | Promise<ReceiverResponse>;
      try {
        answer = respond(request);
      } catch (error) {
        return Promise.reject(error); // only what onError itself threw
      }
      return isPromiseLike(answer) ? answer : Promise.resolve(answer);
    },
    respond,
    bodyLimit,
    events: routes.map((r) => r.event),
    reportError,
  };
}

export function withIssues(issues: RequestIssue[] | undefined, place: RequestIssue['in'], found: readonly ValidationIssue[]): RequestIssue[] | undefined {
  for (const issue of found) (issues ??= []).push({ in: place, ...issue });
  return issues;
}

export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

export function problemResponse(details: ProblemDetails, headers: Readonly<Record<string, string>> = {}): ReceiverResponse {
  return { status: details.status, headers: { ...headers, 'content-type': `${problemContentType}; charset=utf-8` }, body: JSON.stringify(details) };
}

function defaultOnError(error: unknown, info: ErrorInfo): void {
  console.error(`receiver: ${info.stage} failed${info.event ? ` for ${info.event}` : ''}${info.webhookId ? ` (${info.webhookId})` : ''}`, error, ...(info.issues ? [info.issues] : []));
}

function splitTarget(url: string): { path: string; search: string } {
  const target = url.startsWith('/') ? url : safeUrl(url);
  const hash = target.indexOf('#');
  const withoutFragment = hash < 0 ? target : target.slice(0, hash);
  const at = withoutFragment.indexOf('?');
  return at < 0 ? { path: withoutFragment, search: '' } : { path: withoutFragment.slice(0, at), search: withoutFragment.slice(at + 1) };
}

function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return `/${url}`;
  }
}

/** Query parameters; a repeated one becomes an array. Own properties only (`__proto__` is just a name). */
function parseQuery(search: string): Record<string, string | string[]> {
  if (search === '') return {};
  const values = new Map<string, string | string[]>();
  for (const [name, value] of new URLSearchParams(search)) {
    const previous = values.get(name);
    values.set(name, previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value]);
  }
  return Object.fromEntries(values);
}

export function mediaType(value: string | undefined): string {
  return (value ?? '').split(';')[0]!.trim().toLowerCase();
}

function mediaTypeMatches(want: string, actual: string): boolean {
  if (want === '*/*') return true;
  if (want.endsWith('/*')) return actual.startsWith(want.slice(0, -1));
  return want === actual;
}

export type BodyResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: ProblemDetails };

const noBody: BodyResult = { ok: true, value: undefined };

/** `documented` is the spec's media type as `mediaType` gives it. */
export function readBody(spec: BodySpec | undefined, documented: string | undefined, contentType: string | undefined, bytes: Uint8Array): BodyResult {
  if (spec === undefined || documented === undefined) return noBody;
  if (bytes.byteLength === 0) {
    return spec.required ? { ok: false, problem: problem(400, `The request body is empty; a ${spec.contentType} body is required.`) } : noBody;
  }
  // The usual header is the documented type itself, which needs no parsing.
  const actual = contentType === documented ? documented : mediaType(contentType);
  if (!mediaTypeMatches(documented, actual)) {
    return { ok: false, problem: problem(415, `The body must be ${spec.contentType}; the request says ${actual ? JSON.stringify(actual) : 'nothing (no content-type header)'}.`) };
  }
  if (spec.format === 'bytes') return { ok: true, value: bytes };
  let text: string;
  try {
    text = jsonDecoder.decode(bytes);
  } catch {
    return { ok: false, problem: problem(400, 'The request body is not valid UTF-8.') };
  }
  if (spec.format === 'text') return { ok: true, value: text };
  if (spec.format === 'form') return { ok: true, value: Object.fromEntries(new URLSearchParams(text)) };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: problem(400, 'The request body is not valid JSON.') };
  }
}

type Answer = { readonly ok: true; readonly response: ReceiverResponse } | { readonly ok: false; readonly message: string; readonly issues?: readonly ValidationIssue[] };

/** The handler's reply as a response, if the API documents it: the status (exact, `2XX`, `default`) and its body. */
function documentedAnswer(spec: RouteSpec, reply: HandlerReply): Answer {
  if (typeof reply !== 'object' || reply === null || !Number.isInteger(reply.status) || reply.status < 100 || reply.status > 599) {
    return { ok: false, message: 'a handler must return { status, body? } with an HTTP status.' };
  }
  const { status } = reply;
  const { responses } = spec;
  const key = documentedResponseKey(responses, status);
  if (key === undefined) return { ok: false, message: `status ${status} is not documented (documented: ${Object.keys(responses).join(', ') || 'none'}).` };
  const response = responses[key]!;
  const headers: Record<string, string> = reply.headers === undefined ? {} : lowerCaseKeys(reply.headers);
  if (response.contentType === undefined) {
    if (reply.body !== undefined) return { ok: false, message: `status ${status} is documented without a body, but the handler returned one.` };
    delete headers['content-type'];
    return { ok: true, response: { status, headers } };
  }
  headers['content-type'] = response.contentType;
  if (response.format === 'json') {
    if (reply.body === undefined) return { ok: false, message: `status ${status} is documented with a ${response.contentType} body, but the handler returned none.` };
    let text: string | undefined;
    try {
      text = JSON.stringify(reply.body);
    } catch (error) {
      return { ok: false, message: `the body cannot be serialized as JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (text === undefined) return { ok: false, message: `the body cannot be serialized as JSON: JSON.stringify makes nothing of a ${typeof reply.body}.` };
    if (response.validate !== undefined) {
      // Validated as it will be read: what JSON.stringify makes of Dates, undefined members, toJSON.
      // Plain JSON values read back as themselves, so they are validated as they are (response
      // validators are strict: they change nothing in what they validate).
      const issues = validationIssues(response.validate, isPlainJson(reply.body, 0) ? reply.body : JSON.parse(text));
      if (issues.length > 0) return { ok: false, message: `the body does not match the documented ${status} response.`, issues };
    }
    return { ok: true, response: { status, headers, body: text } };
  }
  if (typeof reply.body === 'string') return { ok: true, response: { status, headers, body: reply.body } };
  if (reply.body instanceof Uint8Array && response.format !== 'text' && response.format !== 'form') return { ok: true, response: { status, headers, body: reply.body } };
  return { ok: false, message: `status ${status} is documented with a ${response.contentType} body; return it as a ${response.format === 'bytes' ? 'string or Uint8Array' : 'string'}.` };
}

/**
 * Whether `JSON.parse(JSON.stringify(value))` is `value` again: strings, finite numbers, booleans,
 * null, and arrays and plain objects of them, without holes or undefined members (and not too deep to
 * walk). Anything else (a Date, a class instance, toJSON, NaN) is read back from its text instead.
 */
function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth > 32) return false;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false;
        for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth + 1)) return false;
        return true;
      }
      const prototype = Object.getPrototypeOf(value) as unknown;
      if ((prototype !== Object.prototype && prototype !== null) || 'toJSON' in value) return false;
      for (const key in value) if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

/** The status-class keys of a responses object, by the status's first digit. */
const statusClasses = ['0XX', '1XX', '2XX', '3XX', '4XX', '5XX'];

/** The key of the documented response a status answers with: the status itself, its class (`2XX`), or `default`. */
export function documentedResponseKey(responses: Readonly<Record<string, ResponseSpec>>, status: number): string | undefined {
  if (responses[status] !== undefined) return String(status);
  const statusClass = statusClasses[Math.floor(status / 100)];
  if (statusClass !== undefined && responses[statusClass] !== undefined) return statusClass;
  return responses['default'] !== undefined ? 'default' : undefined;
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
