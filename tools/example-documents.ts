/**
 * The committed OpenAPI documents of the examples (`examples/<name>/generated/openapi.{json,yaml}`):
 * what they should contain, and which are stale. Used by `npm run regen`, `npm run check-generated`
 * and the staleness test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildApiModel, emitOpenApi, formatDiagnostic, isApiDefinition, serializeDocument } from '@boomerang/core';

export const repoRoot = new URL('..', import.meta.url).pathname;
export const exampleNames = ['invoices', 'subscriptions'] as const;

export async function loadExampleDocument(name: string): Promise<Record<string, unknown>> {
  const module = (await import(pathToFileURL(join(repoRoot, 'examples', name, 'api.ts')).href)) as { default: unknown };
  if (!isApiDefinition(module.default)) throw new Error(`examples/${name}/api.ts does not default-export defineApi(...)`);
  const built = buildApiModel(module.default);
  if (!built.ok) throw new Error(built.diagnostics.map(formatDiagnostic).join('\n'));
  return emitOpenApi(built.model).document;
}

/** Repo-relative path → the content it should have. */
export async function expectedDocuments(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of exampleNames) {
    const document = await loadExampleDocument(name);
    files.set(`examples/${name}/generated/openapi.json`, serializeDocument(document, 'json'));
    files.set(`examples/${name}/generated/openapi.yaml`, serializeDocument(document, 'yaml'));
  }
  return files;
}

export function staleDocuments(expected: Map<string, string>): string[] {
  return [...expected].filter(([path, content]) => {
    const file = join(repoRoot, path);
    return !existsSync(file) || readFileSync(file, 'utf8') !== content;
  }).map(([path]) => path);
}
