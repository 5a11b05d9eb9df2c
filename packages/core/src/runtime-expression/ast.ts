/**
 * The syntax tree of OpenAPI runtime expressions and of the `{...}` templates (callback keys) that embed them.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */

/** Which HTTP message a `$request.` / `$response.` expression reads. */
export type ExpressionSource = 'request' | 'response';

/** One runtime expression, e.g. `$request.query.callback_url` or `$response.body#/status`. */
export type RuntimeExpression =
  | { readonly type: 'url' }
  | { readonly type: 'method' }
  | { readonly type: 'statusCode' }
  /** `name` is kept as written: header names are matched case-insensitively only when evaluated or validated. */
  | { readonly type: 'header'; readonly source: ExpressionSource; readonly name: string }
  | { readonly type: 'query'; readonly source: ExpressionSource; readonly name: string }
  | { readonly type: 'path'; readonly source: ExpressionSource; readonly name: string }
  /** pointer undefined = the whole body (`$request.body`); [] = `$request.body#`; tokens are DECODED (`~1` -> `/`). */
  | { readonly type: 'body'; readonly source: ExpressionSource; readonly pointer: readonly string[] | undefined };

/** A piece of a template: literal text, or an expression embedded in braces. */
export type TemplatePart =
  | { readonly type: 'literal'; readonly text: string }
  /** `start` is the offset of the `{`, `end` the offset just past the `}`: `input.slice(start, end)` is `{...}`. */
  | { readonly type: 'expression'; readonly expression: RuntimeExpression; readonly start: number; readonly end: number };

/** A string with embedded runtime expressions, e.g. the callback key `{$request.query.callback_url}/invoices`. */
export interface ExpressionTemplate {
  readonly parts: readonly TemplatePart[];
}

/** Why a runtime expression (or template) is not valid syntax, and how to write it instead. */
export interface ExpressionSyntaxIssue {
  readonly message: string;
  /** Offset in the parsed input where the problem starts. */
  readonly index: number;
  /** The offending expression text (for an embedded expression, the text between the braces). */
  readonly text: string;
  /** The valid form to write instead, when one can be guessed. */
  readonly hint?: string;
}

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ExpressionSyntaxIssue[] };
