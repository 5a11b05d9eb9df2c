/**
 * Loads the user's own modules — the definition, the config, a local template package's helpers —
 * as they are written: TypeScript or JavaScript, in a project whose package.json says `"type":
 * "module"`, `"commonjs"` or nothing. tsx does the TypeScript, scoped to one namespace per loader:
 * nothing is registered globally, and a new loader sees every file afresh (an edited schema module
 * that api.ts imports included), which a long-lived process (a test, a watcher) needs.
 *
 * The loader also says which files it ran (`loadedFiles`): the module graph of what it loaded, which
 * generate's input hash is made of. tsx itself is imported on the first `import`, not before: a run
 * that finds its inputs unchanged loads no user module, and so never pays for tsx.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { NamespacedUnregister } from 'tsx/esm/api';

export interface UserModuleLoader {
  /** The module's exports; its default export, whether it was loaded as ESM or as CommonJS, is `default`. */
  import(path: string): Promise<Record<string, unknown>>;
  /** Every file the loader has run so far (absolute paths, sorted): the modules given and all they import. */
  loadedFiles?(): string[];
}

let loaders = 0;
const requireCache = createRequire(import.meta.url).cache;

export function createUserModuleLoader(): UserModuleLoader {
  const namespace = `boomerang-${process.pid}-${++loaders}`;
  let esm: NamespacedUnregister | undefined;
  let commonJs: { require(id: string, fromFile: string): unknown } | undefined;
  const loaded = new Set<string>();
  /**
   * What ESM's load hook does not see: files that CommonJS `require`s (tsx's require hooks, and the
   * CommonJS packages an ES module imports), read from require's cache, where tsx keys the files of
   * this loader's namespace as `<path>?namespace=<namespace>`.
   */
  const recordRequired = (before: ReadonlySet<string>) => {
    for (const key of Object.keys(requireCache)) {
      const [path, query] = key.split('?') as [string, string | undefined];
      if (!isAbsolute(path)) continue;
      if (!before.has(key) || new URLSearchParams(query ?? '').get('namespace') === namespace) loaded.add(path);
    }
  };
  return {
    async import(path) {
      const before = new Set(Object.keys(requireCache));
      try {
        // A CommonJS file goes through tsx's require hooks: imported through its ESM loader instead, it
        // runs from a data: URL without its source map, and an error in it shows no line of the user's.
        if (moduleFormat(path) === 'commonjs') {
          commonJs ??= (await import('tsx/cjs/api')).register({ namespace });
          return commonJsExports(commonJs.require(path, import.meta.url));
        }
        esm ??= (await import('tsx/esm/api')).register({
          namespace,
          onImport: (url) => {
            if (url.startsWith('file:')) loaded.add(fileURLToPath(url));
          },
        });
        return moduleExports((await esm.import(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>);
      } finally {
        loaded.add(path);
        recordRequired(before);
      }
    },
    loadedFiles: () => [...loaded].sort(),
  };
}

/** What Node makes of the file: its extension decides, else the nearest package.json's `type` (CommonJS without one). */
function moduleFormat(path: string): 'module' | 'commonjs' {
  const extension = extname(path);
  if (extension === '.mts' || extension === '.mjs') return 'module';
  if (extension === '.cts' || extension === '.cjs') return 'commonjs';
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (dirname(dir) === dir) return 'commonjs';
  }
}

/** `module.exports` read as an ES namespace: a compiled ES module's exports as they are, else the whole object as `default`. */
function commonJsExports(exports: unknown): Record<string, unknown> {
  if (typeof exports === 'object' && exports !== null && (exports as { __esModule?: unknown }).__esModule === true) return exports as Record<string, unknown>;
  return { default: exports };
}

/**
 * A TypeScript file that a CommonJS project's package.json makes CommonJS is compiled to
 * `exports.default = ...` with `__esModule`; imported from ESM, all of `module.exports` is then the
 * namespace's `default`. Unwrapped, both forms read the same.
 */
function moduleExports(namespace: Record<string, unknown>): Record<string, unknown> {
  const value = namespace.default;
  if (typeof value === 'object' && value !== null && (value as { __esModule?: unknown }).__esModule === true) return value as Record<string, unknown>;
  return namespace;
}
