/**
 * The one place that writes generated files: every target of a run at once, all or nothing.
 *
 * 1. Plan, reading only. Every path a template renders or a manifest lists must stay inside its
 *    output folder (see `outputPathProblem`), and no symbolic link below an output folder is followed.
 *    What exists is compared with what is planned. Whatever would make the run fail and can be seen
 *    (a file where a folder must go, a folder where a file must go, a link, a folder that cannot be
 *    written, two targets planning one file) fails here, before anything is written.
 * 2. Stage: make the missing folders, write each new content to a temp file beside its destination.
 * 3. Swap: rename the temp files into place, rename stale files aside. A failure in 2 or 3 undoes
 *    every step before it, so the outputs are as they were; only then are the set-aside files removed.
 *
 * The rules: a generated file is rewritten when its content changed, and left alone (mtime kept) when
 * not; a scaffold is written only when absent, unless `force`. The manifest (`.boomerang-manifest.json`
 * in each output folder) lists the generated files with the hash of what was written, so a rerun can
 * delete those that no longer belong and tell a file the user edited from one it wrote:
 * - an edited file that is still generated is rewritten (it is Boomerang's: its header says so, and a
 *   refusal would leave only `--force`, which also overwrites the user's scaffolds), and the user's
 *   version is saved beside it as `<name>.edited` (`.edited-2`, ...), which the writer never touches
 *   again; with `force` the edit is discarded. Either way the report names it.
 * - an edited file that is no longer generated is left where it is, unless `force`. It is not moved
 *   aside: the user's work stays where they made it and under its name, and a moved copy would be one
 *   more file that nobody owns. It stays in the manifest, so every run and `check` report it until the
 *   user deletes it. A stale path that is now a link or a folder is never deleted.
 * `check` and `dry-run` plan, and touch nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CodegenError } from './errors.ts';
import { outputPathProblem, printablePath, type PlannedFile } from './file-set.ts';

export const manifestName = '.boomerang-manifest.json';

export type WriteMode = 'write' | 'check' | 'dry-run';

export interface WriteOptions {
  readonly mode: WriteMode;
  /** Overwrite scaffold files, and discard the user's edits to generated files (their own code: use with care). */
  readonly force?: boolean;
}

/** One target's files and the folder they go to. */
export interface OutputPlan {
  /** What messages call the target (`openapi`, a template package's name); the folder when absent. */
  readonly target?: string;
  readonly outputDir: string;
  readonly files: readonly PlannedFile[];
}

export interface EditedFile {
  /** A generated file that differed from what Boomerang last wrote there: rewritten. */
  readonly path: string;
  /** Where the user's version was saved, beside it; absent with `force`, which discards it. */
  readonly savedAs?: string;
}

export interface KeptFile {
  /** A generated file that no longer belongs, left where it is. */
  readonly path: string;
  /** `edited` since it was generated (`force` deletes it); a `symbolic-link` or `not-a-file` now (never deleted). */
  readonly reason: 'edited' | 'symbolic-link' | 'not-a-file';
}

export interface IgnoredEntry {
  /** A manifest entry the writer does not act on, as the manifest spells it. */
  readonly entry: string;
  readonly problem: string;
}

/** Paths are relative to the output folder. In check and dry-run, what would happen. */
export interface WriteReport {
  /** Created or changed. */
  readonly written: string[];
  readonly unchanged: string[];
  /** Scaffolds that exist and were kept. */
  readonly skipped: string[];
  /** Generated files that no longer belong. */
  readonly deleted: string[];
  /** Generated files the user had edited (also in `written`). */
  readonly edited: EditedFile[];
  /** Generated files that no longer belong but were not deleted. */
  readonly kept: KeptFile[];
  /** Manifest entries that name nothing inside the output folder: never deleted. */
  readonly ignored: IgnoredEntry[];
  /** Why the manifest could not be read, when it could not: nothing is deleted, and every changed file counts as edited. */
  readonly unreadableManifest?: string;
}

/** The files a check finds out of date: to write (missing or changed), to delete, or kept though they no longer belong. */
export function staleFiles(report: WriteReport): string[] {
  return [...report.written, ...report.deleted, ...report.kept.map((k) => k.path)].sort(byCodeUnits);
}

