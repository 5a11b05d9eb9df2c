/**
 * Checks a parsed callback-key template against the operation that owns the callback: the parameters,
 * headers and body fields its expressions read must exist. Independent of Boomerang's model, so it
 * serves hand-written OpenAPI documents too.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
import type { ExpressionTemplate, RuntimeExpression } from './ast.ts';
import { closestName } from './closest-name.ts';
import { formatRuntimeExpression } from './format.ts';
import { encodeJsonPointer } from './json-pointer.ts';
import { allowedTypes, checkPointerInSchema, schemasAtPointer, type JsonSchema, type PointerCheck, type RefResolver } from './schema-pointer.ts';

type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface OperationShape {
  readonly parameters: readonly { readonly name: string; readonly in: ParameterLocation }[];
  /** undefined = the operation has no request body. */
  readonly requestBodySchema?: JsonSchema;
  /** Every JSON response body of the operation. */
  readonly responseBodySchemas: readonly JsonSchema[];
  readonly responseHeaderNames: readonly string[];
  readonly resolveRef: RefResolver;
}

export type ExpressionIssueKind =
  | 'undeclared-parameter'
  | 'missing-body-field'
  | 'no-request-body'
  | 'no-response-body'
  | 'undeclared-response-header'
  | 'url-base-not-string';

export interface TemplateValidationOptions {
  /**
   * The template is a URL (a callback key): an expression at its start is the URL's base, so a body
   * field it names must be a string (not an array of URLs, an object or a number).
   */
  readonly url?: boolean;
}

export interface ExpressionIssue {
  readonly kind: ExpressionIssueKind;
  /** The expression, formatted. */
  readonly expression: string;
  readonly message: string;
  readonly hint: string;
  /** Offsets of the expression's `{`..`}` in the template (end exclusive). */
  readonly start: number;
  readonly end: number;
}

type Finding = Pick<ExpressionIssue, 'kind' | 'message' | 'hint'>;

/**
 * OpenAPI ignores header parameters named Accept, Content-Type or Authorization, and response headers
 * named Content-Type, so they cannot be declared; expressions may read them anyway.
 */
const UNDECLARABLE_REQUEST_HEADERS = ['accept', 'content-type', 'authorization'];
const UNDECLARABLE_RESPONSE_HEADERS = ['content-type'];

/**
 * Every expression of `t` that reads something `op` does not declare, with a hint naming what to write.
 * `$url`, `$method` and `$statusCode` always pass; header names match case-insensitively, parameter
 * names exactly; a body pointer must exist per `checkPointerInSchema` (in the request body, or in at
 * least one response body).
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
export function validateTemplateAgainstOperation(t: ExpressionTemplate, op: OperationShape, options: TemplateValidationOptions = {}): readonly ExpressionIssue[] {
  const issues: ExpressionIssue[] = [];
  for (const [index, part] of t.parts.entries()) {
    if (part.type !== 'expression') continue;
    const finding = check(part.expression, op) ?? (options.url && index === 0 && part.start === 0 ? checkUrlBase(part.expression, op) : undefined);
    if (finding !== undefined) {
      issues.push({ ...finding, expression: formatRuntimeExpression(part.expression), start: part.start, end: part.end });
    }
  }
  return issues;
}

/**
 * A body value at the start of a URL template is the URL's base: it must be able to be a string.
 * Reported only when every schema that describes the value says it cannot (an undescribed value passes).
 */
function checkUrlBase(expr: RuntimeExpression, op: OperationShape): Finding | undefined {
  if (expr.type !== 'body') return undefined;
  const bodies = expr.source === 'request' ? (op.requestBodySchema === undefined ? [] : [op.requestBodySchema]) : op.responseBodySchemas;
  const found: string[] = [];
  for (const body of bodies) {
    const targets = schemasAtPointer(body, expr.pointer ?? [], op.resolveRef);
    if (targets === undefined) continue;
    for (const target of targets) {
      const types = allowedTypes(target, op.resolveRef);
      if (types === undefined || types.has('string')) return undefined;
      found.push(...types);
    }
  }
  if (found.length === 0) return undefined;
  const what = expr.pointer === undefined || expr.pointer.length === 0 ? `the whole ${expr.source} body` : `#${encodeJsonPointer(expr.pointer)} of the ${expr.source} body`;
  const types = [...new Set(found)].sort();
  return {
    kind: 'url-base-not-string',
    message: `${what} is the base of the URL, but its schema allows ${types.length === 0 ? 'no value' : types.map(article).join(' or ')}, not a string`,
    hint: types.includes('array')
      ? 'a list of URLs cannot be one base URL: give the callback a string field (e.g. `callback_url: z.url()`) and name it, or name one item, `#/urls/0`'
      : 'name a string field that holds the URL, e.g. `{$request.body#/callback_url}` with `callback_url: z.url()`',
  };
}

