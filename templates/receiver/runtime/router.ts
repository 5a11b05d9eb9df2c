/**
 * Which callback or webhook a request is. The `boomerang-event` header names it, and wins when present.
 * Without it, the END of the request path is matched against each callback's path template: the sender
 * appends `/invoices/{id}` to whatever base URL you registered, so `/events/invoices/2expen51ve` is
 * `/invoices/{id}` with `id` = `2expen51ve` wherever the receiver is mounted. A path ending in
 * `/<webhook name>` is the webhook of that name, when no callback matched.
 *
 * Callbacks sent to one method and path (both outcomes of a transcript POSTed to the `callback_url`
 * the API user gave) share a route: only the header tells them apart, so a request without it there
 * is refused (400) rather than given to whichever comes first.
 */

export const eventHeader = 'boomerang-event';

export interface RoutePattern {
  readonly kind: 'callback' | 'webhook';
  /** The handler's name, and the `boomerang-event` value. */
  readonly event: string;
  /** The callback's or webhook's name in the API definition. */
  readonly name: string;
  /** Upper case. */
  readonly method: string;
  /** Callbacks: the path template after the base URL, e.g. `/invoices/{id}`. */
  readonly path?: string;
}

export type RouteMatch<R> =
  | { readonly kind: 'found'; readonly route: R; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'not-found'; readonly detail: string }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[]; readonly detail: string }
  /** A path that several events share, and no event header to say which: 400. */
  | { readonly kind: 'ambiguous'; readonly events: readonly string[]; readonly detail: string };

type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'pattern'; readonly regex: RegExp; readonly names: readonly string[]; readonly prefix: string; readonly suffix: string; readonly whole: boolean };

/** `/invoices/{id}` → its segments; `/` (the base URL itself) has none, so it matches any path. */
export function parseTemplate(path: string): readonly Segment[] {
  if (path === '/' || path === '') return [];
  return path.replace(/^\//, '').split('/').map((text): Segment => {
    const names = [...text.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    if (names.length === 0) return { kind: 'literal', text: safeDecode(text) ?? text };
    const source = text.split(/\{[^}]+\}/).map(escapeRegExp).join('([^/]+?)');
    const whole = names.length === 1 && text === `{${names[0]}}`; // the segment is the parameter, nothing else
    return { kind: 'pattern', regex: new RegExp(`^${source}$`), names, prefix: text.slice(0, text.indexOf('{')), suffix: text.slice(text.lastIndexOf('}') + 1), whole };
  });
}

/** The parameters, when the path ends with the template's segments; undefined otherwise. */
export function matchSuffix(template: readonly Segment[], path: string): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  // The path's segments from its end, one per template segment: no array of all of them.
  let end = path.length;
  for (let i = template.length - 1; i >= 0; i--) {
    if (end < 0) return undefined; // the path has fewer segments than the template
    const slash = end === 0 ? -1 : path.lastIndexOf('/', end - 1);
    const got = path.slice(slash + 1, end);
    end = slash;
    const want = template[i]!;
    if (want.kind === 'literal') {
      if (got !== want.text && safeDecode(got) !== want.text) return undefined;
      continue;
    }
    if (want.whole) {
      // What the regular expression would say: any segment but the empty one.
      const value = got === '' ? undefined : safeDecode(got);
      if (value === undefined) return undefined;
      params[want.names[0]!] = value;
      continue;
    }
    const match = want.regex.exec(got);
    if (match === null) return undefined;
    for (let n = 0; n < want.names.length; n++) {
      const value = safeDecode(match[n + 1]!);
      if (value === undefined) return undefined;
      params[want.names[n]!] = value;
    }
  }
  return params;
}

interface Compiled<R> {
  readonly route: R;
  readonly segments: readonly Segment[];
  /** Whether a segment is a parameter. */
  readonly hasParams: boolean;
  /** The events sharing this route's method and path (this one among them); undefined when it is its own. */
  readonly sharedBy?: readonly string[];
}

/** The key of a route's method and path, its parameters' names aside: routes with one key share a route. */
export function sharedRouteKey(route: RoutePattern): string | undefined {
  return route.path === undefined ? undefined : `${route.method} ${route.path.replace(/\{[^}]*\}/g, '{}')}`;
}

/** Each shared key with its events, in route order. */
function sharedRoutes(routes: readonly RoutePattern[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const route of routes) {
    const key = route.kind === 'callback' ? sharedRouteKey(route) : undefined;
    if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), route.event]);
  }
  for (const [key, events] of byKey) if (events.length < 2) byKey.delete(key);
  return byKey;
}

function eventList(events: readonly string[]): string {
  return events.length <= 2 ? events.join(' and ') : `${events.slice(0, -1).join(', ')} and ${events.at(-1)}`;
}

