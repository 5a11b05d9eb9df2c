/**
 * A callback's URL expression in words, for the README: where the base URL comes from, the path the
 * receiver routes on, and what each path or query value is, e.g. "the URL given in the `callback_url`
 * query parameter of the `POST /invoices/` request, followed by `/invoices/{id}`, where `{id}` is the
 * `id` of the Invoice in that request's body".
 */
import type { ApiModel, JsonSchema, ReceiverRoute } from '@boomerang/core';

const componentsPrefix = '#/components/schemas/';

/** The sentence for a callback route; webhooks are sent to a URL registered out of band. */
export function describeCallbackUrl(route: ReceiverRoute, model: ApiModel): string {
  const trigger = route.trigger!;
  const request = `the \`${trigger.method.toUpperCase()} ${trigger.path}\` request`;
  const base = route.base === undefined ? undefined : describeExpression(route.base, route, model, request, true);
  const parts = [base === undefined ? `the path \`${route.path}\` of your server` : `${base}, followed by \`${route.path}\``];
  const values = [
    ...route.pathParameters.map((p) => `\`{${p.name}}\` is ${describeExpression(p.expression, route, model, request, false)}`),
    ...route.queryParameters.map((p) => `the query parameter \`${p.name}\` is ${describeExpression(p.expression, route, model, request, false)}`),
  ];
  if (values.length > 0) parts.push(`where ${joinWords(values)}`);
  return parts.join(', ');
}

/** `$request.query.callback_url` → "the URL given in the `callback_url` query parameter of <request>". */
export function describeExpression(expression: string, route: ReceiverRoute, model: ApiModel, request: string, isUrl: boolean): string {
  const given = isUrl ? 'the URL given in ' : '';
  const field = (source: string, name: string) => `${given}the \`${name}\` ${source} of ${request}`;
  let m: RegExpExecArray | null;
  if ((m = /^\$request\.query\.(.+)$/.exec(expression))) return field('query parameter', m[1]!);
  if ((m = /^\$request\.header\.(.+)$/.exec(expression))) return field('header', m[1]!);
  if ((m = /^\$request\.path\.(.+)$/.exec(expression))) return field('path parameter', m[1]!);
  if ((m = /^\$response\.header\.(.+)$/.exec(expression))) return `${given}the \`${m[1]}\` header of the response to ${request}`;
  if ((m = /^\$(request|response)\.body(?:#(.*))?$/.exec(expression))) {
    const pointer = m[2] ?? '';
    const fieldPath = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
    const noun = bodyNoun(m[1] as 'request' | 'response', route, model);
    const where = m[1] === 'request' ? `in that request's body` : `in the body of the response to ${request}`;
    if (fieldPath === '') return `${given}the whole body of ${m[1] === 'request' ? 'that request' : `the response to ${request}`}`;
    return noun === undefined ? `${given}the \`${fieldPath}\` ${where}` : `${given}the \`${fieldPath}\` of the ${noun} ${where}`;
  }
  if (expression === '$url') return `the URL of ${request}`;
  if (expression === '$method') return `the method of ${request}`;
  if (expression === '$statusCode') return `the status code of the response to ${request}`;
  return isUrl ? `\`${expression}\`` : `\`${expression}\``;
}

/** The named schema of the trigger's request (or first 2xx response) body: "Invoice". */
function bodyNoun(side: 'request' | 'response', route: ReceiverRoute, model: ApiModel): string | undefined {
  const operation = model.operations.find((op) => op.operationId === route.trigger?.operationId);
  const schema: JsonSchema | undefined = side === 'request' ? operation?.requestBody?.schema : operation?.responses.find((r) => r.status.startsWith('2'))?.body?.schema;
  const ref = typeof schema === 'object' ? (schema as { $ref?: unknown }).$ref : undefined;
  return typeof ref === 'string' && ref.startsWith(componentsPrefix) ? decodeURIComponent(ref.slice(componentsPrefix.length)) : undefined;
}

function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
