/**
 * What the external developer's receiver must serve: one route per callback method and per webhook
 * method. A callback URL `{$request.query.callback_url}/invoices/{$request.body#/id}` is the base the
 * API user registered (`{$request.query.callback_url}`) followed by a path the receiver routes on
 * (`/invoices/{id}`). Every delivery also carries the route's event name in the `boomerang-event`
 * header, so a receiver can route on it too: callbacks sent to one method and path (a transcript's
 * `completed` and `failed`, both POSTed to `{$request.body#/callback_url}`) share a route, which only
 * that header tells apart (BMR091, a warning). What no receiver can tell apart is refused (BMR090).
 */
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { ApiModel, OutgoingOperationModel } from '../model.ts';
import type { RuntimeExpression, TemplatePart } from '../runtime-expression/ast.ts';
import { formatRuntimeExpression } from '../runtime-expression/format.ts';
import { camelWords, extendIdentifier } from '../build/operation-id.ts';
import { deliveryAuth, signedDelivery, type DeliveryAuth } from '../openapi/signature.ts';

/** The header Boomerang's sender sets on every delivery: the receiving route's event name. */
export const eventHeader = 'boomerang-event';

export interface RouteParameter {
  readonly name: string;
  /** The runtime expression whose value the sender puts there, e.g. `$request.body#/id`. */
  readonly expression: string;
}

export interface ReceiverRoute {
  readonly kind: 'callback' | 'webhook';
  /** The callback's or webhook's name in the definition. */
  readonly name: string;
  /** The handler's name in the receiver, and the value of the `boomerang-event` header. */
  readonly event: string;
  readonly method: OutgoingOperationModel['method'];
  /** For callbacks: the path after the registered base, `/invoices/{id}`. Undefined for webhooks. */
  readonly path?: string;
  /** For callbacks: what the base URL comes from, e.g. `$request.query.callback_url` or `https://audit.example`. */
  readonly base?: string;
  readonly pathParameters: readonly RouteParameter[];
  readonly queryParameters: readonly RouteParameter[];
  /** The full URL expression (callbacks only). */
  readonly expression?: string;
  readonly operation: OutgoingOperationModel;
  /** How its deliveries are secured (signed unless its `security` says otherwise): what the sender puts on them and the receiver checks. */
  readonly auth: DeliveryAuth;
  /** The operation whose request triggers the callback. */
  readonly trigger?: { readonly operationId: string; readonly method: string; readonly path: string };
  /**
   * A reusable callback (`defineCallback(..., { id })`) is one route however many operations send it:
   * all of them, `trigger` first.
   */
  readonly triggers?: readonly { readonly operationId: string; readonly method: string; readonly path: string }[];
  /**
   * The events (this one among them, in route order) whose callbacks are sent to this same method and
   * path: only the `boomerang-event` header tells them apart. Undefined when the route is its own.
   */
  readonly sharesRouteWith?: readonly string[];
}

