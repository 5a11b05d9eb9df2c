/**
 * The `OperationShape` core validates callback keys against, built from a raw OpenAPI operation: what
 * the operation that owns a callback declares, and so what the callback's runtime expressions may read.
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 * @see https://spec.openapis.org/oas/v3.1.0#callback-object
 */
import type { OperationShape } from '@boomerang/core/runtime-expression';
import { isRecord, type JsonRecord } from './openapi/node.ts';
import { declaredParameters } from './openapi/parameter-object.ts';
import type { ReferenceResolver } from './openapi/reference-object.ts';
import { requestBodySchema } from './openapi/request-body-object.ts';
import { readableResponses } from './openapi/responses-object.ts';
import { createSchemaScope } from './openapi/schema-object.ts';

export interface OperationSource {
  /** The Path Item that holds the operation (its `parameters` apply to the operation). */
  readonly pathItem: unknown;
  readonly operation: unknown;
  /** The document both are written in: their `$ref`s resolve against it. */
  readonly document: string;
  readonly resolve: ReferenceResolver;
}

export interface BuiltOperationShape {
  readonly shape: OperationShape;
  /**
   * What the shape cannot vouch for because a `$ref` did not resolve (Redocly's `no-unresolved-refs`
   * reports the reference itself): an expression reading an undeclared parameter or response header
   * may be reading what that reference declares.
   */
  readonly unresolved: { readonly parameters: boolean; readonly responseHeaders: boolean };
}

export function buildOperationShape({ pathItem, operation, document, resolve }: OperationSource): BuiltOperationShape {
  const path: JsonRecord = isRecord(pathItem) ? pathItem : {};
  const op: JsonRecord = isRecord(operation) ? operation : {};
  const schemas = createSchemaScope(resolve);
  const { parameters, unresolved: parametersUnresolved } = declaredParameters(path, op, document, resolve);
  const requestBody = requestBodySchema(op, document, resolve, schemas);
  const responses = readableResponses(op, document, resolve, schemas);
  return {
    shape: {
      parameters,
      ...(requestBody === undefined ? {} : { requestBodySchema: requestBody }),
      responseBodySchemas: responses.bodySchemas,
      responseHeaderNames: responses.headerNames,
      resolveRef: schemas.resolveRef,
    },
    unresolved: { parameters: parametersUnresolved, responseHeaders: responses.unresolved },
  };
}
