/**
 * The definition language: what an API author writes. `defineApi` and `operation` only give the
 * author types and inference; `buildApiModel` turns the result into the validated ApiModel.
 */
import type { StandardJSONSchemaV1, StandardTypedV1 } from '@standard-schema/spec';
import type { HeaderDefinition, ParameterDefinition } from './components.ts';
import type { UrlBuilder } from './url-builder.ts';

/** Any schema Boomerang accepts: a Standard Schema that can describe itself as JSON Schema (Zod 4 is one). */
export type ApiSchema<Input = unknown, Output = Input> = StandardJSONSchemaV1<Input, Output>;
// `any`, so that every concrete schema type is assignable.
export type AnySchema = StandardJSONSchemaV1<any, any>;

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof httpMethods)[number];

/**
 * OpenAPI Specification Extensions: `x-` keys, copied into the emitted object as written. Every
 * object of the definition that becomes an OpenAPI object allowing them accepts them; any other key
 * that is not the object's own is an error (BMR016).
 * https://spec.openapis.org/oas/v3.1.0#specification-extensions
 */
export type Extensions = { readonly [key: `x-${string}`]: unknown };

/** A named example (Example Object): `examples: { small: { summary: 'One line', value: {...} } }`. */
export interface NamedExample extends Extensions {
  readonly summary?: string;
  readonly description?: string;
  /** A JSON value: what the parameter, body or response carries. */
  readonly value: unknown;
}
/** Named examples, in the order written; the first is the one the receiver README and generated tests show. */
export type NamedExamples = Readonly<Record<string, NamedExample>>;

export interface Contact extends Extensions { readonly name?: string; readonly url?: string; readonly email?: string }
export interface License extends Extensions { readonly name: string; readonly identifier?: string; readonly url?: string }
export interface ExternalDocs extends Extensions { readonly url: string; readonly description?: string }

export interface InfoDefinition extends Extensions {
  readonly title: string;
  readonly version: string;
  readonly summary?: string;
  readonly description?: string;
  readonly termsOfService?: string;
  readonly contact?: Contact;
  readonly license?: License;
}

export interface ServerDefinition extends Extensions {
  readonly url: string;
  readonly description?: string;
  readonly variables?: Readonly<Record<string, Extensions & { readonly default: string; readonly enum?: readonly string[]; readonly description?: string }>>;
}

export interface TagDefinition extends Extensions { readonly name: string; readonly description?: string; readonly externalDocs?: ExternalDocs }

export type SecuritySchemeDefinition = (
  | { readonly type: 'apiKey'; readonly name: string; readonly in: 'query' | 'header' | 'cookie'; readonly description?: string }
  | { readonly type: 'http'; readonly scheme: string; readonly bearerFormat?: string; readonly description?: string }
  | { readonly type: 'mutualTLS'; readonly description?: string }
  | { readonly type: 'openIdConnect'; readonly openIdConnectUrl: string; readonly description?: string }
  | { readonly type: 'oauth2'; readonly description?: string; readonly flows: OAuthFlowsDefinition }
) & Extensions;

interface OAuthFlowCommon extends Extensions {
  readonly refreshUrl?: string;
  /** Scope name → what it allows; `{}` for none. */
  readonly scopes: Readonly<Record<string, string>>;
}
/**
 * Any subset of the four OAuth flows, each with the URLs OpenAPI requires of it: `implicit` an
 * `authorizationUrl`, `password` and `clientCredentials` a `tokenUrl`, `authorizationCode` both.
 * https://spec.openapis.org/oas/v3.1.0#oauth-flows-object
 */
export interface OAuthFlowsDefinition extends Extensions {
  readonly implicit?: OAuthFlowCommon & { readonly authorizationUrl: string };
  readonly password?: OAuthFlowCommon & { readonly tokenUrl: string };
  readonly clientCredentials?: OAuthFlowCommon & { readonly tokenUrl: string };
  readonly authorizationCode?: OAuthFlowCommon & { readonly authorizationUrl: string; readonly tokenUrl: string };
}

