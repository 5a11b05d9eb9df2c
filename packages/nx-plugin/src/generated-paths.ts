/**
 * What one target of a config writes in `generated` mode, relative to its output folder: the paths a
 * cache may restore. Scaffold files (handlers, main.ts, a receiver's example server) are never among
 * them: a cache hit would put back the first version over the user's edits.
 */
import { writerManifestFile, type TemplateManifestFiles } from './template-packages.ts';

export interface GeneratedPaths {
  /** Folders that hold only generated files (`generated`, `lib/generated`). */
  readonly folders: readonly string[];
  /** Single generated files outside such a folder (a package's `package.json`), and the writer's manifest. */
  readonly files: readonly string[];
  /** False when some generated file's place depends on the model (a `{{...}}` before its `generated/`): it cannot be declared. */
  readonly complete: boolean;
  /** The target writes a `package.json`: its output folder is an npm package of its own. */
  readonly isPackage: boolean;
}

const generatedFolder = /^(.*?(?:^|\/)generated)\//;

/**
 * From a template manifest. Without one (the template is not installed yet), the writer's rule is
 * all there is to go on: generated files live under `generated/`.
 */
export function generatedPaths(manifest: TemplateManifestFiles | undefined): GeneratedPaths {
  if (manifest === undefined) return { folders: ['generated'], files: [writerManifestFile], complete: true, isPackage: false };
  const folders = new Set<string>();
  const files = new Set<string>([writerManifestFile]);
  let complete = true;
  for (const file of manifest.files) {
    if (file.mode !== 'generated') continue;
    const output = file.output.replace(/^\.\//, '');
    const folder = generatedFolder.exec(output)?.[1];
    if (folder !== undefined && !folder.includes('{{')) folders.add(folder);
    else if (folder === undefined && !output.includes('{{')) files.add(output);
    else complete = false;
  }
  return {
    folders: [...folders].sort(),
    files: [...files].sort(),
    complete,
    isPackage: manifest.files.some((file) => file.output.replace(/^\.\//, '') === 'package.json'),
  };
}

/** The OpenAPI documents: `openapi.json` / `openapi.yaml` and the writer's manifest, in the documents' folder. */
export function documentPaths(formats: readonly string[]): GeneratedPaths {
  return { folders: [], files: [...formats.map((format) => `openapi.${format}`), writerManifestFile].sort(), complete: true, isPackage: false };
}
