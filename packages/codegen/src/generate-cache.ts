/**
 * What lets `generate` skip a run whose inputs and outputs are as the last run left them:
 * `<project>/node_modules/.cache/boomerang/generate.json`, written after a run that wrote every
 * target, left nothing to report but what it wrote, deleted or kept as scaffolds, and saw no input
 * saved after it began (by the file system's clock). It holds
 * - the input hash (see input-hash.ts) and the list of inputs it was made from, so that the next run
 *   can hash the same files again before it loads anything;
 * - every output: each file the targets planned, with what `lstat` said of it once its content was
 *   read back and found to be what was planned (inode, size, mtime, ctime, mode), each target's
 *   manifest likewise, and the folders on the way (inode);
 * - the diagnostics (warnings) of that run, which a skipped run prints again.
 *
 * A run may skip when the hash of the same inputs is the same and every output is as recorded: a
 * generated file or manifest that was edited, touched, replaced, chmod-ed or deleted, a scaffold that
 * is gone, or a folder that is now a link or another folder, and the run is done in full. ctime
 * cannot be set back by any program, so an edit is seen even when the mtime is restored.
 */
import { lstatSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, type BigIntStats } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '@boomerang/core';
import { cacheFolder, writeCacheFile } from './cache-folder.ts';
import type { FileMode, PlannedFile } from './file-set.ts';
import { inputHash, type InputList } from './input-hash.ts';
import { manifestName, type WriteReport } from './writer.ts';

const format = 1;

interface CachedTarget {
  readonly target: string;
  /** Relative to the project, as TargetResult has it. */
  readonly output: string;
  readonly outputDir: string;
  readonly files: readonly { readonly path: string; readonly mode: FileMode }[];
}

interface RunRecord {
  readonly format: typeof format;
  readonly hash: string;
  readonly inputs: InputList;
  /** Each template as the config names it, and the folder it resolved to: resolved again before a skip. */
  readonly templates: readonly { readonly template: string; readonly dir: string }[];
  readonly diagnostics: readonly Diagnostic[];
  readonly targets: readonly CachedTarget[];
  /** Absolute path → stamp (`lstat` of a file, or `dir <inode>` of a folder). */
  readonly stamps: Readonly<Record<string, string>>;
}

export interface Skip {
  /** What the recorded run read: the same, since the hash is the same. */
  readonly inputs: InputList;
  readonly diagnostics: readonly Diagnostic[];
  readonly targets: readonly { readonly target: string; readonly output: string; readonly rendered: false; readonly report: WriteReport }[];
}

const recordFile = (root: string) => join(cacheFolder(root), 'generate.json');

/**
 * What the last run gives, if this one can skip: the same hash of the same inputs, and every output as
 * it was left. `resolveTemplate` resolves a config's template as the run would. `none` when there is
 * no record (a first run), `changed` when there is one that this run cannot skip by.
 */
export function skipRun(root: string, settings: unknown, resolveTemplate: (template: string) => string): Skip | 'none' | 'changed' {
  let text: string;
  try {
    text = readFileSync(recordFile(root), 'utf8');
  } catch {
    return 'none';
  }
  try {
    const record = JSON.parse(text) as RunRecord;
    if (record.format !== format || JSON.stringify(record.inputs.settings) !== JSON.stringify(settings)) return 'changed';
    if (record.templates.some(({ template, dir }) => resolveTemplate(template) !== dir)) return 'changed';
    if (!Object.entries(record.stamps).every(([path, stamp]) => stampOf(path, stamp.split(' ', 1)[0] as Kind) === stamp)) return 'changed';
    if (inputHash(record.inputs) !== record.hash) return 'changed';
    return {
      inputs: record.inputs,
      diagnostics: record.diagnostics,
      targets: record.targets.map((t) => ({
        target: t.target,
        output: t.output,
        rendered: false,
        report: {
          written: [],
          unchanged: t.files.filter((f) => f.mode === 'generated').map((f) => f.path),
          skipped: t.files.filter((f) => f.mode === 'scaffold').map((f) => f.path),
          deleted: [],
          edited: [],
          kept: [],
          ignored: [],
        },
      })),
    };
  } catch {
    return 'changed'; // a record this version cannot read: the run is done in full
  }
}

