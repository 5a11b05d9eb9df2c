/**
 * Responses Object: what a `$response.body#/…` or `$response.header.…` expression can read, over
 * every response of the operation (which one is sent is only known at run time).
 * @see https://spec.openapis.org/oas/v3.1.0#responses-object
 * @see https://spec.openapis.org/oas/v3.1.0#response-object
 */
import { jsonSchemasOf } from './media-type-object.ts';
import { entriesAt, isRecord, type JsonRecord } from './node.ts';
import { dereference, type ReferenceResolver } from './reference-object.ts';
import type { JsonSchema, SchemaScope } from './schema-object.ts';

export interface ResponsesReadable {
  /** The schema of every JSON response body. */
  readonly bodySchemas: readonly JsonSchema[];
  /** Every header name some response declares, as written (each once, compared case-insensitively). */
  readonly headerNames: readonly string[];
  /** A response `$ref` did not resolve: its headers are unknown (its body counts as `true`, anything). */
  readonly unresolved: boolean;
}

export function readableResponses(operation: JsonRecord, document: string, resolve: ReferenceResolver, schemas: SchemaScope): ResponsesReadable {
  const bodySchemas: JsonSchema[] = [];
  const headerNames = new Map<string, string>();
  let unresolved = false;
  for (const [status, node] of entriesAt(operation, 'responses')) {
    if (status.startsWith('x-')) continue; // a specification extension, not a response
    const response = dereference({ node, document }, resolve);
    if (response === undefined) {
      unresolved = true;
      bodySchemas.push(true);
      continue;
    }
    if (!isRecord(response.node)) continue;
    for (const schema of jsonSchemasOf(response.node)) bodySchemas.push(schemas.take({ node: schema, document: response.document }));
    // Header Objects need not be resolved: the name is the key of the map.
    for (const [name] of entriesAt(response.node, 'headers')) if (!headerNames.has(name.toLowerCase())) headerNames.set(name.toLowerCase(), name);
  }
  return { bodySchemas, headerNames: [...headerNames.values()], unresolved };
}
