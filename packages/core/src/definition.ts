/**
 * The definition language: what an API author writes. `defineApi` and `operation` only give the
 * author types and inference; `buildApiModel` turns the result into the validated ApiModel.
 */
import type { StandardJSONSchemaV1, StandardTypedV1 } from '@standard-schema/spec';
import type { UrlBuilder } from './url-builder.ts';

/** Any schema Boomerang accepts: a Standard Schema that can describe itself as JSON Schema (Zod 4 is one). */
export type ApiSchema<Input = unknown, Output = Input> = StandardJSONSchemaV1<Input, Output>;
// `any`, so that every concrete schema type is assignable.
export type AnySchema = StandardJSONSchemaV1<any, any>;

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export interface Contact { readonly name?: string; readonly url?: string; readonly email?: string }
export interface License { readonly name: string; readonly identifier?: string; readonly url?: string }
export interface ExternalDocs { readonly url: string; readonly description?: string }

export interface InfoDefinition {
  readonly title: string;
  readonly version: string;
  readonly summary?: string;
  readonly description?: string;
  readonly termsOfService?: string;
  readonly contact?: Contact;
  readonly license?: License;
}

export interface ServerDefinition {
  readonly url: string;
  readonly description?: string;
  readonly variables?: Readonly<Record<string, { readonly default: string; readonly enum?: readonly string[]; readonly description?: string }>>;
}

export interface TagDefinition { readonly name: string; readonly description?: string; readonly externalDocs?: ExternalDocs }

export type SecuritySchemeDefinition =
  | { readonly type: 'apiKey'; readonly name: string; readonly in: 'query' | 'header' | 'cookie'; readonly description?: string }
  | { readonly type: 'http'; readonly scheme: string; readonly bearerFormat?: string; readonly description?: string }
  | { readonly type: 'mutualTLS'; readonly description?: string }
  | { readonly type: 'openIdConnect'; readonly openIdConnectUrl: string; readonly description?: string }
  | {
      readonly type: 'oauth2';
      readonly description?: string;
      readonly flows: Readonly<Record<'implicit' | 'password' | 'clientCredentials' | 'authorizationCode', {
        readonly authorizationUrl?: string;
        readonly tokenUrl?: string;
        readonly refreshUrl?: string;
        readonly scopes: Readonly<Record<string, string>>;
      } | undefined>>;
    };

/** `{ bearer: [] }`: every scheme named in one requirement must hold; the list is any-of. */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** A body with its media type. A bare schema means `application/json`. */
export interface BodyDefinition<S extends AnySchema | undefined = AnySchema | undefined> {
  /** `application/json` (default), `application/x-www-form-urlencoded`, `multipart/form-data`, `text/plain`, `application/octet-stream`, ... */
  readonly contentType?: string;
  /** Optional for binary bodies, where the bytes are not described by a schema. */
  readonly schema?: S;
  readonly description?: string;
  /** Request bodies are required unless this says otherwise. */
  readonly required?: boolean;
  readonly example?: unknown;
}
export type BodyInput = AnySchema | BodyDefinition;

export interface RequestDefinition {
  /** An object schema: each property is a path parameter, one per `{name}` in the path. */
  readonly params?: AnySchema;
  /** An object schema: each property is a query parameter (required unless optional). */
  readonly query?: AnySchema;
  /** An object schema: each property is a request header. */
  readonly headers?: AnySchema;
  /** An object schema: each property is a cookie. */
  readonly cookies?: AnySchema;
  readonly body?: BodyInput;
}

export interface ResponseDefinition {
  /** Defaults to the status code's reason phrase. */
  readonly description?: string;
  readonly body?: BodyInput;
  /** An object schema: each property is a response header. */
  readonly headers?: AnySchema;
}
/** A bare schema is a JSON body with the default description. */
export type ResponseInput = AnySchema | ResponseDefinition;
/** Keys: a status code (`200`), a range (`2XX`) or `default`. */
export type ResponsesDefinition = Readonly<Record<string | number, ResponseInput>>;

interface OperationTexts {
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly deprecated?: boolean;
  readonly externalDocs?: ExternalDocs;
}

/** One method of a callback or a webhook: a request that the API *sends*. */
export interface OutgoingOperationDefinition extends OperationTexts {
  /** Defaults to `<operationId>_<callback>_<method>` for callbacks, `<webhook>_<method>` for webhooks. */
  readonly operationId?: string;
  readonly request?: Omit<RequestDefinition, 'params'>;
  readonly responses: ResponsesDefinition;
  readonly security?: readonly SecurityRequirement[];
}

type MethodMap = { readonly [M in HttpMethod]?: OutgoingOperationDefinition };

