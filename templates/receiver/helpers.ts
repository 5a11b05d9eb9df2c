/**
 * The receiver template's view: for each callback and webhook (a receiver route), its handler types
 * (index types into openapi-typescript's output for the receiver document), its run-time route spec,
 * its validators (Ajv standalone code, compiled here), and its README section. Templates only print
 * what is prepared here.
 */
import { CodegenError } from '@boomerang/codegen';
import { pascalWords, type ApiModel, type JsonSchema, type ReceiverRoute } from '@boomerang/core';
import { suffixAmbiguities, webhookFallbackPath } from './runtime/router.ts';
import { buildPackageJson, packageOptions, tsconfigJson } from './view/package-json.ts';
import { describeRouteForReadme, type RouteReadme } from './view/readme.ts';
import { compileValidators, type SchemaToCompile } from './view/validators.ts';
import { routeExample } from './view/examples.ts';
import { clientExportNames, clientView, mediaType } from './view/client.ts';

interface Input {
  readonly model: ApiModel;
  readonly routes: readonly ReceiverRoute[];
  readonly options: Readonly<Record<string, unknown>>;
}

type BodyFormat = 'json' | 'form' | 'text' | 'bytes';

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Headers the receiver itself reads; a parameter of the same name is not validated again. */
const managedHeaders = new Set(['boomerang-event', 'webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type', 'content-length']);

export const helpers = {};

export function prepare(input: Input) {
  const { model } = input;
  checkRoutable(input.routes);
  const pkg = packageOptions(model, input.options);
  const { routes, schemas } = routeViews(input.routes);
  const validators = compileValidators(schemas, model.schemas);
  const exportedTypes = routes.flatMap((r) => [r.types.body, r.types.params, r.types.query, r.types.context, r.types.reply, r.types.handler]);
  const aliases = schemaAliases(model, input.routes, new Set([...exportedTypes, ...reservedNames, ...clientExportNames]));
  const readmeRoutes: RouteReadme[] = input.routes.map((route, index) => describeRouteForReadme(route, model, routes[index]!.types));
  return {
    title: model.info.title,
    version: model.info.version,
    packageName: pkg.name,
    packageJson: buildPackageJson(model, pkg),
    tsconfig: tsconfigJson(),
    routes,
    // Without a signed event, no secret is needed: ReceiverOptions makes it optional.
    settingsType: input.routes.some((r) => r.auth.signed) ? 'ReceiverSettings' : "Omit<ReceiverSettings, 'secret'>, Partial<Pick<ReceiverSettings, 'secret'>>",
    events: routes.map((r) => r.event),
    eventsLiteral: `[${routes.map((r) => JSON.stringify(r.event)).join(', ')}]`,
    validators: {
      code: validators.code,
      // The module is JavaScript that TypeScript never reads (validators.d.ts types it): it names ajv-runtime by its built file.
      runtimeImport: validators.imports.length > 0 ? `import { ${validators.imports.join(', ')} } from './ajv-runtime.js';` : '',
      names: validators.names,
      any: validators.names.length > 0,
    },
    typeExports: [...exportedTypes, ...aliases.map((a) => a.name), 'Handlers'].join(',\n  '),
    aliases,
    readme: { ...readmeView(model, pkg.name, readmeRoutes), security: securityView(input.routes) },
    // The API's client (client.ts), and its README section.
    client: clientView(model),
    // The test kit's and trigger's example of each event (examples.ts).
    examples: input.routes.map((route, index) => ({ prop: routes[index]!.prop, literal: JSON.stringify(routeExample(route, model)) })),
  };
}

/** Each route's view, and the schemas of the validators the views name (compiled together by compileValidators). */
export function routeViews(routes: readonly ReceiverRoute[]) {
  const typeNames = uniqueTypeNames(routes);
  const schemas: SchemaToCompile[] = [];
  return { routes: routes.map((route, index) => routeView(route, index, typeNames[index]!, schemas)), schemas };
}

