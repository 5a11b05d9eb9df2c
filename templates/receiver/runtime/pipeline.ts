/**
 * What happens to every request, whatever server it came through, in this order:
 *  1. the body is at most `bodyLimit` bytes                     (413)
 *  2. its Standard Webhooks signature is valid and recent       (401)
 *  3. it is one of the API's callbacks or webhooks              (404, 405)
 *  4. `isDuplicate` does not recognize its `webhook-id`         (204, handler not called)
 *  5. its content type, parameters and body match the schema    (415, 400)
 *  6. your handler answers                                      (500 if it throws)
 *  7. the answer is one the API documents                       (500 if not: logged, never sent)
 * The handler is never called on a request that failed a check. Errors are RFC 9457 problem details.
 */
import { problem, problemContentType, type ProblemDetails } from './problem-details.ts';
import { createRouter, eventHeader, type RoutePattern } from './router.ts';
import { importSecrets, verifyWebhook } from './standard-webhooks.ts';
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

const defaultBodyLimit = 1024 * 1024;
const jsonDecoder = new TextDecoder('utf-8', { fatal: true });

export function createPipeline(routes: readonly RouteSpec[], settings: ReceiverSettings & { readonly handlers: Readonly<Record<string, AnyHandler>> }): Pipeline {
  const { handlers, toleranceSeconds = 300, bodyLimit = defaultBodyLimit, isDuplicate, now = Date.now } = settings;
  const secrets = importSecrets(settings.secret);
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) throw new RangeError(`toleranceSeconds must be a non-negative number of seconds; got ${toleranceSeconds}.`);
  if (!Number.isSafeInteger(bodyLimit) || bodyLimit <= 0) throw new RangeError(`bodyLimit must be a positive whole number of bytes; got ${bodyLimit}.`);
  if (typeof handlers !== 'object' || handlers === null) throw new TypeError('createReceiver needs `handlers`: one function per event.');
  const missing = routes.filter((route) => typeof handlers[route.event] !== 'function').map((route) => route.event);
  if (missing.length > 0) throw new TypeError(`createReceiver: no handler for ${missing.join(', ')}; give handlers.${missing[0]} a function that answers it.`);
  const reportError = settings.onError ?? defaultOnError;
  const route = createRouter(routes);

  async function run(request: ReceiverRequest): Promise<ReceiverResponse> {
    const { headers } = request;
    if (request.body.byteLength > bodyLimit) return problemResponse(problem(413, `The request body is larger than the limit of ${bodyLimit} bytes.`));

    const verified = await verifyWebhook({ headers, body: request.body, secrets, toleranceSeconds, now: now() });
    if (!verified.ok) return problemResponse(problem(401, verified.detail));
    const { webhookId } = verified;

    const target = splitTarget(request.url);
    const match = route(request.method.toUpperCase(), target.path, headers[eventHeader]?.trim() || undefined);
    if (match.kind === 'not-found') return problemResponse(problem(404, match.detail));
    if (match.kind === 'method-not-allowed') return problemResponse(problem(405, match.detail), { allow: match.allow.join(', ') });
    const spec = match.route;
    const event = spec.event;

    if (isDuplicate !== undefined) {
      try {
        if (await isDuplicate(webhookId, event)) return { status: 204, headers: {} };
      } catch (error) {
        reportError(error, { stage: 'duplicate-check', event, webhookId });
        return problemResponse(problem(500));
      }
    }

    const body = readBody(spec.body, headers['content-type'], request.body);
    if (!body.ok) return problemResponse(body.problem);
    const issues: RequestIssue[] = [];
    const query = parseQuery(target.search);
    if (spec.query) issues.push(...validationIssues(spec.query, query).map((issue) => ({ in: 'query' as const, ...issue })));
    // Header validation coerces, so it runs on a copy: handlers get the headers as they were sent.
    if (spec.headers) issues.push(...validationIssues(spec.headers, { ...headers }).map((issue) => ({ in: 'header' as const, ...issue })));
    if (spec.body?.validate && body.value !== undefined) issues.push(...validationIssues(spec.body.validate, body.value).map((issue) => ({ in: 'body' as const, ...issue })));
    if (issues.length > 0) return problemResponse(problem(400, `The request does not match the documented ${event} request.`, { errors: issues }));

    let reply: HandlerReply;
    try {
      reply = await handlers[event]!({ event, webhookId, timestamp: new Date(verified.timestamp * 1000), body: body.value, params: match.params, query, headers, rawBody: request.body });
    } catch (error) {
      reportError(error, { stage: 'handler', event, webhookId });
      return problemResponse(problem(500));
    }
    const answer = documentedAnswer(spec, reply);
    if (!answer.ok) {
      reportError(new Error(`The ${event} handler's answer is not documented, so a 500 was sent instead: ${answer.message}`), { stage: 'response', event, webhookId, issues: answer.issues });
      return problemResponse(problem(500));
    }
    return answer.response;
  }

  return {
    handle: async (request) => {
      try {
        return await run(request);
      } catch (error) {
        reportError(error, { stage: 'adapter' });
        return problemResponse(problem(500));
      }
    },
    bodyLimit,
    events: routes.map((r) => r.event),
    reportError,
  };
}

