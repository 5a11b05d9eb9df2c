/**
 * Callback URLs checked while the request that gives them is still open. A request value that a
 * callback URL of this operation is built from (`callback_url` in `{$request.query.callback_url}/...`)
 * and that decides where the callback goes — its scheme or host — is refused at once, with a 400 that
 * names it, when the sender would refuse it anyway without DNS: not http(s), credentials, a literal
 * loopback, private, link-local (metadata) or otherwise forbidden address, or `localhost`. Unless the
 * operator's policy allows the host; and a name is still resolved and checked when the callback is sent.
 */
import { encodeJsonPointer, evaluateRuntimeExpression, evaluateUrlTemplate, type ExpressionTemplate, type RuntimeExpression, type TemplatePart } from '@boomerang/core';
import { checkDestinationStatically, type DestinationPolicy, type DestinationRefusedError } from './address-guard.ts';
import { callbackUrlTemplate, SnapshotContext, type CallbackSpec, type RequestSnapshot } from './bound-callback.ts';
import { ProblemError, type RequestValidationIssue } from './problem.ts';

/** Throws a 400 `ProblemError` naming each request value whose callback URL the sender would refuse. */
export function checkCallbackUrls(specs: Readonly<Record<string, CallbackSpec>>, request: RequestSnapshot, policy: DestinationPolicy = {}): void {
  let errors: RequestValidationIssue[] | undefined;
  for (const name in specs) {
    for (const issue of refusedSources(specs[name]!, request, policy)) {
      errors ??= [];
      if (!errors.some((e) => e.in === issue.in && e.path === issue.path)) errors.push(issue);
    }
  }
  if (errors !== undefined) throw new ProblemError({ status: 400, detail: 'The callback URL this request gives would be refused when the callback is sent.', errors });
}

interface KnownPrefix {
  /** The template up to the first value the response gives: that much of the URL is known now. */
  readonly template: ExpressionTemplate;
  /** Whether that is the whole URL. */
  readonly complete: boolean;
}

const prefixes = new WeakMap<CallbackSpec, KnownPrefix>();

function knownPrefix(spec: CallbackSpec): KnownPrefix {
  let prefix = prefixes.get(spec);
  if (prefix === undefined) {
    const all = callbackUrlTemplate(spec).parts;
    const cut = all.findIndex((part) => part.type === 'expression' && fromResponse(part.expression));
    prefix = { template: { parts: cut < 0 ? all : all.slice(0, cut) }, complete: cut < 0 };
    prefixes.set(spec, prefix);
  }
  return prefix;
}

const noIssues: readonly RequestValidationIssue[] = [];

function refusedSources(spec: CallbackSpec, request: RequestSnapshot, policy: DestinationPolicy): readonly RequestValidationIssue[] {
  const { template, complete } = knownPrefix(spec);
  const context = new SnapshotContext(request);
  // A value that is absent leaves the callback without a URL, a typed outcome when it is sent.
  for (const part of template.parts) {
    if (part.type === 'expression' && !evaluateRuntimeExpression(part.expression, context).ok) return noIssues;
  }
  const known = evaluateUrlTemplate(template, context);
  if (!known.ok) return noIssues;
  const verdict = judge(known.value, complete, policy);
  if (verdict === undefined) return noIssues;
  const parts = template.parts;
  const issues: RequestValidationIssue[] = [];
  parts.forEach((part, index) => {
    if (part.type !== 'expression') return;
    const start = evaluateUrlTemplate({ parts: parts.slice(0, index) }, context);
    if (!start.ok || start.value.length >= verdict.extent) return;
    const location = locationOf(part);
    if (location !== undefined) issues.push({ ...location, message: verdict.message });
  });
  return issues;
}

function fromResponse(expression: RuntimeExpression): boolean {
  return expression.type === 'statusCode' || ('source' in expression && expression.source === 'response');
}

/**
 * Why the sender would refuse a URL that begins with `text` (all of it when `complete`), and how much of
 * `text` decides that: the scheme, or the scheme and the authority. Undefined: nothing to refuse, or not
 * enough of the URL known yet to say.
 */
function judge(text: string, complete: boolean, policy: DestinationPolicy): { message: string; extent: number } | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text);
  if (scheme !== null && !/^https?$/i.test(scheme[1]!)) return { message: `must be an http or https URL, not ${scheme[1]!.toLowerCase()}:`, extent: scheme[0].length };
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\\?#]*/.exec(text)?.[0].length;
  if (!complete && (authority === undefined || authority === text.length)) return undefined;
  const check = checkDestinationStatically(text, policy);
  if (check.ok) return undefined;
  const extent = authority ?? (text.search(/[/?#]/) < 0 ? text.length : text.search(/[/?#]/));
  return { message: messageFor(check.error), extent: Math.max(extent, 1) };
}

function messageFor(error: DestinationRefusedError): string {
  switch (error.reason) {
    case 'invalid-url':
      return 'must be an absolute http or https URL';
    case 'scheme':
      return 'must be an http or https URL';
    case 'credentials':
      return 'must not carry credentials (user:password@)';
    case 'address': {
      if (error.address === undefined) return `must not point to the local machine (${error.hostname ?? 'localhost'})`;
      const article = error.addressClass === 'unspecified' ? 'an' : 'a';
      return `must not point to ${article} ${error.addressClass ?? 'forbidden'} address (${error.address})`;
    }
  }
}

/** Where in the request an expression's value came from, as validation issues say it. */
function locationOf(part: Extract<TemplatePart, { type: 'expression' }>): Omit<RequestValidationIssue, 'message'> | undefined {
  const expression = part.expression;
  switch (expression.type) {
    case 'query':
      return { in: 'query', path: encodeJsonPointer([expression.name]) };
    case 'header':
      return { in: 'headers', path: encodeJsonPointer([expression.name.toLowerCase()]) };
    case 'path':
      return { in: 'params', path: encodeJsonPointer([expression.name]) };
    case 'body':
      return { in: 'body', path: encodeJsonPointer(expression.pointer ?? []) };
    case 'url':
      // The request's own URL: its host is the Host header the client sent.
      return { in: 'headers', path: '/host' };
    default:
      return undefined;
  }
}
