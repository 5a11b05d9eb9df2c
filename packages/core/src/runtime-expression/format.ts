/**
 * The one printer for runtime expressions and templates: `parse(format(x))` deep-equals `x`, and
 * `format(parse(s)) === s` for every valid `s`.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
import type { ExpressionTemplate, RuntimeExpression } from './ast.ts';
import { encodeJsonPointer } from './json-pointer.ts';

/**
 * Canonical text of a runtime expression, e.g. `$request.body#/user/uuid`.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
export function formatRuntimeExpression(expr: RuntimeExpression): string {
  switch (expr.type) {
    case 'url':
      return '$url';
    case 'method':
      return '$method';
    case 'statusCode':
      return '$statusCode';
    case 'header':
    case 'query':
    case 'path':
      return `$${expr.source}.${expr.type}.${expr.name}`;
    case 'body':
      return `$${expr.source}.body${expr.pointer === undefined ? '' : '#' + encodeJsonPointer(expr.pointer)}`;
  }
}

/**
 * Canonical text of a template: literal text as-is, each expression inside `{}`.
 * The text only parses back when literals hold no braces and embedded names/tokens hold no braces,
 * which is true of every template that `parseExpressionTemplate` returns.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
export function formatExpressionTemplate(t: ExpressionTemplate): string {
  return t.parts
    .map((part) => (part.type === 'literal' ? part.text : `{${formatRuntimeExpression(part.expression)}}`))
    .join('');
}
