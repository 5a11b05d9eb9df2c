/**
 * The one place that writes generated files. It plans first (pure), then applies:
 * - `generated` files are rewritten when their content changed, and left alone (mtime kept) when not;
 * - `scaffold` files are written only when absent, unless `force`;
 * - a manifest of generated files lets the next run delete those that no longer belong;
 * - every write is atomic (temp file + rename);
 * - `check` and `dry-run` touch nothing; `check` lists what is stale.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PlannedFile } from './file-set.ts';

export const manifestName = '.boomerang-manifest.json';

export type WriteMode = 'write' | 'check' | 'dry-run';

export interface WriteOptions {
  readonly mode: WriteMode;
  /** Overwrite scaffold files too (the user's own code: use with care). */
  readonly force?: boolean;
}

export interface WriteReport {
  /** Created or changed (in check / dry-run: would be). */
  readonly written: string[];
  readonly unchanged: string[];
  /** Scaffolds that exist and were kept. */
  readonly skipped: string[];
  /** Generated files that no longer belong (in check / dry-run: would be deleted). */
  readonly deleted: string[];
}

interface Manifest {
  readonly files: Record<string, string>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function readManifest(dir: string): Manifest {
  const path = join(dir, manifestName);
  if (!existsSync(path)) return { files: {} };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    return typeof parsed.files === 'object' && parsed.files !== null ? parsed : { files: {} };
  } catch {
    return { files: {} };
  }
}

export function writeFiles(outputDir: string, files: readonly PlannedFile[], options: WriteOptions): WriteReport {
  const report: WriteReport = { written: [], unchanged: [], skipped: [], deleted: [] };
  const writes: PlannedFile[] = [];
  for (const file of files) {
    const path = join(outputDir, file.path);
    const exists = existsSync(path);
    if (file.mode === 'scaffold' && exists && !options.force) {
      report.skipped.push(file.path);
    } else if (exists && readFileSync(path, 'utf8') === file.content) {
      report.unchanged.push(file.path);
    } else {
      report.written.push(file.path);
      writes.push(file);
    }
  }
  const previous = readManifest(outputDir);
  const planned = new Set(files.map((f) => f.path));
  for (const old of Object.keys(previous.files).sort()) {
    if (!planned.has(old) && existsSync(join(outputDir, old))) report.deleted.push(old);
  }
  const generated = files.filter((f) => f.mode === 'generated');
  const manifest = `${JSON.stringify({ generator: 'boomerang', files: Object.fromEntries(generated.map((f) => [f.path, sha256(f.content)])) }, null, 2)}\n`;

  if (options.mode !== 'write') return report;
  for (const file of writes) writeAtomically(join(outputDir, file.path), file.content);
  for (const old of report.deleted) {
    rmSync(join(outputDir, old));
    removeEmptyParents(outputDir, dirname(join(outputDir, old)));
  }
  const manifestPath = join(outputDir, manifestName);
  if (!existsSync(manifestPath) || readFileSync(manifestPath, 'utf8') !== manifest) writeAtomically(manifestPath, manifest);
  return report;
}

/** The files a check finds out of date: to write (missing or changed) and to delete. */
export function staleFiles(report: WriteReport): string[] {
  return [...report.written, ...report.deleted].sort();
}

function writeAtomically(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function removeEmptyParents(root: string, dir: string): void {
  let current = dir;
  while (current.startsWith(root) && current !== root && existsSync(current) && readdirSync(current).length === 0) {
    rmdirSync(current);
    current = dirname(current);
  }
}
