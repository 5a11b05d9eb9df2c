/**
 * Byte-exact snapshot folders. `RECORD=true` rewrites a folder to match; otherwise every expected
 * file must exist with the same bytes, and a file in the folder that nothing produced (an orphan)
 * is a failure too.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface SnapshotReport {
  readonly missing: string[];
  readonly changed: string[];
  readonly orphaned: string[];
}

export const recording = process.env.RECORD === 'true';

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

export function compareSnapshots(dir: string, files: ReadonlyMap<string, string>, record = recording): SnapshotReport {
  const present = listFiles(dir);
  if (record) {
    for (const name of present) if (!files.has(name)) rmSync(join(dir, name));
    for (const [name, content] of files) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    return { missing: [], changed: [], orphaned: [] };
  }
  const missing: string[] = [];
  const changed: string[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    if (!existsSync(path)) missing.push(name);
    else if (readFileSync(path, 'utf8') !== content) changed.push(name);
  }
  const orphaned = present.filter((name) => !files.has(name));
  return { missing, changed, orphaned };
}
