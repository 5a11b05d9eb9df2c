/**
 * Callback Object: one per callback name, keyed by its runtime-expression URL(s).
 * https://spec.openapis.org/oas/v3.1.0#callback-object
 */
import type { OperationModel } from '../model.ts';
import type { EmitContext } from './emit-context.ts';
import { pathItemObject } from './operation-object.ts';

export function callbacksObject(op: OperationModel, ctx: EmitContext, where: string): Record<string, unknown> {
  return Object.fromEntries(
    op.callbacks.map((callback) => [
      callback.name,
      Object.fromEntries(
        callback.urls.map((url) => [
          url.expression,
          pathItemObject(url.operations, ctx, (o) => `${where} › callback ${callback.name} › ${o.method.toUpperCase()}`, {
            ...(callback.summary !== undefined ? { summary: callback.summary } : {}),
            ...(callback.description !== undefined ? { description: callback.description } : {}),
          }),
        ]),
      ),
    ]),
  );
}
