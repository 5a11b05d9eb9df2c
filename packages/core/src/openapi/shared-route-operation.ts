/**
 * The Operation Object of a receiver route that several callbacks share (one method and path: a
 * transcript's `completed` and `failed`, both POSTed to the `callback_url` of the request). A Path
 * Item has one operation per method (https://spec.openapis.org/oas/v3.1.0#path-item-object), so the
 * receiver document gives the shared route one: its `boomerang-event` header parameter is required and
 * names the events, its request body is any of theirs, its responses are all of theirs. Each event's
 * own operation stays whole under `components/pathItems/<event>` (see receiver-document.ts).
 */
import { eventHeader } from '../receiver/receiver-routes.ts';

type Json = Record<string, unknown>;

export interface SharedEventOperation {
  readonly event: string;
  /** The event's own Operation Object, as the receiver document writes it (everything in place). */
  readonly operation: Json;
}

export function sharedRouteOperation(events: readonly SharedEventOperation[]): Json {
  const operations = events.map((e) => e.operation);
  const names = events.map((e) => e.event);
  const tags = [...new Set(operations.flatMap((o) => (o.tags as string[] | undefined) ?? []))];
  const body = mergedRequestBody(operations.map((o) => o.requestBody as Json | undefined));
  const security = mergedSecurity(operations.map((o) => o.security as Json[] | undefined));
  return {
    ...(tags.length > 0 ? { tags } : {}),
    summary: names.join(' or '),
    // Its own id (linters and Redoc want one): the events' ids are their own operations', under components/pathItems.
    operationId: names.join('_or_'),
    description: [
      `${names.map((n) => `\`${n}\``).join(', ')} are sent to this one URL; the \`${eventHeader}\` header says which event a request is. ` +
        'The request body is that event\'s; each event\'s own operation is under `components/pathItems/<event>`.',
      ...events.map(({ event, operation }) => `- \`${event}\`${operation.summary ? ` (${operation.summary as string})` : ''}: ${(operation.description as string | undefined) ?? ''}`.trimEnd()),
    ].join('\n\n'),
    parameters: mergedParameters(operations.map((o) => (o.parameters as Json[] | undefined) ?? []), names),
    ...(body !== undefined ? { requestBody: body } : {}),
    responses: mergedResponses(operations.map((o) => o.responses as Json)),
    ...(operations.every((o) => o.deprecated === true) ? { deprecated: true } : {}),
    ...(security !== undefined ? { security } : {}),
  };
}

/** Each parameter once (by location and name), required where every event requires it; the event header names them all, and is required. */
function mergedParameters(lists: readonly (readonly Json[])[], events: readonly string[]): Json[] {
  const merged = new Map<string, Json>();
  for (const list of lists) {
    for (const p of list) {
      const key = `${p.in as string} ${(p.name as string).toLowerCase()}`;
      if (!merged.has(key)) merged.set(key, p);
    }
  }
  return [...merged].map(([key, p]) => {
    if (key === `header ${eventHeader}`) return { ...p, required: true, description: `The event this request is: ${events.join(', ')}. It says which of them is sent to this URL.`, schema: { type: 'string', enum: [...events] } };
    const everywhere = lists.every((list) => list.some((q) => q.in === p.in && (q.name as string).toLowerCase() === (p.name as string).toLowerCase() && q.required === true));
    return p.required === true && !everywhere ? { ...p, required: false } : p;
  });
}

/** The bodies by media type; where the events' schemas differ, any of them (the header, not the body, says which it is). */
function mergedRequestBody(bodies: readonly (Json | undefined)[]): Json | undefined {
  const present = bodies.filter((b): b is Json => b !== undefined);
  if (present.length === 0) return undefined;
  const required = present.length === bodies.length && present.every((b) => b.required === true);
  return { content: mergedContent(present.map((b) => b.content as Json)), ...(required ? { required: true } : {}) };
}

function mergedResponses(responses: readonly Json[]): Json {
  const statuses = [...new Set(responses.flatMap((r) => Object.keys(r)))].sort(statusOrder);
  return Object.fromEntries(
    statuses.map((status) => {
      const all = responses.map((r) => r[status] as Json | undefined).filter((r): r is Json => r !== undefined);
      if (all.every((r) => same(r, all[0]))) return [status, all[0]];
      const descriptions = [...new Set(all.map((r) => r.description as string))];
      const contents = all.map((r) => r.content as Json | undefined).filter((c): c is Json => c !== undefined);
      const headers = Object.assign({}, ...all.map((r) => (r.headers as Json | undefined) ?? {})) as Json;
      return [status, { description: descriptions.join(' / '), ...(Object.keys(headers).length > 0 ? { headers } : {}), ...(contents.length > 0 ? { content: mergedContent(contents) } : {}) }];
    }),
  );
}

/** Media Type Objects by media type: one event's as it is, or the distinct schemas of several as `anyOf`. */
function mergedContent(contents: readonly Json[]): Json {
  const byType = new Map<string, Json[]>();
  for (const content of contents) for (const [type, media] of Object.entries(content)) byType.set(type, [...(byType.get(type) ?? []), media as Json]);
  return Object.fromEntries(
    [...byType].map(([type, media]) => {
      if (media.every((m) => same(m, media[0]))) return [type, media[0]];
      const schemas: unknown[] = [];
      for (const m of media) if (m.schema !== undefined && !schemas.some((s) => same(s, m.schema))) schemas.push(m.schema);
      // anyOf, not oneOf: two events' bodies may both fit one request; the event header decides.
      return [type, schemas.length === 0 ? {} : { schema: schemas.length === 1 ? schemas[0] : { anyOf: schemas } }];
    }),
  );
}

/** The events' security requirements as alternatives: a request secured as any one event is. */
function mergedSecurity(lists: readonly (readonly Json[] | undefined)[]): Json[] | undefined {
  if (lists.every((l) => same(l, lists[0]))) return lists[0] === undefined ? undefined : lists[0].map((r) => ({ ...r }));
  const alternatives: Json[] = [];
  // An unsecured event (`security: []`) is the empty requirement among the alternatives.
  for (const list of lists) for (const requirement of list === undefined || list.length === 0 ? [{}] : list) if (!alternatives.some((a) => same(a, requirement))) alternatives.push(requirement);
  return alternatives;
}

function statusOrder(a: string, b: string): number {
  const rank = (s: string) => (s === 'default' ? '9ZZ' : s);
  return rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