/** Names index.ts exports besides the per-event types; a schema alias must not take one. */
const reservedNames = ['Handlers', 'Receiver', 'ReceiverOptions', 'ReceiverSettings', 'ReceiverRequest', 'ReceiverResponse', 'HandlerContext', 'HandlerReply', 'RequestIssue', 'ErrorInfo', 'ErrorStage', 'NodeListener', 'NodeRequest', 'NodeResponse', 'FetchHandler', 'ProblemDetails', 'ValidationIssue', 'SignInput', 'components', 'operations', 'paths', 'webhooks', 'events', 'createReceiver', 'signWebhook', 'ReceivedEvent', 'EventBodies', 'EventName', 'verify', 'unwrap', 'Refusal', 'RefusalReason', 'VerifyOptions', 'VerifyOutcome', 'IncomingHeaders', 'WebhookVerificationError', 'createTestDelivery', 'testSecret', 'TestDelivery', 'TestDeliveryOptions', 'examples'];

/**
 * Core already rejects two routes with one event (BMR090); callbacks of one method and path share a
 * route, told apart by the event header (BMR091). Routing on the END of the path can also confuse routes
 * whose templates differ, e.g. `/{id}` and `/invoices/{id}`: that is a generation error here, not a
 * guess at run time.
 */
function checkRoutable(routes: readonly ReceiverRoute[]): void {
  const patterns = routes.map((route) => ({ kind: route.kind, event: route.event, name: route.name, method: route.method.toUpperCase(), ...(route.path !== undefined ? { path: route.path } : {}) }));
  const pairs = suffixAmbiguities(patterns);
  if (pairs.length === 0) return;
  const describe = (r: (typeof patterns)[number]) => (r.kind === 'callback' ? `callback ${r.event} (${r.method} …${r.path})` : `webhook ${r.event} (${r.method} …${webhookFallbackPath(r.name)})`);
  throw new CodegenError(
    `the receiver cannot route by URL alone: ${pairs.map(({ routes: [a, b], example }) => `${describe(a)} and ${describe(b)} both match a request path ending in ${example}`).join('; ')}.`,
    'Without the boomerang-event header, the receiver routes on the end of the request path (the base URL before it is the receiver\'s own), so two callbacks of one method need paths that cannot end the same way: end each with its own literal segment, e.g. `{$request.query.callback_url}/invoices/{$request.body#/id}/paid` and `{$request.query.callback_url}/refunds/{$request.body#/id}/issued`.',
  );
}

