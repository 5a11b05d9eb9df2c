/** Finds and loads `boomerang.config.ts` (TypeScript is loaded as it is, through tsx). */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { BoomerangConfig } from './config.ts';
import { CodegenError } from './errors.ts';
import { describeLoadError } from './load-error.ts';
import { createUserModuleLoader, type UserModuleLoader } from './user-modules.ts';

export const configFileNames = ['boomerang.config.ts', 'boomerang.config.mts', 'boomerang.config.js', 'boomerang.config.mjs'] as const;
const moduleExtensions = new Set(['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx']);

export interface LoadedConfig {
  readonly file: string;
  readonly root: string;
  readonly config: BoomerangConfig;
}

/** Paths in messages: relative to where the user is, as they would type them. */
const shown = (path: string) => relative(process.cwd(), path) || '.';

/**
 * The config file of a project folder. Only a folder: a file given in its place (`boomerang generate
 * api.ts`) is refused rather than run as a config, and a folder that is not there is called missing.
 */
export function findConfigFile(projectDir: string): string {
  const dir = resolve(projectDir);
  if (!existsSync(dir)) throw new CodegenError(`the project folder \`${shown(dir)}\` does not exist.`, 'Give the folder that holds boomerang.config.ts (`.` for the current one).');
  if (!statSync(dir).isDirectory()) {
    const folder = dirname(dir);
    const here = configFileNames.some((name) => existsSync(join(folder, name))) ? ` (here \`${shown(folder)}\`)` : '';
    const definitionLike = !(configFileNames as readonly string[]).includes(basename(dir)) && moduleExtensions.has(extname(dir));
    throw new CodegenError(
      `\`${shown(dir)}\` is a file, not a project folder: give the folder that holds boomerang.config.ts${here}.`,
      definitionLike ? `To print the OpenAPI document of a definition file alone: \`boomerang openapi ${shown(dir)}\`.` : '',
    );
  }
  for (const name of configFileNames) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  throw new CodegenError(`no boomerang.config.ts in \`${shown(dir)}\`.`, 'Create one: `export default defineConfig({ definition: "./api.ts", targets: [...] })` with defineConfig from @boomerang/codegen.');
}

export async function loadConfig(projectDir: string, loader: UserModuleLoader = createUserModuleLoader()): Promise<LoadedConfig> {
  const file = findConfigFile(projectDir);
  let module: { default?: unknown };
  try {
    module = await loader.import(file);
  } catch (error) {
    throw new CodegenError(`\`${shown(file)}\` could not be loaded: ${describeLoadError(error)}`, 'Fix the error above; the config is a TypeScript module run as it is.');
  }
  const config = module.default;
  // Loaded here, not above: it needs @boomerang/core, which finding the config file does not.
  const { validateConfig } = await import('./validate-config.ts');
  const problems = validateConfig(config);
  if (problems.length > 0) {
    throw new CodegenError(
      `\`${shown(file)}\` is not a valid config:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      'A config is defineConfig({ definition, openapi: { output, formats, version }, targets: [{ template, output, options }] }), every key optional but a target\'s template and output; see "boomerang.config.ts" in the README\'s "The CLI".',
    );
  }
  return { file, root: dirname(file), config: config as BoomerangConfig };
}
