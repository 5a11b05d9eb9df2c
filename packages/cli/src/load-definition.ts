/** Loads a definition straight from a `.ts` (or `.js`) file: the default export of `defineApi`. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isApiDefinition, type ApiDefinition } from '@boomerang/core';
import { CliError } from './io.ts';

export async function loadDefinition(file: string, cwd: string): Promise<ApiDefinition> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new CliError(`cannot find the definition file \`${file}\` (looked at ${path}).`);
  if (!statSync(path).isFile()) throw new CliError(`\`${file}\` is a directory; give the definition file, e.g. \`${file.replace(/\/$/, '')}/api.ts\`.`);
  let loaded: { default?: unknown };
  try {
    loaded = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new CliError(`\`${file}\` could not be loaded:\n${reason}`);
  }
  if (!isApiDefinition(loaded.default)) {
    const found = loaded.default === undefined ? 'it has no default export' : `its default export is ${describe(loaded.default)}`;
    throw new CliError(`\`${file}\` does not default-export an API definition: ${found}.\n  hint: end the file with \`export default defineApi({ info: {...}, operations: [...] })\`, with defineApi from @boomerang/core.`);
  }
  return loaded.default;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object that did not come from defineApi' : `a ${typeof value}`;
}
