/**
 * Finds the packages a generation depends on — each target's template package, and the Boomerang
 * packages that render them — the way Node (and so `boomerang generate`) finds them from the
 * project folder, and reads a template's manifest. Only files are read; nothing is imported.
 *
 * The lookup is the one codegen's `resolveTemplateDir` does; it is repeated here because importing
 * @boomerang/codegen would load handlebars, openapi-typescript and TypeScript on every graph build.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** codegen's `manifestFileName`: what makes a folder a template package. */
export const templateManifestFile = 'boomerang-template.json';
/** codegen's `manifestName`: the writer's list of generated files, one per output folder. */
export const writerManifestFile = '.boomerang-manifest.json';

/** The part of codegen's `TemplateManifest` that says where files go. */
export interface TemplateManifestFiles {
  readonly name?: string;
  readonly files: readonly { readonly output: string; readonly mode: string; readonly outsideGeneratedFolder?: string }[];
}

export interface LocatedPackage {
  /** Its real path (symlinks of workspaces and `file:` links resolved). */
  readonly dir: string;
  /** Set when it was found by package name (in a node_modules folder), not as a folder path. */
  readonly packageName?: string;
}

/** `@scope/name` found from `fromDir` upwards, as Node would; undefined when it is not installed. */
export function locatePackage(packageName: string, fromDir: string): LocatedPackage | undefined {
  for (let dir = resolve(fromDir); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', packageName);
    if (existsSync(join(candidate, 'package.json'))) return { dir: realpathSync(candidate), packageName };
    if (dirname(dir) === dir) return undefined;
  }
}

/** A config's `template`: a folder path (relative to the config) or a package name. */
export function locateTemplate(template: string, configDir: string): LocatedPackage | undefined {
  if (template.startsWith('.') || isAbsolute(template)) {
    const dir = resolve(configDir, template);
    return existsSync(join(dir, templateManifestFile)) ? { dir: realpathSync(dir) } : undefined;
  }
  const located = locatePackage(template, configDir);
  return located !== undefined && existsSync(join(located.dir, templateManifestFile)) ? located : undefined;
}

/** The manifest's file list, or undefined when it cannot be read (the caller falls back to the conventions). */
export function readTemplateManifest(templateDir: string): TemplateManifestFiles | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(templateDir, templateManifestFile), 'utf8')) as Partial<TemplateManifestFiles>;
    return Array.isArray(manifest.files) ? (manifest as TemplateManifestFiles) : undefined;
  } catch {
    return undefined;
  }
}
