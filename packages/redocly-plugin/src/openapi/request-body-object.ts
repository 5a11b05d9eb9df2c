/**
 * Request Body Object: the schema a `$request.body#/…` expression reads through.
 * @see https://spec.openapis.org/oas/v3.1.0#request-body-object
 */
import { preferredSchemaOf } from './media-type-object.ts';
import { isRecord, type JsonRecord } from './node.ts';
import { dereference, type ReferenceResolver } from './reference-object.ts';
import type { JsonSchema, SchemaScope } from './schema-object.ts';

/**
 * The request body schema of `operation` (written in `document`): undefined when it has no request
 * body; `true` (anything) when the body is not described or its `$ref` does not resolve.
 */
export function requestBodySchema(operation: JsonRecord, document: string, resolve: ReferenceResolver, schemas: SchemaScope): JsonSchema | undefined {
  if (operation.requestBody === undefined) return undefined;
  const body = dereference({ node: operation.requestBody, document }, resolve);
  if (body === undefined || !isRecord(body.node)) return true;
  return schemas.take({ node: preferredSchemaOf(body.node), document: body.document });
}
