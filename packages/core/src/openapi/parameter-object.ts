/** Parameter Object and Header Object. https://spec.openapis.org/oas/v3.1.0#parameter-object */
import type { HeaderModel, ParameterModel } from '../model.ts';
import type { EmitContext } from './emit-context.ts';

export function parameterObject(p: ParameterModel, ctx: EmitContext, where: string): Record<string, unknown> {
  return {
    name: p.name,
    in: p.in,
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.required ? { required: true } : {}),
    ...(p.deprecated ? { deprecated: true } : {}),
    schema: ctx.schema(p.schema, `${where} › parameter ${p.name}`),
    ...(p.example !== undefined ? { example: p.example } : {}),
  };
}

/** https://spec.openapis.org/oas/v3.1.0#header-object */
export function headerObject(h: HeaderModel, ctx: EmitContext, where: string): Record<string, unknown> {
  return {
    ...(h.description !== undefined ? { description: h.description } : {}),
    ...(h.required ? { required: true } : {}),
    ...(h.deprecated ? { deprecated: true } : {}),
    schema: ctx.schema(h.schema, `${where} › header ${h.name}`),
    ...(h.example !== undefined ? { example: h.example } : {}),
  };
}
