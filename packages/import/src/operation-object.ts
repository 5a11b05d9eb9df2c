/**
 * Operation Object → `operation({ method, path, operationId, request, parameterOptions, responses,
 * callbacks, servers, security, x-... })`, and the same fields for the methods of callbacks and
 * webhooks (requests the API sends).
 * https://spec.openapis.org/oas/v3.1.0#operation-object
 */
import { deliveryAuth, type SecuritySchemeDefinition } from '@boomerang/core';
import { callbackSpec, callbackObject } from './callback-object.ts';
import { childPointer } from './findings.ts';
import { extensionsOf, isObject, peekReference, report, reportUnknownFields, type ImportContext, type JsonObject } from './import-context.ts';
import type { LinkOwner } from './link-object.ts';
import { preferredMediaType, requestBodyObject, requestBodySpec } from './media-type-object.ts';
import { mergeParameters, parameterEntries, parametersObject, type ParameterEntry } from './parameter-object.ts';
import { useComponent } from './reference-object.ts';
import { responsesObject } from './responses-object.ts';

export type OperationRole = 'incoming' | 'outgoing';

export interface Located {
  readonly value: JsonObject;
  readonly pointer: string;
}

export interface OperationContext {
  readonly role: OperationRole;
  /** The path item's parameters when each operation must say them (they are not the path's shared ones). */
  readonly shared: readonly ParameterEntry[];
  /** The path item's servers, for an operation that has none of its own. */
  readonly servers?: unknown;
  /** The path's shared parameters (`paths`), which the operation has too: what its links may read. */
  readonly pathParameters?: readonly ParameterEntry[];
}

/** The fields of an operation as the definition writes them (method and path are added by the caller). */
export function operationFields(ctx: ImportContext, op: Located, context: OperationContext): JsonObject {
  const { role } = context;
  const known = ['tags', 'summary', 'description', 'externalDocs', 'operationId', 'parameters', 'requestBody', 'responses', 'deprecated', 'security', 'servers', ...(role === 'incoming' ? ['callbacks'] : [])];
  reportUnknownFields(ctx, op.value, op.pointer, known, role === 'incoming' ? 'operation' : 'callback or webhook operation', {
    callbacks: 'a callback or webhook cannot declare callbacks of its own in the definition',
  }, true);
  let parameters = mergeParameters(context.shared, parameterEntries(ctx, op.value.parameters, op.pointer));
  if (role === 'outgoing') parameters = parameters.filter((p) => keepOutgoing(ctx, p));
  const { request, parameterOptions } = parametersObject(ctx, parameters);
  if (op.value.requestBody !== undefined) {
    const use = useComponent(ctx, op.value.requestBody, childPointer(op.pointer, 'requestBody'), requestBodySpec);
    const printed = use === undefined ? undefined : (use.code ?? requestBodyObject(ctx, use.value, use.pointer));
    if (printed !== undefined) request.body = printed;
  }
  const requestBody = peekReference(ctx.document, op.value.requestBody);
  const bodyMedia = requestBody !== undefined && isObject(requestBody.content) ? preferredMediaType(requestBody.content) : undefined;
  // What a link may read of this request: every parameter (a path's shared ones too) and the body.
  const owner: LinkOwner = {
    parameters: mergeParameters(context.pathParameters ?? [], parameters).map((p) => ({ name: String(p.value.name), in: String(p.value.in) })),
    ...(bodyMedia !== undefined ? { requestBodySchema: bodyMedia[1].schema ?? true } : {}),
  };
  const responses = isObject(op.value.responses) ? responsesObject(ctx, op.value.responses, childPointer(op.pointer, 'responses'), owner) : {};
  const servers = op.value.servers ?? context.servers;
  const fields: JsonObject = {
    ...(typeof op.value.operationId === 'string' ? { operationId: op.value.operationId } : {}),
    ...(Array.isArray(op.value.tags) && op.value.tags.length > 0 ? { tags: op.value.tags } : {}),
    ...(typeof op.value.summary === 'string' ? { summary: op.value.summary } : {}),
    ...(typeof op.value.description === 'string' ? { description: op.value.description } : {}),
    ...(op.value.deprecated === true ? { deprecated: true } : {}),
    ...(isObject(op.value.externalDocs) ? { externalDocs: op.value.externalDocs } : {}),
    ...(Array.isArray(servers) ? { servers } : {}),
    ...(Object.keys(request).length > 0 ? { request } : {}),
    ...(parameterOptions !== undefined ? { parameterOptions } : {}),
    responses,
    ...securityField(ctx, op, role),
  };
  if (role === 'incoming' && isObject(op.value.callbacks)) {
    const callbacks: JsonObject = {};
    for (const [name, raw] of Object.entries(op.value.callbacks)) {
      const use = useComponent(ctx, raw, childPointer(op.pointer, 'callbacks', name), callbackSpec);
      const printed = use === undefined ? undefined : (use.code ?? callbackObject(ctx, use.value, use.pointer));
      if (printed !== undefined) callbacks[name] = printed;
    }
    if (Object.keys(callbacks).length > 0) fields.callbacks = callbacks;
  }
  return { ...fields, ...extensionsOf(op.value) };
}

/**
 * `security` as written; for a callback or webhook, only a requirement Boomerang's sender can put on
 * a delivery (none: unsigned; an API key in a header or the query; an http scheme), else the
 * deliveries are signed (Standard Webhooks), as when a method says nothing.
 */
function securityField(ctx: ImportContext, op: Located, role: OperationRole): JsonObject {
  const security = op.value.security;
  if (!Array.isArray(security)) return {};
  if (role === 'outgoing') {
    const found = deliveryAuth(security as Record<string, string[]>[], ctx.securitySchemes as unknown as Record<string, SecuritySchemeDefinition>);
    if (!found.ok) {
      report(ctx, 'BMI041', childPointer(op.pointer, 'security'), `the requirement of ${found.unsendable.map((u) => `\`${u.scheme}\` (${u.why})`).join(' and ')} is not carried over: Boomerang's sender cannot put it on a delivery, nor its receiver check it (BMR140), so the deliveries are signed (Standard Webhooks) instead.`);
      return {};
    }
  }
  return { security };
}

/** A callback or webhook request has no path parameters in the definition: its URL is given. */
function keepOutgoing(ctx: ImportContext, p: ParameterEntry): boolean {
  if (p.value.in !== 'path') return true;
  report(ctx, 'BMI020', p.pointer, `the path parameter \`${String(p.value.name)}\` of a callback or webhook is not carried over: the URL of a request the API sends is given by its expression, not matched.`);
  return false;
}

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
