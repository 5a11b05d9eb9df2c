/**
 * The receiver document: the API of the external developer who receives the callbacks and webhooks.
 * Each callback method becomes an operation at its receiver path (`POST /invoices/{id}`), each
 * webhook a 3.1 webhook, so that openapi-typescript, Redoc and any client generator treat them as
 * ordinary operations to implement. operationIds are the receivers' handler (event) names.
 * Callbacks that share a route (one method and path) are one operation there, its `boomerang-event`
 * header naming them (shared-route-operation.ts); each keeps its own under `components/pathItems`.
 */
import { httpMethods } from '../definition.ts';
import type { ApiModel, OperationModel, OutgoingOperationModel, ParameterModel } from '../model.ts';
import { eventHeader, type ReceiverRoute } from '../receiver/receiver-routes.ts';
import { referencedSchemaNames } from '../schema/bundle.ts';
import { componentsObject, infoObject } from './document.ts';
import { createEmitContext } from './emit-context.ts';
import { operationObject, pathItemObject } from './operation-object.ts';
import { sharedRouteOperation } from './shared-route-operation.ts';
import { signatureSchemeName } from './signature.ts';

export function emitReceiverDocument(model: ApiModel, routes: readonly ReceiverRoute[]): Record<string, unknown> {
  const signature = [{ [signatureSchemeName]: [] }];
  const ctx = createEmitContext('3.1', [], signature);
  const paths = new Map<string, OutgoingOperationModel[]>();
  const webhooks = new Map<string, OutgoingOperationModel[]>();
  /** Shared routes: by path, by method, the events' operations. */
  const shared = new Map<string, Map<string, OutgoingOperationModel[]>>();
  for (const route of routes) {
    const operation = receiverOperation(model, route);
    if (route.sharesRouteWith !== undefined && route.path !== undefined) {
      const methods = shared.get(route.path) ?? new Map<string, OutgoingOperationModel[]>();
      methods.set(route.method, [...(methods.get(route.method) ?? []), operation]);
      shared.set(route.path, methods);
      if (!paths.has(route.path)) paths.set(route.path, []);
      continue;
    }
    const group = route.path === undefined ? webhooks : paths;
    const key = route.path ?? route.name;
    group.set(key, [...(group.get(key) ?? []), operation]);
  }
  const info = infoObject(model, ctx);
  const where = (o: OperationModel | OutgoingOperationModel) => `receiver ${o.operationId}`;
  const pathsObject = Object.fromEntries(
    [...paths].map(([path, ops]) => {
      const methods = shared.get(path);
      if (methods === undefined) return [path, pathItemObject(ops, ctx, where)];
      const item = { ...pathItemObject(ops, ctx, where), ...Object.fromEntries([...methods].map(([method, sharing]) => [method, sharedRouteOperation(sharing.map((o) => ({ event: o.operationId, operation: operationObject(withOwnParameters(o), ctx, where(o)) })))])) };
      // In OpenAPI's method order, as pathItemObject writes them.
      return [path, Object.fromEntries(Object.entries(item).sort(([a], [b]) => methodOrder(a) - methodOrder(b)))];
    }),
  );
  const webhooksObject = Object.fromEntries([...webhooks].map(([name, ops]) => [name, pathItemObject(ops, ctx, where)]));
  const pathItems = Object.fromEntries([...shared.values()].flatMap((methods) => [...methods.values()].flat()).map((o) => [o.operationId, pathItemObject([o], ctx, where)]));
  // Only what the receiver's operations use: the API's own schemas and schemes are not the receiver's.
  const used = {
    schemas: referencedSchemaNames([pathsObject, webhooksObject, pathItems], model.schemas),
    securitySchemes: new Set(routes.flatMap((route) => (route.operation.security ?? signature).flatMap((requirement) => Object.keys(requirement)))),
  };
  const components = componentsObject(model, ctx, used.securitySchemes.has(signatureSchemeName), used);
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      title: `${model.info.title} — receiver`,
      description:
        `What you implement to receive the callbacks and webhooks of ${model.info.title}. Each operation here is a request ` +
        `that ${model.info.title} sends to a URL you give it; answer as documented.` +
        (model.info.description ? `\n\n${model.info.description}` : ''),
    },
    // The receiver runs wherever its developer hosts it: the base URL is theirs to give.
    servers: [{ url: '{receiver}', description: `Your server: the base URL you gave ${model.info.title}.`, variables: { receiver: { default: 'https://receiver.example', description: 'Where your receiver listens.' } } }],
    ...(model.tags.length > 0 ? { tags: model.tags.map((t) => ({ ...t })) } : {}),
    paths: pathsObject,
    ...(webhooks.size > 0 ? { webhooks: webhooksObject } : {}),
    ...(components !== undefined || shared.size > 0 ? { components: { ...components, ...(shared.size > 0 ? { pathItems } : {}) } } : {}),
  };
}