function article(type: string): string {
  return type === 'array' || type === 'object' || type === 'integer' ? `an ${type}` : type === 'null' ? 'null' : `a ${type}`;
}

function check(expr: RuntimeExpression, op: OperationShape): Finding | undefined {
  switch (expr.type) {
    case 'url':
    case 'method':
    case 'statusCode':
      return undefined;
    case 'query':
    case 'path':
      return expr.source === 'request' ? checkParameter(expr.type, expr.name, op) : responseParameter(expr.type, expr.name, op);
    case 'header':
      return expr.source === 'request' ? checkParameter('header', expr.name, op) : checkResponseHeader(expr.name, op);
    case 'body':
      return expr.source === 'request' ? checkRequestBody(expr.pointer, op) : checkResponseBody(expr.pointer, op);
  }
}

function checkParameter(location: 'query' | 'path' | 'header', name: string, op: OperationShape): Finding | undefined {
  const same = (a: string, b: string): boolean => (location === 'header' ? a.toLowerCase() === b.toLowerCase() : a === b);
  const declared = op.parameters.filter((p) => p.in === location).map((p) => p.name);
  if (declared.some((d) => same(d, name))) return undefined;
  if (location === 'header' && UNDECLARABLE_REQUEST_HEADERS.includes(name.toLowerCase())) return undefined;
  const hints: string[] = [];
  const elsewhere =
    op.parameters.find((p) => p.name === name && p.in !== location) ??
    op.parameters.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (elsewhere !== undefined) hints.push(whereDeclared(elsewhere));
  else if (fieldOf(op.requestBodySchema, name, op.resolveRef)) {
    hints.push(`${name} is a field of the request body: use ${show({ type: 'body', source: 'request', pointer: [name] })}`);
  }
  const close = elsewhere === undefined ? closestName(name, declared) : undefined;
  if (close !== undefined) hints.push(`did you mean ${show(parameterExpression(location, close))}?`);
  hints.push(declaredList(`${label(location)}s`, declared));
  return {
    kind: 'undeclared-parameter',
    message: `the operation declares no ${label(location)} named '${name}'`,
    hint: joinHints(hints),
  };
}

function responseParameter(location: 'query' | 'path', name: string, op: OperationShape): Finding {
  const onRequest = op.parameters.some((p) => p.in === location && p.name === name);
  return {
    kind: 'undeclared-parameter',
    message: `responses have no ${location} parameters: '$response.${location}.${name}' never has a value`,
    hint: onRequest
      ? `the request has the ${location} parameter ${name}: use ${show(parameterExpression(location, name))}`
      : `read the response with $response.header.<name> or $response.body#/<field>, or the request with $request.${location}.<name>`,
  };
}

function checkResponseHeader(name: string, op: OperationShape): Finding | undefined {
  const wanted = name.toLowerCase();
  if (op.responseHeaderNames.some((h) => h.toLowerCase() === wanted) || UNDECLARABLE_RESPONSE_HEADERS.includes(wanted)) return undefined;
  const close = closestName(name, op.responseHeaderNames);
  const hints = close === undefined ? [] : [`did you mean ${show({ type: 'header', source: 'response', name: close })}?`];
  hints.push(declaredList('response headers', op.responseHeaderNames));
  return { kind: 'undeclared-response-header', message: `no response of the operation declares the header '${name}'`, hint: joinHints(hints) };
}

