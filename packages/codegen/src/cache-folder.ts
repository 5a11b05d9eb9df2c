/**
 * The project's cache folder, `<project>/node_modules/.cache/boomerang/` (where build tools keep their
 * caches; git and the Nx and turbo caches ignore node_modules): what `generate` keeps between runs so
 * that it can skip work whose inputs did not change. Everything in it can be deleted at any time; a
 * cache that cannot be read or written only makes a run slower, never different.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The cache folder of the project whose config is in `root`. */
export function cacheFolder(root: string): string {
  return join(root, 'node_modules', '.cache', 'boomerang');
}

/** Writes a cache file whole or not at all (temp file + rename), and says nothing when it cannot. */
export function writeCacheFile(path: string, text: string): void {
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch {
    rmSync(temp, { force: true });
  }
}
