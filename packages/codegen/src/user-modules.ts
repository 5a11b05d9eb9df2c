/**
 * Loads the user's own modules — the definition, the config, a local template package's helpers —
 * as they are written: TypeScript or JavaScript, in a project whose package.json says `"type":
 * "module"`, `"commonjs"` or nothing. tsx does the TypeScript, scoped to one namespace per loader:
 * nothing is registered globally, and a new loader sees every file afresh (an edited schema module
 * that api.ts imports included), which a long-lived process (a test, a watcher) needs.
 */
import { pathToFileURL } from 'node:url';
import { register, type NamespacedUnregister } from 'tsx/esm/api';

export interface UserModuleLoader {
  /** The module's exports; its default export, whether it was loaded as ESM or as CommonJS, is `default`. */
  import(path: string): Promise<Record<string, unknown>>;
}

let loaders = 0;

export function createUserModuleLoader(): UserModuleLoader {
  let scoped: NamespacedUnregister | undefined;
  return {
    async import(path) {
      scoped ??= register({ namespace: `boomerang-${process.pid}-${++loaders}` });
      const loaded = (await scoped.import(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
      return moduleExports(loaded);
    },
  };
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
