/**
 * OpenAPI 3.1 runtime expressions: parse, format, evaluate, and validate against an operation.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
export type {
  ExpressionSource,
  ExpressionSyntaxIssue,
  ExpressionTemplate,
  ParseResult,
  RuntimeExpression,
  TemplatePart,
} from './ast.ts';
export type { EvaluationContext, EvaluationMessage, EvaluationResult, HeaderBag, TemplateEvaluationOptions } from './evaluate.ts';
export { evaluateExpressionTemplate, evaluateRuntimeExpression, evaluateUrlTemplate } from './evaluate.ts';
export { formatExpressionTemplate, formatRuntimeExpression } from './format.ts';
export { decodeJsonPointer, encodeJsonPointer, getByJsonPointer } from './json-pointer.ts';
export { parseExpressionTemplate, parseRuntimeExpression } from './parse.ts';
// `JsonSchema` is not re-exported: @boomerang/core's model exports the same type under that name
// (`boolean | { readonly [key: string]: unknown }`), and two exports of one name would clash at the root.
export type { PointerCheck, RefResolver } from './schema-pointer.ts';
export { checkPointerInSchema } from './schema-pointer.ts';
export type { ExpressionIssue, ExpressionIssueKind, OperationShape } from './validate.ts';
export { validateTemplateAgainstOperation } from './validate.ts';