export function createRouter<R extends RoutePattern>(routes: readonly R[]): (method: string, path: string, event: string | undefined) => RouteMatch<R> {
  const shared = sharedRoutes(routes);
  const compile = (route: R, path: string): Compiled<R> => {
    const segments = parseTemplate(path);
    const sharedBy = route.kind === 'callback' ? shared.get(sharedRouteKey(route) ?? '') : undefined;
    return { route, segments, hasParams: segments.some((s) => s.kind === 'pattern'), ...(sharedBy !== undefined ? { sharedBy } : {}) };
  };
  const byEvent = new Map(routes.map((route) => [route.event, route.path === undefined ? undefined : compile(route, route.path)] as const));
  const routeOf = new Map(routes.map((route) => [route.event, route]));
  const callbacks = routes.flatMap((route) => (route.kind === 'callback' && route.path !== undefined ? [compile(route, route.path)] : []));
  const webhooks = routes.flatMap((route) => (route.kind === 'webhook' ? [compile(route, webhookFallbackPath(route.name))] : []));
  // Callbacks first; a webhook's path is the fallback. Generation fails when two routes of one group
  // and method could match one path (unless they share it), so each group finds at most one route.
  const groups = [callbacks, webhooks];
  const events = routes.map((route) => route.event);
  /** The shared route of this method that the path matches, if any. */
  const sharedAt = (method: string, path: string): readonly string[] | undefined => {
    for (const candidate of callbacks) if (candidate.sharedBy !== undefined && candidate.route.method === method && matchSuffix(candidate.segments, path) !== undefined) return candidate.sharedBy;
    return undefined;
  };

  return (method, path, event) => {
    if (event) {
      const route = routeOf.get(event);
      if (route === undefined) {
        const there = sharedAt(method, path);
        return { kind: 'not-found', detail: `This receiver has no event ${JSON.stringify(event)} (${eventHeader} header); ${there !== undefined ? `${method} ${path} receives ${eventList(there)}` : `it receives ${events.join(', ')}`}.` };
      }
      if (route.method !== method) return { kind: 'method-not-allowed', allow: [route.method], detail: `The event ${event} is received with ${route.method}, not ${method}.` };
      const compiled = byEvent.get(event);
      if (compiled === undefined) return { kind: 'found', route, params: {} };
      const params = matchSuffix(compiled.segments, path);
      if (params !== undefined) return { kind: 'found', route, params };
      // Without the path, a handler would miss the parameters it is typed to receive.
      if (compiled.hasParams) return { kind: 'not-found', detail: `The event ${event} is sent to a URL ending in ${route.path}; ${path} does not.` };
      return { kind: 'found', route, params: {} };
    }
    let allowed: Set<string> | undefined;
    for (const candidates of groups) {
      for (const candidate of candidates) {
        const params = matchSuffix(candidate.segments, path);
        if (params === undefined) continue;
        if (candidate.route.method === method && candidate.sharedBy !== undefined) {
          return { kind: 'ambiguous', events: candidate.sharedBy, detail: `${method} ${path} receives ${eventList(candidate.sharedBy)}, told apart by the ${eventHeader} header, which the request does not have.` };
        }
        if (candidate.route.method === method) return { kind: 'found', route: candidate.route, params };
        (allowed ??= new Set()).add(candidate.route.method);
      }
    }
    if (allowed !== undefined) {
      const allow = [...allowed].sort();
      return { kind: 'method-not-allowed', allow, detail: `${path} is received with ${allow.join(', ')}, not ${method}.` };
    }
    return { kind: 'not-found', detail: `No callback or webhook of this receiver is sent to ${path}, and the request has no ${eventHeader} header.` };
  };
}

/** Where a webhook is recognized without the event header: a path ending in `/<name>`. */
export function webhookFallbackPath(name: string): string {
  return `/${name.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * Pairs of routes that the path alone cannot tell apart: same method, and some request path ends with
 * both templates. Callbacks are compared with callbacks and webhooks with webhooks (a webhook's path is
 * only consulted when no callback matched). Callbacks of one method and path share a route (the
 * event header tells them apart) and are no pair. Used at generation time, which fails on any pair.
 */
export function suffixAmbiguities<R extends RoutePattern>(routes: readonly R[]): { readonly routes: [R, R]; readonly example: string }[] {
  const pairs: { routes: [R, R]; example: string }[] = [];
  const groups = [
    routes.filter((r) => r.kind === 'callback' && r.path !== undefined).map((r) => ({ route: r, segments: parseTemplate(r.path!) })),
    routes.filter((r) => r.kind === 'webhook').map((r) => ({ route: r, segments: parseTemplate(webhookFallbackPath(r.name)) })),
  ];
  for (const group of groups) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        // One method and path (parameter names aside) is a shared route, which the event header tells apart.
        if (a.route.kind === 'callback' && sharedRouteKey(a.route) === sharedRouteKey(b.route)) continue;
        if (a.route.method === b.route.method && suffixesOverlap(a.segments, b.segments)) pairs.push({ routes: [a.route, b.route], example: overlapExample(a.segments, b.segments) });
      }
    }
  }
  return pairs;
}

function suffixesOverlap(a: readonly Segment[], b: readonly Segment[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let k = 1; k <= n; k++) {
    if (!segmentsOverlap(a[a.length - k]!, b[b.length - k]!)) return false;
  }
  return true;
}

/** A path that ends with both templates (for the error message): literals where either has one, `x` elsewhere. */
function overlapExample(a: readonly Segment[], b: readonly Segment[]): string {
  const [longer, shorter] = a.length >= b.length ? [a, b] : [b, a];
  const offset = longer.length - shorter.length;
  const text = (segment: Segment | undefined) => (segment?.kind === 'literal' ? segment.text : undefined);
  return `/${longer.map((segment, i) => text(segment) ?? text(shorter[i - offset]) ?? 'x').join('/')}`;
}

/** Could one path segment match both? Exact for literals; for two patterns, judged by their literal ends. */
function segmentsOverlap(a: Segment, b: Segment): boolean {
  if (a.kind === 'literal' && b.kind === 'literal') return a.text === b.text;
  if (a.kind === 'literal' && b.kind === 'pattern') return b.regex.test(a.text);
  if (a.kind === 'pattern' && b.kind === 'literal') return a.regex.test(b.text);
  if (a.kind !== 'pattern' || b.kind !== 'pattern') return false;
  const prefixes = a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix);
  const suffixes = a.suffix.endsWith(b.suffix) || b.suffix.endsWith(a.suffix);
  return prefixes && suffixes;
}

function safeDecode(text: string): string | undefined {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
