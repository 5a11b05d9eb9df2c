/**
 * Schema Object, as handed to core's body-pointer check. Core resolves a schema `$ref` from its text
 * alone, but the same text means different schemas in different files of a multi-file document; so each
 * schema is copied with every `$ref` replaced by an id that also names the document it was written in.
 * @see https://spec.openapis.org/oas/v3.1.0#schema-object
 */
import type { RefResolver } from '@boomerang/core/runtime-expression';
// Core's module index leaves `JsonSchema` out (core's root exports another type of that name).
import type { JsonSchema } from '@boomerang/core';
import { isRecord, type Located } from './node.ts';
import { dereference, type ReferenceResolver } from './reference-object.ts';

export type { JsonSchema };

export interface SchemaScope {
  /** The schema read from `located.document`, with its `$ref`s made unambiguous. */
  readonly take: (located: Located) => JsonSchema;
  /** Resolves the `$ref`s of schemas given out by `take`, for core's pointer check. */
  readonly resolveRef: RefResolver;
}

export function createSchemaScope(resolve: ReferenceResolver): SchemaScope {
  const origins = new Map<string, Located<string>>();
  const resolved = new Map<string, JsonSchema | undefined>();
  // Per document, the copy of each schema object: a schema reached twice is one object, as core's cycle guard expects.
  const copies = new Map<string, WeakMap<object, JsonSchema>>();

  const idOf = (ref: string, document: string): string => {
    const id = JSON.stringify([document, ref]);
    origins.set(id, { node: ref, document });
    return id;
  };

  const copy = (value: unknown, document: string, memo: WeakMap<object, JsonSchema>): unknown => {
    if (Array.isArray(value)) return value.map((item) => copy(item, document, memo));
    if (!isRecord(value)) return value;
    const known = memo.get(value);
    if (known !== undefined) return known;
    const result: Record<string, unknown> = {};
    memo.set(value, result);
    for (const [key, child] of Object.entries(value)) {
      // Only a string `$ref` is a reference; a property *named* `$ref` has a schema (an object) as its value.
      result[key] = key === '$ref' && typeof child === 'string' ? idOf(child, document) : copy(child, document, memo);
    }
    return result;
  };

  const take = ({ node, document }: Located): JsonSchema => {
    if (typeof node === 'boolean') return node;
    if (!isRecord(node)) return true; // not a schema: nothing can be said about the body
    let memo = copies.get(document);
    if (memo === undefined) copies.set(document, (memo = new WeakMap()));
    return copy(node, document, memo) as JsonSchema;
  };

  const resolveRef: RefResolver = (id) => {
    if (resolved.has(id)) return resolved.get(id);
    const origin = origins.get(id);
    const target = origin === undefined ? undefined : dereference({ node: { $ref: origin.node }, document: origin.document }, resolve);
    const schema = target === undefined || (typeof target.node !== 'boolean' && !isRecord(target.node)) ? undefined : take(target);
    resolved.set(id, schema);
    return schema;
  };

  return { take, resolveRef };
}
