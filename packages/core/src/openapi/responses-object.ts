/** Responses Object. https://spec.openapis.org/oas/v3.1.0#responses-object */
import type { ResponseModel } from '../model.ts';
import { referenced, referenceObject } from './components-object.ts';
import type { EmitContext } from './emit-context.ts';
import { contentObject } from './media-type-object.ts';
import { headerObject } from './parameter-object.ts';
import { extensionFields } from './extensions.ts';
import { linksField } from './link-object.ts';

export function responsesObject(responses: readonly ResponseModel[], ctx: EmitContext, where: string): Record<string, unknown> {
  return Object.fromEntries(
    responses.map((r) => {
      const here = `${where} › response ${r.status}`;
      return [r.status, referenced(r.component, ctx) ? referenceObject('responses', r.component) : inlineResponseObject(r, ctx, here)];
    }),
  );
}

/** One Response Object, as written in place or under `components/responses`. https://spec.openapis.org/oas/v3.1.0#response-object */
export function inlineResponseObject(r: ResponseModel, ctx: EmitContext, here: string): Record<string, unknown> {
  const headers = r.headers.map((h) => [h.name, headerObject(h, ctx, here)] as const);
  return {
    description: r.description,
    ...(headers.length > 0 ? { headers: Object.fromEntries(headers) } : {}),
    ...(r.body !== undefined ? { content: contentObject(r.body, ctx, `${here} › body`) } : {}),
    ...linksField(r.links),
    ...extensionFields(r.extensions),
  };
}
