/**
 * A callback bound to the request that triggers it: `callbacks.invoice_notification` in a generated
 * handler. The URL is the callback's runtime expression evaluated against this request (and, for
 * `$response.*`, the response it got); the body is validated before sending and the receiver's
 * answer after. Every outcome is a typed value: a missing `callback_url` is `url-unavailable`, not a crash.
 */
import { evaluateRuntimeExpression, evaluateUrlTemplate, parseExpressionTemplate, type EvaluationContext, type EvaluationMessage, type ExpressionTemplate } from '@boomerang/core';
import { deliver, type DeliveryFailure, type DeliveryOptions, type DeliveryResult } from './deliver.ts';
import { authenticateDelivery, type DeliveryAuthSpec, type DeliveryCredentials } from './delivery-auth.ts';
import { compileJsonSchema, type SchemaValidator } from './json-schema-validator.ts';
import type { AnswerValidator, Outbox, QueueOptions } from './outbox/outbox.ts';
import type { ValidationIssue } from './validation-issue.ts';

/** What generated code knows of one callback method. */
export interface CallbackSpec {
  /** The handler-facing name, and the `boomerang-event` the receiver routes on. */
  readonly event: string;
  readonly method: string;
  /** The runtime-expression template: `{$request.query.callback_url}/invoices/{$request.body#/id}`. */
  readonly url: string;
  readonly contentType: string;
  readonly bodySchema?: object;
  /** Status key (`200`, `2XX`, `default`) → the response body's schema, or null for no body. */
  readonly responses: Readonly<Record<string, object | null>>;
  /** The API's named schemas, which `#/components/schemas/<name>` references in the schemas above resolve to. */
  readonly components?: Readonly<Record<string, object>>;
  /** How deliveries are secured when not only signed: unsigned, or with credentials (the definition's `security`). */
  readonly auth?: DeliveryAuthSpec;
}

/** How the server sends callbacks: secrets, the address guard, timeouts, retries. */
export type CallbackSenderOptions = Omit<DeliveryOptions, 'event' | 'validateResponse' | 'signal' | 'onRetry'> & {
  /** Called after every delivery, for logs and metrics. */
  readonly onDelivery?: (event: string, url: string, result: DeliveryResult) => void;
  /** Called when an attempt failed and another follows in `delayMs`, for logs and metrics. */
  readonly onRetry?: (event: string, url: string, failure: DeliveryFailure, delayMs: number) => void;
  /** Where `queue` stores deliveries, and whose dispatcher sends them (with its own hooks and schedule). */
  readonly outbox?: Outbox;
  /** The values of the credentials that callbacks secured by an apiKey or http scheme carry, by scheme name. */
  readonly credentials?: DeliveryCredentials;
};

export interface RequestSnapshot extends EvaluationMessage {
  readonly url: string;
  readonly method: string;
}

export interface ResponseSnapshot extends EvaluationMessage {
  readonly statusCode: number;
}

export type CallbackOutcome<Reply> =
  | ({ readonly ok: true; readonly url: string; readonly attempts: number; readonly webhookId: string } & Reply)
  | { readonly ok: false; readonly reason: 'url-unavailable'; readonly missing: readonly string[]; readonly message: string }
  | { readonly ok: false; readonly reason: 'invalid-body'; readonly issues: readonly ValidationIssue[]; readonly message: string }
  | ({ readonly url: string } & Extract<DeliveryResult, { ok: false }>);

/** What `queue` answers: stored, to be sent by the dispatcher; or why it was not (nothing stored). */
export type QueueOutcome =
  | { readonly ok: true; readonly queued: true; readonly url: string; readonly webhookId: string }
  | { readonly ok: false; readonly reason: 'url-unavailable'; readonly missing: readonly string[]; readonly message: string }
  | { readonly ok: false; readonly reason: 'invalid-body'; readonly issues: readonly ValidationIssue[]; readonly message: string };

export interface BoundCallback<Body, Reply> {
  readonly event: string;
  /** The URL for this request, or undefined while an expression has no value (e.g. no `callback_url` given). */
  readonly url: string | undefined;
  /** The expressions that have no value for this request: empty when the callback can be sent. */
  readonly missing: readonly string[];
  send(body: Body, options?: { readonly headers?: Readonly<Record<string, string>>; readonly signal?: AbortSignal }): Promise<CallbackOutcome<Reply>>;
  /**
   * Evaluates the URL and validates the body now, then stores the delivery durably and resolves once it
   * is stored: the dispatcher sends it, retries it on the schedule and logs every attempt, across
   * restarts. With `tx` (Postgres: the caller's `pg` client in an open transaction) it is stored if and
   * only if that transaction commits.
   */
  queue(body: Body, options?: QueueOptions): Promise<QueueOutcome>;
}

interface CompiledSpec {
  readonly template: ExpressionTemplate;
  /** Compiled on the first send: a request that sends nothing pays for no validator. */
  validators?: { readonly body?: SchemaValidator; readonly responses: ReadonlyMap<string, SchemaValidator | null> };
}

const compiled = new WeakMap<CallbackSpec, CompiledSpec>();