export function buildReceiverRoutes(model: ApiModel): { routes: ReceiverRoute[]; diagnostics: Diagnostic[] } {
  const routes: ReceiverRoute[] = [];
  const securityDiagnostics: Diagnostic[] = [];
  const authOf = (o: OutgoingOperationModel, where: string): DeliveryAuth => {
    const found = deliveryAuth(o.security, model.securitySchemes);
    if (found.ok) return found.auth;
    securityDiagnostics.push(
      diagnostic(
        'BMR140',
        where,
        `its \`security\` requires ${found.unsendable.map((u) => `\`${u.scheme}\` (${u.why})`).join(' and ')}, which Boomerang's sender cannot put on a delivery, nor its receiver check.`,
        'Secure it with an apiKey scheme in a header or the query, or an http scheme (`{ type: \'http\', scheme: \'bearer\' }`) whose value the operator configures; or leave `security` out, and deliveries are signed (Standard Webhooks); `security: []` sends them unsigned.',
      ),
    );
    return signedDelivery;
  };
  const nameUses = new Map<string, number>();
  const componentTriggers = new Map<string, { operationId: string; method: string; path: string }[]>();
  for (const op of model.operations) {
    for (const cb of op.callbacks) {
      if (cb.component !== undefined && componentTriggers.has(cb.component)) continue;
      if (cb.component !== undefined) componentTriggers.set(cb.component, []);
      nameUses.set(cb.name, (nameUses.get(cb.name) ?? 0) + 1);
    }
  }

  for (const op of model.operations) {
    for (const callback of op.callbacks) {
      const triggers = callback.component !== undefined ? componentTriggers.get(callback.component)! : undefined;
      triggers?.push({ operationId: op.operationId, method: op.method, path: op.path });
      if (triggers !== undefined && triggers.length > 1) continue;
      const operations = callback.urls.flatMap((url) => url.operations.map((o) => ({ url, o })));
      for (const { url, o } of operations) {
        const single = operations.length === 1 && nameUses.get(callback.name) === 1;
        const split = splitUrl(url.template.parts);
        routes.push({
          kind: 'callback',
          name: callback.name,
          event: single ? callback.name : o.operationId,
          method: o.method,
          path: split.path,
          ...(split.base !== undefined ? { base: split.base } : {}),
          pathParameters: split.pathParameters,
          queryParameters: split.queryParameters,
          expression: url.expression,
          operation: o,
          auth: authOf(o, `operation ${op.method.toUpperCase()} ${op.path} › callback ${callback.name} › ${o.method.toUpperCase()}`),
          trigger: { operationId: op.operationId, method: op.method, path: op.path },
          ...(triggers !== undefined ? { triggers } : {}),
        });
      }
    }
  }
  for (const webhook of model.webhooks) {
    for (const o of webhook.operations) {
      routes.push({
        kind: 'webhook',
        name: webhook.name,
        // A reusable Path Item's operationIds are shared by its webhooks: each webhook's events are named after the webhook.
        event: webhook.operations.length === 1 ? webhook.name : webhook.component !== undefined ? extendIdentifier(camelWords(webhook.name), o.method) : o.operationId,
        method: o.method,
        pathParameters: [],
        queryParameters: [],
        operation: o,
        auth: authOf(o, `webhook ${webhook.name} › ${o.method.toUpperCase()}`),
      });
    }
  }
  const shared = sharedRoutes(routes);
  return { routes: shared.routes, diagnostics: [...securityDiagnostics, ...shared.diagnostics] };
}

/**
 * Two routes with one event name: refused (BMR090), nothing tells them apart. Two callbacks on one
 * method and path (parameters aside): one route for both, told apart by the event header (BMR091,
 * a warning for receivers that route by URL alone), unless they name that path's parameter two ways,
 * which one receiver path (and one OpenAPI path item) cannot say (BMR090).
 */