/** `{ bearer: [] }`: every scheme named in one requirement must hold; the list is any-of. */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** A body with its media type. A bare schema means `application/json`. */
/** A body's `x-` keys go to the Request Body Object (a request body) or the Media Type Object (a response body). */
export interface BodyDefinition<S extends AnySchema | undefined = AnySchema | undefined> extends Extensions {
  /** `application/json` (default), `application/x-www-form-urlencoded`, `multipart/form-data`, `text/plain`, `application/octet-stream`, ... */
  readonly contentType?: string;
  /** Optional for binary bodies, where the bytes are not described by a schema. */
  readonly schema?: S;
  readonly description?: string;
  /** Request bodies are required unless this says otherwise. */
  readonly required?: boolean;
  readonly example?: unknown;
  /** Named examples, shown by documentation tools; give either `example` or `examples`. */
  readonly examples?: NamedExamples;
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
  /** Parameters declared one by one, e.g. with `defineParameter(...)` (a reusable component when it has an `id`). */
  readonly parameters?: readonly ParameterDefinition[];
  readonly body?: BodyInput;
}

export interface ResponseDefinition extends Extensions {
  /** Operations a client can call next with values from this response (OpenAPI Link Objects), by link name. */
  readonly links?: Readonly<Record<string, LinkDefinition>>;
  /** Defaults to the status code's reason phrase. */
  readonly description?: string;
  readonly body?: BodyInput;
  /** An object schema (each property is a response header), or the headers by name: `{ 'X-Rate-Limit': RateLimit }` (see `defineHeader`). */
  readonly headers?: AnySchema | Readonly<Record<string, HeaderDefinition>>;
}
/**
 * A Link Object: which operation a client can call next (`operationId`, or `operationRef` for one
 * outside this document), and the values it takes from this exchange: each parameter is a runtime
 * expression (`$response.body#/id`, `$request.path.id`), a template embedding them (`{$response.body#/id}`),
 * or a constant. https://spec.openapis.org/oas/v3.1.0#link-object
 */
export interface LinkDefinition extends Extensions {
  readonly operationId?: string;
  readonly operationRef?: string;
  /** By parameter name (`id`), or qualified by location when two share a name (`path.id`). */
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly requestBody?: unknown;
  readonly description?: string;
  readonly server?: ServerDefinition;
}

/**
 * How a parameter is serialized (OpenAPI `style`, `explode`, `allowReserved`), its named examples
 * and `x-` keys: what the property's schema cannot say. Styles per location are those OpenAPI allows.
 * https://spec.openapis.org/oas/v3.1.0#style-values
 */
