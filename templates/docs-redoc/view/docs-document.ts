/**
 * The two documents as the docs publish them. The content is the emitted documents'; three things
 * are added for the reader:
 * - `info.title` and `info.x-logo` from the options;
 * - in the API document, each callback operation's description opens with the callback's name and
 *   the runtime expression of its URL, and each webhook's with the webhook's name. Redoc titles
 *   them by their summary only, and the name is what the API user and the receiver's code call them.
 * The receiver document already says, per operation, which event it is and when it is sent.
 * @see https://spec.openapis.org/oas/v3.1.0#callback-object
 * @see https://spec.openapis.org/oas/v3.1.0#oasWebhooks
 */
import type { DocsOptions } from './options.ts';

type JsonObject = Record<string, unknown>;

/** The HTTP methods of a Path Item, in the specification's order. */
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function apiDocsDocument(document: Readonly<JsonObject>, options: DocsOptions): JsonObject {
  const doc = structuredClone(document) as JsonObject;
  setInfo(doc, options.title, options);
  for (const [path, item] of members(doc.paths)) {
    for (const [method, operation] of operations(item)) {
      for (const [name, callback] of members(operation.callbacks)) {
        for (const [expression, callbackItem] of members(callback)) {
          if (expression.startsWith('x-') || expression === '$ref') continue;
          for (const [, callbackOperation] of operations(callbackItem)) {
            lead(callbackOperation, `Callback \`${name}\` of \`${method.toUpperCase()} ${path}\`, sent to \`${expression}\`.`);
          }
        }
      }
    }
  }
  // OpenAPI 3.1 `webhooks`; a 3.0 document carries them as `x-webhooks`.
  for (const key of ['webhooks', 'x-webhooks']) {
    for (const [name, item] of members(doc[key])) {
      for (const [, operation] of operations(item)) lead(operation, `Webhook \`${name}\`, sent to the URL registered for it.`);
    }
  }
  return doc;
}

export function receiverDocsDocument(document: Readonly<JsonObject>, options: DocsOptions): JsonObject {
  const doc = structuredClone(document) as JsonObject;
  setInfo(doc, options.title === undefined ? undefined : `${options.title} — receiver`, options);
  return doc;
}

function setInfo(doc: JsonObject, title: string | undefined, options: DocsOptions): void {
  const info = (isObject(doc.info) ? doc.info : (doc.info = {})) as JsonObject;
  if (title !== undefined) info.title = title;
  if (options.logo !== undefined) info['x-logo'] = { url: options.logo.url, altText: String(info.title ?? 'logo') };
}

/** Opens an operation's description with a sentence, keeping the author's text after it. */
function lead(operation: JsonObject, sentence: string): void {
  const description = typeof operation.description === 'string' && operation.description.trim() !== '' ? operation.description : undefined;
  operation.description = description === undefined ? sentence : `${sentence}\n\n${description}`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object-valued members of an object, in document order (none when it is not an object). */
function members(value: unknown): [string, JsonObject][] {
  return isObject(value) ? Object.entries(value).filter((entry): entry is [string, JsonObject] => isObject(entry[1])) : [];
}

/** The operations of a Path Item (not a `$ref`), in the specification's method order. */
function operations(item: JsonObject): [string, JsonObject][] {
  return methods.flatMap((method) => (isObject(item[method]) ? [[method, item[method] as JsonObject] as [string, JsonObject]] : []));
}
