/** Media Type Object and Request Body Object. https://spec.openapis.org/oas/v3.1.0#media-type-object */
import type { BodyModel } from '../model.ts';
import type { EmitContext } from './emit-context.ts';

function isBinary(contentType: string): boolean {
  const base = contentType.split(';')[0]!.trim().toLowerCase();
  return base === 'application/octet-stream' || base.startsWith('image/') || base.startsWith('audio/') || base.startsWith('video/') || base === 'application/pdf';
}

export function contentObject(body: BodyModel, ctx: EmitContext, where: string): Record<string, unknown> {
  let schema: unknown;
  if (body.schema !== undefined) schema = ctx.schema(body.schema, where);
  // 3.1 describes raw bytes by their media type alone; 3.0 needs `format: binary`.
  else if (ctx.version === '3.0' && isBinary(body.contentType)) schema = { type: 'string', format: 'binary' };
  return {
    [body.contentType]: {
      ...(schema !== undefined ? { schema } : {}),
      ...(body.example !== undefined ? { example: body.example } : {}),
    },
  };
}

/** https://spec.openapis.org/oas/v3.1.0#request-body-object */
export function requestBodyObject(body: BodyModel, ctx: EmitContext, where: string): Record<string, unknown> {
  return {
    ...(body.description !== undefined ? { description: body.description } : {}),
    content: contentObject(body, ctx, `${where} › request body`),
    required: body.required,
  };
}
