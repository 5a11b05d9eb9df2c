/**
 * The server-hono template's view: the server view every target shares (`buildServerView` of
 * @boomerang/core: names, types, request schemas, replies, callbacks), and what only Hono needs: each
 * operation's middlewares (content check, body, `hono/validator` per part, in Fastify's order), the
 * media types of its replies by status, and the route Hono registers it as (Hono answers HEAD with
 * GET routes). Templates only print what is prepared here.
 */
import { buildServerView, mediaTypeOf, type ApiModel, type OperationModel, type ReceiverRoute, type ServerOperationView } from '@boomerang/core';

interface Input {
  readonly model: ApiModel;
  readonly routes: readonly ReceiverRoute[];
  readonly options: Readonly<Record<string, unknown>>;
}

export const helpers = {};

export function prepare(input: Input) {
  const { model } = input;
  const view = buildServerView(input);
  const methodsAt = new Map<string, Set<string>>();
  for (const op of view.operations) methodsAt.set(op.path, (methodsAt.get(op.path) ?? new Set()).add(op.method));
  const operations = view.operations.map((op, i) => ({ ...op, ...honoRoute(model.operations[i]!, op, methodsAt.get(op.path)!) }));
  const validatesParts = view.operations.some((op) => op.params.has || op.query.has || op.headers.has);
  const validatesBodies = view.operations.some((op) => op.body.schema !== undefined);
  const readsBodies = view.operations.some((op) => op.body.has);
  // What the generated server imports from the runtime: only what it uses (a generated file passes noUnusedLocals).
  const values = [
    ...(view.hasCallbacks ? ['bindCallback', 'checkCallbackUrls', 'registerCallbackSpecs'] : []),
    ...(validatesParts || validatesBodies ? ['createRequestSchemaCompiler'] : []),
    'honoAfterResponse',
    ...(readsBodies ? ['honoBody'] : []),
    'honoCheckRequestContent',
    'honoLog',
    ...(operations.some((op) => op.guard !== null) ? ['honoOnlyMethod'] : []),
    ...(view.operations.some((op) => !op.query.has) ? ['honoQuery'] : []),
    ...(readsBodies ? ['honoReadBody'] : []),
    'honoReply',
    ...(validatesBodies ? ['honoValidateBody'] : []),
    ...(validatesParts ? ['honoValidated', 'honoValidation'] : []),
    'installHonoProblemDetails',
    'installHonoRequestLog',
    'silentLogger',
    ...(view.hasWebhooks ? ['webhookSender'] : []),
  ].sort();
  const types = [
    ...(view.hasCallbacks ? ['BoundCallback', 'CallbackSpec', 'ResponseSnapshot'] : []),
    'CallbackSenderOptions',
    'Logger',
    ...(view.hasWebhooks ? ['WebhookSender', 'WebhookSpec'] : []),
  ].sort();
  return {
    ...view,
    operations,
    runtimeImports: [...values, ...types.map((name) => `type ${name}`)],
    validatesParts,
    compilesSchemas: validatesParts || validatesBodies,
    usesComponents: validatesParts || validatesBodies || view.hasDeliveries,
    readsBodies,
    componentSchemas: JSON.stringify(model.schemas, null, 2),
    routeTable: view.operations.map((op) => `{ method: ${JSON.stringify(op.method)}, path: ${JSON.stringify(op.path)} }`),
  };
}

function honoRoute(op: OperationModel, view: ServerOperationView, methodsAtPath: ReadonlySet<string>) {
  const schemas = `requestSchemas${view.member}`;
  const requestSchemas: Record<string, unknown> = {};
  const middlewares = [`honoCheckRequestContent(${view.label}, ${view.bodySpec})`];
  if (view.body.has) middlewares.push('honoReadBody(bodyLimit)');
  // Validated in Fastify's order: path parameters, body, query, headers; the first that fails answers.
  if (view.params.schema) {
    requestSchemas.params = view.params.schema;
    middlewares.push(`validator('param', honoValidation('params', compile(${schemas}.params, 'params')))`);
  }
  if (view.body.schema !== undefined && view.body.contentType !== null) {
    requestSchemas.body = view.body.schema;
    const mediaType = JSON.stringify(mediaTypeOf(view.body.contentType));
    middlewares.push(`honoValidateBody(compile(${schemas}.body, 'body', ${mediaType}), ${mediaType})`);
  }
  if (view.query.schema) {
    requestSchemas.query = view.query.schema;
    middlewares.push(`validator('query', honoValidation('query', compile(${schemas}.query, 'query')))`);
  }
  if (view.headers.schema) {
    requestSchemas.headers = view.headers.schema;
    middlewares.push(`validator('header', honoValidation('headers', compile(${schemas}.headers, 'headers')))`);
  }
  // Hono dispatches HEAD to the GET routes: a HEAD operation is a GET route that serves HEAD only, and a GET
  // operation beside a HEAD one serves GET only.
  const guard = view.method === 'HEAD' || (view.method === 'GET' && methodsAtPath.has('HEAD')) ? view.method : null;
  return {
    routeMethod: view.method === 'HEAD' ? 'GET' : view.method,
    guard,
    middlewares,
    requestSchemas: JSON.stringify(requestSchemas, null, 2),
    replyMediaTypes: JSON.stringify(Object.fromEntries(op.responses.map((r) => [r.status, r.body?.contentType ?? null]))),
  };
}