export function problemResponse(details: ProblemDetails, headers: Readonly<Record<string, string>> = {}): ReceiverResponse {
  return { status: details.status, headers: { ...headers, 'content-type': `${problemContentType}; charset=utf-8` }, body: JSON.stringify(details) };
}

function defaultOnError(error: unknown, info: ErrorInfo): void {
  console.error(`receiver: ${info.stage} failed${info.event ? ` for ${info.event}` : ''}${info.webhookId ? ` (${info.webhookId})` : ''}`, error, ...(info.issues ? [info.issues] : []));
}

function splitTarget(url: string): { path: string; search: string } {
  const target = url.startsWith('/') ? url : safeUrl(url);
  const withoutFragment = target.split('#')[0]!;
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
  const values = new Map<string, string | string[]>();
  for (const [name, value] of new URLSearchParams(search)) {
    const previous = values.get(name);
    values.set(name, previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value]);
  }
  return Object.fromEntries(values);
}

function mediaType(value: string | undefined): string {
  return (value ?? '').split(';')[0]!.trim().toLowerCase();
}

function mediaTypeMatches(documented: string, actual: string): boolean {
  const want = mediaType(documented);
  if (want === '*/*') return true;
  if (want.endsWith('/*')) return actual.startsWith(want.slice(0, -1));
  return want === actual;
}

type BodyResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: ProblemDetails };

function readBody(spec: BodySpec | undefined, contentType: string | undefined, bytes: Uint8Array): BodyResult {
  if (spec === undefined) return { ok: true, value: undefined };
  if (bytes.byteLength === 0) {
    return spec.required ? { ok: false, problem: problem(400, `The request body is empty; a ${spec.contentType} body is required.`) } : { ok: true, value: undefined };
  }
  const actual = mediaType(contentType);
  if (!mediaTypeMatches(spec.contentType, actual)) {
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
  const documented = Object.keys(spec.responses);
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => spec.responses[k] !== undefined);
  if (key === undefined) return { ok: false, message: `status ${status} is not documented (documented: ${documented.join(', ') || 'none'}).` };
  const response = spec.responses[key]!;
  const headers: Record<string, string> = { ...lowerCaseKeys(reply.headers ?? {}) };
  if (response.contentType === undefined) {
    if (reply.body !== undefined) return { ok: false, message: `status ${status} is documented without a body, but the handler returned one.` };
    delete headers['content-type'];
    return { ok: true, response: { status, headers } };
  }
  headers['content-type'] = response.contentType;
  if (response.format === 'json') {
    if (reply.body === undefined) return { ok: false, message: `status ${status} is documented with a ${response.contentType} body, but the handler returned none.` };
    let text: string;
    try {
      text = JSON.stringify(reply.body);
    } catch (error) {
      return { ok: false, message: `the body cannot be serialized as JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
    // Validated as it will be read: what JSON.stringify makes of Dates, undefined members, toJSON.
    const sent = JSON.parse(text) as unknown;
    const issues = response.validate ? validationIssues(response.validate, sent) : [];
    if (issues.length > 0) return { ok: false, message: `the body does not match the documented ${status} response.`, issues };
    return { ok: true, response: { status, headers, body: text } };
  }
  if (typeof reply.body === 'string') return { ok: true, response: { status, headers, body: reply.body } };
  if (reply.body instanceof Uint8Array && response.format !== 'text' && response.format !== 'form') return { ok: true, response: { status, headers, body: reply.body } };
  return { ok: false, message: `status ${status} is documented with a ${response.contentType} body; return it as a ${response.format === 'bytes' ? 'string or Uint8Array' : 'string'}.` };
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
