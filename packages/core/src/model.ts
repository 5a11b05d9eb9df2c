/**
 * The ApiModel: the normalized, validated form of a definition. Emitters and templates read this,
 * never the author's raw objects. Schemas are JSON Schema 2020-12 whose named parts are `$ref`s to
 * `#/components/schemas/<name>`; the `source` fields keep the author's Standard Schema for run time.
 */
import type {
  AnySchema,
  ExternalDocs,
  HttpMethod,
  InfoDefinition,
  SecurityRequirement,
  SecuritySchemeDefinition,
  ServerDefinition,
  TagDefinition,
} from './definition.ts';
import type { ExpressionTemplate } from './runtime-expression/ast.ts';

export type JsonSchemaObject = { readonly [key: string]: unknown };
export type JsonSchema = boolean | JsonSchemaObject;

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface ParameterModel {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required: boolean;
  readonly description?: string;
  readonly deprecated?: boolean;
  readonly example?: unknown;
  readonly schema: JsonSchema;
}

export interface BodyModel {
  readonly contentType: string;
  /** Undefined for a binary body that has no schema. */
  readonly schema?: JsonSchema;
  readonly source?: AnySchema;
  readonly required: boolean;
  readonly description?: string;
  readonly example?: unknown;
}

export interface HeaderModel {
  readonly name: string;
  readonly required: boolean;
  readonly description?: string;
  readonly deprecated?: boolean;
  readonly example?: unknown;
  readonly schema: JsonSchema;
}

export interface ResponseModel {
  /** `200`, `2XX` or `default`. */
  readonly status: string;
  readonly description: string;
  readonly body?: BodyModel;
  readonly headers: readonly HeaderModel[];
}

interface OperationCommon {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly summary?: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly deprecated: boolean;
  readonly externalDocs?: ExternalDocs;
  /** Undefined: inherits the API's security. */
  readonly security?: readonly SecurityRequirement[];
  readonly parameters: readonly ParameterModel[];
  readonly requestBody?: BodyModel;
  readonly responses: readonly ResponseModel[];
}

/** One method of a callback or webhook: a request the API sends. */
export type OutgoingOperationModel = OperationCommon;

export interface CallbackUrlModel {
  /** The runtime-expression template, canonical: `{$request.query.callback_url}/invoices/{$request.body#/id}`. */
  readonly expression: string;
  readonly template: ExpressionTemplate;
  readonly operations: readonly OutgoingOperationModel[];
}

export interface CallbackModel {
  readonly name: string;
  readonly summary?: string;
  readonly description?: string;
  /** One or more URL expressions under the one name, in definition order. */
  readonly urls: readonly CallbackUrlModel[];
}

export interface OperationModel extends OperationCommon {
  readonly path: string;
  readonly callbacks: readonly CallbackModel[];
}

export interface WebhookModel {
  readonly name: string;
  readonly summary?: string;
  readonly description?: string;
  readonly operations: readonly OutgoingOperationModel[];
}

export interface ApiModel {
  readonly info: InfoDefinition;
  readonly servers: readonly ServerDefinition[];
  readonly tags: readonly TagDefinition[];
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeDefinition>>;
  readonly security?: readonly SecurityRequirement[];
  readonly externalDocs?: ExternalDocs;
  readonly operations: readonly OperationModel[];
  readonly webhooks: readonly WebhookModel[];
  /** Named schemas (`components/schemas`), sorted by name. */
  readonly schemas: Readonly<Record<string, JsonSchema>>;
}
