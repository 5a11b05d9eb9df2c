/**
 * An imported definition as a user gets it: api.ts written into a scratch folder inside the repo
 * (git-ignored `.tmp/`, so that `@boomerang/core` and `zod` resolve), loaded as codegen loads it,
 * built and emitted.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDefinition } from '@boomerang/codegen';
import { buildApiModel, emitOpenApi, formatDiagnostic, type ApiDefinition, type ApiModel, type OpenApiVersion } from '@boomerang/core';
import { importOpenApi, type Finding } from '../../src/index.ts';

/** The documents under test/fixtures (third-party ones, and boards, written for these tests), each with its LICENSE and NOTICE. */
export const fixtures = ['callback-example', 'petstore', 'petstore-expanded', 'webhook-example', 'link-example', 'tictactoe', 'boards'] as const;

export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const scratchRoot = fileURLToPath(new URL('../.tmp/', import.meta.url));
const made: string[] = [];

export function scratchDir(label: string): string {
  const dir = join(scratchRoot, `${label}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  made.push(dir);
  return dir;
}

/** Removes the scratch folders this test file made (call it in afterAll). */
export function removeScratchDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function fixtureText(name: string): string {
  return readFileSync(join(fixturesDir, name, 'openapi.yaml'), 'utf8');
}

export interface ImportedProject {
  readonly dir: string;
  readonly source: string;
  readonly original: Record<string, unknown>;
  readonly version: OpenApiVersion;
  readonly findings: readonly Finding[];
  readonly definition: ApiDefinition;
  readonly model: ApiModel;
  /** What the definition emits, in the original's OpenAPI version. */
  readonly emitted: Record<string, unknown>;
}

export async function importFixture(name: string, text = fixtureText(name)): Promise<ImportedProject> {
  const imported = await importOpenApi(text);
  if (!imported.ok) throw new Error(`${name} did not import:\n${imported.findings.map((f) => `${f.pointer}: ${f.message}`).join('\n')}`);
  const dir = scratchDir(name);
  writeFileSync(join(dir, 'api.ts'), imported.definition);
  writeFileSync(join(dir, 'boomerang.config.ts'), imported.config);
  const definition = await loadDefinition(join(dir, 'api.ts'));
  const built = buildApiModel(definition);
  if (!built.ok) throw new Error(`${name}: the imported definition has errors:\n${built.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n')}`);
  const { document } = emitOpenApi(built.model, { openapi: imported.version });
  return { dir, source: imported.definition, original: imported.document, version: imported.version, findings: imported.findings, definition, model: built.model, emitted: document };
}
