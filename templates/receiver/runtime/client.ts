/**
 * The API's client, fetch only: builds each request from an operation's spec (path, query, headers,
 * body, auth), sends it with a timeout per attempt, retries what is safe to retry, and parses the
 * answer into `{ status, body, headers }`. It does not validate requests: the server does, and answers
 * a documented problem. An answer whose status the API does not document is a `ClientError`.
 * @see https://www.rfc-editor.org/rfc/rfc9110#name-idempotent-methods
 * @see https://www.rfc-editor.org/rfc/rfc9110#name-retry-after
 */
import { serializeHeaderParameter, serializePathParameter, serializeQueryParameter, type StyledParameter } from './parameter-style.ts';

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type ToNumber<S> = S extends `${infer N extends number}` ? N : never;
/** The statuses of one class, e.g. `StatusClass<2>` is `200 | 201 | … | 299` (what `2XX` documents). */
export type StatusClass<C extends 1 | 2 | 3 | 4 | 5> = ToNumber<`${C}${Digit}${Digit}`>;
export type HttpStatus = StatusClass<1 | 2 | 3 | 4 | 5>;

/** One documented answer: narrow a call's result on `status` to type its `body`. */
export interface ClientResponse<S extends number, B> {
  readonly status: S;
  readonly body: B;
  readonly headers: Headers;
}

/** A value, or a function asked for it before each request (e.g. to refresh a token). */
export type Credential = string | (() => string | Promise<string>);
export interface BasicCredential {
  readonly username: string;
  readonly password: string;
}

export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  readonly retries?: number;
  /** Backoff: the first retry waits up to this, each next one twice as long (default 200), with full jitter. */
  readonly baseDelayMs?: number;
  /** The longest wait between attempts (default 10000); a `Retry-After` asking for more is not waited for: its answer is returned. */
  readonly maxDelayMs?: number;
}

export interface ClientSettings {
  /** Sent with every request; a call's own headers win. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Each attempt's time limit, in milliseconds (default 30000; 0: none). */
  readonly timeoutMs?: number;
  /** Retries of 429, 5xx and network errors, for GET, HEAD, PUT, DELETE and OPTIONS, or a call with an idempotency key. `false`: none. */
  readonly retry?: RetryOptions | false;
  /** The fetch to use (default `globalThis.fetch`), e.g. one that records requests in tests. */
  readonly fetch?: (input: Request) => Promise<Response>;
}

/** What every call takes besides its parameters and body. */
export interface ClientCallOptions {
  readonly signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  readonly timeoutMs?: number;
  /** Sent as `Idempotency-Key`; makes the call retryable whatever its method (the server must honour it). */
  readonly idempotencyKey?: string;
}

export type ClientErrorReason = 'network' | 'timeout' | 'unexpected-status' | 'invalid-body';

