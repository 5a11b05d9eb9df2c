/**
 * Which of an operation's parameters a server must parse by their style before validating them, and
 * the shape each has: what `parseStyledParameters` of @boomerang/runtime reads, under the
 * `x-boomerang-styles` key of the request part's schema. A parameter is listed only where the
 * frameworks' own parsing differs from its style: a query list in `form` style, exploded (`a=1&a=2`),
 * and a single value in the default style of its location, are what Fastify and Hono already give.
 * https://spec.openapis.org/oas/v3.1.0#style-values
 */
import { stylesByLocation } from '../build/parameter-options.ts';
import type { JsonSchema, JsonSchemaObject, ParameterModel } from '../model.ts';

/** The schema key under which a request part's styled parameters travel to the runtime's validator compiler. */
export const parameterStylesKey = 'x-boomerang-styles';

export interface StyledParameterView {
  /** As the request part keys it (header names lower case). */
  readonly name: string;
  readonly style: string;
  readonly explode: boolean;
  readonly type: 'array' | 'object' | 'primitive';
  /** An object's declared properties: what an exploded `form` object reads from the query. */
  readonly properties?: readonly string[];
}

/** Each location's default style: the first OpenAPI lists for it. */
const defaultStyle = (location: ParameterModel['in']): string => stylesByLocation[location][0]!;

/** The parameters of one location that need parsing, in declaration order. */
export function styledParameters(params: readonly ParameterModel[], schemas: Readonly<Record<string, JsonSchema>>): StyledParameterView[] {
  const out: StyledParameterView[] = [];
  for (const p of params) {
    const style = p.style ?? defaultStyle(p.in);
    // OpenAPI: `explode` defaults to true for `form`, false for every other style.
    const explode = p.explode ?? style === 'form';
    const schema = resolved(p.schema, schemas);
    const type = shapeOf(schema);
    const asFrameworks = style === defaultStyle(p.in) && (type === 'primitive' || (p.in === 'query' && explode && type === 'array'));
    // A list sent as repeated names is the same in the three query styles.
    const repeated = p.in === 'query' && explode && type === 'array' && (style === 'spaceDelimited' || style === 'pipeDelimited');
    if (asFrameworks || repeated) continue;
    const properties = type === 'object' && typeof schema === 'object' && typeof schema.properties === 'object' && schema.properties !== null ? Object.keys(schema.properties) : undefined;
    out.push({ name: p.in === 'header' ? p.name.toLowerCase() : p.name, style, explode, type, ...(properties !== undefined && style === 'form' && explode ? { properties } : {}) });
  }
  return out;
}

/** The schema behind a `#/components/schemas/<name>` reference (one level: a named schema is not a bare reference). */
function resolved(schema: JsonSchema, schemas: Readonly<Record<string, JsonSchema>>): JsonSchema {
  if (typeof schema !== 'object' || typeof schema.$ref !== 'string') return schema;
  const match = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref);
  return (match && schemas[match[1]!.replace(/~1/g, '/').replace(/~0/g, '~')]) ?? schema;
}

function shapeOf(schema: JsonSchema): StyledParameterView['type'] {
  if (typeof schema !== 'object') return 'primitive';
  const types = typeOf(schema);
  if (types.includes('array')) return 'array';
  if (types.includes('object')) return 'object';
  return 'primitive';
}

function typeOf(schema: JsonSchemaObject): readonly unknown[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type !== undefined) return [schema.type];
  // `.nullable()` and unions: the first branch that says.
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) for (const b of branches) if (typeof b === 'object' && b !== null && (b as JsonSchemaObject).type !== 'null' && (b as JsonSchemaObject).type !== undefined) return typeOf(b as JsonSchemaObject);
  }
  return [];
}
