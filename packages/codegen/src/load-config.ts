/** Finds and loads `boomerang.config.ts` (TypeScript is loaded as it is, through tsx). */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { BoomerangConfig } from './config.ts';
import { CodegenError } from './errors.ts';
import { describeLoadError } from './load-definition.ts';
import { createUserModuleLoader, type UserModuleLoader } from './user-modules.ts';

export const configFileNames = ['boomerang.config.ts', 'boomerang.config.mts', 'boomerang.config.js', 'boomerang.config.mjs'] as const;

export interface LoadedConfig {
  readonly file: string;
  readonly root: string;
  readonly config: BoomerangConfig;
}

export function findConfigFile(projectDir: string): string {
  const dir = resolve(projectDir);
  if (existsSync(dir) && statSync(dir).isFile()) return dir;
  for (const name of configFileNames) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  throw new CodegenError(`no boomerang.config.ts in \`${projectDir}\`.`, 'Create one: `export default defineConfig({ definition: "./api.ts", targets: [...] })` with defineConfig from @boomerang/codegen.');
}

export async function loadConfig(projectDir: string, loader: UserModuleLoader = createUserModuleLoader()): Promise<LoadedConfig> {
  const file = findConfigFile(projectDir);
  let module: { default?: unknown };
  try {
    module = await loader.import(file);
  } catch (error) {
    throw new CodegenError(`\`${file}\` could not be loaded: ${describeLoadError(error)}`, 'Fix the error above; the config is a TypeScript module run as it is.');
  }
  const config = module.default;
  const problems = validateConfig(config);
  if (problems.length > 0) throw new CodegenError(`\`${file}\` is not a valid config:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 'See the README, "boomerang.config.ts".');
  return { file, root: dirname(file), config: config as BoomerangConfig };
}

function validateConfig(config: unknown): string[] {
  if (typeof config !== 'object' || config === null) return ['its default export must be defineConfig({...})'];
  const c = config as Record<string, unknown>;
  const problems: string[] = [];
  if (c.definition !== undefined && typeof c.definition !== 'string') problems.push('`definition` must be a path string');
  if (c.targets !== undefined && !Array.isArray(c.targets)) problems.push('`targets` must be an array');
  (Array.isArray(c.targets) ? c.targets : []).forEach((t: unknown, i: number) => {
    const target = t as Record<string, unknown> | null;
    if (typeof target?.template !== 'string') problems.push(`targets[${i}].template must be a folder path or package name`);
    if (typeof target?.output !== 'string') problems.push(`targets[${i}].output must be a folder path`);
  });
  if (c.openapi !== undefined && c.openapi !== false && typeof c.openapi !== 'object') problems.push('`openapi` must be false or { output, formats, version }');
  return problems;
}
