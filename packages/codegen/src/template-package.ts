/**
 * Template packages: a folder (or npm package) with `boomerang-template.json`, handlebars files, and
 * an optional helpers module. See templates/README.md for the format.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { FileMode } from './file-set.ts';
import { CodegenError } from './errors.ts';
import { describeLoadError } from './load-error.ts';
import { createUserModuleLoader, type UserModuleLoader } from './user-modules.ts';

export type Collection = 'once' | 'operation' | 'callback' | 'webhook' | 'route';

export interface TemplateFileEntry {
  /** The handlebars file, relative to the package. */
  readonly template: string;
  /** The output path, itself a handlebars template (`handlers/{{operation.operationId}}.ts`). */
  readonly output: string;
  readonly mode: FileMode;
  /** What it repeats over; default `once`. */
  readonly each?: Collection;
  /**
   * Generated files live under a `generated/` folder. A file that cannot (a package's package.json or
   * README.md, which npm reads from the package root) says why here.
   */
  readonly outsideGeneratedFolder?: string;
}

export interface TemplateManifest {
  readonly name: string;
  readonly description?: string;
  /** The helpers module, relative to the package: compiled JavaScript in a published package (`dist/helpers.js`), or TypeScript. */
  readonly helpers?: string;
  /**
   * The TypeScript source of `helpers`, loaded instead when it exists: a package's sources are there
   * in its own repository (or workspace), and are not published, so a checkout runs what it has.
   */
  readonly helpersSource?: string;
  readonly files: readonly TemplateFileEntry[];
  /** Option names and what they mean, for the README and for checking a config. */
  readonly options?: Readonly<Record<string, { readonly description: string; readonly default?: unknown }>>;
}

export interface HelpersModule {
  /** Handlebars helpers, available to this package's templates only. */
  readonly helpers?: Readonly<Record<string, (...args: any[]) => unknown>>;
  /** Builds the package's own view of the input (names, types, ...), merged into the context as `view`. */
  readonly prepare?: (input: TemplateInput) => unknown;
}

export interface TemplateInput {
  readonly model: import('@boomerang/core').ApiModel;
  readonly routes: readonly import('@boomerang/core').ReceiverRoute[];
  readonly document: Record<string, unknown>;
  readonly receiverDocument: Record<string, unknown>;
  readonly types: { readonly api: string; readonly receiver: string };
  readonly options: Readonly<Record<string, unknown>>;
  /** Paths for generated code to import from: the definition, relative to the target's output folder. */
  readonly paths: { readonly definitionFromOutput: string; readonly outputFromRoot: string };
}

export interface TemplatePackage {
  readonly dir: string;
  readonly manifest: TemplateManifest;
  readonly sources: ReadonlyMap<string, string>;
  readonly helpers: HelpersModule;
  /** The helpers module it loaded (its source or its build), if it has one. */
  readonly helpersPath?: string;
}

export const manifestFileName = 'boomerang-template.json';

/** Finds a template package from a config: a path (relative to the config) or a package name. */
export function resolveTemplateDir(template: string, configRoot: string): string {
  if (template.startsWith('.') || isAbsolute(template)) {
    const dir = resolve(configRoot, template);
    if (!existsSync(join(dir, manifestFileName))) throw new CodegenError(`the template folder \`${template}\` has no ${manifestFileName} (looked in ${dir}).`, 'A template package is a folder with boomerang-template.json; see templates/README.md.');
    return dir;
  }
  try {
    const require = createRequire(join(configRoot, 'boomerang.config.ts'));
    return dirname(require.resolve(`${template}/${manifestFileName}`));
  } catch {
    throw new CodegenError(`the template package \`${template}\` is not installed where ${configRoot} can resolve it.`, `Install it (\`npm install -D ${template}\`) or give a folder path such as \`./templates/mine\`.`);
  }
}

export async function loadTemplatePackage(dir: string, loader: UserModuleLoader = createUserModuleLoader()): Promise<TemplatePackage> {
  const manifestPath = join(dir, manifestFileName);
  let manifest: TemplateManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as TemplateManifest;
  } catch (error) {
    throw new CodegenError(`${manifestPath} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const problems = checkManifest(manifest);
  if (problems.length > 0) throw new CodegenError(`${manifestPath} is not a valid template manifest:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 'See templates/README.md for the format.');
  const sources = new Map<string, string>();
  for (const file of manifest.files) {
    const path = join(dir, file.template);
    if (!existsSync(path)) throw new CodegenError(`${manifestPath} names \`${file.template}\`, which does not exist.`);
    sources.set(file.template, readFileSync(path, 'utf8'));
  }
  const path = helpersPath(dir, manifest);
  if (path === undefined) return { dir, manifest, sources, helpers: {} };
  return { dir, manifest, sources, helpers: await loadHelpers(path, manifest, manifestPath, loader), helpersPath: path };
}

/** The helpers module to load: the TypeScript source where it is there (a checkout), else the build. */
function helpersPath(dir: string, manifest: TemplateManifest): string | undefined {
  const source = manifest.helpersSource === undefined ? undefined : join(dir, manifest.helpersSource);
  return source !== undefined && existsSync(source) ? source : manifest.helpers === undefined ? undefined : join(dir, manifest.helpers);
}

async function loadHelpers(path: string, manifest: TemplateManifest, manifestPath: string, loader: UserModuleLoader): Promise<HelpersModule> {
  if (!existsSync(path)) throw new CodegenError(`${manifestPath} names the helpers module \`${manifest.helpers}\`, which does not exist.`, manifest.helpersSource ? 'The package is not built: run its build, or reinstall it.' : 'Fix `helpers` in the manifest.');
  try {
    return (await loader.import(path)) as HelpersModule;
  } catch (error) {
    throw new CodegenError(`the helpers module of the template package \`${manifest.name}\` (${path}) could not be loaded: ${describeLoadError(error)}`, 'Fix the error above; the helpers module is run as it is.');
  }
}

const collections: readonly Collection[] = ['once', 'operation', 'callback', 'webhook', 'route'];

function checkManifest(manifest: TemplateManifest): string[] {
  const problems: string[] = [];
  if (typeof manifest?.name !== 'string') problems.push('`name` must be a string');
  for (const key of ['helpers', 'helpersSource'] as const) {
    if (manifest?.[key] !== undefined && typeof manifest[key] !== 'string') problems.push(`\`${key}\` must be a path relative to the package`);
  }
  if (!Array.isArray(manifest?.files)) return [...problems, '`files` must be an array'];
  manifest.files.forEach((f, i) => {
    if (typeof f.template !== 'string') problems.push(`files[${i}].template must be a path`);
    if (typeof f.output !== 'string') problems.push(`files[${i}].output must be a path template`);
    if (f.mode !== 'generated' && f.mode !== 'scaffold') problems.push(`files[${i}].mode must be "generated" or "scaffold"`);
    if (f.mode === 'generated' && typeof f.output === 'string' && !/(^|\/)generated\//.test(f.output) && !f.outsideGeneratedFolder) {
      problems.push(`files[${i}] (${f.output}) is generated, so it must live under a generated/ folder`);
    }
    if (f.each !== undefined && !collections.includes(f.each)) problems.push(`files[${i}].each must be one of ${collections.join(', ')}`);
  });
  return problems;
}
