/**
 * What every server target generates from, whatever its framework: for each operation, its names in
 * generated code, its TypeScript types (as index types into openapi-typescript's output), its request
 * parts' JSON Schemas (with `#/components/...` references), its replies, and its callbacks as runtime
 * specs; and the API's webhooks. A target's `prepare()` adds what only its framework needs (Fastify's
 * route schemas, say) and its templates print the rest as it is.
 */
import { camelWords, pascalWords } from '../build/operation-id.ts';
import type { ApiModel, JsonSchema, OperationModel, ParameterModel } from '../model.ts';
import type { ReceiverRoute } from '../receiver/receiver-routes.ts';
import { parameterStylesKey, styledParameters } from './parameter-styles.ts';

export interface ServerViewInput {
  readonly model: ApiModel;
  readonly routes: readonly ReceiverRoute[];
  readonly options: Readonly<Record<string, unknown>>;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const jsonType = /^application\/(.+\+)?json(;.*)?$/i;
/** Words that cannot name a `const` (an operationId such as `delete` is a fine property name, not a binding). */
const reserved = new Set(
  'arguments await break case catch class const continue debugger default delete do else enum eval export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield'.split(' '),
);

export function buildServerView(input: ServerViewInput) {
  const { model } = input;
  const names = uniqueNames(model.operations.map((op) => bindingName(op.operationId)));
  const typeNames = uniqueNames(model.operations.map((op) => typeNameOf(op.operationId)));
  const operations = model.operations.map((op, i) => operationView(op, input.routes, names[i]!, typeNames[i]!, model.schemas));
  const webhooks = input.routes.filter((route) => route.kind === 'webhook').map((route) => deliveryView(route));
  return {
    title: model.info.title,
    runtime: String(input.options.runtime ?? '@boomerang/runtime'),
    operations,
    hasCallbacks: operations.some((op) => op.hasCallbacks),
    webhooks,
    hasWebhooks: webhooks.length > 0,
    /** Callbacks or webhooks: the receiver's types are needed. */
    hasDeliveries: webhooks.length > 0 || operations.some((op) => op.hasCallbacks),
    hasComponents: Object.keys(model.schemas).length > 0,
  };
}

export type ServerView = ReturnType<typeof buildServerView>;
export type ServerOperationView = ServerView['operations'][number];

/** `type/subtype`, lower case, without parameters. */
export function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** `application/json` or a `+json` type (parameters allowed). */
export function isJsonContentType(contentType: string): boolean {
  return jsonType.test(contentType);
}

/** Bodies parsed into what their schema describes (JSON values, form fields, text); bytes are not validated. */
function validatedBody(contentType: string): boolean {
  const mediaType = mediaTypeOf(contentType);
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

/**
 * The object schema of one request part's parameters (header names lower case, as requests carry them),
 * with the parameters to parse by their style first, where there are any (see `styledParameters`).
 */
function partSchema(params: readonly ParameterModel[], location: ParameterModel['in'], schemas: Readonly<Record<string, JsonSchema>>): JsonSchema {
  const key = (p: ParameterModel) => (location === 'header' ? p.name.toLowerCase() : p.name);
  const styled = styledParameters(params, schemas);
  return {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [key(p), p.schema])),
    ...(params.some((p) => p.required) ? { required: params.filter((p) => p.required).map(key) } : {}),
    ...(styled.length > 0 ? { [parameterStylesKey]: styled } : {}),
  };
}

function operationView(op: OperationModel, routes: readonly ReceiverRoute[], name: string, typeName: string, schemas: Readonly<Record<string, JsonSchema>>) {
  const ref = `operations[${JSON.stringify(op.operationId)}]`;
  const locations = [
    ['params', 'path'],
    ['query', 'query'],
    ['headers', 'header'],
  ] as const;
  const parts = locations.map(([name, location]) => {
    const params = op.parameters.filter((p) => p.in === location);
    const declared = `NonNullable<${ref}["parameters"][${JSON.stringify(location)}]>`;
    // Node gives a handler its headers by lower-case name: `X-Request-Id` is `headers['x-request-id']`.
    const lowerCased = location === 'header' && params.some((p) => p.name !== p.name.toLowerCase());
    return {
      name,
      has: params.length > 0,
      type: params.length === 0 ? 'Record<string, never>' : lowerCased ? `{ readonly [K in keyof ${declared} as Lowercase<K & string>]: ${declared}[K] }` : declared,
      /** The part's JSON Schema; undefined when the operation declares no parameter there. */
      schema: params.length === 0 ? undefined : partSchema(params, location, schemas),
    };
  });
  const body = op.requestBody;
  const bodyType = body ? `${body.required ? '' : 'NonNullable<'}${ref}["requestBody"]${body.required ? '' : '>'}["content"][${JSON.stringify(body.contentType)}]` : 'undefined';

  const replies = op.responses.map((r) => ({
    status: /^\d+$/.test(r.status) ? r.status : 'number',
    type: r.body
      ? `{ readonly status: ${/^\d+$/.test(r.status) ? r.status : 'number'}; readonly body: ${ref}["responses"][${/^\d+$/.test(r.status) ? r.status : JSON.stringify(r.status)}]["content"][${JSON.stringify(r.body.contentType)}]; readonly headers?: Readonly<Record<string, string>> }`
      : `{ readonly status: ${/^\d+$/.test(r.status) ? r.status : 'number'}; readonly body?: undefined; readonly headers?: Readonly<Record<string, string>> }`,
    contentType: r.body?.contentType ?? null,
  }));

  const callbacks = routes
    .filter((route) => route.kind === 'callback' && (route.triggers ?? [route.trigger]).some((t) => t?.operationId === op.operationId))
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
    /** The path with `:name` parameters, as Fastify's and Hono's routers write them. */
    url: op.path.replace(/\{([^}]+)\}/g, ':$1'),
    summary: op.summary ?? '',
    params: parts[0]!,
    query: parts[1]!,
    headers: parts[2]!,
    body: {
      has: body !== undefined,
      type: bodyType,
      contentType: body?.contentType ?? null,
      /** The body's schema where it is validated (JSON, form fields, text: what is parsed into what the schema describes). */
      schema: body?.schema !== undefined && validatedBody(body.contentType) ? body.schema : undefined,
      required: body?.required ?? false,
    },
    label: JSON.stringify(`${op.method.toUpperCase()} ${op.path}`),
    bodySpec: body ? `{ mediaType: ${JSON.stringify(body.contentType)}, required: ${body.required} }` : 'undefined',
    replies,
    callbacks,
    hasCallbacks: callbacks.length > 0,
  };
}

/**
 * A callback's or webhook's runtime spec (a webhook's has no URL: its subscriptions give those); its
 * schemas keep `#/components/...` references, resolved against the API's components.
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
    // Only where it is not the default (signed, nothing else), so that specs of signed deliveries stay as they were.
    ...(route.auth.signed && route.auth.credentials.length === 0 ? {} : { auth: route.auth }),
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
