/**
 * Definition → ApiModel. Every check runs and every problem is collected, so the author sees all
 * errors of a definition at once.
 */
import {
  httpMethods,
  type ApiDefinitionInput,
  type OperationDefinition,
  type NamedWebhookDefinition,
  type SecurityRequirement,
  type WebhookDefinition,
} from '../definition.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { ApiModel, OperationModel, ParameterModel, WebhookModel } from '../model.ts';
import { SchemaRegistry } from '../schema/schema-registry.ts';
import { bodyFrom } from './bodies.ts';
import { callbacksFrom } from './callbacks.ts';
import { componentOf } from '../components.ts';
import { checkComponents, combineParameters, componentName, listedParameters, ownedWhereChanged, pathLevelParameters } from './components.ts';
import { checkDefinitionShape } from './definition-shape.ts';
import { documentWarnings } from './document-warnings.ts';
import { camelWords, deriveOperationId, extendIdentifier, operationNameCollisions } from './operation-id.ts';
import { outgoingOperationsFrom, declaredMethods } from './outgoing-operations.ts';
import { parametersFrom } from './parameters.ts';
import { applyParameterOptions } from './parameter-options.ts';
import { checkLinks } from './links.ts';
import { extensionsOf } from '../openapi/extensions.ts';
import { responsesFrom } from './responses.ts';

export type BuildResult =
  | { readonly ok: true; readonly model: ApiModel; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function buildApiModel(definition: ApiDefinitionInput): BuildResult {
  // Everything below relies on the declared types, which a plain-JS definition need not have.
  const shape = checkDefinitionShape(definition);
  if (shape.length > 0) return { ok: false, diagnostics: shape };
  const diagnostics: Diagnostic[] = checkComponents(definition);
  const registry = new SchemaRegistry(diagnostics);
  try {
    return buildWith(definition, registry, diagnostics);
  } finally {
    registry.close();
  }
}

function buildWith(definition: ApiDefinitionInput, registry: SchemaRegistry, diagnostics: Diagnostic[]): BuildResult {

  if (typeof definition.info?.title !== 'string' || definition.info.title.trim() === '') {
    diagnostics.push(diagnostic('BMR002', 'info.title', 'the API has no title.', 'Add `info: { title: "My API", ... }`.'));
  }
  if (typeof definition.info?.version !== 'string' || definition.info.version.trim() === '') {
    diagnostics.push(diagnostic('BMR001', 'info.version', 'the API has no version.', 'Add `info: { version: "1.0.0", ... }`: the version of this API definition, not of OpenAPI.'));
  }

  const shared = pathLevelParameters(definition, registry, diagnostics);
  const operations = (definition.operations ?? []).map((op, index) => operationFrom(op, index, registry, diagnostics, shared.get(op.path) ?? []));
  const webhooks = webhooksFrom(definition.webhooks, registry, diagnostics);

  checkOperationIds(operations, webhooks, diagnostics);
  diagnostics.push(...operationNameCollisions(operations.map((op) => ({ operationId: op.operationId, where: `operation ${op.method.toUpperCase()} ${op.path}` }))));
  checkLinks(operations, webhooks, registry, diagnostics);
  checkRoutes(operations, diagnostics);
  checkSecurity(definition, operations, webhooks, diagnostics);
  checkTags(definition, operations, webhooks, diagnostics);
  diagnostics.push(...documentWarnings(definition, operations, webhooks));

  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { ok: false, diagnostics };
  return {
    ok: true,
    diagnostics,
    model: {
      info: definition.info,
      servers: [...(definition.servers ?? [])],
      tags: [...(definition.tags ?? [])],
      securitySchemes: { ...(definition.securitySchemes ?? {}) },
      ...(definition.security !== undefined ? { security: definition.security } : {}),
      ...(definition.externalDocs !== undefined ? { externalDocs: definition.externalDocs } : {}),
      operations,
      webhooks,
      ...extensionsOf(definition),
      schemas: registry.named(),
    },
  };
}

function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
}