/** PascalCase type names per route, made unique (`InvoiceNotification`, `NewSubscription`). */
function uniqueTypeNames(routes: readonly ReceiverRoute[]): string[] {
  const used = new Set<string>();
  return routes.map((route) => {
    const base = pascalWords(route.event).replace(/^[^A-Za-z_$]/, '_$&') || 'Event';
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}${n}`;
    used.add(name);
    return name;
  });
}

function bodyFormat(contentType: string): BodyFormat {
  const type = mediaType(contentType);
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type.startsWith('text/')) return 'text';
  return 'bytes';
}

function routeView(route: ReceiverRoute, index: number, typeName: string, schemas: SchemaToCompile[]) {
  const o = route.operation;
  const ref = `operations[${JSON.stringify(route.event)}]`;
  const owner = `${route.kind} ${route.event}`;
  const validator = (suffix: string, schema: JsonSchema, coerce: boolean, what: string): string => {
    const name = `route${index}${suffix}`;
    schemas.push({ name, schema, coerce, owner: `${owner} (${what})` });
    return name;
  };

  // Parameters: the values the URL expression puts in the path (strings) and query, and declared ones.
  const queryParams = [
    ...route.queryParameters.map((p) => ({ name: p.name, required: false, schema: { type: 'string' } as JsonSchema })),
    ...o.parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required, schema: p.schema })),
  ];
  const headerParams = o.parameters.filter((p) => p.in === 'header' && !managedHeaders.has(p.name.toLowerCase())).map((p) => ({ name: p.name.toLowerCase(), required: p.required, schema: p.schema }));
  const objectSchema = (params: readonly { name: string; required: boolean; schema: JsonSchema }[]): JsonSchema => ({
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
    ...(params.some((p) => p.required) ? { required: params.filter((p) => p.required).map((p) => p.name) } : {}),
  });
  const queryValidator = queryParams.length > 0 ? validator('Query', objectSchema(queryParams), true, 'query parameters') : undefined;
  const headersValidator = headerParams.length > 0 ? validator('Headers', objectSchema(headerParams), true, 'headers') : undefined;

  const body = o.requestBody;
  const format = body ? bodyFormat(body.contentType) : undefined;
  const bodyValidator = body?.schema !== undefined && (format === 'json' || format === 'form' || format === 'text') ? validator('Body', body.schema, format === 'form', 'request body') : undefined;

  const responses = o.responses.map((r) => {
    const statusName = /^\d+$/.test(r.status) ? r.status : r.status === 'default' ? 'Default' : r.status.toUpperCase();
    const responseFormat = r.body ? bodyFormat(r.body.contentType) : undefined;
    const responseValidator = r.body?.schema !== undefined && responseFormat === 'json' ? validator(`Response${statusName}`, r.body.schema, false, `${r.status} response`) : undefined;
    return { status: r.status, body: r.body, format: responseFormat, validator: responseValidator };
  });

  // The run-time spec (routes.ts).
  const lines = [
    `kind: ${JSON.stringify(route.kind)},`,
    `event: ${JSON.stringify(route.event)},`,
    `name: ${JSON.stringify(route.name)},`,
    `method: ${JSON.stringify(route.method.toUpperCase())},`,
    ...(route.path !== undefined ? [`path: ${JSON.stringify(route.path)},`] : []),
    ...(body
      ? [`body: { contentType: ${JSON.stringify(body.contentType)}, format: ${JSON.stringify(format)}, required: ${body.required}${bodyValidator ? `, validate: validators.${bodyValidator}` : ''} },`]
      : []),
    ...(queryValidator ? [`query: validators.${queryValidator},`] : []),
    ...(headersValidator ? [`headers: validators.${headersValidator},`] : []),
    // Only where it is not the default (signed, nothing else): such routes are as they always were.
    ...(route.auth.signed && route.auth.credentials.length === 0 ? [] : [`auth: ${JSON.stringify(route.auth)},`]),
    'responses: {',
    ...responses.map((r) =>
      r.body
        ? `  ${JSON.stringify(r.status)}: { contentType: ${JSON.stringify(r.body.contentType)}, format: ${JSON.stringify(r.format)}${r.validator ? `, validate: validators.${r.validator}` : ''} },`
        : `  ${JSON.stringify(r.status)}: {},`,
    ),
    '},',
  ];
  const spec = `{\n${lines.map((l) => `  ${l}`).join('\n')}\n}`;

  // The handler's types (handlers.ts).
  const optional = (type: string) => (body?.required ? type : `${type} | undefined`);
  const requestBodyRef = body?.required ? `${ref}["requestBody"]` : `NonNullable<${ref}["requestBody"]>`;
  const contentRef = (ct: string) => `${requestBodyRef}["content"][${JSON.stringify(ct)}]`;
  const bodyType = !body ? 'undefined' : format === 'bytes' ? optional('Uint8Array') : format === 'text' ? optional('string') : optional(contentRef(body.contentType));
  const paramsType = route.pathParameters.length > 0 ? `${ref}["parameters"]["path"]` : 'Record<string, never>';
  const queryType = queryParams.length > 0 ? `NonNullable<${ref}["parameters"]["query"]>` : 'Readonly<Record<string, string | string[] | undefined>>';
  const replies = responses.map((r) => {
    const numeric = /^\d+$/.test(r.status);
    const status = numeric ? r.status : 'number';
    const key = numeric ? r.status : JSON.stringify(r.status);
    const headers = 'readonly headers?: Readonly<Record<string, string>>';
    if (!r.body) return `{ readonly status: ${status}; readonly body?: undefined; ${headers} }`;
    const bodyTs = r.format === 'json' || r.format === 'form' ? `${ref}["responses"][${key}]["content"][${JSON.stringify(r.body.contentType)}]` : r.format === 'text' ? 'string' : 'string | Uint8Array';
    return `{ readonly status: ${status}; readonly body: ${bodyTs}; ${headers} }`;
  });
  const types = {
    body: `${typeName}Body`,
    params: `${typeName}Params`,
    query: `${typeName}Query`,
    context: `${typeName}Context`,
    reply: `${typeName}Reply`,
    handler: `${typeName}Handler`,
  };

  return {
    index,
    kind: route.kind,
    kindTitle: route.kind === 'callback' ? 'Callback' : 'Webhook',
    event: route.event,
    prop: identifier.test(route.event) ? route.event : JSON.stringify(route.event),
    eventLiteral: JSON.stringify(route.event),
    method: route.method.toUpperCase(),
    typeName,
    types,
    doc: docComment(route),
    bodyType,
    paramsType,
    queryType,
    replyType: replies.length > 0 ? replies.map((r) => `\n  | ${r}`).join('') : 'never',
    spec,
  };
}

/** The JSDoc above a route's types: what it is, when it comes, to which URL. */
function docComment(route: ReceiverRoute): string {
  const o = route.operation;
  const lines = [
    `${route.kind === 'callback' ? 'Callback' : 'Webhook'} \`${route.event}\`: ${route.method.toUpperCase()} ${route.expression ?? `the URL you registered for ${route.name}`}${o.summary ? ` (${o.summary})` : ''}.`,
    ...(route.trigger ? [`Sent after \`${route.trigger.method.toUpperCase()} ${route.trigger.path}\`.`] : []),
    ...(o.description ? ['', ...o.description.split('\n')] : []),
  ];
  return `/**\n${lines.map((l) => ` *${l ? ` ${l.replace(/\*\//g, '*\\/')}` : ''}`).join('\n')}\n */`;
}

