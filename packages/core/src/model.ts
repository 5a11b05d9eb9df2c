/**
 * The ApiModel: the normalized, validated form of a definition. Emitters and templates read this,
 * never the author's raw objects. Schemas are JSON Schema 2020-12 whose named parts are `$ref`s to
 * `#/components/schemas/<name>`; the `source` fields keep the author's Standard Schema for run time.
 */
import type {
  AnySchema,
  Extensions,
  ExternalDocs,
  HttpMethod,
  LinkDefinition,
  NamedExamples,
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
  /** Serialization, when the definition gives it (`parameterOptions`); OpenAPI's defaults otherwise. */
  readonly style?: string;
  readonly explode?: boolean;
  readonly allowReserved?: boolean;
  readonly examples?: NamedExamples;
  readonly extensions?: Extensions;
  readonly description?: string;
  readonly deprecated?: boolean;
  readonly example?: unknown;
  readonly schema: JsonSchema;
  /** Its `components/parameters` name, when it is a reusable component (`defineParameter(..., { id })`). */
  readonly component?: string;
  /** Declared once for the path (`paths: { '/a/{id}': { parameters } }`): the OpenAPI Path Item's, not the operation's. */
  readonly pathLevel?: boolean;
}

export interface BodyModel {
  readonly contentType: string;
  /** Undefined for a binary body that has no schema. */
  readonly schema?: JsonSchema;
  readonly source?: AnySchema;
  readonly required: boolean;
  readonly description?: string;
  readonly example?: unknown;
  /** Its `components/requestBodies` name, for a request body that is a reusable component. */
  readonly component?: string;
  readonly examples?: NamedExamples;
  /** The Request Body Object's (a request body) or the Media Type Object's (a response body). */
  readonly extensions?: Extensions;
}

export interface HeaderModel {
  readonly name: string;
  readonly required: boolean;
  readonly description?: string;
  readonly deprecated?: boolean;
  readonly example?: unknown;
  readonly examples?: NamedExamples;
  readonly style?: string;
  readonly explode?: boolean;
  readonly extensions?: Extensions;
  readonly schema: JsonSchema;
  /** Its `components/headers` name, when it is a reusable component. */
  readonly component?: string;
}

export interface ResponseModel {
  /** `200`, `2XX` or `default`. */
  readonly status: string;
  readonly description: string;
  readonly body?: BodyModel;
  readonly headers: readonly HeaderModel[];
  /** Link Objects by name, their `operationId`s checked to exist. */
  readonly links?: Readonly<Record<string, LinkDefinition>>;
  readonly extensions?: Extensions;
  /** Its `components/responses` name, when it is a reusable component. */
  readonly component?: string;
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
  /** Undefined: served where the API is (for a callback or webhook: where its Path Item says). */
  readonly servers?: readonly ServerDefinition[];
  readonly extensions?: Extensions;
}

/** One method of a callback or webhook: a request the API sends. */
export type OutgoingOperationModel = OperationCommon;

export interface CallbackUrlModel {
  /** The runtime-expression template, canonical: `{$request.query.callback_url}/invoices/{$request.body#/id}`. */
  readonly expression: string;
  readonly template: ExpressionTemplate;
  readonly operations: readonly OutgoingOperationModel[];
  /** The Path Item's servers and `x-` keys. */
  readonly servers?: readonly ServerDefinition[];
  readonly extensions?: Extensions;
}

export interface CallbackModel {
  readonly name: string;
  readonly summary?: string;
  readonly description?: string;
  /** One or more URL expressions under the one name, in definition order. */
  readonly urls: readonly CallbackUrlModel[];
  /**
   * Its `components/callbacks` name, when it is a reusable component: every operation that uses it
   * has this callback, with the same URL and the same operationIds.
   */
  readonly component?: string;
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
  /** The Path Item's servers and `x-` keys. */
  readonly servers?: readonly ServerDefinition[];
  readonly extensions?: Extensions;
  /** Its `components/pathItems` name, when its Path Item is a reusable component (shared operationIds). */
  readonly component?: string;
  /** The component's own texts, which `summary` and `description` above may override for this webhook. */
  readonly componentTexts?: { readonly summary?: string; readonly description?: string };
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
  /** The document root's `x-` keys. */
  readonly extensions?: Extensions;
  /** Named schemas (`components/schemas`), sorted by name. */
  readonly schemas: Readonly<Record<string, JsonSchema>>;
}