/** The call got no documented answer: the network failed, the attempt timed out, or the status or body is not what the API documents. */
export class ClientError extends Error {
  override readonly name = 'ClientError';
  readonly reason: ClientErrorReason;
  readonly attempts: number;
  /** For `unexpected-status` and `invalid-body`: what the server answered. */
  readonly status?: number;
  readonly headers?: Headers;
  readonly body?: unknown;
  constructor(message: string, details: { reason: ClientErrorReason; attempts: number; status?: number; headers?: Headers; body?: unknown; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = details.reason;
    this.attempts = details.attempts;
    if (details.status !== undefined) this.status = details.status;
    if (details.headers !== undefined) this.headers = details.headers;
    if (details.body !== undefined) this.body = details.body;
  }
}

export type BodyFormat = 'json' | 'form' | 'text' | 'bytes' | 'multipart';
/** `BodyInit`, named through RequestInit: Node's own types have no global of that name. */
type Payload = NonNullable<RequestInit['body']>;

/** Where a callback's base URL goes in the request: the field its URL expression reads first. */
export interface CallbackFieldSpec {
  readonly option: string;
  readonly in: 'body' | 'query' | 'header';
  /** The query parameter or header name, or the body's JSON pointer tokens (decoded). */
  readonly name?: string;
  readonly pointer?: readonly string[];
}

export type SecuritySchemeSpec =
  | { readonly type: 'bearer' }
  | { readonly type: 'basic' }
  | { readonly type: 'http'; readonly scheme: string }
  | { readonly type: 'apiKey'; readonly in: 'header' | 'query' | 'cookie'; readonly name: string };

export interface OperationSpec {
  readonly method: string;
  readonly path: string;
  readonly body?: { readonly contentType: string; readonly format: BodyFormat };
  /** The documented response keys: `200`, `2XX`, `default`. */
  readonly responses: readonly string[];
  /** The security schemes any of the operation's requirements names. */
  readonly security: readonly string[];
  readonly callbacks: readonly CallbackFieldSpec[];
  /** The parameters written in a style other than a plain value (or a repeated query name): `ids=1,2,3`, `.a.b`, `filter[k]=v`. */
  readonly styles?: { readonly path?: readonly StyledParameter[]; readonly query?: readonly StyledParameter[]; readonly header?: readonly StyledParameter[] };
}

export interface ClientSpec {
  readonly defaultBaseUrl?: string;
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeSpec>>;
  readonly operations: Readonly<Record<string, OperationSpec>>;
}

export interface ClientRuntimeOptions extends ClientSettings {
  readonly baseUrl?: string;
  /** By security scheme name: a `Credential`, or a `BasicCredential` for HTTP basic. (An object: the generated `ClientAuth` interface has no index signature.) */
  readonly auth?: object;
}

/** A call's parameters and options, as the typed methods pass them on. */
interface CallInput extends ClientCallOptions {
  readonly params?: Readonly<Record<string, unknown>>;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, unknown>>;
  readonly [callbackOption: string]: unknown;
}

const idempotentMethods = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const defaultTimeoutMs = 30_000;
const defaultRetry: Required<RetryOptions> = { retries: 2, baseDelayMs: 200, maxDelayMs: 10_000 };

/** One method per operation: `(body, options)` when it has a body, `(options)` when not. */
export function createClientFromSpec(spec: ClientSpec, options: ClientRuntimeOptions = {}): Record<string, (...args: unknown[]) => Promise<ClientResponse<number, unknown>>> {
  const baseUrl = options.baseUrl ?? spec.defaultBaseUrl;
  if (baseUrl === undefined || !/^https?:\/\//i.test(baseUrl)) {
    throw new TypeError(`createClient needs a baseUrl: an http(s) URL${baseUrl === undefined ? '' : `, not ${JSON.stringify(baseUrl)}`}.`);
  }
  const fetchFn = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const client: Record<string, (...args: unknown[]) => Promise<ClientResponse<number, unknown>>> = {};
  for (const [name, op] of Object.entries(spec.operations)) {
    client[name] = (...args: unknown[]) => {
      const [body, input] = op.body ? [args[0], args[1] as CallInput | undefined] : [undefined, args[0] as CallInput | undefined];
      return call(spec, op, options, baseUrl.replace(/\/+$/, ''), fetchFn, body, input ?? {});
    };
  }
  return client;
}

async function call(spec: ClientSpec, op: OperationSpec, options: ClientRuntimeOptions, baseUrl: string, fetchFn: (input: Request) => Promise<Response>, body: unknown, input: CallInput): Promise<ClientResponse<number, unknown>> {
  const query: Record<string, unknown> = { ...input.query };
  const headers = new Headers(options.headers);
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    if (value === undefined || value === null) continue;
    const style = styleOf(op.styles?.header, name.toLowerCase());
    headers.set(name, style === undefined ? String(value) : serializeHeaderParameter(value, style));
  }
  for (const field of op.callbacks) {
    const url = input[field.option];
    if (url === undefined) continue;
    if (typeof url !== 'string') throw new TypeError(`${field.option} must be a URL string.`);
    if (field.in === 'query') query[field.name!] = url;
    else if (field.in === 'header') headers.set(field.name!, url);
    else body = setAtPointer(body, field.pointer!, url);
  }
  if (input.idempotencyKey !== undefined) headers.set('idempotency-key', input.idempotencyKey);
  await applyAuth(spec, op, (options.auth ?? {}) as Readonly<Record<string, Credential | BasicCredential | undefined>>, headers, query);

  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = input.params?.[name];
    if (value === undefined || value === null) throw new TypeError(`the path parameter ${name} is missing.`);
    return serializePathParameter(name, value, styleOf(op.styles?.path, name));
  });
  const url = `${baseUrl}${path}${queryString(query, op.styles?.query)}`;
  let payload: Payload | undefined;
  if (op.body && body !== undefined) {
    payload = encodeBody(body, op.body.format);
    if (op.body.format !== 'multipart' && !headers.has('content-type')) headers.set('content-type', op.body.contentType);
  }

  const retry: Required<RetryOptions> | undefined =
    options.retry === false
      ? undefined
      : { retries: options.retry?.retries ?? defaultRetry.retries, baseDelayMs: options.retry?.baseDelayMs ?? defaultRetry.baseDelayMs, maxDelayMs: options.retry?.maxDelayMs ?? defaultRetry.maxDelayMs };
  const retryable = retry !== undefined && (idempotentMethods.has(op.method) || headers.has('idempotency-key'));
  const maxAttempts = retryable ? 1 + Math.max(0, retry.retries) : 1;
  const timeoutMs = input.timeoutMs ?? options.timeoutMs ?? defaultTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    input.signal?.throwIfAborted();
    let answer: Answer;
    try {
      answer = await send(fetchFn, url, { method: op.method, headers, ...(payload !== undefined ? { body: payload } : {}) }, timeoutMs, input.signal);
    } catch (error) {
      if (input.signal?.aborted) throw input.signal.reason;
      const timedOut = error instanceof TimeoutSignal;
      if (attempt < maxAttempts) {
        await sleep(backoff(retry!, attempt), input.signal);
        continue;
      }
      throw new ClientError(timedOut ? `${op.method} ${path} timed out after ${timeoutMs} ms (attempt ${attempt}).` : `${op.method} ${path} failed: ${describe(error)}.`, { reason: timedOut ? 'timeout' : 'network', attempts: attempt, cause: timedOut ? undefined : error });
    }
    if ((answer.status === 429 || answer.status >= 500) && attempt < maxAttempts) {
      const wait = retryAfterMs(answer.headers.get('retry-after')) ?? backoff(retry!, attempt);
      if (wait <= retry!.maxDelayMs) {
        await sleep(wait, input.signal);
        continue;
      }
    }
    return parseAnswer(op, path, answer, attempt);
  }
}

