/**
 * Operation Object → `operation({ method, path, operationId, request, responses, callbacks, ... })`,
 * and the same fields for the methods of callbacks and webhooks (requests the API sends).
 * https://spec.openapis.org/oas/v3.1.0#operation-object
 */
import { callbackObject } from './callback-object.ts';
import { childPointer } from './findings.ts';
import { isObject, report, reportUnknownFields, resolveReference, type ImportContext, type JsonObject } from './import-context.ts';
import { requestBodyObject } from './media-type-object.ts';
import { mergedParameters, parametersObject } from './parameter-object.ts';
import { responsesObject } from './responses-object.ts';

const why = {
  servers: 'the definition has no servers on operations yet',
};

export type OperationRole = 'incoming' | 'outgoing';

export interface Located {
  readonly value: JsonObject;
  readonly pointer: string;
}

/** The fields of an operation as the definition writes them (method and path are added by the caller). */
export function operationFields(ctx: ImportContext, pathItem: Located, op: Located, role: OperationRole): JsonObject {
  const known = ['tags', 'summary', 'description', 'externalDocs', 'operationId', 'parameters', 'requestBody', 'responses', 'deprecated', 'security', ...(role === 'incoming' ? ['callbacks'] : [])];
  reportUnknownFields(ctx, op.value, op.pointer, known, role === 'incoming' ? 'operation' : 'callback or webhook operation', {
    ...why,
    callbacks: 'a callback or webhook cannot declare callbacks of its own in the definition',
  });
  const parameters = mergedParameters(ctx, pathItem, op);
  if (Array.isArray(pathItem.value.parameters) && pathItem.value.parameters.length > 0) {
    report(ctx, 'BMI011', childPointer(pathItem.pointer, 'parameters'), `the path item's parameters are written into each of its operations (the definition has no path-level parameters yet).`);
  }
  const request: JsonObject = {};
  const grouped = parametersObject(ctx, role === 'outgoing' ? parameters.filter((p) => keepOutgoing(ctx, p)) : parameters);
  Object.assign(request, grouped);
  if (op.value.requestBody !== undefined) {
    const body = resolveReference(ctx, op.value.requestBody, childPointer(op.pointer, 'requestBody'), 'request body');
    const printed = body ? requestBodyObject(ctx, body.value, body.pointer) : undefined;
    if (printed !== undefined) request.body = printed;
  }
  const responses = isObject(op.value.responses) ? responsesObject(ctx, op.value.responses, childPointer(op.pointer, 'responses')) : {};
  const fields: JsonObject = {
    ...(typeof op.value.operationId === 'string' ? { operationId: op.value.operationId } : {}),
    ...(Array.isArray(op.value.tags) && op.value.tags.length > 0 ? { tags: op.value.tags } : {}),
    ...(typeof op.value.summary === 'string' ? { summary: op.value.summary } : {}),
    ...(typeof op.value.description === 'string' ? { description: op.value.description } : {}),
    ...(op.value.deprecated === true ? { deprecated: true } : {}),
    ...(isObject(op.value.externalDocs) ? { externalDocs: op.value.externalDocs } : {}),
    ...(Object.keys(request).length > 0 ? { request } : {}),
    responses,
    ...(Array.isArray(op.value.security) ? { security: op.value.security } : {}),
  };
  if (role === 'incoming' && isObject(op.value.callbacks)) {
    const callbacks: JsonObject = {};
    for (const [name, raw] of Object.entries(op.value.callbacks)) {
      const callback = resolveReference(ctx, raw, childPointer(op.pointer, 'callbacks', name), 'callback');
      const printed = callback ? callbackObject(ctx, callback.value, callback.pointer) : undefined;
      if (printed !== undefined) callbacks[name] = printed;
    }
    if (Object.keys(callbacks).length > 0) fields.callbacks = callbacks;
  }
  return fields;
}

/** A callback or webhook request has no path parameters in the definition: its URL is given. */
function keepOutgoing(ctx: ImportContext, p: Located): boolean {
  if (p.value.in !== 'path') return true;
  report(ctx, 'BMI020', p.pointer, `the path parameter \`${String(p.value.name)}\` of a callback or webhook is not carried over: the URL of a request the API sends is given by its expression, not matched.`);
  return false;
}

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