/** `export type InvoiceEvent = components["schemas"]["InvoiceEvent"]` for the named schemas the routes use. */
function schemaAliases(model: ApiModel, routes: readonly ReceiverRoute[], taken: Set<string>): { name: string; schema: string }[] {
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    for (const [k, child] of Object.entries(value)) {
      if (k === '$ref' && typeof child === 'string' && child.startsWith('#/components/schemas/')) {
        const name = decodeURIComponent(child.slice('#/components/schemas/'.length));
        if (!used.has(name) && model.schemas[name] !== undefined) {
          used.add(name);
          visit(model.schemas[name]);
        }
      } else visit(child);
    }
  };
  for (const route of routes) {
    const o = route.operation;
    visit(o.requestBody?.schema);
    visit(o.parameters.map((p) => p.schema));
    visit(o.responses.map((r) => r.body?.schema));
  }
  const aliases: { name: string; schema: string }[] = [];
  for (const schema of [...used].sort()) {
    const name = identifier.test(schema) && /^[A-Z]/.test(schema) ? schema : pascalWords(schema);
    if (!identifier.test(name) || taken.has(name)) continue;
    taken.add(name);
    aliases.push({ name, schema: JSON.stringify(schema) });
  }
  return aliases;
}

/**
 * The README's word on events that are not simply signed: the unsigned ones (`security: []`), and the
 * credentials (by security scheme) that others carry, with the `credentials` option that configures them.
 */
function securityView(routes: readonly ReceiverRoute[]) {
  const unsigned = routes.filter((r) => !r.auth.signed && r.auth.credentials.length === 0).map((r) => r.event);
  const schemes = new Map<string, { scheme: string; carried: string; env: string; events: string[] }>();
  for (const route of routes) {
    for (const c of route.auth.credentials) {
      const carried = c.in === 'query' ? `the \`${c.name}\` query parameter` : c.prefix ? `\`${c.name}: ${c.prefix}…\`` : `the \`${c.name}\` header`;
      const entry = schemes.get(c.scheme) ?? { scheme: c.scheme, carried, env: c.scheme.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase(), events: [] };
      if (!entry.events.includes(route.event)) entry.events.push(route.event);
      schemes.set(c.scheme, entry);
    }
  }
  const credentials = [...schemes.values()].map((s) => ({ ...s, eventList: s.events.map((e) => `\`${e}\``).join(', ') }));
  const key = (scheme: string) => (identifier.test(scheme) ? scheme : JSON.stringify(scheme));
  return {
    any: unsigned.length > 0 || credentials.length > 0,
    unsigned: unsigned.length > 0 ? unsigned.map((e) => `\`${e}\``).join(', ') : null,
    unsignedVerb: unsigned.length === 1 ? 'is' : 'are',
    credentials,
    credentialsOption: credentials.length > 0 ? `credentials: { ${credentials.map((c) => `${key(c.scheme)}: process.env.${c.env}`).join(', ')} }` : null,
  };
}

function readmeView(model: ApiModel, packageName: string, routes: readonly RouteReadme[]) {
  const handlers = routes.map((r) => r.handlerSnippet).join('\n');
  const secretNote = `your \`whsec_…\` secret from ${model.info.title}`;
  return {
    description: model.info.description ?? '',
    routes,
    hasCallbacks: routes.some((r) => r.kind === 'callback'),
    hasWebhooks: routes.some((r) => r.kind === 'webhook'),
    hasSharedRoutes: routes.some((r) => r.sharedWith !== null),
    handlers,
    secretNote,
    testRoute: routes.find((r) => r.body?.exampleFence === 'json') ?? routes[0] ?? null,
    single: routes.length === 1,
    importName: packageName,
  };
}
