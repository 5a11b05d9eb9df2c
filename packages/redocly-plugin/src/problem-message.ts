/**
 * The messages of `boomerang/runtime-expression`, in one place. Each names the expression the user
 * wrote, the callback key it is in, what is wrong, and how to fix it (core's hint).
 */
import type { ExpressionIssue, ExpressionSyntaxIssue } from '@boomerang/core/runtime-expression';

/** A callback key that is not a valid runtime-expression template. */
export function syntaxMessage(key: string, issue: ExpressionSyntaxIssue): string {
  const written = issue.text === '' ? '{}' : issue.text;
  return sentence(`\`${written}\` in callback key \`${key}\`: ${issue.message}`) + hintSentence(issue.hint);
}

/**
 * An expression that reads something the operation owning the callback does not declare. The
 * operation is named because a shared callback (`$ref` to `#/components/callbacks/…`) is reported
 * where it is written, once for each operation that it does not fit.
 */
export function operationMessage(key: string, operation: string, issue: ExpressionIssue): string {
  return sentence(`\`${issue.expression}\` in callback key \`${key}\` (operation ${operation}): ${issue.message}`) + hintSentence(issue.hint);
}

/** `createInvoice`, or `POST /invoices` for an operation without an operationId. */
export function operationLabel(operationId: unknown, method: string, pathKey: string | number): string {
  return typeof operationId === 'string' && operationId !== '' ? `\`${operationId}\`` : `\`${method.toUpperCase()} ${String(pathKey)}\``;
}

function hintSentence(hint: string | undefined): string {
  return hint === undefined || hint === '' ? '' : ` Hint: ${sentence(hint)}`;
}

function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}