/**
 * A run that will write begins. Its outputs may change: the record no longer says what they are. And
 * it notes the time by the file system's own clock (the ctime of a file it writes now, in ns), which
 * stamps the inputs too, so that recordRun can tell an input saved after the run began. Undefined
 * when the cache folder cannot be written (no record can be, either).
 */
export function beginRun(root: string): bigint | undefined {
  try {
    rmSync(recordFile(root), { force: true });
  } catch {
    // One that stays is still guarded by its stamps: whatever this run writes is a new file (a rename).
  }
  const marker = join(cacheFolder(root), 'run-started');
  try {
    mkdirSync(dirname(marker), { recursive: true });
    writeFileSync(marker, '');
    return statSync(marker, { bigint: true }).ctimeNs;
  } catch {
    return undefined;
  }
}

/**
 * Records a run that wrote, when the next one can skip it: nothing kept or ignored (each run would
 * report those again), no input changed since the run began (`startedAt`, from beginRun), and every
 * output read back as what was planned.
 */
export function recordRun(
  root: string,
  run: {
    readonly startedAt: bigint | undefined;
    readonly inputs: InputList;
    readonly templates: readonly { readonly template: string; readonly dir: string }[];
    readonly diagnostics: readonly Diagnostic[];
    readonly targets: readonly (Omit<CachedTarget, 'files'> & { readonly planned: readonly PlannedFile[]; readonly report: WriteReport })[];
  },
): void {
  if (run.targets.some((t) => t.report.kept.length > 0 || t.report.ignored.length > 0 || t.report.unreadableManifest !== undefined)) return;
  if (run.startedAt === undefined) return;
  const hash = inputHash(run.inputs, { unchangedSince: run.startedAt });
  if (hash === undefined) return;
  const stamps: Record<string, string> = {};
  const stamp = (path: string, kind: Kind) => {
    const value = stampOf(path, kind);
    if (value !== undefined) stamps[path] = value;
    return value !== undefined;
  };
  for (const target of run.targets) {
    if (!stamp(target.outputDir, 'output') || !stamp(join(target.outputDir, manifestName), 'file')) return;
    for (const file of target.planned) {
      const abs = join(target.outputDir, file.path);
      for (let dir = dirname(abs); dir.length > target.outputDir.length; dir = dirname(dir)) if (!stamp(dir, 'folder')) return;
      if (!stamp(abs, file.mode === 'generated' ? 'file' : 'scaffold')) return;
      // Stat first, then read: an edit after the stat changes the ctime; one before it, the content.
      if (file.mode === 'generated' && !sameContent(abs, file.content)) return;
    }
  }
  const record: RunRecord = {
    format,
    hash,
    inputs: run.inputs,
    templates: run.templates,
    diagnostics: run.diagnostics,
    targets: run.targets.map(({ target, output, outputDir, planned }) => ({ target, output, outputDir, files: planned.map(({ path, mode }) => ({ path, mode })) })),
    stamps,
  };
  writeCacheFile(recordFile(root), `${JSON.stringify(record)}\n`);
}

type Kind = 'output' | 'folder' | 'file' | 'scaffold';

/**
 * How a path is recorded, by kind:
 * - `output`: the output folder, by inode, through the links above it (the config's to choose);
 * - `folder`: a folder inside it, by inode, and a folder itself, not a link (the writer follows none);
 * - `file`: a generated file or a manifest, a regular file, by what `lstat` says of it;
 * - `scaffold`: the user's file, only there (a file or a link), as the writer keeps it.
 */
function stampOf(path: string, kind: Kind): string | undefined {
  let stat: BigIntStats | undefined;
  try {
    stat = kind === 'output' ? statSync(path, { bigint: true, throwIfNoEntry: false }) : lstatSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (stat === undefined) return undefined;
  switch (kind) {
    case 'output':
    case 'folder':
      return stat.isDirectory() ? `${kind} ${stat.dev}:${stat.ino}` : undefined;
    case 'file':
      return stat.isFile() ? `file ${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.mode}` : undefined;
    case 'scaffold':
      return stat.isFile() || stat.isSymbolicLink() ? 'scaffold' : undefined;
  }
}

function sameContent(path: string, content: string): boolean {
  try {
    return readFileSync(path).equals(Buffer.from(content));
  } catch {
    return false;
  }
}
