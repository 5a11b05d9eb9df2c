/** Request and response bodies: a bare schema is JSON; otherwise `{ contentType, schema, ... }`. */
import type { BodyInput } from '../definition.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { BodyModel } from '../model.ts';
import type { SchemaRegistry } from '../schema/schema-registry.ts';
import { isPlainObject } from './value-kind.ts';
import { extensionsOf } from '../openapi/extensions.ts';

const mediaType = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+*-]+(\s*;.*)?$/i;

/** `{ contentType, schema, ... }`, as opposed to a schema (which may be an object of a class, or a function). */
function isBodyDefinition(input: BodyInput): input is Exclude<BodyInput, { '~standard': unknown }> {
  return isPlainObject(input) && !('~standard' in input);
}

export function bodyFrom(
  input: BodyInput | undefined,
  registry: SchemaRegistry,
  diagnostics: Diagnostic[],
  where: string,
  defaultRequired: boolean,
): BodyModel | undefined {
  if (input === undefined) return undefined;
  const definition = isBodyDefinition(input) ? input : { schema: input };
  const contentType = definition.contentType ?? 'application/json';
  if (!mediaType.test(contentType)) {
    diagnostics.push(
      diagnostic('BMR032', where, `\`${contentType}\` is not a media type.`, 'Write a type/subtype pair such as `application/json`, `text/plain` or `application/octet-stream`.'),
    );
  }
  if (definition.example !== undefined && definition.examples !== undefined) {
    diagnostics.push(diagnostic('BMR123', where, 'the body has both an `example` and named `examples`.', 'OpenAPI allows one of the two: move the example into `examples: { name: { value } }`, or drop `example`.'));
  }
  const schema = definition.schema === undefined ? undefined : registry.convert(definition.schema, where);
  return {
    contentType,
    ...(schema !== undefined ? { schema } : {}),
    ...(definition.schema !== undefined ? { source: definition.schema } : {}),
    required: definition.required ?? defaultRequired,
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    ...(definition.example !== undefined ? { example: definition.example } : {}),
    ...(definition.examples !== undefined ? { examples: definition.examples } : {}),
    ...extensionsOf(definition),
  };
}
