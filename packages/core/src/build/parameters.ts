/**
 * Parameters from object schemas: each property of `request.query` (or params, headers, cookies)
 * becomes one Parameter Object, with the property's description, deprecation and example lifted
 * from its schema to the parameter, where OpenAPI readers look for them.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import { extensionsOf } from '../openapi/extensions.ts';
import type { HeaderModel, JsonSchema, JsonSchemaObject, ParameterLocation, ParameterModel } from '../model.ts';
import { isSchemaObject, type SchemaRegistry } from '../schema/schema-registry.ts';
import type { HeaderDefinition } from '../components.ts';
import { componentName } from './components.ts';
import { isPlainObject } from './value-kind.ts';

/** One property of an object schema, lifted to what a parameter or header needs: a header model is exactly that. */
export type ObjectMember = HeaderModel;

/** The properties of an object schema, or undefined after reporting that it is not one. */
export function objectMembers(
  source: unknown,
  registry: SchemaRegistry,
  diagnostics: Diagnostic[],
  where: string,
): ObjectMember[] | undefined {
  const converted = registry.convert(source, where);
  if (converted === undefined) return undefined;
  const schema = registry.dereference(converted);
  const objectSchema = isSchemaObject(schema) && (schema.type === 'object' || schema.properties !== undefined) && (schema.properties === undefined || isPlainObject(schema.properties));
  if (!objectSchema) {
    diagnostics.push(
      diagnostic('BMR022', where, 'this must be an object schema whose properties are the parameters.', 'Write `z.object({ name: z.string() })`: each property becomes one parameter.'),
    );
    return undefined;
  }
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(properties).map(([name, property]) => liftMember(name, property, required.has(name)));
}

function liftMember(name: string, property: JsonSchema, required: boolean): ObjectMember {
  if (!isSchemaObject(property)) return { name, required, schema: property };
  const { description, deprecated, example, examples, ...rest } = property as JsonSchemaObject & {
    description?: unknown; deprecated?: unknown; example?: unknown; examples?: unknown;
  };
  const firstExample = example !== undefined ? example : Array.isArray(examples) ? examples[0] : undefined;
  return {
    name,
    required,
    ...(typeof description === 'string' ? { description } : {}),
    ...(deprecated === true ? { deprecated: true } : {}),
    ...(firstExample !== undefined ? { example: firstExample } : {}),
    schema: rest,
  };
}

export function parametersFrom(
  location: ParameterLocation,
  source: unknown,
  registry: SchemaRegistry,
  diagnostics: Diagnostic[],
  where: string,
): ParameterModel[] {
  if (source === undefined) return [];
  const here = `${where} › ${locationLabel[location]}`;
  const members = objectMembers(source, registry, diagnostics, here) ?? [];
  if (location === 'header') reportCaseDuplicates(members, diagnostics, here);
  // Path parameters are always required (OpenAPI says so); the path cannot match without them.
  return members.map((m) => ({ ...m, in: location, required: location === 'path' ? true : m.required }));
}

export function headersFrom(source: unknown, registry: SchemaRegistry, diagnostics: Diagnostic[], where: string): HeaderModel[] {
  if (source === undefined) return [];
  const members = isPlainObject(source) && !('~standard' in source) ? namedHeaders(source as Readonly<Record<string, HeaderDefinition>>, registry, diagnostics, `${where} › headers`) : (objectMembers(source, registry, diagnostics, `${where} › headers`) ?? []);
  reportCaseDuplicates(members, diagnostics, `${where} › headers`);
  return members;
}

/** `{ 'X-Rate-Limit': RateLimit }`: headers by name, each a `defineHeader(...)` value (a component when it has an `id`) or `{ schema, ... }`. */
function namedHeaders(headers: Readonly<Record<string, HeaderDefinition>>, registry: SchemaRegistry, diagnostics: Diagnostic[], where: string): HeaderModel[] {
  return Object.entries(headers).flatMap(([name, header]) => {
    const schema = registry.convert(header.schema, `${where} › ${name}`);
    if (schema === undefined) return [];
    const component = componentName(header, 'headers');
    const style = header.style as string | undefined;
    if (style !== undefined && style !== 'simple') {
      diagnostics.push(diagnostic('BMR122', `${where} › ${name}`, `the style \`${style}\` is not one of a header (OpenAPI gives headers \`simple\` only).`, 'Write `style: \'simple\'`, or leave it out.'));
    }
    if (header.example !== undefined && header.examples !== undefined) {
      diagnostics.push(diagnostic('BMR123', `${where} › ${name}`, `the header \`${name}\` has both an \`example\` and named \`examples\`.`, 'OpenAPI allows one of the two: move the example into `examples`, or drop `example`.'));
    }
    return [{
      name,
      required: header.required === true,
      ...(header.description !== undefined ? { description: header.description } : {}),
      ...(header.deprecated === true ? { deprecated: true } : {}),
      ...(header.example !== undefined ? { example: header.example } : {}),
      ...(header.examples !== undefined ? { examples: header.examples } : {}),
      ...(style !== undefined ? { style } : {}),
      ...(header.explode !== undefined ? { explode: header.explode } : {}),
      ...extensionsOf(header),
      schema,
      ...(component !== undefined ? { component } : {}),
    }];
  });
}

/** Header names are case-insensitive: `X-Id` and `x-id` in one object are one header declared twice. */
function reportCaseDuplicates(members: readonly ObjectMember[], diagnostics: Diagnostic[], where: string): void {
  const seen = new Map<string, string>();
  for (const { name } of members) {
    const previous = seen.get(name.toLowerCase());
    if (previous === undefined) seen.set(name.toLowerCase(), name);
    else diagnostics.push(diagnostic('BMR023', where, `the headers \`${previous}\` and \`${name}\` are one header: header names are case-insensitive.`, 'Keep one of them.'));
  }
}

const locationLabel: Record<ParameterLocation, string> = {
  path: 'request.params',
  query: 'request.query',
  header: 'request.headers',
  cookie: 'request.cookies',
};
