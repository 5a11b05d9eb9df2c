/**
 * The reusable parts of the Components Object: each component the model uses (a `define*` value with
 * an `id`), written once, from its first use, under `components/<kind>/<name>`, sorted by name; the
 * uses are Reference Objects. OpenAPI 3.0 has no `pathItems`: there a reusable webhook Path Item is
 * written in place at each webhook (3.0's webhooks are `x-webhooks` anyway).
 * https://spec.openapis.org/oas/v3.1.0#components-object
 * https://spec.openapis.org/oas/v3.1.0#reference-object
 */
import { camelWords, extendIdentifier } from '../build/operation-id.ts';
import { componentName } from '../build/components.ts';
import type { ComponentKind } from '../components.ts';
import type { NamedExample, NamedExamples } from '../definition.ts';
import { exampleObject } from './link-object.ts';
import type { ApiModel, BodyModel, CallbackModel, HeaderModel, OperationModel, OutgoingOperationModel, ParameterModel, ResponseModel, WebhookModel } from '../model.ts';
import { callbackObject } from './callbacks-object.ts';
import type { EmitContext } from './emit-context.ts';
import { inlineRequestBodyObject } from './media-type-object.ts';
import { pathItemObject } from './operation-object.ts';
import { inlineHeaderObject, inlineParameterObject } from './parameter-object.ts';
import { inlineResponseObject } from './responses-object.ts';

export function referenceObject(kind: ComponentKind, name: string): { $ref: string } {
  return { $ref: `#/components/${kind}/${name}` };
}

/** Whether `component` is written as a `$ref` in this document (the receiver document writes everything in place). */
export function referenced(component: string | undefined, ctx: EmitContext): component is string {
  return component !== undefined && ctx.references === true;
}

interface Uses {
  readonly parameters: Map<string, { p: ParameterModel; where: string }>;
  readonly responses: Map<string, { r: ResponseModel; where: string }>;
  readonly requestBodies: Map<string, { b: BodyModel; where: string }>;
  readonly headers: Map<string, { h: HeaderModel; where: string }>;
  readonly callbacks: Map<string, { c: CallbackModel; where: string }>;
  readonly pathItems: Map<string, { w: WebhookModel }>;
  readonly examples: Map<string, NamedExample>;
}

/** The first use of each component, in definition order. */
function firstUses(model: ApiModel): Uses {
  const uses: Uses = { parameters: new Map(), responses: new Map(), requestBodies: new Map(), headers: new Map(), callbacks: new Map(), pathItems: new Map(), examples: new Map() };
  const first = <T>(map: Map<string, T>, name: string | undefined, value: T) => {
    if (name !== undefined && !map.has(name)) map.set(name, value);
  };
  const examples = (map: NamedExamples | undefined) => {
    for (const e of Object.values(map ?? {})) first(uses.examples, componentName(e, 'examples'), e);
  };
  const operation = (op: OperationModel | OutgoingOperationModel, where: string) => {
    for (const p of op.parameters) {
      first(uses.parameters, p.component, { p, where });
      examples(p.examples);
    }
    if (op.requestBody !== undefined) first(uses.requestBodies, op.requestBody.component, { b: op.requestBody, where });
    examples(op.requestBody?.examples);
    for (const r of op.responses) {
      examples(r.body?.examples);
      first(uses.responses, r.component, { r, where: `${where} › response ${r.status}` });
      for (const h of r.headers) {
        first(uses.headers, h.component, { h, where: `${where} › response ${r.status}` });
        examples(h.examples);
      }
    }
  };
  for (const op of model.operations) {
    const where = `operation ${op.method.toUpperCase()} ${op.path}`;
    operation(op, where);
    for (const c of op.callbacks) {
      first(uses.callbacks, c.component, { c, where });
      for (const url of c.urls) for (const o of url.operations) operation(o, `${where} › callback ${c.name} › ${o.method.toUpperCase()}`);
    }
  }
  for (const w of model.webhooks) {
    first(uses.pathItems, w.component, { w });
    for (const o of w.operations) operation(o, `webhook ${w.name} › ${o.method.toUpperCase()}`);
  }
  return uses;
}