/** One target: see `writeOutputs`. */
export function writeFiles(outputDir: string, files: readonly PlannedFile[], options: WriteOptions): WriteReport {
  return writeOutputs([{ outputDir, files }], options)[0]!;
}

/** Writes (or checks) every target's files together: either all of them are written, or none is. */
export function writeOutputs(outputs: readonly OutputPlan[], options: WriteOptions): WriteReport[] {
  const named = outputs.map((o) => ({ ...o, outputDir: resolve(o.outputDir), target: o.target ?? shown(resolve(o.outputDir)) }));
  for (const output of named) checkPaths(output);
  // As written, then as resolved through the links above the output folders (two configured folders may be one).
  checkAcross(named.map((o) => ({ ...o, base: o.outputDir })));
  const bases = named.map((o) => ({ ...o, ...resolveBase(o) }));
  const claimed = checkAcross(bases);
  const manifests = new Map(bases.map((b) => [join(b.base, manifestName), b.target]));
  const plans = bases.map((b) => planOutput(b, claimed, manifests, options));
  if (options.mode === 'write') apply(plans);
  return plans.map((p) => p.report);
}

// ---- planning --------------------------------------------------------------------------------------

interface Named extends OutputPlan {
  readonly target: string;
  readonly outputDir: string;
}

interface Based extends Named {
  /** The output folder's real path: what containment is measured against. */
  readonly base: string;
  /** The output folder and its parents that do not exist yet, outermost first. */
  readonly missing: readonly string[];
}

type Step =
  | {
      readonly kind: 'write';
      readonly abs: string;
      readonly shown: string;
      readonly content: string;
      /** The permissions of the file it replaces, which the new one keeps. */
      readonly replaces?: { readonly mode: number };
      /** Where the user's edited version goes (absolute). */
      readonly saveAs?: string;
    }
  | { readonly kind: 'delete'; readonly abs: string; readonly shown: string; readonly base: string };

interface Plan {
  readonly report: WriteReport;
  /** Folders to make, outermost first, with the file that needs each (for messages). */
  readonly folders: readonly { readonly abs: string; readonly shown: string }[];
  readonly steps: readonly Step[];
}

interface Manifest {
  readonly files: Readonly<Record<string, unknown>>;
  readonly unreadable?: string;
}

const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A path relative to the working folder when it is inside it, else absolute; `/`-separated. */
function shown(abs: string): string {
  const rel = relative(process.cwd(), abs);
  const inside = rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  return printablePath((inside ? rel : abs).split(sep).join('/'));
}

const nothingChanged = '; nothing was changed.';

function cannot(verb: 'write' | 'delete', path: string, why: string, hint = ''): CodegenError {
  return new CodegenError(`cannot ${verb} ${path}: ${why}${nothingChanged}`, hint);
}

/** Node's `ENOENT: no such file or directory, open '…'` as `no such file or directory (ENOENT)`: the path is said once, by the caller. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown })?.code;
  const text = /^[A-Z0-9_]+: ([^,]+)/.exec(message)?.[1] ?? message;
  return typeof code === 'string' ? `${text} (${code})` : text;
}

/** Reads a file the plan compares; a failure names the file it was planning. */
function readFor(abs: string, verb: 'write' | 'delete', path: string): Buffer {
  try {
    return readFileSync(abs);
  } catch (error) {
    throw cannot(verb, path, `it cannot be read: ${reason(error)}`);
  }
}

function checkPaths(output: Named): void {
  const seen = new Set<string>();
  for (const file of output.files) {
    const problem = file.path === manifestName ? "is the writer's manifest" : outputPathProblem(file.path);
    if (problem !== undefined) {
      throw new CodegenError(
        `the ${output.target} target plans \`${printablePath(file.path)}\`, which ${problem}${nothingChanged}`,
        "A template's output path is relative to the target's output folder and stays inside it, such as `generated/api.ts`.",
      );
    }
    if (seen.has(file.path)) throw new CodegenError(`the ${output.target} target plans \`${file.path}\` twice${nothingChanged}`);
    seen.add(file.path);
  }
}

/**
 * No file planned by two targets, none where another target needs a folder, none on a manifest.
 * Returns who plans each file (by absolute path), for the deletions to leave them alone.
 */