function operationFrom(
  op: OperationDefinition<string, any, any>,
  index: number,
  registry: SchemaRegistry,
  diagnostics: Diagnostic[],
  sharedParameters: readonly ParameterModel[] = [],
): OperationModel {
  // The shape is checked: `method` is a string, `path` a string when given.
  const method = op.method.toLowerCase() as OperationModel['method'];
  const path = op.path ?? '';
  const where = `operation ${op.method.toUpperCase()} ${path || `#${index}`}`;
  if (!httpMethods.includes(method)) {
    diagnostics.push(diagnostic('BMR013', where, `\`${op.method}\` is not an HTTP method OpenAPI describes.`, `Use one of ${httpMethods.join(', ')}.`));
  }
  if (!path.startsWith('/') || !/^[^{}]*(\{[^{}/]+\}[^{}]*)*$/.test(path) || /\s/.test(path)) {
    diagnostics.push(diagnostic('BMR012', where, `\`${path}\` is not a path template.`, 'A path starts with `/`, has no spaces, and names parameters in single braces: `/invoices/{id}`.'));
  }
  const request = op.request ?? {};
  const parameters = combineParameters(sharedParameters, [
    ...parametersFrom('path', request.params, registry, diagnostics, where),
    ...parametersFrom('query', request.query, registry, diagnostics, where),
    ...parametersFrom('header', request.headers, registry, diagnostics, where),
    ...parametersFrom('cookie', request.cookies, registry, diagnostics, where),
  ], listedParameters(request.parameters, registry, diagnostics, `${where} › request.parameters`), diagnostics, where);
  const withOptions = ownedWhereChanged(parameters, applyParameterOptions(parameters, op.parameterOptions, registry, diagnostics, where));
  const inPath = pathParameterNames(path);
  const declared = parameters.filter((p) => p.in === 'path').map((p) => p.name);
  for (const name of inPath.filter((n) => !declared.includes(n))) {
    diagnostics.push(diagnostic('BMR020', where, `the path has \`{${name}}\` but \`request.params\` has no \`${name}\`.`, `Add it: \`request: { params: z.object({ ${name}: z.string() }) }\`.`));
  }
  for (const name of declared.filter((n) => !inPath.includes(n))) {
    const shared = parameters.some((p) => p.in === 'path' && p.name === name && p.pathLevel);
    const listed = !shared && (request.parameters ?? []).some((p: { in: string; name: string }) => p.in === 'path' && p.name === name);
    const declaredAs = shared ? `\`${name}\`, a shared parameter of \`paths['${path}']\`,` : listed ? `\`${name}\` of \`request.parameters\`` : `\`request.params.${name}\``;
    diagnostics.push(diagnostic('BMR021', where, `${declaredAs} is not a \`{${name}}\` segment of \`${path}\`.`, `Add \`{${name}}\` to the path, or move \`${name}\` to \`request.query\`.`));
  }
  const body = bodyFrom(request.body, registry, diagnostics, `${where} › request body`, true);
  const bodyComponent = componentName(request.body, 'requestBodies');
  const requestBody = body !== undefined && bodyComponent !== undefined ? { ...body, component: bodyComponent } : body;
  const responses = responsesFrom(op.responses, registry, diagnostics, where);
  const operationId = op.operationId ?? deriveOperationId(method, path);
  const owner = { operationId, where, parameters, ...(requestBody ? { requestBody } : {}), responses };
  return {
    operationId,
    method,
    path,
    ...(op.summary !== undefined ? { summary: op.summary } : {}),
    ...(op.description !== undefined ? { description: op.description } : {}),
    tags: [...(op.tags ?? [])],
    deprecated: op.deprecated ?? false,
    ...(op.externalDocs !== undefined ? { externalDocs: op.externalDocs } : {}),
    ...(op.security !== undefined ? { security: op.security } : {}),
    parameters: withOptions,
    ...(requestBody !== undefined ? { requestBody } : {}),
    responses,
    ...(op.servers !== undefined ? { servers: op.servers } : {}),
    ...extensionsOf(op),
    callbacks: callbacksFrom(op.callbacks, owner, registry, diagnostics),
  };
}

function webhooksFrom(input: ApiDefinitionInput['webhooks'], registry: SchemaRegistry, diagnostics: Diagnostic[]): WebhookModel[] {
  const entries: [string, WebhookDefinition][] = isWebhookList(input)
    ? input.map((w) => [w.name, w])
    : Object.entries(input ?? {});
  const seen = new Map<string, string>();
  const webhooks: WebhookModel[] = [];
  for (const [name, definition] of entries) {
    const where = `webhook ${name}`;
    // Names that differ only in case or separators become the same handler and event name.
    const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
    const previous = seen.get(key);
    if (previous !== undefined) {
      diagnostics.push(diagnostic('BMR060', where, previous === name ? `the webhook \`${name}\` is declared twice.` : `\`${name}\` and \`${previous}\` differ only in case or separators, so their handlers and event names would collide.`, 'Give each webhook one distinct name, and put all its methods under it.'));
      continue;
    }
    seen.set(key, name);
    const many = declaredMethods(definition).length > 1;
    // A reusable Path Item is written once, so its operationIds are the component's, the same for every webhook that uses it.
    const component = componentName(definition, 'pathItems');
    const origin = component !== undefined ? (componentOf(definition)!.origin as WebhookDefinition) : undefined;
    webhooks.push({
      name,
      ...(definition.summary !== undefined ? { summary: definition.summary } : {}),
      ...(definition.description !== undefined ? { description: definition.description } : {}),
      ...(definition.servers !== undefined ? { servers: definition.servers } : {}),
      ...extensionsOf(definition),
      operations: outgoingOperationsFrom(definition, (m) => extendIdentifier(camelWords(component ?? name), ...(many ? [m] : [])), { registry, diagnostics }, where),
      ...(component !== undefined ? { component, componentTexts: { ...(origin!.summary !== undefined ? { summary: origin!.summary } : {}), ...(origin!.description !== undefined ? { description: origin!.description } : {}) } } : {}),
    });
  }
  return webhooks;
}

function isWebhookList(input: ApiDefinitionInput['webhooks']): input is readonly NamedWebhookDefinition[] {
  return Array.isArray(input);
}