/** Its path-level parameters as its own: a shared route's operation lists every event's. */
function withOwnParameters(o: OutgoingOperationModel): OutgoingOperationModel {
  return { ...o, parameters: o.parameters.map((p) => (p.pathLevel ? { ...p, pathLevel: false } : p)) };
}

const pathItemKeys: readonly string[] = ['parameters', ...httpMethods];
function methodOrder(key: string): number {
  const at = pathItemKeys.indexOf(key);
  return at < 0 ? -1 : at;
}

function receiverOperation(model: ApiModel, route: ReceiverRoute): OutgoingOperationModel {
  // Where the API sends from, and links to the API's own operations, are not the receiver's to document.
  const { servers: _servers, ...o } = route.operation;
  const string = { type: 'string' } as const;
  const parameters: ParameterModel[] = [
    ...route.pathParameters.map((p) => ({ name: p.name, in: 'path' as const, required: true, description: `The value of \`${p.expression}\` ${valueSource(p.expression)}.`, schema: string })),
    ...route.queryParameters.map((p) => ({ name: p.name, in: 'query' as const, required: false, description: `The value of \`${p.expression}\` ${valueSource(p.expression)}.`, schema: string })),
    { name: eventHeader, in: 'header', required: false, description: 'Set by the sender to the event name, so one URL can receive several events.', schema: { type: 'string', enum: [route.event] } },
    ...o.parameters,
  ];
  const responses = o.responses.map(({ links: _links, ...r }) => r);
  return { ...o, operationId: route.event, summary: o.summary ?? title(route), description: describeRoute(model, route), parameters, responses };
}

function valueSource(expression: string): string {
  return expression.startsWith('$response') ? 'in the response that triggered this request' : 'in the request that triggered this request';
}

function title(route: ReceiverRoute): string {
  return route.kind === 'webhook' ? `Webhook ${route.name}` : `Callback ${route.name}`;
}

function describeRoute(model: ApiModel, route: ReceiverRoute): string {
  // A reusable callback is sent after any of the operations that use it.
  const after = (route.triggers ?? (route.trigger ? [route.trigger] : []))
    .map((t) => {
      const trigger = model.operations.find((op: OperationModel) => op.operationId === t.operationId);
      return `a \`${t.method.toUpperCase()} ${t.path}\` request (${trigger?.summary ?? t.operationId})`;
    })
    .join(' or ');
  const when =
    route.kind === 'webhook'
      ? `${model.info.title} sends this webhook (event \`${route.event}\`) to the URL you registered for it.`
      : `${model.info.title} sends this callback (event \`${route.event}\`) after ${after}, ` +
        `to \`${route.expression}\`: ${describeBase(route.base)}, followed by \`${route.path}\`.`;
  const own = route.operation.description ? `\n\n${route.operation.description}` : '';
  return `${when}${own}`;
}

function describeBase(base: string | undefined): string {
  if (base === undefined) return 'a fixed path';
  if (base.startsWith('$request.query.')) return `the URL given in the \`${base.slice('$request.query.'.length)}\` query parameter of that request`;
  if (base.startsWith('$request.header.')) return `the URL given in the \`${base.slice('$request.header.'.length)}\` header of that request`;
  if (base.startsWith('$request.body#')) return `the URL given in the request body at \`${base.slice('$request.body#'.length)}\``;
  if (base.startsWith('$request.path.')) return `the \`${base.slice('$request.path.'.length)}\` path parameter of that request`;
  return `\`${base}\``;
}
