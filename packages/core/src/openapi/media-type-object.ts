/** Media Type Object and Request Body Object. https://spec.openapis.org/oas/v3.1.0#media-type-object */
import type { BodyModel } from '../model.ts';
import { referenced, referenceObject } from './components-object.ts';
import type { EmitContext } from './emit-context.ts';
import { extensionFields } from './extensions.ts';
import { examplesField } from './link-object.ts';

function isBinary(contentType: string): boolean {
  const base = contentType.split(';')[0]!.trim().toLowerCase();
  return base === 'application/octet-stream' || base.startsWith('image/') || base.startsWith('audio/') || base.startsWith('video/') || base === 'application/pdf';
}

/** A response body's `x-` keys are its Media Type Object's; a request body's, its Request Body Object's. */
export function contentObject(body: BodyModel, ctx: EmitContext, where: string, options: { readonly extensions?: boolean } = { extensions: true }): Record<string, unknown> {
  let schema: unknown;
  if (body.schema !== undefined) schema = ctx.schema(body.schema, where);
  // 3.1 describes raw bytes by their media type alone; 3.0 needs `format: binary`.
  else if (ctx.version === '3.0' && isBinary(body.contentType)) schema = { type: 'string', format: 'binary' };
  return {
    [body.contentType]: {
      ...(schema !== undefined ? { schema } : {}),
      ...(body.example !== undefined ? { example: body.example } : {}),
      ...examplesField(body.examples, ctx),
      ...(options.extensions ? extensionFields(body.extensions) : {}),
    },
  };
}

/** https://spec.openapis.org/oas/v3.1.0#request-body-object */
export function requestBodyObject(body: BodyModel, ctx: EmitContext, where: string): Record<string, unknown> {
  return referenced(body.component, ctx) ? referenceObject('requestBodies', body.component) : inlineRequestBodyObject(body, ctx, where);
}

export function inlineRequestBodyObject(body: BodyModel, ctx: EmitContext, where: string): Record<string, unknown> {
  return {
    ...(body.description !== undefined ? { description: body.description } : {}),
    content: contentObject(body, ctx, `${where} › request body`, { extensions: false }),
    required: body.required,
    ...extensionFields(body.extensions),
  };
}