function checkRequestBody(pointer: readonly string[] | undefined, op: OperationShape): Finding | undefined {
  const schema = op.requestBodySchema;
  if (schema === undefined) {
    const first = pointer?.[0];
    const param = first === undefined ? undefined : op.parameters.find((p) => p.name === first && p.in !== 'cookie');
    return {
      kind: 'no-request-body',
      message: 'the operation has no request body to read',
      hint: param !== undefined ? whereDeclared(param) : 'declare a request body for the operation, or read the value from a parameter',
    };
  }
  if (pointer === undefined || pointer.length === 0) return undefined;
  const result = checkPointerInSchema(schema, pointer, op.resolveRef);
  return result.ok ? undefined : missingField('request', pointer, result);
}

function checkResponseBody(pointer: readonly string[] | undefined, op: OperationShape): Finding | undefined {
  if (op.responseBodySchemas.length === 0) {
    return { kind: 'no-response-body', message: 'no response of the operation has a JSON body to read', hint: 'declare a JSON response body, or read a response header with $response.header.<name>' };
  }
  if (pointer === undefined || pointer.length === 0) return undefined;
  const failures: Extract<PointerCheck, { ok: false }>[] = [];
  for (const schema of op.responseBodySchemas) {
    const result = checkPointerInSchema(schema, pointer, op.resolveRef);
    if (result.ok) return undefined;
    failures.push(result);
  }
  // Report against the bodies that got furthest: that is where the pointer most likely went wrong.
  const failedAt = Math.max(...failures.map((f) => f.failedAt));
  const available = [...new Set(failures.filter((f) => f.failedAt === failedAt).flatMap((f) => f.available))].sort();
  return missingField('response', pointer, { ok: false, failedAt, available });
}

function missingField(source: 'request' | 'response', pointer: readonly string[], failure: Extract<PointerCheck, { ok: false }>): Finding {
  const token = pointer[failure.failedAt] ?? '';
  const parent = pointer.slice(0, failure.failedAt);
  const where = parent.length === 0 ? `the ${source} body` : `${encodeJsonPointer(parent)} of the ${source} body`;
  const hints: string[] = [];
  const close = closestName(token, failure.available);
  if (close !== undefined) hints.push(`did you mean ${show({ type: 'body', source, pointer: [...parent, close] })}?`);
  hints.push(failure.available.length > 0 ? `fields there: ${failure.available.join(', ')}` : `${where === `the ${source} body` ? where : encodeJsonPointer(parent)} has no fields to address`);
  return {
    kind: 'missing-body-field',
    message: `${where} has no field '${token}' (pointer #${encodeJsonPointer(pointer)})`,
    hint: joinHints(hints),
  };
}

/** "callback_url is a query parameter: use {$request.query.callback_url}". */
function whereDeclared(p: { readonly name: string; readonly in: ParameterLocation }): string {
  if (p.in === 'cookie') {
    return `${p.name} is a cookie parameter, which runtime expressions cannot read: declare it as a query parameter or header instead`;
  }
  return `${p.name} is a ${label(p.in)}: use ${show(parameterExpression(p.in, p.name))}`;
}

/** True when the schema names `name` as a field; an open schema that would accept any name does not count. */
function fieldOf(schema: JsonSchema | undefined, name: string, resolveRef: RefResolver): boolean {
  if (schema === undefined || !checkPointerInSchema(schema, [name], resolveRef).ok) return false;
  const unlikely = checkPointerInSchema(schema, ['\u0000'], resolveRef);
  return !unlikely.ok && unlikely.available.includes(name);
}

function parameterExpression(location: 'query' | 'path' | 'header', name: string): RuntimeExpression {
  return { type: location, source: 'request', name };
}

function label(location: 'query' | 'path' | 'header'): string {
  return location === 'header' ? 'header parameter' : `${location} parameter`;
}

function declaredList(what: string, names: readonly string[]): string {
  return names.length === 0 ? `the operation declares no ${what}` : `declared ${what}: ${names.join(', ')}`;
}

/** "did you mean X? declared …" reads better than "did you mean X?; declared …". */
function joinHints(hints: readonly string[]): string {
  return hints.reduce((text, hint) => (text === '' ? hint : `${text}${text.endsWith('?') ? ' ' : '; '}${hint}`), '');
}

function show(expr: RuntimeExpression): string {
  return `{${formatRuntimeExpression(expr)}}`;
}