function compile(spec: CallbackSpec): CompiledSpec {
  let result = compiled.get(spec);
  if (result) return result;
  const parsed = parseExpressionTemplate(spec.url);
  if (!parsed.ok) throw new Error(`callback ${spec.event}: invalid URL expression ${spec.url}: ${parsed.issues[0]?.message}`);
  result = { template: parsed.value };
  compiled.set(spec, result);
  return result;
}

function validatorsOf(spec: CallbackSpec): NonNullable<CompiledSpec['validators']> {
  const entry = compile(spec);
  entry.validators ??= {
    ...(spec.bodySchema ? { body: compileJsonSchema(spec.bodySchema, spec.components) } : {}),
    responses: new Map(Object.entries(spec.responses).map(([status, schema]) => [status, schema ? compileJsonSchema(schema, spec.components) : null])),
  };
  return entry.validators;
}

/** Checks a receiver's answer against `spec`'s documented responses (compiled on first use). */
export function answerValidatorOf(spec: Pick<CallbackSpec, 'responses' | 'components'>): AnswerValidator {
  let validate = answerValidators.get(spec);
  if (validate === undefined) {
    let responses: ReadonlyMap<string, SchemaValidator | null> | undefined;
    validate = (status, body) => {
      responses ??= new Map(Object.entries(spec.responses).map(([key, schema]) => [key, schema ? compileJsonSchema(schema, spec.components) : null]));
      return responseValidator(responses, status)?.(body);
    };
    answerValidators.set(spec, validate);
  }
  return validate;
}
const answerValidators = new WeakMap<object, AnswerValidator>();

/**
 * Tells `outbox` how to check the answers to these callbacks, so that its dispatcher validates them
 * for deliveries that an earlier process queued too (generated servers call it at startup).
 */
export function registerCallbackSpecs(outbox: Outbox, specs: Iterable<CallbackSpec>): void {
  for (const spec of specs) outbox.registerEvent(spec.event, 'callback', answerValidatorOf(spec), spec.auth);
}

/** `spec`'s body validator, compiled once per spec (undefined when the body has no schema). */
export function bodyValidatorOf(spec: Pick<CallbackSpec, 'bodySchema' | 'components'>): SchemaValidator | undefined {
  let entry = bodyValidators.get(spec);
  if (entry === undefined) {
    entry = { validate: spec.bodySchema ? compileJsonSchema(spec.bodySchema, spec.components) : undefined };
    bodyValidators.set(spec, entry);
  }
  return entry.validate;
}
const bodyValidators = new WeakMap<object, { readonly validate: SchemaValidator | undefined }>();

/** The parsed URL template of `spec` (parsed once). */
export function callbackUrlTemplate(spec: CallbackSpec): ExpressionTemplate {
  return compile(spec).template;
}

/**
 * What a callback URL's expressions read: the request, and the response once there is one. Read, not
 * copied: it is made for every evaluation, and most evaluations (no `callback_url` given) end at the
 * first absent value.
 */
export class SnapshotContext implements EvaluationContext {
  readonly request: RequestSnapshot;
  readonly response: ResponseSnapshot | undefined;
  constructor(request: RequestSnapshot, response?: ResponseSnapshot) {
    this.request = request;
    this.response = response;
  }
  get url(): string {
    return this.request.url;
  }
  get method(): string {
    return this.request.method;
  }
  get statusCode(): number | undefined {
    return this.response?.statusCode;
  }
}

/**
 * `evaluateUrlTemplate`'s result, with the absent values found first, one lookup each: a URL that
 * cannot be built (the common case of no `callback_url`) is known without building any of it.
 */
export function evaluateCallbackUrl(template: ExpressionTemplate, context: EvaluationContext): { readonly ok: true; readonly value: string } | { readonly ok: false; readonly missing: readonly string[] } {
  let missing: string[] | undefined;
  for (const part of template.parts) {
    if (part.type !== 'expression') continue;
    const found = evaluateRuntimeExpression(part.expression, context);
    if (found.ok) continue;
    missing ??= [];
    if (!missing.includes(found.expression)) missing.push(found.expression);
  }
  return missing === undefined ? evaluateUrlTemplate(template, context) : { ok: false, missing };
}

/**
 * Binds `spec` to one request. `response` is read when the callback is sent, so a handler can keep
 * the bound callback and send it after the response has gone out. Binding costs one small object:
 * the URL is evaluated when it is read, the validators are compiled on the first send.
 */
export function bindCallback<Body, Reply>(
  spec: CallbackSpec,
  options: CallbackSenderOptions,
  request: RequestSnapshot,
  response: () => ResponseSnapshot | undefined,
): BoundCallback<Body, Reply> {
  return new RequestBoundCallback<Body, Reply>(spec, options, request, response);
}

// A class, not an object literal: literals with getters are slow to create, and one is made per request.
class RequestBoundCallback<Body, Reply> implements BoundCallback<Body, Reply> {
  readonly event: string;
  readonly #spec: CallbackSpec;
  readonly #options: CallbackSenderOptions;
  readonly #request: RequestSnapshot;
  readonly #response: () => ResponseSnapshot | undefined;

