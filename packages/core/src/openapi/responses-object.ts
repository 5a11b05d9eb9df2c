/** Responses Object. https://spec.openapis.org/oas/v3.1.0#responses-object */
import type { ResponseModel } from '../model.ts';
import type { EmitContext } from './emit-context.ts';
import { contentObject } from './media-type-object.ts';
import { headerObject } from './parameter-object.ts';

export function responsesObject(responses: readonly ResponseModel[], ctx: EmitContext, where: string): Record<string, unknown> {
  return Object.fromEntries(
    responses.map((r) => {
      const here = `${where} › response ${r.status}`;
      const headers = r.headers.map((h) => [h.name, headerObject(h, ctx, here)] as const);
      return [
        r.status,
        {
          description: r.description,
          ...(headers.length > 0 ? { headers: Object.fromEntries(headers) } : {}),
          ...(r.body !== undefined ? { content: contentObject(r.body, ctx, `${here} › body`) } : {}),
        },
      ];
    }),
  );
}