async function applyAuth(spec: ClientSpec, op: OperationSpec, auth: Readonly<Record<string, Credential | BasicCredential | undefined>>, headers: Headers, query: Record<string, unknown>): Promise<void> {
  for (const name of op.security) {
    const scheme = spec.securitySchemes[name];
    const given = auth[name];
    if (scheme === undefined || given === undefined) continue;
    if (scheme.type === 'basic') {
      const { username, password } = given as BasicCredential;
      headers.set('authorization', `Basic ${base64(`${username}:${password}`)}`);
      continue;
    }
    const value = typeof given === 'function' ? await given() : (given as string);
    if (scheme.type === 'bearer') headers.set('authorization', `Bearer ${value}`);
    else if (scheme.type === 'http') headers.set('authorization', `${scheme.scheme} ${value}`);
    else if (scheme.in === 'header') headers.set(scheme.name, value);
    else if (scheme.in === 'query') query[scheme.name] = value;
    else headers.set('cookie', [headers.get('cookie'), `${scheme.name}=${encodeURIComponent(value)}`].filter(Boolean).join('; '));
  }
}

class TimeoutSignal extends Error {}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Uint8Array;
}

/** One attempt: the call's signal and this attempt's timer, whichever comes first, abort it. */
async function send(fetchFn: (input: Request) => Promise<Response>, url: string, init: RequestInit, timeoutMs: number, signal: AbortSignal | undefined): Promise<Answer> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs) : undefined;
  try {
    const response = await fetchFn(new Request(url, { ...init, signal: controller.signal }));
    // The body is read before the timer stops: a server that sends headers and then stalls times out too.
    return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
  } catch (error) {
    if (timedOut) throw new TimeoutSignal();
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function parseAnswer(op: OperationSpec, path: string, { status, headers, bytes }: Answer, attempts: number): ClientResponse<number, unknown> {
  const type = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const text = () => new TextDecoder().decode(bytes);
  let body: unknown;
  if (bytes.byteLength === 0) body = undefined;
  else if (type === 'application/json' || type.endsWith('+json')) {
    try {
      body = JSON.parse(text());
    } catch (error) {
      throw new ClientError(`${op.method} ${path} answered ${status} with a body that is not JSON.`, { reason: 'invalid-body', attempts, status, headers, body: text(), cause: error });
    }
  } else if (type.startsWith('text/') || type === 'application/x-www-form-urlencoded') body = text();
  else body = bytes;
  const documented = op.responses.includes(String(status)) || op.responses.includes(`${String(status)[0]}XX`) || op.responses.includes('default');
  if (!documented) {
    const detail = typeof body === 'object' && body !== null && typeof (body as { detail?: unknown }).detail === 'string' ? `: ${(body as { detail: string }).detail}` : '';
    throw new ClientError(`${op.method} ${path} answered ${status}, which the API does not document${detail}.`, { reason: 'unexpected-status', attempts, status, headers, body });
  }
  return { status, body, headers };
}

function encodeBody(body: unknown, format: BodyFormat): Payload {
  switch (format) {
    case 'json':
      return JSON.stringify(body);
    case 'form':
      return new URLSearchParams(pairs(body as Record<string, unknown>));
    case 'text':
      return String(body);
    default:
      return body as Payload;
  }
}

/** Arrays repeat their key (`tag=a&tag=b`, OpenAPI's default `form` style, exploded); objects are sent as JSON. */
function pairs(values: Readonly<Record<string, unknown>>): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) out.push([name, typeof item === 'object' ? JSON.stringify(item) : String(item)]);
  }
  return out;
}