function checkAcross(outputs: readonly (Named & { readonly base: string })[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const output of outputs) {
    for (const file of output.files) {
      const abs = join(output.base, file.path);
      const other = owners.get(abs);
      if (other !== undefined) throw new CodegenError(`${shown(abs)} is planned by two targets, ${other} and ${output.target}${nothingChanged}`, 'Give the targets output folders that do not overlap.');
      owners.set(abs, output.target);
    }
  }
  const asFolder = (folder: string, target: string) => {
    for (let dir = folder; ; dir = dirname(dir)) {
      const owner = owners.get(dir);
      if (owner !== undefined) throw new CodegenError(`${shown(dir)} is planned as a file by ${owner} and as a folder by ${target}${nothingChanged}`, 'Give the targets output folders that do not overlap.');
      if (dirname(dir) === dir) return;
    }
  };
  for (const output of outputs) {
    asFolder(output.base, output.target);
    for (const file of output.files) asFolder(dirname(join(output.base, file.path)), output.target);
    const manifest = owners.get(join(output.base, manifestName));
    if (manifest !== undefined) throw new CodegenError(`${shown(join(output.base, manifestName))} is the manifest of the ${output.target} target, and ${manifest} plans it too${nothingChanged}`, 'Give the targets output folders that do not overlap.');
  }
  return owners;
}

/** The output folder as it really is (the links above it are the config's choice), and what of it is missing. */
function resolveBase(output: Named): { base: string; missing: string[] } {
  const firstFile = shown(join(output.outputDir, output.files[0]?.path ?? manifestName));
  const missing: string[] = [];
  let existing = output.outputDir;
  for (;;) {
    let stat: Stats | undefined;
    try {
      stat = probe(existing, statSync);
      if (stat === undefined && probe(existing, lstatSync) !== undefined) throw cannot('write', firstFile, `${shown(existing)} is a symbolic link that leads nowhere`);
    } catch (error) {
      throw error instanceof CodegenError ? error : cannot('write', firstFile, `${shown(existing)}: ${reason(error)}`);
    }
    if (stat === undefined) {
      missing.unshift(basename(existing));
      existing = dirname(existing);
      continue;
    }
    if (!stat.isDirectory()) {
      throw cannot('write', firstFile, `${shown(existing)} is a file, where a folder must go`, `The target's output folder is ${shown(output.outputDir)}: move that file, or change the output folder in boomerang.config.ts.`);
    }
    break;
  }
  const real = realpathSync(existing);
  return { base: join(real, ...missing), missing: missing.map((_, i) => join(real, ...missing.slice(0, i + 1))) };
}