interface ParameterOptionsCommon extends Extensions {
  readonly explode?: boolean;
  readonly examples?: NamedExamples;
}
export interface ParameterOptionsByLocation {
  readonly path: ParameterOptionsCommon & { readonly style?: 'simple' | 'label' | 'matrix' };
  readonly query: ParameterOptionsCommon & { readonly style?: 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject'; readonly allowReserved?: boolean };
  readonly header: ParameterOptionsCommon & { readonly style?: 'simple' };
  readonly cookie: ParameterOptionsCommon & { readonly style?: 'form' };
}
export type ParameterOptions<L extends keyof ParameterOptionsByLocation = keyof ParameterOptionsByLocation> = ParameterOptionsByLocation[L];
/** `parameterOptions` where the parameter names are not known to the type checker. */
export type AnyParameterOptions = { readonly [L in keyof ParameterOptionsByLocation]?: Readonly<Record<string, ParameterOptionsByLocation[L]>> };

type ParameterNames<S> = InputOf<S> extends object ? Extract<keyof InputOf<S>, string> : never;
/** Options only for parameters `S` declares: a name it does not have does not compile. */
type OptionsFor<S, L extends keyof ParameterOptionsByLocation> = [ParameterNames<S>] extends [never] ? never : { readonly [K in ParameterNames<S>]?: ParameterOptionsByLocation[L] };
export type ParameterOptionsOf<Req extends RequestDefinition> = {
  readonly path?: OptionsFor<Req['params'], 'path'>;
  readonly query?: OptionsFor<Req['query'], 'query'>;
  readonly header?: OptionsFor<Req['headers'], 'header'>;
  readonly cookie?: OptionsFor<Req['cookies'], 'cookie'>;
};

/** A bare schema is a JSON body with the default description. */
export type ResponseInput = AnySchema | ResponseDefinition;
/** Keys: a status code (`200`), a range (`2XX`) or `default`. */
export type ResponsesDefinition = Readonly<Record<string | number, ResponseInput>>;

interface OperationTexts extends Extensions {
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
  /** Style, explode, named examples and `x-` keys per parameter: `{ query: { tags: { explode: false } } }`. */
  readonly parameterOptions?: Omit<AnyParameterOptions, 'path'>;
  readonly responses: ResponsesDefinition;
  readonly security?: readonly SecurityRequirement[];
  /** Where this one request is sent, overriding the API's `servers` (for a callback: the servers of its URL). */
  readonly servers?: readonly ServerDefinition[];
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
  /** The servers of this URL's Path Item (whose `x-` keys are this object's). */
  readonly servers?: readonly ServerDefinition[];
} & Extensions;

/** A webhook (OpenAPI 3.1 `webhooks`): sent to a URL registered out of band. */
export type WebhookDefinition = MethodMap & Extensions & { readonly summary?: string; readonly description?: string; readonly servers?: readonly ServerDefinition[] };

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
  /**
   * Style, explode, named examples and `x-` keys per parameter, by location and name:
   * `{ query: { tags: { style: 'pipeDelimited' } } }`. A name the request does not declare does not compile.
   */
  readonly parameterOptions?: ParameterOptionsOf<Req>;
  readonly responses: Res;
  /** Several URL expressions may share one name: give an array. */
  readonly callbacks?: Readonly<Record<string, CallbackDefinition<UrlContextOf<Req, Res>> | readonly CallbackDefinition<UrlContextOf<Req, Res>>[]>>;
  readonly security?: readonly SecurityRequirement[];
  /** Where this operation is served, overriding the API's `servers`. */
  readonly servers?: readonly ServerDefinition[];
}

export interface ApiDefinitionInput extends Extensions {
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
  /** What the operations of one path share, by path template: `{ '/boards/{boardId}': { parameters: [BoardId] } }`. */
  readonly paths?: Readonly<Record<string, PathDefinition>>;
}

/** The Path Item's own part: parameters every operation of the path has (an operation's own parameter of the same name and location wins). */
export interface PathDefinition {
  readonly parameters?: readonly ParameterDefinition[];
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
type HeadersTypeOf<H> = H extends AnySchema ? InputOf<H> : H extends Readonly<Record<string, HeaderDefinition>> ? { readonly [K in keyof H]: InputOf<H[K]['schema']> } : undefined;
type ResponseHeadersOf<R> = R extends ResponseDefinition ? HeadersTypeOf<R['headers']> : undefined;
/** The values of the parameters declared one by one at `location`, by name. */
type ListedParameters<P, L extends string> = P extends readonly unknown[]
  ? { readonly [E in P[number] as E extends { readonly in: L; readonly name: infer N extends string } ? N : never]: E extends { readonly schema: infer S } ? InputOf<S> : never }
  : {};
type WithListed<Base, P, L extends string> = keyof ListedParameters<P, L> extends never ? Base : [Base] extends [undefined] ? ListedParameters<P, L> : Base & ListedParameters<P, L>;
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
  readonly path: WithListed<InputOf<Req['params']>, Req['parameters'], 'path'>;
  readonly query: WithListed<InputOf<Req['query']>, Req['parameters'], 'query'>;
  readonly header: WithListed<InputOf<Req['headers']>, Req['parameters'], 'header'>;
  readonly body: BodyTypeOf<Req['body']>;
  readonly responseHeader: UnionOfValues<{ [K in keyof Res]: ResponseHeadersOf<Res[K]> }>;
  readonly responseBody: UnionOfValues<{ [K in keyof Res]: ResponseBodyOf<Res[K]> }>;
};
