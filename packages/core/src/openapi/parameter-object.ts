/** Parameter Object and Header Object. https://spec.openapis.org/oas/v3.1.0#parameter-object */
import type { HeaderModel, ParameterModel } from '../model.ts';
import { referenced, referenceObject } from './components-object.ts';
import type { EmitContext } from './emit-context.ts';
import { extensionFields } from './extensions.ts';
import { examplesField } from './link-object.ts';

export function parameterObject(p: ParameterModel, ctx: EmitContext, where: string): Record<string, unknown> {
  return referenced(p.component, ctx) ? referenceObject('parameters', p.component) : inlineParameterObject(p, ctx, where);
}

/** The Parameter Object itself, as written in place or under `components/parameters`. */
export function inlineParameterObject(p: ParameterModel, ctx: EmitContext, where: string): Record<string, unknown> {
  return {
    name: p.name,
    in: p.in,
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.required ? { required: true } : {}),
    ...(p.deprecated ? { deprecated: true } : {}),
    ...(p.style !== undefined ? { style: p.style } : {}),
    ...(p.explode !== undefined ? { explode: p.explode } : {}),
    ...(p.allowReserved !== undefined ? { allowReserved: p.allowReserved } : {}),
    schema: ctx.schema(p.schema, `${where} › parameter ${p.name}`),
    ...(p.example !== undefined ? { example: p.example } : {}),
    ...examplesField(p.examples, ctx),
    ...extensionFields(p.extensions),
  };
}

/** https://spec.openapis.org/oas/v3.1.0#header-object */
export function headerObject(h: HeaderModel, ctx: EmitContext, where: string): Record<string, unknown> {
  return referenced(h.component, ctx) ? referenceObject('headers', h.component) : inlineHeaderObject(h, ctx, where);
}

export function inlineHeaderObject(h: HeaderModel, ctx: EmitContext, where: string): Record<string, unknown> {
  return {
    ...(h.description !== undefined ? { description: h.description } : {}),
    ...(h.required ? { required: true } : {}),
    ...(h.deprecated ? { deprecated: true } : {}),
    ...(h.style !== undefined ? { style: h.style } : {}),
    ...(h.explode !== undefined ? { explode: h.explode } : {}),
    schema: ctx.schema(h.schema, `${where} › header ${h.name}`),
    ...(h.example !== undefined ? { example: h.example } : {}),
    ...examplesField(h.examples, ctx),
    ...extensionFields(h.extensions),
  };
}
