/**
 * Specification Extensions: the `x-` keys of a definition object, kept in the model and written
 * into the OpenAPI object it becomes, after the object's own fields.
 * https://spec.openapis.org/oas/v3.1.0#specification-extensions
 */
import type { Extensions } from '../definition.ts';

export function isExtensionKey(key: string): key is `x-${string}` {
  return key.startsWith('x-');
}

/** The `x-` keys of `value`, in the order written; undefined when it has none. */
export function pickExtensions(value: object | undefined): Extensions | undefined {
  if (value === undefined) return undefined;
  const entries = Object.entries(value).filter(([key]) => isExtensionKey(key));
  return entries.length > 0 ? (Object.fromEntries(entries) as Extensions) : undefined;
}

/** `{ extensions }` for a model object, or nothing: the model holds no empty extension maps. */
export function extensionsOf(value: object | undefined): { readonly extensions?: Extensions } {
  const extensions = pickExtensions(value);
  return extensions !== undefined ? { extensions } : {};
}

/** The extensions as fields of the emitted object (copied, so the document never shares the author's objects). */
export function extensionFields(extensions: Extensions | undefined): Record<string, unknown> {
  return extensions === undefined ? {} : structuredClone({ ...extensions });
}