const byName = <T>(map: Map<string, T>): [string, T][] => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * The sections `responses`, `parameters`, `requestBodies`, `headers`, `callbacks` and (3.1)
 * `pathItems`, each present only when the model has a component of its kind.
 */
export function reusableComponents(model: ApiModel, ctx: EmitContext): Partial<Record<ComponentKind, Record<string, unknown>>> {
  const uses = firstUses(model);
  const section = <T>(map: Map<string, T>, write: (value: T, name: string) => unknown) =>
    map.size > 0 ? Object.fromEntries(byName(map).map(([name, value]) => [name, write(value, name)])) : undefined;
  const sections: Partial<Record<ComponentKind, Record<string, unknown> | undefined>> = {
    responses: section(uses.responses, ({ r, where }) => inlineResponseObject(r, ctx, where)),
    parameters: section(uses.parameters, ({ p, where }) => inlineParameterObject(p, ctx, where)),
    examples: section(uses.examples, (e) => exampleObject(e)),
    requestBodies: section(uses.requestBodies, ({ b, where }) => inlineRequestBodyObject(b, ctx, where)),
    headers: section(uses.headers, ({ h, where }) => inlineHeaderObject(h, ctx, where)),
    callbacks: section(uses.callbacks, ({ c, where }) => callbackObject(c, ctx, where)),
    pathItems: ctx.version === '3.1' ? section(uses.pathItems, ({ w }) => webhookPathItem(w, ctx, w.componentTexts ?? {})) : undefined,
  };
  return Object.fromEntries(Object.entries(sections).filter(([, value]) => value !== undefined)) as Partial<Record<ComponentKind, Record<string, unknown>>>;
}

function webhookPathItem(w: WebhookModel, ctx: EmitContext, texts: { summary?: string; description?: string }): Record<string, unknown> {
  return pathItemObject(w.operations, ctx, (op) => `webhook ${w.name} › ${op.method.toUpperCase()}`, {
    ...(texts.summary !== undefined ? { summary: texts.summary } : {}),
    ...(texts.description !== undefined ? { description: texts.description } : {}),
    ...(w.servers !== undefined ? { servers: w.servers } : {}),
    ...(w.extensions !== undefined ? { extensions: w.extensions } : {}),
  });
}

/**
 * A webhook's entry: its Path Item, or (3.1, a reusable one) a Reference Object that carries the
 * webhook's own summary and description where they differ from the component's. In 3.0 a reusable
 * Path Item is written at each webhook, and since an operationId names one operation of the
 * document, only its first webhook (`repeat` false) carries the component's operationIds; the
 * others get the operationIds of a webhook written in place (`board.archived` → `boardArchived`).
 */
export function webhookEntry(w: WebhookModel, ctx: EmitContext, repeat = false): Record<string, unknown> {
  const texts = { ...(w.summary !== undefined ? { summary: w.summary } : {}), ...(w.description !== undefined ? { description: w.description } : {}) };
  if (!referenced(w.component, ctx) || ctx.version !== '3.1') {
    const item = webhookPathItem(w, ctx, texts);
    if (!repeat) return item;
    const many = w.operations.length > 1;
    return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, isOperationKey(key) ? { ...(value as object), operationId: extendIdentifier(camelWords(w.name), ...(many ? [key] : [])) } : value]));
  }
  const own = w.componentTexts ?? {};
  return {
    ...referenceObject('pathItems', w.component),
    ...(w.summary !== undefined && w.summary !== own.summary ? { summary: w.summary } : {}),
    ...(w.description !== undefined && w.description !== own.description ? { description: w.description } : {}),
  };
}

const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
function isOperationKey(key: string): boolean {
  return methods.has(key);
}

/** The Components Object with the reusable sections in the order the specification lists them. */
export function withReusableComponents(components: Record<string, unknown> | undefined, reusable: Partial<Record<ComponentKind, Record<string, unknown>>>): Record<string, unknown> | undefined {
  if (Object.keys(reusable).length === 0) return components;
  const order = ['schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers', 'securitySchemes', 'links', 'callbacks', 'pathItems'];
  const all: Record<string, unknown> = { ...(components ?? {}), ...reusable };
  return Object.fromEntries(order.filter((key) => all[key] !== undefined).map((key) => [key, all[key]]));
}
