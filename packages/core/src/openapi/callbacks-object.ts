/**
 * Callback Object: one per callback name, keyed by its runtime-expression URL(s); a reusable
 * callback is a Reference Object to `components/callbacks`.
 * https://spec.openapis.org/oas/v3.1.0#callback-object
 */
import type { CallbackModel, OperationModel } from '../model.ts';
import { referenced, referenceObject } from './components-object.ts';
import type { EmitContext } from './emit-context.ts';
import { pathItemObject } from './operation-object.ts';

export function callbacksObject(op: OperationModel, ctx: EmitContext, where: string): Record<string, unknown> {
  return Object.fromEntries(
    op.callbacks.map((callback) => [callback.name, referenced(callback.component, ctx) ? referenceObject('callbacks', callback.component) : callbackObject(callback, ctx, where)]),
  );
}

/** One callback's URL expressions and their Path Items, as written in place or under `components/callbacks`. */
export function callbackObject(callback: CallbackModel, ctx: EmitContext, where: string): Record<string, unknown> {
  return Object.fromEntries(
    callback.urls.map((url) => [
      url.expression,
      pathItemObject(url.operations, ctx, (o) => `${where} › callback ${callback.name} › ${o.method.toUpperCase()}`, {
        ...(callback.summary !== undefined ? { summary: callback.summary } : {}),
        ...(callback.description !== undefined ? { description: callback.description } : {}),
        ...(url.servers !== undefined ? { servers: url.servers } : {}),
        ...(url.extensions !== undefined ? { extensions: url.extensions } : {}),
      }),
    ]),
  );
}
