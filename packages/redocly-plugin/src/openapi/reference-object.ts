/**
 * Reference Object: `$ref` to a component of the same document (`#/components/parameters/Tenant`) or
 * of another one. Local references are resolved here, per RFC 3986 and RFC 6901: the fragment is
 * percent-decoded, then read as a JSON Pointer (`~1` for `/`, `~0` for `~`).
 * @see https://spec.openapis.org/oas/v3.1.0#reference-object
 * @see https://www.rfc-editor.org/rfc/rfc6901#section-6
 */
import { decodeJsonPointer, getByJsonPointer } from '@boomerang/core/runtime-expression';
import { isRecord, type Located } from './node.ts';

/** Resolves `ref` as written in `document`; undefined when it does not resolve. */
export type ReferenceResolver = (ref: string, document: string) => Located | undefined;

export function isReference(node: unknown): node is { readonly $ref: string } {
  return isRecord(node) && typeof node.$ref === 'string';
}

/**
 * Follows `$ref` until a node that is not a reference (a Reference Object's siblings such as
 * `description` do not change what it points at). Undefined for a reference that does not resolve,
 * or a cycle of references.
 */
export function dereference(located: Located, resolve: ReferenceResolver): Located | undefined {
  const seen = new Set<string>();
  let current = located;
  while (isReference(current.node)) {
    const ref = current.node.$ref;
    const key = JSON.stringify([current.document, ref]);
    if (seen.has(key)) return undefined;
    seen.add(key);
    const target = resolve(ref, current.document);
    if (target === undefined) return undefined;
    current = target;
  }
  return current;
}

/**
 * A resolver for the references of one parsed document to itself (`#...`); anything else (another
 * file, a URL) does not resolve.
 */
export function createDocumentResolver(root: unknown, document: string): ReferenceResolver {
  return (ref, from) => {
    if (from !== document || !ref.startsWith('#')) return undefined;
    const found = resolveFragment(root, ref.slice(1));
    return found.found ? { node: found.value, document } : undefined;
  };
}

/** Looks up a URI fragment (`/components/schemas/Caf%C3%A9`, without its `#`) as a JSON Pointer into `root`. */
export function resolveFragment(root: unknown, fragment: string): { readonly found: true; readonly value: unknown } | { readonly found: false } {
  const pointer = decodeJsonPointer(percentDecode(fragment));
  return pointer.ok ? getByJsonPointer(root, pointer.value) : { found: false };
}

/** A `%` that does not start an escape is taken literally, as most resolvers do. */
function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
