/**
 * One README section per callback and webhook: when it is sent, to which URL (in words), its body
 * (fields and an example derived from the schema), and what to answer, with the handler line that
 * answers it. Plus the quick start's handler for it.
 */
import type { ApiModel, JsonSchema, ReceiverRoute } from '@boomerang/core';
import { webhookFallbackPath } from '../runtime/router.ts';
import { documentedExample, exampleOf } from './schema-example.ts';
import { describeCallbackUrl, describeExpression } from './url-words.ts';

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const componentsPrefix = '#/components/schemas/';
export const exampleBase = 'https://your-server.example/events';

export interface RouteTypeNames {
  readonly body: string;
  readonly params: string;
  readonly query: string;
  readonly context: string;
  readonly reply: string;
  readonly handler: string;
}

export function describeRouteForReadme(route: ReceiverRoute, model: ApiModel, types: RouteTypeNames) {
  const o = route.operation;
  const title = model.info.title;
  const method = route.method.toUpperCase();
  const trigger = route.trigger ? model.operations.find((op) => op.operationId === route.trigger!.operationId) : undefined;
  const when =
    route.kind === 'callback'
      ? `${title} sends it after a \`${route.trigger!.method.toUpperCase()} ${route.trigger!.path}\` request${trigger?.summary ? ` (${trigger.summary})` : ''}.`
      : `${title} sends it to the URL you registered for the \`${route.name}\` webhook.`;
  const sentTo = route.kind === 'callback' ? `${capitalize(describeCallbackUrl(route, model))}.` : `The URL you registered for the \`${route.name}\` webhook.`;
  const exampleUrl =
    route.kind === 'callback'
      ? `${route.base !== undefined && !route.base.startsWith('$') ? route.base : exampleBase}${route.path === '/' ? '' : route.path}`
      : `${exampleBase}${webhookFallbackPath(route.name)}`;
  const body = o.requestBody;
  const bodyExample = body?.schema !== undefined ? (documentedExample(body) ?? exampleOf(body.schema, model.schemas)) : undefined;
  const responses = o.responses.map((r) => {
    const example = r.body?.schema !== undefined ? (documentedExample(r.body) ?? exampleOf(r.body.schema, model.schemas)) : undefined;
    return {
      status: r.status,
      description: r.description,
      contentType: r.body?.contentType ?? null,
      example: example === undefined ? null : r.body && !isJson(r.body.contentType) && typeof example === 'string' ? example : JSON.stringify(example, null, 2),
      exampleFence: r.body && !isJson(r.body.contentType) ? 'text' : 'json',
      handlerReturn: `return ${replyLiteral(r.status, r.body === undefined ? undefined : example ?? '')};`,
    };
  });
  const answer = o.responses.find((r) => r.status.startsWith('2')) ?? o.responses[0];
  const answerExample = answer?.body?.schema !== undefined ? (documentedExample(answer.body) ?? exampleOf(answer.body.schema, model.schemas)) : answer?.body ? '' : undefined;
  const prop = identifier.test(route.event) ? route.event : quoteJs(route.event);
  const hasParams = route.pathParameters.length > 0;
  const argument = body ? (hasParams ? '{ body, params }' : '{ body }') : hasParams ? '{ params }' : '{ webhookId }';
  const logged = [quoteJs(route.event), ...(hasParams ? ['params'] : []), body ? 'body' : hasParams ? '' : 'webhookId'].filter(Boolean).join(', ');
  const handlerSnippet = [
    `    ${prop}: async (${argument}) => {`,
    `      console.log(${logged});`,
    `      ${answer ? `return ${replyLiteral(answer.status, answerExample)};` : "throw new Error('no documented answer');"}`,
    '    },',
  ].join('\n');

  return {
    kind: route.kind,
    kindTitle: route.kind === 'callback' ? 'Callback' : 'Webhook',
    event: route.event,
    handlerAccess: identifier.test(route.event) ? `handlers.${route.event}` : `handlers[${quoteJs(route.event)}]`,
    summary: o.summary ?? '',
    description: o.description ?? '',
    deprecated: o.deprecated,
    when,
    sentTo,
    isCallback: route.kind === 'callback',
    expression: route.expression ?? '',
    routePath: route.path ?? webhookFallbackPath(route.name),
    exampleRequest: `${method} ${exampleUrl}`,
    /** The other events sent to this same method and URL: only the event header tells them apart. */
    sharedWith: route.sharesRouteWith === undefined ? null : { events: sharedWords(route.sharesRouteWith.filter((e) => e !== route.event)), verb: route.sharesRouteWith.length > 2 ? 'are' : 'is' },
    /** The base URL the example assumes you gave, when the base is yours to give. */
    exampleBase: route.kind === 'webhook' || route.base === undefined || route.base.startsWith('$') ? exampleBase : null,
    /** The example URL with each path parameter filled in, for a test request. */
    testUrl: route.pathParameters.reduce((url, p) => url.split(`{${p.name}}`).join(`example-${p.name}`), exampleUrl),
    method,
    body: body
      ? {
          contentType: body.contentType,
          required: body.required,
          description: body.description ?? '',
          example: bodyExample === undefined ? null : !isJson(body.contentType) && typeof bodyExample === 'string' ? bodyExample : JSON.stringify(bodyExample, null, 2),
          exampleFence: isJson(body.contentType) ? 'json' : 'text',
          fields: fieldsOf(body.schema, model.schemas),
        }
      : null,
    pathParams: route.pathParameters.map((p) => ({ name: p.name, expression: p.expression, words: describeExpression(p.expression, route, model, triggerWords(route), false) })),
    queryParams: [...route.queryParameters.map((p) => ({ name: p.name, description: `${describeExpression(p.expression, route, model, triggerWords(route), false)} (\`${p.expression}\`)` })), ...o.parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, description: p.description ?? '' }))],
    headerParams: o.parameters.filter((p) => p.in === 'header').map((p) => ({ name: p.name, required: p.required, description: p.description ?? '' })),
    responses,
    types,
    handlerSnippet,
    /** The body of a test request, as a TypeScript expression. */
    testBody: testBodyExpression(body?.contentType, bodyExample),
  };
}

