/**
 * Callback Object → `callbacks: { name: { url: '<expression>', post: {...} } }`: each key is the
 * callback's `url`, as the runtime-expression string the document spells (several keys: a list).
 * The path item's texts, servers and `x-` keys go on the callback, its methods become outgoing
 * operations. A reusable callback with one URL becomes `defineCallback(..., { id })`.
 * https://spec.openapis.org/oas/v3.1.0#callback-object
 */
import { parseExpressionTemplate } from '@boomerang/core';
import { childPointer } from './findings.ts';
import { isObject, report, reportUnknownFields, type ImportContext, type JsonObject } from './import-context.ts';
import { pathItemMethods, pathItemSpec } from './path-item-object.ts';
import { useComponent, type ComponentSpec } from './reference-object.ts';

const urlsOf = (callback: JsonObject) => Object.keys(callback).filter((k) => !k.startsWith('x-'));

export const callbackSpec: ComponentSpec = {
  kind: 'callbacks',
  noun: 'callback',
  inPlace: (callback) => (urlsOf(callback).length === 1 ? undefined : `it has ${urlsOf(callback).length} URLs, and a reusable callback of the definition has one (several are written in place, as a list)`),
  fields: (ctx, value, pointer) => {
    const callback = callbackObject(ctx, value, pointer);
    return isObject(callback) ? callback : undefined;
  },
};

export function callbackObject(ctx: ImportContext, callback: JsonObject, pointer: string): JsonObject | JsonObject[] | undefined {
  reportUnknownFields(ctx, callback, pointer, urlsOf(callback), 'callback', { 'x-': "the definition's `x-` keys of a callback are those of its URL's path item, not of the Callback Object" });
  const urls: JsonObject[] = [];
  for (const expression of urlsOf(callback)) {
    const at = childPointer(pointer, expression);
    const parsed = parseExpressionTemplate(expression);
    if (!parsed.ok) {
      report(ctx, 'BMI040', at, `the callback key \`${expression}\` is not a runtime-expression template (${parsed.issues.map((i) => i.message).join('; ')}); this URL is not carried over.`);
      continue;
    }
    const item = useComponent(ctx, callback[expression], at, pathItemSpec, { inPlace: "a callback's URL is written with its methods (definePathItem is for webhooks)" });
    if (item === undefined) continue;
    urls.push({ url: expression, ...pathItemMethods(ctx, item, 'outgoing') });
  }
  if (urls.length === 0) return undefined;
  return urls.length === 1 ? urls[0]! : urls;
}
