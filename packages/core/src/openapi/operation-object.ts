/** Operation Object. https://spec.openapis.org/oas/v3.1.0#operation-object */
import type { OperationModel, OutgoingOperationModel } from '../model.ts';
import { callbacksObject } from './callbacks-object.ts';
import type { EmitContext } from './emit-context.ts';
import { requestBodyObject } from './media-type-object.ts';
import { parameterObject } from './parameter-object.ts';
import { responsesObject } from './responses-object.ts';
import { withSignatureRejected } from './signature.ts';

export function operationObject(op: OperationModel | OutgoingOperationModel, ctx: EmitContext, where: string): Record<string, unknown> {
  const incoming = 'callbacks' in op;
  const callbacks = incoming && op.callbacks.length > 0 ? callbacksObject(op, ctx, where) : undefined;
  // A callback or webhook method that declares no security gets the signature requirement, and the 401 of its check.
  const signed = !incoming && op.security === undefined && ctx.outgoingSecurity !== undefined;
  const security = signed ? ctx.outgoingSecurity : op.security;
  return {
    ...(op.tags.length > 0 ? { tags: [...op.tags] } : {}),
    ...(op.summary !== undefined ? { summary: op.summary } : {}),
    ...(op.description !== undefined ? { description: op.description } : {}),
    ...(op.externalDocs !== undefined ? { externalDocs: op.externalDocs } : {}),
    operationId: op.operationId,
    ...(op.parameters.length > 0 ? { parameters: op.parameters.map((p) => parameterObject(p, ctx, where)) } : {}),
    ...(op.requestBody !== undefined ? { requestBody: requestBodyObject(op.requestBody, ctx, where) } : {}),
    responses: responsesObject(signed ? withSignatureRejected(op.responses) : op.responses, ctx, where),
    ...(callbacks !== undefined ? { callbacks } : {}),
    ...(op.deprecated ? { deprecated: true } : {}),
    ...(security !== undefined ? { security: security.map((r) => ({ ...r })) } : {}),
  };
}

/** A Path Item Object from operations that share one path, in OpenAPI's method order. */
export function pathItemObject(ops: readonly (OperationModel | OutgoingOperationModel)[], ctx: EmitContext, where: (op: OperationModel | OutgoingOperationModel) => string, texts: { summary?: string; description?: string } = {}): Record<string, unknown> {
  return {
    ...(texts.summary !== undefined ? { summary: texts.summary } : {}),
    ...(texts.description !== undefined ? { description: texts.description } : {}),
    ...Object.fromEntries(ops.map((op) => [op.method, operationObject(op, ctx, where(op))])),
  };
}