export type RouteReadme = ReturnType<typeof describeRouteForReadme>;

/** `[`a`](#a)`, `[`a`](#a) and [`b`](#b)`: links to the other sections. */
function sharedWords(events: readonly string[]): string {
  const links = events.map((e) => `[\`${e}\`](#${e})`);
  return links.length <= 2 ? links.join(' and ') : `${links.slice(0, -1).join(', ')} and ${links.at(-1)}`;
}

/** The top-level fields of a body schema, for a table: name, type, required, description. */
function fieldsOf(schema: JsonSchema | undefined, components: Readonly<Record<string, JsonSchema>>): { name: string; type: string; required: string; description: string }[] {
  const resolved = resolve(schema, components);
  if (resolved === undefined || resolved.properties === undefined) return [];
  const required = new Set(Array.isArray(resolved.required) ? (resolved.required as string[]) : []);
  return Object.entries(resolved.properties as Record<string, JsonSchema>).map(([name, property]) => ({
    name,
    type: typeName(property),
    required: required.has(name) ? 'yes' : 'no',
    description: (typeof property === 'object' && typeof property.description === 'string' ? property.description : (resolve(property, components)?.description as string | undefined) ?? '').replace(/\n/g, ' ').replace(/\|/g, '\\|'),
  }));
}

function resolve(schema: JsonSchema | undefined, components: Readonly<Record<string, JsonSchema>>): Record<string, unknown> | undefined {
  for (let depth = 0; depth < 8 && typeof schema === 'object'; depth++) {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema as Record<string, unknown>;
    schema = ref.startsWith(componentsPrefix) ? components[decodeURIComponent(ref.slice(componentsPrefix.length))] : undefined;
  }
  return undefined;
}

function typeName(schema: JsonSchema): string {
  if (typeof schema !== 'object') return schema ? 'any' : 'never';
  if (typeof schema.$ref === 'string') return schema.$ref.startsWith(componentsPrefix) ? decodeURIComponent(schema.$ref.slice(componentsPrefix.length)) : 'object';
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) return options.map((o) => typeName(o as JsonSchema)).join(' \\| ');
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : [];
  const named = types.map((t) => {
    if (t === 'array') return `array of ${schema.items === undefined ? 'any' : typeName(schema.items as JsonSchema)}`;
    if (t === 'string' && typeof schema.format === 'string') return `string (${schema.format})`;
    return t;
  });
  return named.join(' \\| ') || 'any';
}

/** `{ status: 200, body: { ok: true } }`: what a handler returns for a documented response. */
function replyLiteral(status: string, example: unknown): string {
  const code = /^\d+$/.test(status) ? status : status === 'default' ? '200' : `${status[0]}00`;
  return example === undefined ? `{ status: ${code} }` : `{ status: ${code}, body: ${jsLiteral(example)} }`;
}

/** A value as a one-line JavaScript literal, keys bare where they can be. */
export function jsLiteral(value: unknown): string {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? quoteJs(value) : JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(jsLiteral).join(', ')}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${identifier.test(k) ? k : quoteJs(k)}: ${jsLiteral(v)}`).join(', ')} }`;
}

function quoteJs(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function testBodyExpression(contentType: string | undefined, example: unknown): string {
  if (contentType === undefined) return "''";
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (isJson(type)) return `JSON.stringify(${jsLiteral(example ?? null)})`;
  if (type === 'application/x-www-form-urlencoded' && typeof example === 'object' && example !== null) {
    return quoteJs(new URLSearchParams(Object.entries(example).map(([k, v]): [string, string] => [k, String(v)])).toString());
  }
  return quoteJs(typeof example === 'string' ? example : 'example');
}

function isJson(contentType: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

function triggerWords(route: ReceiverRoute): string {
  return route.trigger ? `the \`${route.trigger.method.toUpperCase()} ${route.trigger.path}\` request` : 'the request';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
