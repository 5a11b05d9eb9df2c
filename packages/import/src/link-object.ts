/**
 * Link Objects of a response → `links: { name: { operationId | operationRef, parameters,
 * requestBody, description, server, x-... } }`, each written in place (the definition has no reusable
 * links). The definition checks a link (BMR124-BMR126): a link to an operationId the document does
 * not have, a parameter that operation does not declare, or a runtime expression that reads what the
 * linking operation and response do not have, is reported here rather than carried over into a
 * definition that does not build.
 * https://spec.openapis.org/oas/v3.1.0#link-object
 */
import { parseExpressionTemplate, validateTemplateAgainstOperation, type OperationShape } from '@boomerang/core';
import { childPointer } from './findings.ts';
import { extensionsOf, isObject, peekReference, report, reportUnknownFields, resolvePointer, resolveReference, type ImportContext, type JsonObject } from './import-context.ts';

/** What a link of an operation's response may read of its request: its parameters and its request body's schema. */
export interface LinkOwner {
  readonly parameters: readonly { readonly name: string; readonly in: string }[];
  readonly requestBodySchema?: unknown;
}

/** The request and this response, as the runtime expressions of a link read them. */
export type LinkExchange = LinkOwner & { readonly responseBodySchemas: readonly unknown[]; readonly responseHeaderNames: readonly string[] };

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function linksObject(ctx: ImportContext, links: JsonObject, pointer: string, exchange: LinkExchange): JsonObject | undefined {
  const out: JsonObject = {};
  for (const [name, raw] of Object.entries(links)) {
    const resolved = resolveReference(ctx, raw, childPointer(pointer, name), 'link', 'the definition has no reusable links: each is written where it is used');
    const link = resolved ? linkObject(ctx, resolved.value, resolved.pointer, exchange) : undefined;
    if (link !== undefined) out[name] = link;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** https://spec.openapis.org/oas/v3.1.0#link-object */
function linkObject(ctx: ImportContext, link: JsonObject, pointer: string, exchange: LinkExchange): JsonObject | undefined {
  reportUnknownFields(ctx, link, pointer, ['operationRef', 'operationId', 'parameters', 'requestBody', 'description', 'server'], 'link', {}, true);
  const operationId = typeof link.operationId === 'string' ? link.operationId : undefined;
  const declared = operationId !== undefined ? ctx.operations.get(operationId) : undefined;
  if (operationId !== undefined && declared === undefined) {
    report(ctx, 'BMI020', pointer, `the link is not carried over: it names the operationId \`${operationId}\`, which no operation, callback or webhook of the document has, and the definition refuses such a link (BMR124).`);
    return undefined;
  }
  let parameters: JsonObject | undefined;
  if (isObject(link.parameters)) {
    parameters = {};
    for (const [name, value] of Object.entries(link.parameters)) {
      const known = declared === undefined || (/^(path|query|header|cookie)\./.test(name) ? declared.has(name.replace('.', ':')) : [...declared].some((d) => d.endsWith(`:${name}`)));
      const wrong = known ? expressionIssue(ctx, value, exchange) : undefined;
      if (known && wrong === undefined) parameters[name] = value;
      else report(ctx, 'BMI020', childPointer(pointer, 'parameters', name), `the link parameter \`${name}\` is not carried over: ${wrong ?? `\`${operationId}\` declares no such parameter`}, and the definition refuses it (${wrong ? 'BMR126' : 'BMR125'}).`);
    }
  }
  const bodyIssue = link.requestBody !== undefined ? expressionIssue(ctx, link.requestBody, exchange) : undefined;
  if (bodyIssue !== undefined) report(ctx, 'BMI020', childPointer(pointer, 'requestBody'), `the link's \`requestBody\` is not carried over: ${bodyIssue}, and the definition refuses it (BMR126).`);
  return {
    ...(typeof link.operationRef === 'string' ? { operationRef: link.operationRef } : {}),
    ...(operationId !== undefined ? { operationId } : {}),
    ...(parameters !== undefined && Object.keys(parameters).length > 0 ? { parameters } : {}),
    ...(link.requestBody !== undefined && bodyIssue === undefined ? { requestBody: link.requestBody } : {}),
    ...(typeof link.description === 'string' ? { description: link.description } : {}),
    ...(isObject(link.server) ? { server: link.server } : {}),
    ...extensionsOf(link),
  };
}

/**
 * What is wrong with a link value that is a runtime expression (`$response.body#/id`) or holds some
 * (`{$request.path.id}`), as the definition checks it; undefined for a constant or a sound expression.
 */
function expressionIssue(ctx: ImportContext, value: unknown, exchange: LinkExchange): string | undefined {
  if (typeof value !== 'string' || (!value.startsWith('$') && !value.includes('{$'))) return undefined;
  const parsed = parseExpressionTemplate(value.startsWith('$') ? `{${value}}` : value);
  if (!parsed.ok) return `\`${value}\` is not a runtime expression (${parsed.issues.map((i) => i.message).join('; ')})`;
  const shape = {
    ...exchange,
    ...(exchange.requestBodySchema !== undefined ? { requestBodySchema: exchange.requestBodySchema } : {}),
    resolveRef: (ref: string) => resolvePointer(ctx.document, ref),
  } as unknown as OperationShape;
  const issues = validateTemplateAgainstOperation(parsed.value, shape);
  return issues.length > 0 ? `\`${value}\`: ${issues.map((i) => i.message).join('; ')}` : undefined;
}

/**
 * Each operationId of the document (operations, callbacks and webhooks, reusable ones included) →
 * the parameters its operation declares, its path item's with them, as `in:name`.
 */
export function documentOperations(document: JsonObject): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const params = (list: unknown) =>
    (Array.isArray(list) ? list : []).flatMap((p) => {
      const value = peekReference(document, p);
      return value !== undefined ? [`${String(value.in)}:${String(value.name)}`] : [];
    });
  const visitItem = (raw: unknown, depth: number) => {
    const item = peekReference(document, raw);
    if (item === undefined || depth > 4) return;
    for (const method of methods) {
      const op = item[method];
      if (!isObject(op)) continue;
      if (typeof op.operationId === 'string') out.set(op.operationId, new Set([...params(item.parameters), ...params(op.parameters)]));
      if (isObject(op.callbacks)) for (const cb of Object.values(op.callbacks)) visitMap(peekReference(document, cb), depth + 1);
    }
  };
  const visitMap = (map: unknown, depth: number) => {
    if (isObject(map)) for (const [key, item] of Object.entries(map)) if (!key.startsWith('x-')) visitItem(item, depth);
  };
  visitMap(document.paths, 0);
  visitMap(document.webhooks, 0);
  visitMap(document['x-webhooks'], 0);
  const components = isObject(document.components) ? document.components : {};
  if (isObject(components.callbacks)) for (const cb of Object.values(components.callbacks)) visitMap(cb, 1);
  visitMap(components.pathItems, 1);
  return out;
}
