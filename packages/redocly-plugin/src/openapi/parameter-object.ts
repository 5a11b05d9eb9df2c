/**
 * Parameter Object: the parameters an operation declares are those of its Path Item plus its own; an
 * operation-level parameter overrides the path-level one with the same name and location (header
 * names compared case-insensitively).
 * @see https://spec.openapis.org/oas/v3.1.0#parameter-object
 * @see https://spec.openapis.org/oas/v3.1.0#path-item-object (`parameters`)
 */
import type { OperationShape } from '@boomerang/core/runtime-expression';
import { isRecord, listAt, type JsonRecord } from './node.ts';
import { dereference, type ReferenceResolver } from './reference-object.ts';

export type DeclaredParameter = OperationShape['parameters'][number];

const LOCATIONS: readonly DeclaredParameter['in'][] = ['path', 'query', 'header', 'cookie'];

export interface DeclaredParameters {
  readonly parameters: readonly DeclaredParameter[];
  /** A parameter `$ref` did not resolve: what it declares is unknown. */
  readonly unresolved: boolean;
}

/** The parameters of `operation` (written in `document`), merged with those of its `pathItem`. */
export function declaredParameters(pathItem: JsonRecord, operation: JsonRecord, document: string, resolve: ReferenceResolver): DeclaredParameters {
  const merged = new Map<string, DeclaredParameter>();
  let unresolved = false;
  for (const node of [...listAt(pathItem, 'parameters'), ...listAt(operation, 'parameters')]) {
    const target = dereference({ node, document }, resolve);
    if (target === undefined) {
      unresolved = true;
      continue;
    }
    const parameter = declaredParameter(target.node);
    if (parameter === undefined) continue;
    const id = `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
    merged.set(id, parameter); // an override keeps the place of what it overrides
  }
  return { parameters: [...merged.values()], unresolved };
}

function declaredParameter(node: unknown): DeclaredParameter | undefined {
  if (!isRecord(node) || typeof node.name !== 'string') return undefined;
  const location = LOCATIONS.find((l) => l === node.in);
  return location === undefined ? undefined : { name: node.name, in: location };
}
