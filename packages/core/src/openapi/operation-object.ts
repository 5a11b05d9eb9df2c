/** Operation Object. https://spec.openapis.org/oas/v3.1.0#operation-object */
import type { OperationModel, OutgoingOperationModel, ParameterModel } from '../model.ts';
import { callbacksObject } from './callbacks-object.ts';
import type { EmitContext } from './emit-context.ts';
import { requestBodyObject } from './media-type-object.ts';
import { parameterObject } from './parameter-object.ts';
import { responsesObject } from './responses-object.ts';
import { withSignatureRejected } from './signature.ts';
import type { Extensions, ServerDefinition } from '../definition.ts';
import { extensionFields } from './extensions.ts';
import { serversField } from './server-object.ts';

export function operationObject(op: OperationModel | OutgoingOperationModel, ctx: EmitContext, where: string): Record<string, unknown> {
  const incoming = 'callbacks' in op;
  const callbacks = incoming && op.callbacks.length > 0 ? callbacksObject(op, ctx, where) : undefined;
  // A callback or webhook method that declares no security gets the signature requirement, and the 401 of its check.
  const signed = !incoming && op.security === undefined && ctx.outgoingSecurity !== undefined;
  const security = signed ? ctx.outgoingSecurity : op.security;
  const own = op.parameters.filter((p) => !p.pathLevel);
  return {
    ...(op.tags.length > 0 ? { tags: [...op.tags] } : {}),
    ...(op.summary !== undefined ? { summary: op.summary } : {}),
    ...(op.description !== undefined ? { description: op.description } : {}),
    ...(op.externalDocs !== undefined ? { externalDocs: op.externalDocs } : {}),
    operationId: op.operationId,
    // The path's shared parameters are its Path Item's (see pathItemObject).
    ...(own.length > 0 ? { parameters: own.map((p) => parameterObject(p, ctx, where)) } : {}),
    ...(op.requestBody !== undefined ? { requestBody: requestBodyObject(op.requestBody, ctx, where) } : {}),
    responses: responsesObject(signed ? withSignatureRejected(op.responses) : op.responses, ctx, where),
    ...(callbacks !== undefined ? { callbacks } : {}),
    ...(op.deprecated ? { deprecated: true } : {}),
    ...(security !== undefined ? { security: security.map((r) => ({ ...r })) } : {}),
    ...serversField(op.servers),
    ...extensionFields(op.extensions),
  };
}

/** A Path Item Object from operations that share one path, in OpenAPI's method order. */
export function pathItemObject(ops: readonly (OperationModel | OutgoingOperationModel)[], ctx: EmitContext, where: (op: OperationModel | OutgoingOperationModel) => string, texts: { summary?: string; description?: string; servers?: readonly ServerDefinition[]; extensions?: Extensions } = {}): Record<string, unknown> {
  const shared = sharedParameters(ops);
  return {
    ...(texts.summary !== undefined ? { summary: texts.summary } : {}),
    ...(texts.description !== undefined ? { description: texts.description } : {}),
    ...serversField(texts.servers),
    ...(shared.length > 0 ? { parameters: shared.map((p) => parameterObject(p, ctx, `path ${(ops[0] as OperationModel).path}`)) } : {}),
    ...Object.fromEntries(ops.map((op) => [op.method, operationObject(op, ctx, where(op))])),
    ...extensionFields(texts.extensions),
  };
}

/** The parameters declared once for the path (`paths: { ... }`), as its operations have them, each once. */
function sharedParameters(ops: readonly (OperationModel | OutgoingOperationModel)[]): ParameterModel[] {
  const seen = new Map<string, ParameterModel>();
  for (const op of ops) for (const p of op.parameters) if (p.pathLevel && !seen.has(`${p.in} ${p.name}`)) seen.set(`${p.in} ${p.name}`, p);
  return [...seen.values()];
}
