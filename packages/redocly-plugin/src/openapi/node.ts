/**
 * Raw nodes of an OpenAPI document as a YAML or JSON parser hands them over: nothing about their shape
 * is trusted until it is checked, since the rule lints documents that may be malformed.
 */

/** A node read from a document, with the document it was read from: `$ref`s inside it resolve against that document. */
export interface Located<T = unknown> {
  readonly node: T;
  /** An id of the document (Redocly's absolute file reference, or any name when there is one document). */
  readonly document: string;
}

export type JsonRecord = { readonly [key: string]: unknown };

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The list under `key`, or none when the node has no list there. */
export function listAt(node: JsonRecord, key: string): readonly unknown[] {
  const value = node[key];
  return Array.isArray(value) ? value : [];
}

/** The map under `key` as entries, or none when the node has no map there. */
export function entriesAt(node: JsonRecord, key: string): readonly [string, unknown][] {
  const value = node[key];
  return isRecord(value) ? Object.entries(value) : [];
}