  constructor(spec: CallbackSpec, options: CallbackSenderOptions, request: RequestSnapshot, response: () => ResponseSnapshot | undefined) {
    this.event = spec.event;
    this.#spec = spec;
    this.#options = options;
    this.#request = request;
    this.#response = response;
  }

  get url(): string | undefined {
    // Undefined at the first absent value: which values are absent is `missing`'s to say.
    const context = new SnapshotContext(this.#request, this.#response());
    const template = compile(this.#spec).template;
    for (const part of template.parts) {
      if (part.type === 'expression' && !evaluateRuntimeExpression(part.expression, context).ok) return undefined;
    }
    const result = evaluateUrlTemplate(template, context);
    return result.ok ? result.value : undefined;
  }

  get missing(): readonly string[] {
    const result = this.#evaluate();
    return result.ok ? [] : result.missing;
  }

  /** A function of its own (as `url` is a value), so that `const { send } = callbacks.x` works too. */
  get send(): BoundCallback<Body, Reply>['send'] {
    return (body, sendOptions) => this.#send(body, sendOptions);
  }

  /** A function of its own, as `send` is. */
  get queue(): BoundCallback<Body, Reply>['queue'] {
    return (body, queueOptions) => this.#queue(body, queueOptions);
  }

  async #queue(body: Body, queueOptions: QueueOptions = {}): Promise<QueueOutcome> {
    const spec = this.#spec;
    const outbox = this.#options.outbox;
    if (outbox === undefined) {
      throw new Error(`callbacks.${spec.event}.queue needs a delivery store: give createServer an \`outbox\` (createOutbox({ store: await openStore(process.env.CALLBACK_STORE) })), or use send.`);
    }
    const url = this.#evaluate();
    if (!url.ok) {
      return { ok: false, reason: 'url-unavailable', missing: url.missing, message: `The callback ${spec.event} has no URL for this request: ${url.missing.join(', ')} has no value.` };
    }
    const issues = validatorsOf(spec).body?.(body) ?? [];
    if (issues.length > 0) {
      return { ok: false, reason: 'invalid-body', issues, message: `The ${spec.event} body does not match its schema; nothing was queued.` };
    }
    outbox.registerEvent(spec.event, 'callback', answerValidatorOf(spec), spec.auth);
    const webhookId = await outbox.enqueue({ kind: 'callback', event: spec.event, url: url.value, method: spec.method, contentType: spec.contentType, body }, queueOptions);
    return { ok: true, queued: true, url: url.value, webhookId };
  }

  #evaluate() {
    // The leading expression is the base URL the user gave; later values stay in the URL part they are put in.
    return evaluateCallbackUrl(compile(this.#spec).template, new SnapshotContext(this.#request, this.#response()));
  }

  async #send(body: Body, sendOptions: { readonly headers?: Readonly<Record<string, string>>; readonly signal?: AbortSignal } = {}): Promise<CallbackOutcome<Reply>> {
    const spec = this.#spec;
    const url = this.#evaluate();
    if (!url.ok) {
      return { ok: false, reason: 'url-unavailable', missing: url.missing, message: `The callback ${spec.event} has no URL for this request: ${url.missing.join(', ')} has no value.` };
    }
    const { body: validateBody, responses } = validatorsOf(spec);
    const issues = validateBody?.(body) ?? [];
    if (issues.length > 0) {
      return { ok: false, reason: 'invalid-body', issues, message: `The ${spec.event} body does not match its schema; nothing was sent.` };
    }
    const { onDelivery, onRetry, outbox: _outbox, credentials, ...deliveryOptions } = this.#options;
    const secured = authenticateDelivery(spec.event, url.value, spec.auth, credentials);
    const headers = spec.auth === undefined ? sendOptions.headers : { ...sendOptions.headers, ...secured.headers };
    const result = await deliver(
      { url: secured.url, method: spec.method.toUpperCase(), body, contentType: spec.contentType, ...(headers ? { headers } : {}) },
      {
        ...deliveryOptions,
        ...(secured.signed ? {} : { secrets: [] }),
        event: spec.event,
        ...(sendOptions.signal ? { signal: sendOptions.signal } : {}),
        ...(onRetry ? { onRetry: (failure: DeliveryFailure, delayMs: number) => onRetry(spec.event, url.value, failure, delayMs) } : {}),
        validateResponse: (status, responseBody) => {
          const validator = responseValidator(responses, status);
          return validator ? validator(responseBody) : undefined;
        },
      },
    );
    onDelivery?.(spec.event, url.value, result);
    if (!result.ok) return { ...result, url: url.value };
    return { ok: true, url: url.value, attempts: result.attempts, webhookId: result.webhookId, status: result.status, body: result.body } as CallbackOutcome<Reply>;
  }
}

/** The validator of the most specific documented response: `200`, then `2XX`, then `default`. */
function responseValidator(responses: ReadonlyMap<string, SchemaValidator | null>, status: number): SchemaValidator | undefined {
  for (const key of [String(status), `${String(status)[0]}XX`, 'default']) {
    const found = responses.get(key);
    if (found !== undefined) return found ?? undefined;
  }
  return undefined;
}
