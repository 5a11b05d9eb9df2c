/**
 * Reusable components: a part of the definition declared once, as a value, and used by JS reference
 * wherever its kind goes. Given an `id`, the emitter writes it once under `components/<kind>/<id>`
 * and `$ref`s it at each use (as `.meta({ id })` does for schemas); without one it is a plain value,
 * written inline at each use. A wrong reference is an undefined identifier or a type error, not a
 * dangling `$ref`.
 * https://spec.openapis.org/oas/v3.1.0#components-object
 */
import type { StandardTypedV1 } from '@standard-schema/spec';
import type {
  AnySchema,
  BodyDefinition,
  CallbackDefinition,
  Extensions,
  NamedExamples,
  ParameterOptionsByLocation,
  ResponseDefinition,
  UrlContextTypes,
  WebhookDefinition,
} from './definition.ts';

/** The component sections Boomerang writes besides `schemas` and `securitySchemes`. */
export type ComponentKind = 'parameters' | 'responses' | 'requestBodies' | 'headers' | 'examples' | 'callbacks' | 'pathItems';

/** The function that declares each kind of component, for messages and for code that writes definitions. */
export const componentDefiners: Readonly<Record<ComponentKind, string>> = {
  parameters: 'defineParameter',
  responses: 'defineResponse',
  requestBodies: 'defineRequestBody',
  headers: 'defineHeader',
  examples: 'defineExample',
  callbacks: 'defineCallback',
  pathItems: 'definePathItem',
};

export const componentBrand: unique symbol = Symbol.for('@boomerang/core/component');

/** What `define*` records on the value: its kind, its name, and the value first declared (for overrides). */
export interface ComponentMark<K extends ComponentKind = ComponentKind> {
  readonly kind: K;
  /** The `components/<kind>` key; undefined: the value is written inline at each use. */
  readonly id?: string;
  /** The value as declared, before `reference(...)` overrode its texts: two uses are one component when this is the same. */
  readonly origin: object;
}

// A type alias, not an interface: a component stays assignable where a definition object allows `x-` keys (an index signature).
export type Component<K extends ComponentKind = ComponentKind> = {
  readonly [componentBrand]: ComponentMark<K>;
};

export interface ComponentOptions {
  /** The name under `components/<kind>`: letters, digits, `.`, `-` and `_`. */
  readonly id?: string;
}

/** The mark of a value made by a `define*` function, or undefined for a value written in place. */
export function componentOf(value: unknown): ComponentMark | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const mark = (value as { [componentBrand]?: ComponentMark })[componentBrand];
  return typeof mark === 'object' && mark !== null ? mark : undefined;
}

function mark<K extends ComponentKind, T extends object>(kind: K, definition: T, options: ComponentOptions | undefined): T & Component<K> {
  const value = { ...definition } as T & Component<K>;
  // Not enumerable by Object.keys (the definition's shape check never sees it), but kept by `{ ...spread }`.
  Object.defineProperty(value, componentBrand, {
    value: { kind, ...(options?.id !== undefined ? { id: options.id } : {}), origin: value },
    enumerable: true,
  });
  return Object.freeze(value);
}

export type ParameterIn = 'path' | 'query' | 'header' | 'cookie';

/** One parameter, declared by itself (rather than as a property of `request.query`). */
/**
 * A parameter declared on its own: its name, location and schema, and how it is serialized (`style`,
 * `explode`, `allowReserved`, typed per location as in `parameterOptions`) and its `x-` keys.
 */
export type ParameterDefinition<Name extends string = string, In extends ParameterIn = ParameterIn, S extends AnySchema = AnySchema> = ParameterFields<Name, In, S> &
  ParameterOptionsByLocation[In];

interface ParameterFields<Name extends string, In extends ParameterIn, S extends AnySchema> {
  readonly name: Name;
  readonly in: In;
  /** The value's schema, e.g. `z.string()`, `z.number().int()`. */
  readonly schema: S;
  readonly description?: string;
  /** Path parameters are always required; the others are optional unless this says so (as in OpenAPI). */
  readonly required?: boolean;
  readonly deprecated?: boolean;
  readonly example?: unknown;
  /** Named examples (give either `example` or `examples`); a `defineExample(..., { id })` value is a reusable one. */
  readonly examples?: NamedExamples;
}

/**
 * A parameter for `request.parameters` or a path's shared `parameters`:
 * `defineParameter({ name: 'limit', in: 'query', schema: z.number().int() }, { id: 'Limit' })`.
 */
export function defineParameter<const Name extends string, const In extends ParameterIn, S extends AnySchema>(
  definition: ParameterDefinition<Name, In, S>,
  options?: ComponentOptions,
): ParameterDefinition<Name, In, S> & Component<'parameters'> {
  return mark('parameters', definition, options);
}

