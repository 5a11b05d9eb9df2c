/** Loads a definition file (`api.ts`): its default export, made by `defineApi`. */
import { existsSync, statSync } from 'node:fs';
import type { ApiDefinition } from '@boomerang/core';
import { CodegenError } from './errors.ts';
import { describeLoadError } from './load-error.ts';
import { createUserModuleLoader, type UserModuleLoader } from './user-modules.ts';

/**
 * `shown` is how messages name the file (as the user wrote it, or relative to where they are).
 * `namedBy` says where the path came from, for the hint when it is wrong (`missingHint` replaces
 * that hint). Errors are CodegenErrors; a definition that throws while loading is reported with its
 * own message and where it was thrown, not with the loader's stack.
 */
export async function loadDefinition(path: string, options: { shown?: string; namedBy?: string; missingHint?: string; loader?: UserModuleLoader } = {}): Promise<ApiDefinition> {
  const shown = options.shown ?? path;
  if (!existsSync(path)) throw new CodegenError(`cannot find the definition file \`${shown}\` (looked at ${path}).`, options.missingHint ?? (options.namedBy ? `${options.namedBy} names it.` : ''));
  if (!statSync(path).isFile()) throw new CodegenError(`\`${shown}\` is a directory; give the definition file, e.g. \`${shown.replace(/\/$/, '')}/api.ts\`.`);
  let loaded: Record<string, unknown>;
  try {
    loaded = await (options.loader ?? createUserModuleLoader()).import(path);
  } catch (error) {
    throw new CodegenError(`\`${shown}\` could not be loaded: ${describeLoadError(error)}`, 'Fix the error above; the definition is a TypeScript module run as it is.');
  }
  const { isApiDefinition } = await import('@boomerang/core');
  if (!isApiDefinition(loaded.default)) {
    const found = loaded.default === undefined ? 'it has no default export' : `its default export is ${describe(loaded.default)}`;
    throw new CodegenError(`\`${shown}\` does not default-export an API definition: ${found}.`, 'End the file with `export default defineApi({ info: {...}, operations: [...] })`, with defineApi from @boomerang/core.');
  }
  return loaded.default;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object that did not come from defineApi' : `a ${typeof value}`;
}