function sharedRoutes(routes: readonly ReceiverRoute[]): { routes: ReceiverRoute[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byEvent = new Map<string, ReceiverRoute>();
  const byPath = new Map<string, ReceiverRoute[]>();
  for (const route of routes) {
    const where = describe(route);
    const sameEvent = byEvent.get(route.event);
    if (sameEvent) {
      diagnostics.push(diagnostic('BMR090', where, `its event name \`${route.event}\` is also the event name of ${describe(sameEvent)}, so a receiver cannot tell the two apart.`, 'Rename the callback or the webhook.'));
    } else byEvent.set(route.event, route);
    if (route.path === undefined) continue;
    const key = `${route.method} ${route.path.replace(/\{[^}]*\}/g, '{}')}`;
    const group = byPath.get(key);
    if (group === undefined) {
      byPath.set(key, [route]);
      continue;
    }
    const first = group[0]!;
    const distinct = `Give one of them a distinct path after its base URL (${describeBase(route.base)}), e.g. \`${withDistinctPath(route)}\``;
    if (route.path !== first.path) {
      const theirs = first.pathParameters.map((p) => `\`${p.name}\``).join(', ');
      diagnostics.push(diagnostic('BMR090', where, `its receiver route ${route.method.toUpperCase()} ${route.path} is also the route of ${describe(first)}, whose path names that parameter ${theirs}: one path cannot name its parameter two ways.`, `${distinct}; or put the same field in both paths.`));
      continue;
    }
    group.push(route);
    diagnostics.push(
      diagnostic(
        'BMR091',
        where,
        `its receiver route ${route.method.toUpperCase()} ${route.path} is also the route of ${describe(first)}: a receiver routing by URL alone cannot tell them apart, so it must read the \`${eventHeader}\` header that every delivery carries (the generated receiver does).`,
        `Nothing to change if one URL for both is the design. To give it a URL of its own, add a distinct path after its base URL (${describeBase(route.base)}), e.g. \`${withDistinctPath(route)}\`.`,
      ),
    );
  }
  const sharing = new Map<ReceiverRoute, readonly string[]>();
  for (const group of byPath.values()) {
    if (group.length < 2) continue;
    const events = group.map((r) => r.event);
    for (const route of group) sharing.set(route, events);
  }
  return { routes: routes.map((route) => (sharing.has(route) ? { ...route, sharesRouteWith: sharing.get(route)! } : route)), diagnostics };
}

/** Where a callback's base URL comes from, in words: what the API user sets to receive it. */
function describeBase(base: string | undefined): string {
  if (base === undefined) return 'none: the URL is a relative path';
  if (base.startsWith('$request.query.')) return `the \`${base.slice('$request.query.'.length)}\` query parameter`;
  if (base.startsWith('$request.header.')) return `the \`${base.slice('$request.header.'.length)}\` request header`;
  if (base.startsWith('$request.path.')) return `the \`${base.slice('$request.path.'.length)}\` path parameter`;
  if (base.startsWith('$request.body#')) return `the request body field \`${base.slice('$request.body#'.length)}\``;
  if (base.startsWith('$response.header.')) return `the \`${base.slice('$response.header.'.length)}\` response header`;
  if (base.startsWith('$response.body#')) return `the response body field \`${base.slice('$response.body#'.length)}\``;
  return base.startsWith('$') ? `\`${base}\`` : `the fixed origin ${base}`;
}

/** The route's own URL expression with its event name appended to the path (before any query). */
function withDistinctPath(route: ReceiverRoute): string {
  const expression = route.expression ?? '';
  const at = expression.indexOf('?');
  const [path, query] = at < 0 ? [expression, ''] : [expression.slice(0, at), expression.slice(at)];
  return `${path.replace(/\/$/, '')}/${route.event}${query}`;
}

function describe(route: ReceiverRoute): string {
  return route.kind === 'webhook'
    ? `webhook ${route.name} › ${route.method.toUpperCase()}`
    : `operation ${route.trigger!.method.toUpperCase()} ${route.trigger!.path} › callback ${route.name} › ${route.method.toUpperCase()}`;
}

interface SplitUrl {
  readonly base?: string;
  readonly path: string;
  readonly pathParameters: RouteParameter[];
  readonly queryParameters: RouteParameter[];
}

/** Splits a URL template into the base the user registered, the receiver's path, and its query. */
export function splitUrl(parts: readonly TemplatePart[]): SplitUrl {
  const rest = [...parts];
  let base: string | undefined;
  const first = rest[0];
  if (first?.type === 'expression') {
    base = formatRuntimeExpression(first.expression);
    rest.shift();
  } else if (first?.type === 'literal') {
    const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(first.text);
    if (origin) {
      base = origin[0];
      rest[0] = { type: 'literal', text: first.text.slice(origin[0].length) };
    }
  }
  const used = new Set<string>();
  const pathParameters: RouteParameter[] = [];
  const queryParameters: RouteParameter[] = [];
  let path = '';
  let query: string | undefined;
  for (const part of rest) {
    if (part.type === 'literal') {
      if (query === undefined && part.text.includes('?')) {
        const at = part.text.indexOf('?');
        path += part.text.slice(0, at);
        query = part.text.slice(at + 1);
      } else if (query === undefined) path += part.text;
      else query += part.text;
      continue;
    }
    const expression = formatRuntimeExpression(part.expression);
    if (query === undefined) {
      const name = unique(parameterName(part.expression), used);
      pathParameters.push({ name, expression });
      path += `{${name}}`;
    } else {
      const key = /(?:^|&)([^&=]+)=$/.exec(query)?.[1] ?? unique(parameterName(part.expression), used);
      queryParameters.push({ name: decodeURIComponent(key), expression });
      query += `{${key}}`;
    }
  }
  path = path.split('#')[0]!;
  if (!path.startsWith('/')) path = `/${path}`;
  return { ...(base !== undefined ? { base } : {}), path, pathParameters, queryParameters };
}

function parameterName(expression: RuntimeExpression): string {
  switch (expression.type) {
    case 'url':
      return 'url';
    case 'method':
      return 'method';
    case 'statusCode':
      return 'statusCode';
    case 'body': {
      const tokens = expression.pointer ?? [];
      const last = [...tokens].reverse().find((t) => !/^\d+$/.test(t));
      return sanitize(last ?? 'body');
    }
    default:
      return sanitize(expression.name);
  }
}

function sanitize(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

function unique(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${name}${n}`;
  used.add(candidate);
  return candidate;
}
