/**
 * The server-fastify template's view: for each operation, its TypeScript types (as index types into
 * openapi-typescript's output), its Fastify route schema (self-contained JSON Schema), and its
 * callbacks as runtime specs. Templates only print what is prepared here.
 */
import { camelWords, pascalWords, type JsonSchema, type OperationModel, type ReceiverRoute } from '@boomerang/core';

interface Input {
  readonly model: import('@boomerang/core').ApiModel;
  readonly routes: readonly ReceiverRoute[];
  readonly options: Readonly<Record<string, unknown>>;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const jsonType = /^application\/(.+\+)?json(;.*)?$/i;
/** Words that cannot name a `const` (an operationId such as `delete` is a fine property name, not a binding). */
const reserved = new Set(
  'arguments await break case catch class const continue debugger default delete do else enum eval export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield'.split(' '),
);

export const helpers = {};

/** The `$id` under which the API's named schemas are shared with Fastify's validator and serializer. */
const componentsId = 'boomerang-components';

/** A route schema's references, made absolute: they point into the shared components document. */
function shared(schema: JsonSchema): JsonSchema {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) =>
        key === '$ref' && typeof child === 'string' && child.startsWith('#/components/') ? [key, `${componentsId}${child}`] : [key, rewrite(child)],
      ),
    );
  };
  return rewrite(schema) as JsonSchema;
}

export function prepare(input: Input) {
  const { model } = input;
  const names = uniqueNames(model.operations.map((op) => bindingName(op.operationId)));
  const typeNames = uniqueNames(model.operations.map((op) => typeNameOf(op.operationId)));
  const operations = model.operations.map((op, i) => operationView(op, input.routes, names[i]!, typeNames[i]!));
  const hasComponents = Object.keys(model.schemas).length > 0;
  const webhooks = input.routes.filter((route) => route.kind === 'webhook').map((route) => deliveryView(route));
  const mediaTypes = [...new Set(model.operations.flatMap((op) => (op.requestBody ? [essence(op.requestBody.contentType)] : [])))].sort();
  return {
    title: model.info.title,
    runtime: String(input.options.runtime ?? '@boomerang/runtime'),
    operations,
    hasCallbacks: operations.some((op) => op.hasCallbacks),
    webhooks,
    hasWebhooks: webhooks.length > 0,
    /** Callbacks or webhooks: the receiver's types are needed. */
    hasDeliveries: webhooks.length > 0 || operations.some((op) => op.hasCallbacks),
    hasComponents,
    componentsId,
    components: JSON.stringify({ $id: componentsId, components: { schemas: model.schemas } }, null, 2),
    mediaTypes: `[${mediaTypes.map((m) => JSON.stringify(m)).join(", ")}]`,
  };
}

