/**
 * `boomerang/runtime-expression`: every key of a Callback Object is a valid runtime-expression
 * template, and each expression in it reads something the operation owning the callback declares.
 * @see https://spec.openapis.org/oas/v3.1.0#callback-object
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
import {
  parseExpressionTemplate,
  validateTemplateAgainstOperation,
  type ExpressionIssue,
  type ExpressionTemplate,
  type TemplatePart,
} from '@boomerang/core/runtime-expression';
import { buildOperationShape, type BuiltOperationShape } from '../operation-shape.ts';
import { entriesAt, isRecord } from '../openapi/node.ts';
import { createDocumentResolver, isReference, type ReferenceResolver } from '../openapi/reference-object.ts';
import { operationLabel, operationMessage, syntaxMessage } from '../problem-message.ts';
import type { RedoclyLocation, RedoclyRule, RedoclyRuleContext } from '../redocly-rule-api.ts';

/** The operations of a Path Item. @see https://spec.openapis.org/oas/v3.1.0#path-item-object */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Syntax is checked on every Callback Object, wherever it is (inline, in `components/callbacks`, in
 * another file). What an expression reads is checked per operation that uses the callback: a callback
 * shared through `$ref` is checked against each operation that references it, and reported at the key
 * in the shared object, naming the operation, with `from` pointing at the `$ref`. Redocly visits each
 * node once, however many `$ref`s reach it, so nothing is reported twice.
 */
export const runtimeExpressionRule: RedoclyRule = () => {
  let resolveInRoot: ReferenceResolver | undefined;
  let rootDocument: string | undefined;

  return {
    Root: {
      enter(root, ctx) {
        rootDocument = ctx.location.source.absoluteRef;
        resolveInRoot = createDocumentResolver(root, rootDocument);
      },
    },
    Callback: {
      enter(callback, ctx) {
        for (const key of callbackKeys(callback)) {
          const parsed = parseExpressionTemplate(key);
          if (parsed.ok) continue;
          for (const issue of parsed.issues) ctx.report({ message: syntaxMessage(key, issue), location: ctx.location.child([key]).key() });
        }
      },
    },
    PathItem: {
      enter(pathItem, ctx) {
        if (!isRecord(pathItem)) return;
        const document = ctx.location.source.absoluteRef;
        // Local references of the linted document are resolved here; those of other files by Redocly.
        const resolve: ReferenceResolver = (ref, from) => {
          if (from === rootDocument && ref.startsWith('#') && resolveInRoot !== undefined) return resolveInRoot(ref, from);
          const target = ctx.resolve({ $ref: ref }, from);
          return target.location === undefined ? undefined : { node: target.node, document: target.location.source.absoluteRef };
        };
        for (const method of METHODS) {
          const operation = pathItem[method];
          if (!isRecord(operation)) continue;
          const label = operationLabel(operation.operationId, method, ctx.key);
          let built: BuiltOperationShape | undefined;
          for (const [name, node] of entriesAt(operation, 'callbacks')) {
            const written = ctx.location.child([method, 'callbacks', name]);
            const callback = locateCallback(node, written, ctx);
            if (callback === undefined) continue; // an unresolved $ref: Redocly's no-unresolved-refs reports it
            for (const key of callbackKeys(callback.node)) {
              const template = readableExpressions(key);
              if (template.parts.length === 0) continue;
              built ??= buildOperationShape({ pathItem, operation, document, resolve });
              // A callback key is a URL: a body field at its start is the URL's base, and must be a string.
              for (const issue of relevant(validateTemplateAgainstOperation(template, built.shape, { url: true }), built)) {
                ctx.report({
                  message: operationMessage(key, label, issue),
                  location: callback.location.child([key]).key(),
                  ...(callback.location === written ? {} : { from: written }),
                });
              }
            }
          }
        }
      },
    },
  };
};

/** The keys of a Callback Object that are runtime-expression templates (not `x-` extensions). */
function callbackKeys(callback: unknown): string[] {
  return isRecord(callback) ? Object.keys(callback).filter((key) => !key.startsWith('x-')) : [];
}

/** The callback a `callbacks` entry names, following `$ref`s, with where it is written. */
function locateCallback(node: unknown, written: RedoclyLocation, ctx: RedoclyRuleContext): { readonly node: unknown; readonly location: RedoclyLocation } | undefined {
  let current = { node, location: written };
  const seen = new Set<string>();
  while (isReference(current.node)) {
    if (seen.has(current.location.absolutePointer)) return undefined;
    seen.add(current.location.absolutePointer);
    const target = ctx.resolve(current.node, current.location.source.absoluteRef);
    if (target.location === undefined) return undefined;
    current = { node: target.node, location: target.location };
  }
  return current;
}

/**
 * The expressions of a key that parse. A key with a syntax error has no template, but its other
 * expressions are still checked against the operation, so that one run reports every problem.
 */
function readableExpressions(key: string): ExpressionTemplate {
  const parsed = parseExpressionTemplate(key);
  if (parsed.ok) return parsed.value;
  const parts: TemplatePart[] = [];
  for (const match of key.matchAll(/\{[^{}]*\}/g)) {
    const alone = parseExpressionTemplate(match[0]);
    if (!alone.ok) continue;
    for (const part of alone.value.parts) {
      if (part.type === 'expression') parts.push({ ...part, start: part.start + match.index, end: part.end + match.index });
    }
  }
  return { parts };
}

/** Issues the shape can vouch for: not about what an unresolved `$ref` might declare. */
function relevant(issues: readonly ExpressionIssue[], built: BuiltOperationShape): ExpressionIssue[] {
  return issues.filter(
    (issue) =>
      !(built.unresolved.parameters && issue.kind === 'undeclared-parameter' && issue.expression.startsWith('$request.')) &&
      !(built.unresolved.responseHeaders && issue.kind === 'undeclared-response-header'),
  );
}