/** A callback: where (a runtime-expression URL) and what (one or more methods). */
export type CallbackDefinition<Ctx> = MethodMap & {
  /**
   * The URL the callback is sent to: a typed builder such as
   * `({ request }) => \`${request.query.callback_url}/invoices/${request.body.id}\``,
   * or a runtime-expression template string such as `{$request.query.callback_url}/invoices/{$request.body#/id}`.
   */
  readonly url: string | UrlBuilder<Ctx>;
  readonly summary?: string;
  readonly description?: string;
};

/** A webhook (OpenAPI 3.1 `webhooks`): sent to a URL registered out of band. */
export type WebhookDefinition = MethodMap & { readonly summary?: string; readonly description?: string };

export interface OperationDefinition<
  Path extends string = string,
  Req extends RequestDefinition = RequestDefinition,
  Res extends ResponsesDefinition = ResponsesDefinition,
> extends OperationTexts {
  readonly method: HttpMethod;
  /** A path template: `/invoices/{id}`. */
  readonly path: Path;
  /** Derived from method and path when omitted: `POST /invoices/{id}/items` → `createInvoiceItems`... see `deriveOperationId`. */
  readonly operationId?: string;
  readonly request?: Req;
  readonly responses: Res;
  /** Several URL expressions may share one name: give an array. */
  readonly callbacks?: Readonly<Record<string, CallbackDefinition<UrlContextOf<Req, Res>> | readonly CallbackDefinition<UrlContextOf<Req, Res>>[]>>;
  readonly security?: readonly SecurityRequirement[];
}

export interface ApiDefinitionInput {
  readonly info: InfoDefinition;
  readonly servers?: readonly ServerDefinition[];
  readonly tags?: readonly TagDefinition[];
  readonly securitySchemes?: Readonly<Record<string, SecuritySchemeDefinition>>;
  readonly security?: readonly SecurityRequirement[];
  readonly externalDocs?: ExternalDocs;
  // Each operation keeps the generics `operation()` inferred for it.
  readonly operations?: readonly OperationDefinition<string, any, any>[];
  /** By name (`{ 'new-subscription': { post: {...} } }`), or as a list of `{ name, post: {...} }`. */
  readonly webhooks?: Readonly<Record<string, WebhookDefinition>> | readonly NamedWebhookDefinition[];
}

export type NamedWebhookDefinition = WebhookDefinition & { readonly name: string };

export const definitionBrand: unique symbol = Symbol.for('@boomerang/core/ApiDefinition');

export type ApiDefinition<D extends ApiDefinitionInput = ApiDefinitionInput> = D & { readonly [definitionBrand]: true };

/** Declares an API. Pure: validation happens in `buildApiModel`, which reports every error at once. */
export function defineApi<const D extends ApiDefinitionInput>(definition: D): ApiDefinition<D> {
  return Object.freeze({ ...definition, [definitionBrand]: true as const });
}

export function isApiDefinition(value: unknown): value is ApiDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[definitionBrand] === true;
}

/**
 * Declares one operation. A function, not a bare object, so that TypeScript infers the request and
 * responses first and then checks the callback URL builders against them.
 */
export function operation<
  const Path extends string,
  const Req extends RequestDefinition = {},
  const Res extends ResponsesDefinition = ResponsesDefinition,
>(definition: OperationDefinition<Path, Req, Res>): OperationDefinition<Path, Req, Res> {
  return definition;
}

// ---- types that the URL builder sees -------------------------------------------------------------

type InputOf<S> = S extends StandardTypedV1<infer I, unknown> ? I : undefined;
type BodyTypeOf<B> = B extends { readonly schema?: infer S } ? InputOf<S> : InputOf<B>;
type ResponseBodyOf<R> = R extends ResponseDefinition ? BodyTypeOf<R['body']> : InputOf<R>;
type ResponseHeadersOf<R> = R extends ResponseDefinition ? InputOf<R['headers']> : undefined;
type UnionOfValues<T> = T[keyof T];

export interface UrlContextTypes {
  readonly path: unknown;
  readonly query: unknown;
  readonly header: unknown;
  readonly body: unknown;
  readonly responseHeader: unknown;
  readonly responseBody: unknown;
}

export type UrlContextOf<Req extends RequestDefinition, Res extends ResponsesDefinition> = {
  readonly path: InputOf<Req['params']>;
  readonly query: InputOf<Req['query']>;
  readonly header: InputOf<Req['headers']>;
  readonly body: BodyTypeOf<Req['body']>;
  readonly responseHeader: UnionOfValues<{ [K in keyof Res]: ResponseHeadersOf<Res[K]> }>;
  readonly responseBody: UnionOfValues<{ [K in keyof Res]: ResponseBodyOf<Res[K]> }>;
};
