/**
 * A callback bound to the request that triggers it: `callbacks.invoice_notification` in a generated
 * handler. The URL is the callback's runtime expression evaluated against this request (and, for
 * `$response.*`, the response it got); the body is validated before sending and the receiver's
 * answer after. Every outcome is a typed value: a missing `callback_url` is `url-unavailable`, not a crash.
 */
import { evaluateUrlTemplate, parseExpressionTemplate, type EvaluationMessage, type ExpressionTemplate } from '@boomerang/core';
import { deliver, type DeliveryOptions, type DeliveryResult } from './deliver.ts';
import { compileJsonSchema, type SchemaValidator } from './json-schema-validator.ts';
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
}

/** How the server sends callbacks: secrets, the address guard, timeouts, retries. */
export type CallbackSenderOptions = Omit<DeliveryOptions, 'event' | 'validateResponse' | 'signal'> & {
  /** Called after every delivery, for logs and metrics. */
  readonly onDelivery?: (event: string, url: string, result: DeliveryResult) => void;
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

export interface BoundCallback<Body, Reply> {
  readonly event: string;
  /** The URL for this request, or undefined while an expression has no value (e.g. no `callback_url` given). */
  readonly url: string | undefined;
  /** The expressions that have no value for this request: empty when the callback can be sent. */
  readonly missing: readonly string[];
  send(body: Body, options?: { readonly headers?: Readonly<Record<string, string>>; readonly signal?: AbortSignal }): Promise<CallbackOutcome<Reply>>;
}

interface CompiledSpec {
  readonly template: ExpressionTemplate;
  readonly body?: SchemaValidator;
  readonly responses: ReadonlyMap<string, SchemaValidator | null>;
}

const compiled = new WeakMap<CallbackSpec, CompiledSpec>();

function compile(spec: CallbackSpec): CompiledSpec {
  let result = compiled.get(spec);
  if (result) return result;
  const parsed = parseExpressionTemplate(spec.url);
  if (!parsed.ok) throw new Error(`callback ${spec.event}: invalid URL expression ${spec.url}: ${parsed.issues[0]?.message}`);
  result = {
    template: parsed.value,
    ...(spec.bodySchema ? { body: compileJsonSchema(spec.bodySchema, spec.components) } : {}),
    responses: new Map(Object.entries(spec.responses).map(([status, schema]) => [status, schema ? compileJsonSchema(schema, spec.components) : null])),
  };
  compiled.set(spec, result);
  return result;
}

/** The parsed URL template of `spec` (parsed once). */
export function callbackUrlTemplate(spec: CallbackSpec): ExpressionTemplate {
  return compile(spec).template;
}

/**
 * Binds `spec` to one request. `response` is read when the callback is sent, so a handler can keep
 * the bound callback and send it after the response has gone out.
 */
export function bindCallback<Body, Reply>(
  spec: CallbackSpec,
  options: CallbackSenderOptions,
  request: RequestSnapshot,
  response: () => ResponseSnapshot | undefined,
): BoundCallback<Body, Reply> {
  const { template, body: validateBody, responses } = compile(spec);
  const evaluate = () => {
    const res = response();
    // The leading expression is the base URL the user gave; later values stay in the URL part they are put in.
    return evaluateUrlTemplate(template, { url: request.url, method: request.method, ...(res ? { statusCode: res.statusCode, response: res } : {}), request });
  };
  return {
    event: spec.event,
    get url() {
      const result = evaluate();
      return result.ok ? result.value : undefined;
    },
    get missing() {
      const result = evaluate();
      return result.ok ? [] : result.missing;
    },
    async send(body, sendOptions = {}) {
      const url = evaluate();
      if (!url.ok) {
        return { ok: false, reason: 'url-unavailable', missing: url.missing, message: `The callback ${spec.event} has no URL for this request: ${url.missing.join(', ')} has no value.` };
      }
      const issues = validateBody?.(body) ?? [];
      if (issues.length > 0) {
        return { ok: false, reason: 'invalid-body', issues, message: `The ${spec.event} body does not match its schema; nothing was sent.` };
      }
      const { onDelivery, ...deliveryOptions } = options;
      const result = await deliver(
        { url: url.value, method: spec.method.toUpperCase(), body, contentType: spec.contentType, ...(sendOptions.headers ? { headers: sendOptions.headers } : {}) },
        {
          ...deliveryOptions,
          event: spec.event,
          ...(sendOptions.signal ? { signal: sendOptions.signal } : {}),
          validateResponse: (status, responseBody) => {
            const validator = responseValidator(responses, status);
            return validator ? validator(responseBody) : undefined;
          },
        },
      );
      onDelivery?.(spec.event, url.value, result);
      if (!result.ok) return { ...result, url: url.value };
      return { ok: true, url: url.value, attempts: result.attempts, webhookId: result.webhookId, status: result.status, body: result.body } as CallbackOutcome<Reply>;
    },
  };
}

/** The validator of the most specific documented response: `200`, then `2XX`, then `default`. */
function responseValidator(responses: ReadonlyMap<string, SchemaValidator | null>, status: number): SchemaValidator | undefined {
  for (const key of [String(status), `${String(status)[0]}XX`, 'default']) {
    const found = responses.get(key);
    if (found !== undefined) return found ?? undefined;
  }
  return undefined;
}