/** `type/subtype`, lower case, without parameters. */
function essence(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** Bodies parsed into what their schema describes (JSON values, form fields, text); bytes are not validated. */
function validatedBody(contentType: string): boolean {
  const mediaType = essence(contentType);
  return jsonType.test(mediaType) || mediaType === 'application/x-www-form-urlencoded' || mediaType.startsWith('text/');
}

/** The `const` an operation's handler is bound to: the operationId when it can be one (`get-board` → `getBoard`). */
function bindingName(operationId: string): string {
  const name = identifier.test(operationId) ? operationId : camelWords(operationId);
  if (name === '' || /^[0-9]/.test(name)) return `op${pascalWords(name)}`;
  return reserved.has(name) ? `${name}Handler` : name;
}

function typeNameOf(operationId: string): string {
  const name = pascalWords(operationId);
  return /^[A-Za-z_$]/.test(name) ? name : `Op${name}`;
}

/** Names that would collide (`get-board` and `getBoard`) get a number, in definition order. */
function uniqueNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name}${n}`;
    taken.add(unique);
    return unique;
  });
}

function operationView(op: OperationModel, routes: readonly ReceiverRoute[], name: string, typeName: string) {
  const ref = `operations[${JSON.stringify(op.operationId)}]`;
  const locations = [
    ['params', 'path', 'params'],
    ['query', 'query', 'querystring'],
    ['headers', 'header', 'headers'],
  ] as const;
  const parts = locations.map(([name, location, fastifyPart]) => {
    const params = op.parameters.filter((p) => p.in === location);
    const schema = params.length === 0 ? undefined : shared({
      type: 'object',
      properties: Object.fromEntries(params.map((p) => [location === 'header' ? p.name.toLowerCase() : p.name, p.schema])),
      ...(params.some((p) => p.required) ? { required: params.filter((p) => p.required).map((p) => (location === 'header' ? p.name.toLowerCase() : p.name)) } : {}),
    });
    return { name, fastifyPart, has: params.length > 0, type: params.length > 0 ? `NonNullable<${ref}["parameters"][${JSON.stringify(location)}]>` : 'Record<string, never>', schema };
  });
  const body = op.requestBody;
  const bodyType = body ? `${body.required ? '' : 'NonNullable<'}${ref}["requestBody"]${body.required ? '' : '>'}["content"][${JSON.stringify(body.contentType)}]` : 'undefined';
  const routeSchema: Record<string, unknown> = {};
  for (const part of parts) if (part.schema) routeSchema[part.fastifyPart] = part.schema;
  // Keyed by media type, so that the validator applies that media type's coercion rules (see useJsonSchema2020).
  // A required JSON body is not keyed (an unkeyed body schema is taken for JSON): Fastify then need not parse
  // the request's content type to find the validator, and checkRequestContent has refused any other media
  // type, and no body, already. (An unkeyed schema would also be applied to an absent optional body.)
  if (body?.schema !== undefined && validatedBody(body.contentType)) {
    const mediaType = essence(body.contentType);
    routeSchema.body = body.required && jsonType.test(mediaType) ? shared(body.schema) : { content: { [mediaType]: { schema: shared(body.schema) } } };
  }
  // Each status has one media type, so its schema is given as it is, not keyed by media type: Fastify then
  // finds the serializer by status alone, without parsing the reply's content type on every reply.
  const response: Record<string, unknown> = {};
  for (const r of op.responses) {
    if (r.body?.schema !== undefined && jsonType.test(r.body.contentType)) response[r.status.toLowerCase()] = shared(r.body.schema);
  }
  if (Object.keys(response).length > 0) routeSchema.response = response;

  const replies = op.responses.map((r) => ({
    status: /^\d+$/.test(r.status) ? r.status : 'number',
    type: r.body
      ? `{ readonly status: ${/^\d+$/.test(r.status) ? r.status : 'number'}; readonly body: ${ref}["responses"][${/^\d+$/.test(r.status) ? r.status : JSON.stringify(r.status)}]["content"][${JSON.stringify(r.body.contentType)}]; readonly headers?: Readonly<Record<string, string>> }`
      : `{ readonly status: ${/^\d+$/.test(r.status) ? r.status : 'number'}; readonly body?: undefined; readonly headers?: Readonly<Record<string, string>> }`,
    contentType: r.body?.contentType ?? null,
  }));

  // The reply's media type, chosen by status: exact codes, then ranges, then default (responses are sorted so).
  const typeLines = op.responses.map((r, i) => {
    const action = r.body ? `reply.type(${JSON.stringify(r.body.contentType)});` : '{ /* no body */ }';
    const condition = /^\d+$/.test(r.status)
      ? `result.status === ${r.status}`
      : r.status === 'default'
        ? undefined
        : `result.status >= ${r.status[0]}00 && result.status <= ${r.status[0]}99`;
    const keyword = i === 0 ? 'if' : 'else if';
    return condition === undefined ? (i === 0 ? action : `else ${action}`) : `${keyword} (${condition}) ${action}`;
  });
  const contentTypeCode = op.responses.some((r) => r.body) ? typeLines : [];

  const callbacks = routes
    .filter((route) => route.kind === 'callback' && route.trigger?.operationId === op.operationId)
    .map((route) => deliveryView(route));

  const prop = identifier.test(op.operationId) ? op.operationId : JSON.stringify(op.operationId);
  return {
    operationId: op.operationId,
    prop,
    /** `.create_invoice`, or `["get-board"]` where the operationId is not an identifier. */
    member: identifier.test(op.operationId) ? `.${op.operationId}` : `[${prop}]`,
    name,
    file: op.operationId.replace(/[^A-Za-z0-9_.-]/g, '_'),
    typeName,
    method: op.method.toUpperCase(),
    path: op.path,
    url: op.path.replace(/\{([^}]+)\}/g, ':$1'),
    summary: op.summary ?? '',
    params: parts[0]!,
    query: parts[1]!,
    headers: parts[2]!,
    body: { has: body !== undefined, type: bodyType, contentType: body?.contentType ?? null },
    label: JSON.stringify(`${op.method.toUpperCase()} ${op.path}`),
    bodySpec: body ? `{ mediaType: ${JSON.stringify(body.contentType)}, required: ${body.required} }` : 'undefined',
    replies,
    contentTypeCode,
    routeSchema: JSON.stringify(routeSchema, null, 2),
    callbacks,
    hasCallbacks: callbacks.length > 0,
  };
}

/**
 * A callback's or webhook's runtime spec (a webhook's has no URL: its subscriptions give those); its
 * schemas keep `#/components/...` references, resolved against `components`.
 */
function deliveryView(route: ReceiverRoute) {
  const o = route.operation;
  const ref = `receiverOperations[${JSON.stringify(route.event)}]`;
  const body = o.requestBody;
  const spec = {
    event: route.event,
    method: route.method,
    ...(route.kind === 'callback' ? { url: route.expression } : {}),
    contentType: body?.contentType ?? 'application/json',
    ...(body?.schema !== undefined ? { bodySchema: body.schema } : {}),
    responses: Object.fromEntries(o.responses.map((r) => [r.status, r.body?.schema !== undefined ? r.body.schema : null])),
  };
  const replies = o.responses.map((r) => {
    const status = /^\d+$/.test(r.status) ? r.status : 'number';
    const key = /^\d+$/.test(r.status) ? r.status : JSON.stringify(r.status);
    return r.body
      ? `{ readonly status: ${status}; readonly body: ${ref}["responses"][${key}]["content"][${JSON.stringify(r.body.contentType)}] }`
      : `{ readonly status: ${status}; readonly body: unknown }`;
  });
  return {
    event: route.event,
    prop: identifier.test(route.event) ? route.event : JSON.stringify(route.event),
    member: identifier.test(route.event) ? `.${route.event}` : `[${JSON.stringify(route.event)}]`,
    method: route.method.toUpperCase(),
    expression: route.expression ?? '',
    bodyType: body ? `${body.required ? '' : 'NonNullable<'}${ref}["requestBody"]${body.required ? '' : '>'}["content"][${JSON.stringify(body.contentType)}]` : 'undefined',
    replyType: replies.join(' | ') || 'never',
    spec: JSON.stringify(spec, null, 2),
  };
}