/** What `stat` says, or undefined when nothing is there (ENOENT; ENOTDIR: a file is where a parent folder would be). */
function probe(path: string, stat: typeof statSync | typeof lstatSync): Stats | undefined {
  try {
    return stat(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

type Found =
  | { readonly state: 'missing'; readonly from: number }
  | { readonly state: 'file'; readonly stat: Stats }
  | { readonly state: 'folder' | 'other' }
  | { readonly state: 'link'; readonly at: string; readonly last: boolean }
  | { readonly state: 'blocked'; readonly at: string };

/** What is at `rel` below `base`, one segment at a time and without following links. */
function find(base: string, rel: string, verb: 'write' | 'delete', shownPath: string): Found {
  const segments = rel.split('/');
  let path = base;
  for (let i = 0; i < segments.length; i++) {
    path = join(path, segments[i]!);
    let stat: Stats | undefined;
    try {
      stat = lstatSync(path, { throwIfNoEntry: false });
    } catch (error) {
      throw cannot(verb, shownPath, reason(error));
    }
    const at = segments.slice(0, i + 1).join('/');
    const last = i === segments.length - 1;
    if (stat === undefined) return { state: 'missing', from: i };
    if (stat.isSymbolicLink()) return { state: 'link', at, last };
    if (!last && !stat.isDirectory()) return { state: 'blocked', at };
    if (last) return stat.isFile() ? { state: 'file', stat } : { state: stat.isDirectory() ? 'folder' : 'other' };
  }
  throw new Error('unreachable: a path has at least one segment');
}

function readManifest(output: Based): Manifest {
  const path = join(output.base, manifestName);
  const found = find(output.base, manifestName, 'write', shown(join(output.outputDir, manifestName)));
  if (found.state === 'missing') return { files: {} };
  if (found.state !== 'file') {
    throw cannot('write', shown(join(output.outputDir, manifestName)), found.state === 'link' ? 'it is a symbolic link, which Boomerang does not follow' : 'it is not a regular file', 'Remove it; the next run writes it again (and deletes no stale file that run).');
  }
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { files?: unknown };
    if (typeof parsed?.files !== 'object' || parsed.files === null || Array.isArray(parsed.files)) return { files: {}, unreadable: 'it has no `files` object' };
    return { files: parsed.files as Record<string, unknown> };
  } catch (error) {
    return { files: {}, unreadable: error instanceof SyntaxError ? `it is not JSON (${error.message})` : reason(error) };
  }
}

function planOutput(output: Based, claimed: ReadonlyMap<string, string>, manifests: ReadonlyMap<string, string>, options: WriteOptions): Plan {
  const manifest = readManifest(output);
  const report: WriteReport = {
    written: [],
    unchanged: [],
    skipped: [],
    deleted: [],
    edited: [],
    kept: [],
    ignored: [],
    ...(manifest.unreadable === undefined ? {} : { unreadableManifest: manifest.unreadable }),
  };
  const steps: Step[] = [];
  const folders = new Map<string, string>(output.missing.map((abs) => [abs, '']));
  const writable = new Map<string, string | undefined>();
  const show = (rel: string) => shown(join(output.outputDir, rel));
  const nearestExisting = (rel: string, from: number) => (from > 0 ? join(output.base, ...rel.split('/').slice(0, from)) : output.missing.length > 0 ? dirname(output.missing[0]!) : output.base);
  /** Renames need the folder to be writable: say so now rather than halfway (`check` only lists what is stale). */
  const mustWrite = (folder: string, verb: 'write' | 'delete', path: string) => {
    if (options.mode === 'check') return;
    if (!writable.has(folder)) {
      try {
        accessSync(folder, constants.W_OK);
        writable.set(folder, undefined);
      } catch (error) {
        writable.set(folder, reason(error));
      }
    }
    const problem = writable.get(folder);
    if (problem !== undefined) throw cannot(verb, path, `its folder cannot be written: ${problem}`);
  };
  const chosen = new Set<string>();

  for (const file of output.files) {
    const abs = join(output.base, file.path);
    const path = show(file.path);
    const found = find(output.base, file.path, 'write', path);
    if (file.mode === 'scaffold' && !options.force) {
      // A scaffold that is there (as a file, or a link the user made) is theirs, wherever it leads.
      const there = found.state === 'file' || (found.state === 'link' && (found.last || existsThroughLinks(abs)));
      if (there) {
        report.skipped.push(file.path);
        continue;
      }
    }
    switch (found.state) {
      case 'link':
        throw cannot('write', path, `${found.last ? 'it' : show(found.at)} is a symbolic link, which Boomerang does not follow`, "Replace the link with the folder or file itself, or point the target's `output` at the real folder.");
      case 'blocked':
        throw cannot('write', path, `${show(found.at)} is a file, where a folder must go`, 'Move or remove that file, then run `boomerang generate` again.');
      case 'folder':
        throw cannot('write', path, 'it is a folder, where a file must go', 'Move or remove that folder, then run `boomerang generate` again.');
      case 'other':
        throw cannot('write', path, 'it is not a regular file', 'Move or remove it, then run `boomerang generate` again.');
      case 'missing': {
        mustWrite(nearestExisting(file.path, found.from), 'write', path);
        const segments = file.path.split('/');
        for (let i = found.from + 1; i < segments.length; i++) {
          const folder = join(output.base, ...segments.slice(0, i));
          if (!folders.get(folder)) folders.set(folder, path);
        }
        report.written.push(file.path);
        steps.push({ kind: 'write', abs, shown: path, content: file.content });
        break;
      }
      case 'file': {
        const current = readFor(abs, 'write', path);
        if (current.equals(Buffer.from(file.content))) {
          report.unchanged.push(file.path);
          break;
        }
        mustWrite(dirname(abs), 'write', path);
        let saveAs: string | undefined;
        if (file.mode === 'generated' && manifest.files[file.path] !== sha256(current)) {
          if (!options.force) saveAs = editCopyName(output, file.path, claimed, chosen);
          report.edited.push(saveAs === undefined ? { path: file.path } : { path: file.path, savedAs: saveAs });
        }
        report.written.push(file.path);
        steps.push({ kind: 'write', abs, shown: path, content: file.content, replaces: { mode: found.stat.mode & 0o7777 }, ...(saveAs === undefined ? {} : { saveAs: join(output.base, saveAs) }) });
        break;
      }
    }
  }

  // Manifest entries no longer planned: delete what Boomerang wrote, keep what the user changed.
  const planned = new Set(output.files.map((f) => f.path));
  const carried: [string, unknown][] = [];
  for (const [entry, hash] of Object.entries(manifest.files).sort(([a], [b]) => byCodeUnits(a, b))) {
    if (planned.has(entry)) continue;
    const problem = entry === manifestName ? "is the writer's manifest" : outputPathProblem(entry);
    if (problem !== undefined) {
      report.ignored.push({ entry, problem });
      continue;
    }
    const abs = join(output.base, entry);
    if (manifests.has(abs)) {
      report.ignored.push({ entry, problem: `is the manifest of the ${manifests.get(abs)} target` });
      continue;
    }
    if (claimed.has(abs)) continue; // another target generates it now
    const path = show(entry);
    const found = find(output.base, entry, 'delete', path);
    if (found.state === 'missing' || found.state === 'blocked') continue; // gone already
    if (found.state !== 'file' || (!options.force && sha256(readFor(abs, 'delete', path)) !== hash)) {
      report.kept.push({ path: entry, reason: found.state === 'file' ? 'edited' : found.state === 'link' ? 'symbolic-link' : 'not-a-file' });
      carried.push([entry, hash]);
      continue;
    }
    mustWrite(dirname(abs), 'delete', path);
    report.deleted.push(entry);
    steps.push({ kind: 'delete', abs, shown: path, base: output.base });
  }

  const files = [...output.files.filter((f) => f.mode === 'generated').map((f): [string, unknown] => [f.path, sha256(f.content)]), ...carried].sort(([a], [b]) => byCodeUnits(a, b));
  const text = `${JSON.stringify({ generator: 'boomerang', files: Object.fromEntries(files) }, null, 2)}\n`;
  const manifestPath = join(output.base, manifestName);
  const old = lstatSync(manifestPath, { throwIfNoEntry: false });
  if (old === undefined || readFor(manifestPath, 'write', show(manifestName)).toString('utf8') !== text) {
    mustWrite(old === undefined ? nearestExisting(manifestName, 0) : output.base, 'write', show(manifestName));
    steps.push({ kind: 'write', abs: manifestPath, shown: show(manifestName), content: text, ...(old === undefined ? {} : { replaces: { mode: old.mode & 0o7777 } }) });
  }
  const shownFolder = show(output.files[0]?.path ?? manifestName);
  return { report, folders: [...folders].map(([abs, path]) => ({ abs, shown: path || shownFolder })), steps };
}

function existsThroughLinks(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false; // a loop of links, or a file where a folder would be
  }
}

/** `<path>.edited`, or `.edited-2`, ...: a name nothing has and nothing plans. */
function editCopyName(output: Based, path: string, claimed: ReadonlyMap<string, string>, chosen: Set<string>): string {
  for (let n = 1; ; n++) {
    const name = `${path}.edited${n === 1 ? '' : `-${n}`}`;
    const abs = join(output.base, name);
    if (claimed.has(abs) || chosen.has(abs)) continue;
    let taken: boolean;
    try {
      taken = lstatSync(abs, { throwIfNoEntry: false }) !== undefined;
    } catch (error) {
      throw cannot('write', shown(join(output.outputDir, path)), `its edited version cannot be saved as ${shown(join(output.outputDir, name))}: ${reason(error)}`);
    }
    if (!taken) {
      chosen.add(abs);
      return name;
    }
  }
}

// ---- applying --------------------------------------------------------------------------------------

/** A name beside `path` for a temp or set-aside file: short, so that a long name still gets one. */
const besides = (path: string, kind: 'tmp' | 'old') => join(dirname(path), `.boomerang-${randomBytes(6).toString('hex')}.${kind}`);

/** Keeps the file at `from` as `to` too: a hard link (same file, same mtime), or a copy where links are not possible. */
function keepAs(from: string, to: string): void {
  try {
    linkSync(from, to);
    return;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') throw error;
  }
  try {
    copyFileSync(from, to, constants.COPYFILE_EXCL);
    const stat = statSync(from);
    utimesSync(to, stat.atime, stat.mtime);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') rmSync(to, { force: true });
    throw error;
  }
}

function apply(plans: readonly Plan[]): void {
  const undo: (() => void)[] = [];
  const afterwards: (() => void)[] = [];
  let doing: { verb: 'write' | 'delete'; shown: string } = { verb: 'write', shown: '' };
  try {
    const made = new Set<string>(); // nested output folders share parents
    for (const folder of plans.flatMap((p) => p.folders)) {
      if (made.has(folder.abs)) continue;
      doing = { verb: 'write', shown: folder.shown };
      mkdirSync(folder.abs);
      made.add(folder.abs);
      undo.push(() => rmdirSync(folder.abs));
    }
    const temps = new Map<Step, string>();
    for (const step of plans.flatMap((p) => p.steps)) {
      if (step.kind !== 'write') continue;
      doing = { verb: 'write', shown: step.shown };
      const temp = besides(step.abs, 'tmp');
      undo.push(() => rmSync(temp, { force: true }));
      writeFileSync(temp, step.content, { flag: 'wx' });
      if (step.replaces !== undefined) chmodSync(temp, step.replaces.mode);
      temps.set(step, temp);
    }
    for (const step of plans.flatMap((p) => p.steps)) {
      doing = { verb: step.kind, shown: step.shown };
      if (step.kind === 'write' && step.replaces === undefined) {
        renameSync(temps.get(step)!, step.abs);
        undo.push(() => rmSync(step.abs));
      } else if (step.kind === 'write') {
        // The file it replaces stays, under another name, until every target is written.
        const kept = step.saveAs ?? besides(step.abs, 'old');
        keepAs(step.abs, kept);
        undo.push(() => rmSync(kept, { force: true }));
        renameSync(temps.get(step)!, step.abs);
        undo[undo.length - 1] = () => renameSync(kept, step.abs);
        if (step.saveAs === undefined) afterwards.push(() => rmSync(kept, { force: true }));
      } else {
        const aside = besides(step.abs, 'old');
        renameSync(step.abs, aside);
        undo.push(() => renameSync(aside, step.abs));
        afterwards.push(() => {
          rmSync(aside, { force: true });
          removeEmptyFolders(step.base, dirname(step.abs));
        });
      }
    }
  } catch (error) {
    const failed = rollBack(undo);
    if (typeof (error as { code?: unknown })?.code !== 'string') throw error; // not the file system's: a bug, reported as one
    const why = reason(error);
    if (failed === undefined) throw cannot(doing.verb, doing.shown, why);
    throw new CodegenError(`cannot ${doing.verb} ${doing.shown}: ${why}; putting back what was already written failed too (${failed}), so some outputs are partly written.`, 'Run `boomerang generate` again once the cause is fixed: it rewrites whatever differs.');
  }
  // Done: what remains is tidying, which cannot make the outputs wrong.
  for (const tidy of afterwards) {
    try {
      tidy();
    } catch {
      // A set-aside file left behind is named `.boomerang-*.old`; nothing reads it.
    }
  }
}

/** Undoes the steps taken, last first; says what could not be undone. */
function rollBack(undo: readonly (() => void)[]): string | undefined {
  const failures: string[] = [];
  for (const step of [...undo].reverse()) {
    try {
      step();
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  return failures.length === 0 ? undefined : failures.join('; ');
}

function removeEmptyFolders(base: string, folder: string): void {
  for (let dir = folder; dir.startsWith(`${base}${sep}`) && readdirSync(dir).length === 0; dir = dirname(dir)) rmdirSync(dir);
}
