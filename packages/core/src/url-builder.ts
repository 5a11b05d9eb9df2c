/**
 * The typed callback-URL builder. The author writes
 *   ({ request }) => `${request.query.callback_url}/invoices/${request.body.id}`
 * and Boomerang calls it once, with stand-ins that turn into runtime expressions when they are
 * interpolated: `{$request.query.callback_url}/invoices/{$request.body#/id}`. The stand-ins are typed
 * after the operation's schemas, so naming a field that does not exist does not compile.
 */
import { encodeJsonPointer } from './runtime-expression/json-pointer.ts';

declare const expressionBrand: unique symbol;

/** A stand-in for one runtime expression; it becomes `{$…}` when interpolated into the URL. */
export interface Expression {
  readonly [expressionBrand]: true;
}

type NonZeroDigit = '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
/**
 * Array positions 0 to 99 as named keys rather than an index signature, so that `items[0].sku` is
 * not `| undefined` under `noUncheckedIndexedAccess`.
 */
export type ArrayIndex = '0' | NonZeroDigit | `${NonZeroDigit}${'0' | NonZeroDigit}`;

/**
 * The stand-in for a value of type T. Objects and arrays can be walked into (each step adds a JSON
 * Pointer token); every property is reachable, optional or not, since the expression only names it.
 */
export type ExpressionOf<T> = 0 extends 1 & T
  ? Expression & { readonly [key: string]: ExpressionOf<unknown> }
  : T extends readonly (infer E)[]
    ? Expression & { readonly [K in ArrayIndex]: ExpressionOf<NonNullable<E>> }
    : T extends Date
      ? Expression
      : T extends object
        ? Expression & { readonly [K in keyof T]-?: ExpressionOf<NonNullable<T[K]>> }
        : Expression;

/** What one side of the exchange exposes: parameters by location, and the body. */
export interface UrlBuilderArgument<Ctx> {
  /** `$url`: the full URL of the request. */
  readonly url: Expression;
  /** `$method`: the request's HTTP method. */
  readonly method: Expression;
  /** `$statusCode`: the status code of the response. */
  readonly statusCode: Expression;
  readonly request: {
    readonly path: ExpressionOf<ContextField<Ctx, 'path'>>;
    readonly query: ExpressionOf<ContextField<Ctx, 'query'>>;
    readonly header: ExpressionOf<ContextField<Ctx, 'header'>>;
    readonly body: ExpressionOf<ContextField<Ctx, 'body'>>;
  };
  readonly response: {
    readonly header: ExpressionOf<ContextField<Ctx, 'responseHeader'>>;
    readonly body: ExpressionOf<ContextField<Ctx, 'responseBody'>>;
  };
}

type ContextField<Ctx, K extends string> = Ctx extends { readonly [P in K]: infer V } ? NonNullable<V> : never;

export type UrlBuilder<Ctx> = (argument: UrlBuilderArgument<Ctx>) => string;

/** Thrown when a builder does something other than interpolate stand-ins into a string. */
export class UrlBuilderMisuse extends Error {}

const marker = Symbol('boomerang.expression');

function leaf(text: string): unknown {
  return new Proxy(Object.create(null) as object, {
    get(_target, key) {
      if (key === Symbol.toPrimitive) return () => `{${text}}`;
      if (key === marker) return text;
      if (typeof key === 'symbol') return undefined;
      throw new UrlBuilderMisuse(
        `\`${text}\` is a single value; \`.${key}\` cannot be read from it. Only request and response bodies have fields.`,
      );
    },
  });
}

function body(prefix: string, tokens: readonly string[]): unknown {
  const text = tokens.length === 0 ? prefix : `${prefix}#${encodeJsonPointer(tokens)}`;
  return new Proxy(Object.create(null) as object, {
    get(_target, key) {
      if (key === Symbol.toPrimitive) return () => `{${text}}`;
      if (key === marker) return text;
      if (typeof key === 'symbol') return undefined;
      return body(prefix, [...tokens, key]);
    },
  });
}

function named(prefix: string): unknown {
  return new Proxy(Object.create(null) as object, {
    get(_target, key) {
      if (key === Symbol.toPrimitive) {
        return () => {
          throw new UrlBuilderMisuse(`\`${prefix}\` needs a name: write \`${prefix}.<name>\`.`);
        };
      }
      if (typeof key === 'symbol') return undefined;
      return leaf(`${prefix}.${key}`);
    },
  });
}

function side(source: 'request' | 'response'): unknown {
  return {
    path: named(`$${source}.path`),
    query: named(`$${source}.query`),
    header: named(`$${source}.header`),
    body: body(`$${source}.body`, []),
  };
}

/** Runs a builder with the stand-ins and returns the runtime-expression template it produced. */
export function compileUrlBuilder<Ctx>(builder: UrlBuilder<Ctx>): string {
  const argument = {
    url: leaf('$url'),
    method: leaf('$method'),
    statusCode: leaf('$statusCode'),
    request: side('request'),
    response: side('response'),
  } as unknown as UrlBuilderArgument<Ctx>;
  const result: unknown = builder(argument);
  if (typeof result !== 'string') {
    const text = typeof result === 'object' && result !== null ? (result as Record<symbol, unknown>)[marker] : undefined;
    if (typeof text === 'string') return `{${text}}`;
    throw new UrlBuilderMisuse(`the URL builder returned ${typeof result}, not a string; return a template literal.`);
  }
  return result;
}
