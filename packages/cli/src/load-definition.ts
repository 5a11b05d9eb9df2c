/** Loads a definition straight from a `.ts` (or `.js`) file: the default export of `defineApi`. */
import { resolve } from 'node:path';
import type { ApiDefinition } from '@boomerang/core';
import { CodegenError, loadDefinition as load } from '@boomerang/codegen';
import { CliError } from './io.ts';

export async function loadDefinition(file: string, cwd: string): Promise<ApiDefinition> {
  try {
    return await load(resolve(cwd, file), { shown: file });
  } catch (error) {
    if (error instanceof CodegenError) throw new CliError(error.hint ? `${error.message}\n  hint: ${error.hint}` : error.message);
    throw error;
  }
}
