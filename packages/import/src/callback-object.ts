/**
 * Callback Object → `callbacks: { name: { url: '<expression>', post: {...} } }`: each key is the
 * callback's `url`, as the runtime-expression string the document spells (several keys: a list).
 * The path item's texts go on the callback, its methods become outgoing operations.
 * https://spec.openapis.org/oas/v3.1.0#callback-object
 */
import { parseExpressionTemplate } from '@boomerang/core';
import { childPointer } from './findings.ts';
import { report, reportExtensions, resolveReference, type ImportContext, type JsonObject } from './import-context.ts';
import { pathItemMethods } from './path-item-object.ts';

export function callbackObject(ctx: ImportContext, callback: JsonObject, pointer: string): JsonObject | JsonObject[] | undefined {
  reportExtensions(ctx, callback, pointer);
  const urls: JsonObject[] = [];
  for (const [expression, raw] of Object.entries(callback)) {
    if (expression.startsWith('x-')) continue;
    const at = childPointer(pointer, expression);
    const parsed = parseExpressionTemplate(expression);
    if (!parsed.ok) {
      report(ctx, 'BMI040', at, `the callback key \`${expression}\` is not a runtime-expression template (${parsed.issues.map((i) => i.message).join("; ")}); this URL is not carried over.`);
      continue;
    }
    const item = resolveReference(ctx, raw, at, 'path item');
    if (item === undefined) continue;
    const methods = pathItemMethods(ctx, item, 'outgoing');
    urls.push({ url: expression, ...methods });
  }
  if (urls.length === 0) return undefined;
  return urls.length === 1 ? urls[0]! : urls;
}