/** A response; its `description` is required, since one response may serve several status codes. */
export type ResponseComponentDefinition = ResponseDefinition & { readonly description: string };

/** `defineResponse({ description: 'Not found.', body: Problem }, { id: 'NotFound' })`, used as `responses: { 404: NotFound }`. */
export function defineResponse<const R extends ResponseComponentDefinition>(definition: R, options?: ComponentOptions): R & Component<'responses'> {
  return mark('responses', definition, options);
}

/** `defineRequestBody({ schema: Invoice, description: 'The invoice.' }, { id: 'InvoiceBody' })`, used as `request: { body: InvoiceBody }`. */
export function defineRequestBody<const B extends BodyDefinition>(definition: B, options?: ComponentOptions): B & Component<'requestBodies'> {
  return mark('requestBodies', definition, options);
}

/** One response header, without its name: the name is its key in a response's `headers`. */
export interface HeaderDefinition<S extends AnySchema = AnySchema> extends Extensions {
  readonly schema: S;
  readonly description?: string;
  readonly required?: boolean;
  readonly deprecated?: boolean;
  readonly example?: unknown;
  /** Named examples (give either `example` or `examples`). */
  readonly examples?: NamedExamples;
  /** A header's only style is `simple` (OpenAPI); `explode` says how an object is written (`a=1,b=2`). */
  readonly style?: 'simple';
  readonly explode?: boolean;
}

/** `defineHeader({ schema: z.number().int(), description: 'Requests left.' }, { id: 'RateLimitRemaining' })`, used as `headers: { 'X-Rate-Limit-Remaining': RateLimitRemaining }`. */
export function defineHeader<S extends AnySchema>(definition: HeaderDefinition<S>, options?: ComponentOptions): HeaderDefinition<S> & Component<'headers'> {
  return mark('headers', definition, options);
}

/** A named example (OpenAPI Example Object). */
export interface ExampleDefinition {
  readonly summary?: string;
  readonly description?: string;
  readonly value: unknown;
}

/** `defineExample({ summary: 'A paid invoice', value: {...} }, { id: 'PaidInvoice' })`, used in an `examples` map: `examples: { paid: PaidInvoice }`. */
export function defineExample<const E extends ExampleDefinition>(definition: E, options?: ComponentOptions): E & Component<'examples'> {
  return mark('examples', definition, options);
}

/**
 * What a reusable callback's URL builder may read, each part unknown unless named: an operation can
 * use the callback when its request and responses have at least these fields (with these types).
 */
export type CallbackNeeds = Partial<UrlContextTypes>;
export type NeedsContext<N extends CallbackNeeds> = { readonly [K in keyof UrlContextTypes]: K extends keyof N ? N[K] : unknown };

/**
 * A callback that several operations send: `defineCallback({ url, post: {...} }, { id: 'InvoicePaid' })`,
 * used as `callbacks: { invoicePaid: InvoicePaid }`. A typed URL builder names what it reads as the
 * type argument, `defineCallback<{ body: { callbackUrl: string } }>(...)`; an operation whose request
 * lacks it does not compile. A runtime-expression string is checked against each operation that uses it.
 * Its methods' operationIds derive from the `id`, the same for every use.
 */
export function defineCallback<const N extends CallbackNeeds = {}>(
  definition: CallbackDefinition<NeedsContext<N>>,
  options?: ComponentOptions,
): CallbackDefinition<NeedsContext<N>> & Component<'callbacks'> {
  return mark('callbacks', definition, options);
}

/**
 * A webhook's Path Item, for several webhooks: `definePathItem({ post: {...} }, { id: 'OrderEvent' })`,
 * used as `webhooks: { 'order.paid': OrderEvent }`, or with its own texts, `reference(OrderEvent, { summary })`.
 */
export function definePathItem<const W extends WebhookDefinition>(definition: W, options?: ComponentOptions): W & Component<'pathItems'> {
  return mark('pathItems', definition, options);
}

/**
 * A use of a component with its own `summary` and `description` (OpenAPI 3.1 lets a Reference
 * Object override both): still the same component, written once.
 */
export function reference<const C extends Component<'pathItems'> & WebhookDefinition>(component: C, texts: { readonly summary?: string; readonly description?: string }): C {
  const value = { ...component, ...texts } as C;
  Object.defineProperty(value, componentBrand, { value: component[componentBrand], enumerable: true });
  return Object.freeze(value);
}

/** The input type of a parameter or header definition's schema. */
export type SchemaInputOf<S> = S extends StandardTypedV1<infer I, unknown> ? I : undefined;
