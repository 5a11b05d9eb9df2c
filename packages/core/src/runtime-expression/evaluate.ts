/**
 * Evaluation of runtime expressions and templates against a concrete request/response.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
import type { ExpressionTemplate, RuntimeExpression } from './ast.ts';
import { formatRuntimeExpression } from './format.ts';
import { getByJsonPointer } from './json-pointer.ts';

/** Header values by name, in any case: a plain record or a WHATWG `Headers`. */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>> | Headers;

export interface EvaluationMessage {
  readonly headers?: HeaderBag;
  readonly query?: Readonly<Record<string, string | readonly string[] | undefined>> | URLSearchParams;
  readonly path?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
}

export interface EvaluationContext {
  readonly url: string;
  readonly method: string;
  readonly statusCode?: number;
  readonly request: EvaluationMessage;
  readonly response?: EvaluationMessage;
}

export type EvaluationResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: 'absent'; readonly expression: string };

export interface TemplateEvaluationOptions {
  /**
   * Applied to each evaluated value (never to literal text), e.g. `encodeURIComponent`; default:
   * identity. `before` is the text the value follows: what the template has produced so far.
   */
  readonly encode?: (value: string, partIndex: number, before: string) => string;
}

/**
 * The value an expression names in `ctx`. Anything missing (header, query parameter, body field,
 * the response itself, the status code) is `{ ok: false, reason: 'absent' }`, never a throw.
 * Headers match case-insensitively and several values join with ", "; a repeated query parameter gives
 * its first value; `$method` is upper case. A body field holding `undefined` counts as absent (JSON has none).
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
export function evaluateRuntimeExpression(expr: RuntimeExpression, ctx: EvaluationContext): EvaluationResult {
  const value = lookup(expr, ctx);
  return value === undefined ? { ok: false, reason: 'absent', expression: formatRuntimeExpression(expr) } : { ok: true, value };
}

/**
 * The template's text with each expression replaced by its value, stringified (strings as-is,
 * numbers and booleans with `String`, null/objects/arrays as JSON) and passed through `encode`.
 * If any expression is absent, lists the absent ones (formatted, each once, in order) instead.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
export function evaluateExpressionTemplate(
  t: ExpressionTemplate,
  ctx: EvaluationContext,
  options?: TemplateEvaluationOptions,
): { readonly ok: true; readonly value: string } | { readonly ok: false; readonly missing: readonly string[] } {
  const encode = options?.encode ?? ((value: string) => value);
  const missing: string[] = [];
  let text = '';
  t.parts.forEach((part, partIndex) => {
    if (part.type === 'literal') {
      text += part.text;
      return;
    }
    const result = evaluateRuntimeExpression(part.expression, ctx);
    if (!result.ok) {
      if (!missing.includes(result.expression)) missing.push(result.expression);
      return;
    }
    text += encode(stringify(result.value), partIndex, text);
  });
  return missing.length > 0 ? { ok: false, missing } : { ok: true, value: text };
}

/**
 * A callback URL: the template with each value encoded for the part of the URL it lands in. A leading
 * expression is the base URL the API user gave, used as it is; every other value is percent-encoded as
 * a URI component (`/`, `?`, `#` and `%` included), and a path segment that values make `.` or `..` is
 * written `%2E` / `%2E%2E`, so that a value stays the one segment it was put in.
 * Absent expressions are listed as `evaluateExpressionTemplate` lists them.
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-3.3
 */
export function evaluateUrlTemplate(
  t: ExpressionTemplate,
  ctx: EvaluationContext,
): { readonly ok: true; readonly value: string } | { readonly ok: false; readonly missing: readonly string[] } {
  /** Where substituted values sit in the path, [start, end) in the result. */
  const pathValues: (readonly [number, number])[] = [];
  const evaluated = evaluateExpressionTemplate(t, ctx, {
    encode: (value, partIndex, before) => {
      if (partIndex === 0) return value;
      const encoded = encodeURIComponent(wellFormed(value));
      if (urlPartAt(before) === 'path') pathValues.push([before.length, before.length + encoded.length]);
      return encoded;
    },
  });
  return evaluated.ok ? { ok: true, value: encodeDotSegments(evaluated.value, pathValues) } : evaluated;
}

/** Where text appended to `prefix` lands. */
function urlPartAt(prefix: string): 'authority' | 'path' | 'query' | 'fragment' {
  if (prefix.includes('#')) return 'fragment';
  if (prefix.includes('?')) return 'query';
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*$/.test(prefix) ? 'authority' : 'path';
}

/** `text` with each path segment that is `.` or `..` and holds a substituted value written as `%2E`s. */
function encodeDotSegments(text: string, values: readonly (readonly [number, number])[]): string {
  if (values.length === 0) return text;
  const pathStart = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(text)?.[0].length ?? 0;
  const rest = text.slice(pathStart).search(/[?#]/);
  const pathEnd = rest < 0 ? text.length : pathStart + rest;
  let out = text.slice(0, pathStart);
  let start = pathStart;
  for (const segment of text.slice(pathStart, pathEnd).split('/')) {
    const end = start + segment.length;
    const holdsValue = values.some(([from, to]) => from < end && to > start);
    out += (segment === '.' || segment === '..') && holdsValue ? '%2E'.repeat(segment.length) : segment;
    if (end < pathEnd) out += '/';
    start = end + 1;
  }
  return out + text.slice(pathEnd);
}

/** `value` with lone surrogates replaced by U+FFFD, which `encodeURIComponent` would throw on. */
function wellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? String(value);
}

function lookup(expr: RuntimeExpression, ctx: EvaluationContext): unknown {
  switch (expr.type) {
    case 'url':
      return ctx.url;
    case 'method':
      return ctx.method.toUpperCase();
    case 'statusCode':
      return ctx.statusCode;
  }
  const message = expr.source === 'request' ? ctx.request : ctx.response;
  if (message === undefined) return undefined;
  switch (expr.type) {
    case 'header':
      return message.headers === undefined ? undefined : headerValue(message.headers, expr.name);
    case 'query':
      return message.query === undefined ? undefined : queryValue(message.query, expr.name);
    case 'path':
      return message.path !== undefined && Object.hasOwn(message.path, expr.name) ? message.path[expr.name] : undefined;
    case 'body': {
      if (expr.pointer === undefined) return message.body;
      const found = getByJsonPointer(message.body, expr.pointer);
      return found.found ? found.value : undefined;
    }
  }
}

function headerValue(headers: HeaderBag, name: string): string | undefined {
  if (isHeaders(headers)) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  // A record may spell one header in several cases ({ Accept, accept }); all of them are its values.
  const values = Object.keys(headers)
    .filter((key) => key.toLowerCase() === wanted)
    .flatMap((key) => {
      const value = headers[key];
      return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
    });
  return values.length === 0 ? undefined : values.join(', ');
}

function queryValue(query: NonNullable<EvaluationMessage['query']>, name: string): string | undefined {
  if (query instanceof URLSearchParams) return query.get(name) ?? undefined;
  if (!Object.hasOwn(query, name)) return undefined;
  const value = query[name];
  return typeof value === 'string' || value === undefined ? value : value[0];
}

function isHeaders(headers: HeaderBag): headers is Headers {
  return typeof (headers as { get?: unknown }).get === 'function';
}