function allOperationIds(operations: readonly OperationModel[], webhooks: readonly WebhookModel[]) {
  const ids: { id: string; where: string }[] = [];
  // A reusable callback or Path Item is one set of operations, however many times it is used.
  const components = new Set<string>();
  const once = (kind: string, component: string | undefined) => component === undefined || (!components.has(`${kind}/${component}`) && components.add(`${kind}/${component}`) !== undefined);
  for (const op of operations) {
    ids.push({ id: op.operationId, where: `operation ${op.method.toUpperCase()} ${op.path}` });
    for (const callback of op.callbacks) {
      if (!once('callbacks', callback.component)) continue;
      for (const url of callback.urls) {
        for (const cb of url.operations) ids.push({ id: cb.operationId, where: `operation ${op.method.toUpperCase()} ${op.path} › callback ${callback.name} › ${cb.method.toUpperCase()}` });
      }
    }
  }
  for (const webhook of webhooks) {
    if (!once('pathItems', webhook.component)) {
      // OpenAPI 3.0 writes the Path Item again at this webhook, with the operationIds of a webhook written in place.
      const many = webhook.operations.length > 1;
      for (const op of webhook.operations) ids.push({ id: extendIdentifier(camelWords(webhook.name), ...(many ? [op.method] : [])), where: `webhook ${webhook.name} › ${op.method.toUpperCase()} (its operationId in OpenAPI 3.0, where the Path Item ${webhook.component} is written at each webhook)` });
      continue;
    }
    for (const op of webhook.operations) ids.push({ id: op.operationId, where: `webhook ${webhook.name} › ${op.method.toUpperCase()}` });
  }
  return ids;
}

function checkOperationIds(operations: readonly OperationModel[], webhooks: readonly WebhookModel[], diagnostics: Diagnostic[]): void {
  const first = new Map<string, string>();
  for (const { id, where } of allOperationIds(operations, webhooks)) {
    const previous = first.get(id);
    if (previous === undefined) first.set(id, where);
    else diagnostics.push(diagnostic('BMR010', where, `the operationId \`${id}\` is already used by ${previous}.`, 'operationIds are unique across operations, callbacks and webhooks: set `operationId` on one of them.'));
  }
}

function checkRoutes(operations: readonly OperationModel[], diagnostics: Diagnostic[]): void {
  const first = new Map<string, string>();
  for (const op of operations) {
    const key = `${op.method} ${op.path.replace(/\{[^}]*\}/g, '{}')}`;
    const where = `operation ${op.method.toUpperCase()} ${op.path}`;
    const previous = first.get(key);
    if (previous === undefined) first.set(key, where);
    else diagnostics.push(diagnostic('BMR011', where, `this route is already declared as ${previous}.`, 'A method and path (parameter names aside) identify one operation: merge the two or change one path.'));
  }
}

function checkSecurity(definition: ApiDefinitionInput, operations: readonly OperationModel[], webhooks: readonly WebhookModel[], diagnostics: Diagnostic[]): void {
  const schemes = Object.keys(definition.securitySchemes ?? {});
  const check = (requirements: readonly SecurityRequirement[] | undefined, where: string) => {
    for (const requirement of requirements ?? []) {
      for (const name of Object.keys(requirement)) {
        if (!schemes.includes(name)) {
          diagnostics.push(diagnostic('BMR070', where, `the security requirement names \`${name}\`, which is not in \`securitySchemes\`.`, schemes.length ? `Declared schemes: ${schemes.join(', ')}.` : `Declare it: \`securitySchemes: { ${name}: { type: 'http', scheme: 'bearer' } }\`.`));
        }
      }
    }
  };
  check(definition.security, 'security');
  for (const op of operations) {
    check(op.security, `operation ${op.method.toUpperCase()} ${op.path} › security`);
    for (const cb of op.callbacks) for (const url of cb.urls) for (const o of url.operations) check(o.security, `operation ${op.method.toUpperCase()} ${op.path} › callback ${cb.name} › ${o.method.toUpperCase()} › security`);
  }
  for (const webhook of webhooks) for (const o of webhook.operations) check(o.security, `webhook ${webhook.name} › ${o.method.toUpperCase()} › security`);
}

function checkTags(definition: ApiDefinitionInput, operations: readonly OperationModel[], webhooks: readonly WebhookModel[], diagnostics: Diagnostic[]): void {
  if (definition.tags === undefined) return;
  const declared = new Set(definition.tags.map((t) => t.name));
  const uses: { tag: string; where: string }[] = [
    ...operations.flatMap((op) => op.tags.map((tag) => ({ tag, where: `operation ${op.method.toUpperCase()} ${op.path}` }))),
    ...webhooks.flatMap((w) => w.operations.flatMap((op) => op.tags.map((tag) => ({ tag, where: `webhook ${w.name}` })))),
  ];
  for (const { tag, where } of uses) {
    if (!declared.has(tag)) diagnostics.push(diagnostic('BMR071', where, `the tag \`${tag}\` is not declared in \`tags\`.`, `Add \`{ name: '${tag}', description: '...' }\` to \`tags\`.`));
  }
}