/** The query: each styled parameter as its style writes it (the server parses it so), the others as `pairs` does. */
function queryString(query: Readonly<Record<string, unknown>>, styles: readonly StyledParameter[] | undefined): string {
  const plain: Record<string, unknown> = {};
  const styled: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    const style = styleOf(styles, name);
    if (style === undefined) plain[name] = value;
    else styled.push(...serializeQueryParameter(name, value, style));
  }
  const search = [new URLSearchParams(pairs(plain)).toString(), ...styled].filter((part) => part !== '').join('&');
  return search === '' ? '' : `?${search}`;
}

function styleOf(styles: readonly StyledParameter[] | undefined, name: string): StyledParameter | undefined {
  return styles?.find((s) => s.name === name);
}

/** A copy of `body` with `value` at the pointer, the objects on the way created as needed. */
function setAtPointer(body: unknown, pointer: readonly string[], value: string): unknown {
  if (pointer.length === 0) return value;
  const [head, ...rest] = pointer as [string, ...string[]];
  const object = typeof body === 'object' && body !== null ? body : {};
  const copy: Record<string, unknown> = Array.isArray(object) ? [...object] as unknown as Record<string, unknown> : { ...object };
  copy[head] = setAtPointer(copy[head], rest, value);
  return copy;
}

/** `Retry-After` as delay-seconds or an HTTP-date, in milliseconds from now. */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function backoff(retry: Required<RetryOptions>, attempt: number): number {
  return Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? `${error.message}${cause}` : String(error);
}

/** `T` with the keys `K` optional: the fields a callback option fills may be left out of the body or query. */
export type WithOptional<T, K extends PropertyKey> = Omit<T, K & keyof T> & Partial<Pick<T, K & keyof T>>;
