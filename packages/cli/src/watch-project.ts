/**
 * The loop of `boomerang generate --watch` and `boomerang dev`: generate, watch what that run read,
 * and on a change (debounced) generate again, until SIGINT or SIGTERM.
 *
 * What is watched is what the generator reports it read (`onInputs`: the module graph its user-module
 * loader ran, the config, the files that options name, the template packages' folders), refreshed
 * after every run, so that a module the definition starts to import is watched from the run that
 * loads it, and one it no longer imports is not. A run that fails keeps the files watched before it
 * as well: the module with the syntax error may be one that the failed run did not get to. Installed
 * packages (under node_modules) are not watched: they change by `npm install`, not by an edit.
 *
 * Each run is `generate` itself, so its cache applies: a save that changes nothing (the same bytes)
 * rebuilds nothing, and the writer rewrites no file whose content is unchanged. The loop keeps a
 * render cache too: a target whose inputs are as at its last render is not rendered again (an edit
 * of one template's file renders that target alone), and each run says which targets it rendered.
 *
 * What it prints (output-mode.ts): in `text`, a `[boomerang] ...` line per event and each run's
 * progress (progress.ts); in `quiet`, only the lines about a problem (a failed run); in `json`, one
 * JSON line per run (run-json.ts) and nothing else on stdout. Diagnostics and warnings go to stderr.
 */
import { realpathSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { FSWatcher } from 'chokidar';
import { createRenderCache, generate, type GenerateResult, type RunInputs } from '@boomerang/codegen/generate';
import type { CliIo } from './io.ts';
import type { OutputMode } from './output-mode.ts';
import { createProgress } from './progress.ts';
import { reportError } from './report-error.ts';
import { failedRunJson, printJson, projectPath, runJson } from './run-json.ts';
import { printWriteWarnings } from './commands/generate.ts';
import { nextSignal } from './signals.ts';

/** How long the files must be quiet before a run: an editor's save, or a `git checkout`, is several events. */
const debounceMs = 150;
/** What counts as a source in an extra folder. */
const sourceExtensions = new Set(['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '.json']);
/** How long after a run the events for the files it wrote are taken for its own (they may come late). */
const ownWritesMs = 1_000;
/** What a template package's folder holds that is not the package: its tests and dependencies, dot-files. */
const notTemplateFiles = new Set(['node_modules', 'test']);

export type RunOutcome =
  /** Generated; `cached` when nothing had changed since the last run (so nothing was rebuilt). */
  | { readonly ok: true; readonly result: GenerateResult; readonly cached: boolean }
  /** Definition errors (printed), or a config, a module or a template that failed to load (printed). */
  | { readonly ok: false };

export interface WatchOptions {
  /** The first run's `--force`. */
  readonly force?: boolean;
  /** `--unsigned-deliveries`: every run's `signedDeliveries: false`. */
  readonly signedDeliveries?: boolean;
  /**
   * Called after each run, before the next one can start, with the changes that started it (none for
   * the first): `dev` restarts its server here.
   */
  readonly afterRun?: (outcome: RunOutcome, changed: readonly string[]) => Promise<void> | void;
  /**
   * Folders to watch besides the run's inputs, after a run that generated (`dev`: the server's own
   * sources): a change there starts a run too, and reaches afterRun. The files a run writes or
   * deletes there are not changes.
   */
  readonly alsoWatch?: (result: GenerateResult) => readonly string[];
  /** What to say after a failed run, after the diagnostics. */
  readonly onFailure?: string | (() => string);
  /** What to print on stdout; `text` unless given. */
  readonly output?: OutputMode;
}

/** A line of the loop's own: `[boomerang] ...`, apart from what the server it runs prints. */
export const say = (io: CliIo, text: string) => io.stdout.write(`[boomerang] ${text}\n`);

/** `say`, as the output mode lets it: every line in `text`, those about a problem in `quiet`, none in `json`. */
export function teller(io: CliIo, output: OutputMode): (text: string, about?: 'problem') => void {
  return (text, about) => {
    if (output === 'text' || (output === 'quiet' && about === 'problem')) say(io, text);
  };
}

/** Runs until the first SIGINT or SIGTERM, then stops watching, lets the run in progress finish, and resolves with the signal. */
export async function watchProject(dir: string, io: CliIo, options: WatchOptions = {}): Promise<NodeJS.Signals> {
  const projectDir = resolve(io.cwd, dir);
  const shown = (path: string) => relative(io.cwd, path) || path;
  const output = options.output ?? 'text';
  const tell = teller(io, output);
  const renderCache = createRenderCache();
  // No folder, or no config in it: nothing to watch, and a mistake to say at once (exit code 1).
  const { findConfigFile } = await import('@boomerang/codegen');
  findConfigFile(projectDir);
  const { watch } = await import('chokidar');

  let watched = new Set<string>();
  let templateDirs: readonly string[] = [];
  let extraDirs: readonly string[] = [];
  /** What the last run wrote or deleted: its own doing, not a change (for a moment: after it, an edit is yours). */
  let ownWrites = new Set<string>();
  let ownWritesUntil = 0;
  /**
   * A path inside a watched folder that is not a source: dot-files (the writer's temp files), tests
   * and dependencies; in an extra folder (the server's), anything but modules and JSON (its SQLite
   * store, say).
   */
  const ignored = (path: string) =>
    [...templateDirs, ...extraDirs].some((root) => {
      const inside = relative(root, path);
      if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return false;
      if (inside.split(sep).some((segment) => segment.startsWith('.') || notTemplateFiles.has(segment))) return true;
      return extraDirs.includes(root) && !templateDirs.includes(root) && extname(path) !== '' && !sourceExtensions.has(extname(path));
    });
  const watcher: FSWatcher = watch([], { ignoreInitial: true, ignored, ignorePermissionErrors: true });
  const ready = new Promise<void>((done) => watcher.once('ready', () => done()));

  /** Replaces (after a run that ended well) or extends (after one that failed) what is watched. */
  const refresh = (inputs: RunInputs | undefined, replace: boolean) => {
    if (inputs === undefined) return;
    const next = new Set<string>(replace ? [] : watched);
    const dirs = new Set<string>(replace ? [] : templateDirs);
    next.add(inputs.configFile);
    for (const file of inputs.files) if (!installed(file)) next.add(file);
    for (const folder of inputs.templates) if (!installed(folder)) dirs.add(folder);
    for (const folder of [...dirs, ...extraDirs]) next.add(folder);
    const gone = [...watched].filter((path) => !next.has(path));
    const added = [...next].filter((path) => !watched.has(path));
    templateDirs = [...dirs];
    watched = next;
    if (gone.length > 0) watcher.unwatch(gone);
    if (added.length > 0) watcher.add(added);
  };

  /** The warnings the last run printed: a run prints only those that are new, and its errors. */
  let warned = new Set<string>();
  /** Prints the run's errors and new warnings; returns how many warnings it left out as printed before. */
  const printDiagnostics = async (result: GenerateResult): Promise<number> => {
    if (result.diagnostics.length === 0) {
      warned = new Set();
      return 0;
    }
    const { formatDiagnostic } = await import('@boomerang/core');
    const now = new Set<string>();
    let repeated = 0;
    for (const d of result.diagnostics) {
      const text = formatDiagnostic(d);
      if (d.severity !== 'error') {
        now.add(text);
        if (warned.has(text)) {
          repeated++;
          continue;
        }
      }
      io.stderr.write(`${text}\n`);
    }
    warned = now;
    return repeated;
  };

  let first = true;
  const runOnce = async (paths: readonly string[]): Promise<RunOutcome> => {
    let inputs: RunInputs | undefined;
    const force = first && options.force === true;
    first = false;
    const started = performance.now();
    const progress = createProgress(io, { output, prefix: '[boomerang] ', verb: 'regenerating' });
    const changed = paths.map((path) => projectPath(projectDir, path));
    const json = async (result: GenerateResult, ms: number) => {
      if (output === 'json') printJson(io, { ...(await runJson(result, { command: 'generate', mode: 'write', projectDir, ms })), changed });
    };
    try {
      const result = await generate(projectDir, { mode: 'write', force, renderCache, onStep: progress.onStep, onInputs: (read) => (inputs = read), ...(options.signedDeliveries === undefined ? {} : { signedDeliveries: options.signedDeliveries }) });
      progress.clear();
      refresh(inputs, result.ok);
      const ms = Math.round(performance.now() - started);
      const repeated = await printDiagnostics(result);
      const again = repeated === 0 ? '' : ` (and ${repeated} warning${repeated === 1 ? '' : 's'} as before, not repeated)`;
      if (!result.ok) {
        await json(result, ms);
        const count = result.diagnostics.filter((d) => d.severity === 'error').length;
        tell(`the definition has ${count} error${count === 1 ? '' : 's'}${again}; nothing was written${failureNote(options)}`, 'problem');
        return { ok: false };
      }
      if (options.alsoWatch !== undefined) {
        extraDirs = options.alsoWatch(result);
        refresh(inputs, true);
      }
      ownWrites = new Set(result.targets.flatMap((t) => [...t.report.written, ...t.report.deleted].map((path) => resolve(projectDir, t.output, path))));
      ownWritesUntil = Date.now() + ownWritesMs;
      printWriteWarnings(result, dir, io);
      await json(result, ms);
      tell(result.cached ? `nothing to regenerate (inputs as the last run left them), ${ms} ms${again}` : `regenerated in ${ms} ms: ${counts(result, (path) => shown(path), projectDir)}; ${renders(result)}${again}`);
      return { ok: true, result, cached: result.cached === true };
    } catch (error) {
      progress.clear();
      refresh(inputs, false);
      // A config, a module or a template that does not load: printed as `generate` prints it.
      reportError(error, io);
      if (output === 'json') printJson(io, { ...failedRunJson(error, { command: 'generate', mode: 'write', ms: Math.round(performance.now() - started) }), changed });
      tell(`generation failed${failureNote(options)}`, 'problem');
      return { ok: false };
    }
  };

  // One run at a time: changes seen during a run are gathered for the next one.
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopping = false;
  const cycle = async (paths: readonly string[]) => {
    ownWrites = new Set();
    const outcome = await runOnce(paths);
    try {
      await options.afterRun?.(outcome, paths);
    } catch (error) {
      reportError(error, io); // a bug: said, and the loop goes on
    }
  };
  const kick = () => {
    timer = undefined;
    if (stopping || running !== undefined) return;
    // What the run before wrote, seen while it ran: its own doing.
    for (const path of ownWrites) changed.delete(path);
    if (changed.size === 0) return;
    const paths = [...changed].sort();
    for (const path of paths) tell(`changed: ${shown(path)}`);
    changed.clear();
    running = cycle(paths).finally(() => {
      running = undefined;
      if (changed.size > 0 && !stopping) kick();
    });
  };
  watcher.on('all', (event, path) => {
    if (event !== 'change' && event !== 'add' && event !== 'unlink') return;
    if (Date.now() < ownWritesUntil && ownWrites.has(resolve(path))) return;
    changed.add(resolve(path));
    if (running !== undefined) return; // the run's end picks it up
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(kick, debounceMs);
  });
  watcher.on('error', (error) => io.stderr.write(`[boomerang] watcher error: ${error instanceof Error ? error.message : String(error)}\n`));

  const signal = nextSignal();
  running = cycle([]).finally(() => {
    running = undefined;
  });
  await running;
  await ready;
  tell(`watching ${watched.size} file${watched.size === 1 ? '' : 's'} and folder${watched.size === 1 ? '' : 's'} (Ctrl-C stops)`);
  if (changed.size > 0) kick();

  const stoppedBy = await signal;
  stopping = true;
  if (timer !== undefined) clearTimeout(timer);
  await watcher.close();
  // A run in progress finishes: its writes are atomic anyway, and its record tells the next `generate` what it did.
  await running;
  return stoppedBy;
}

function failureNote(options: WatchOptions): string {
  const note = typeof options.onFailure === 'function' ? options.onFailure() : options.onFailure;
  return note ? `; ${note}` : '';
}

/** `2 written (a, b), 9 unchanged, 4 kept, 0 deleted` over every target; the files named when there are few. */
function counts(result: GenerateResult, shown: (path: string) => string, projectDir: string): string {
  const sum = (pick: (t: GenerateResult['targets'][number]) => readonly string[]) => result.targets.reduce((n, t) => n + pick(t).length, 0);
  const written = result.targets.flatMap((t) => t.report.written.map((path) => shown(resolve(projectDir, t.output, path))));
  const names = written.length > 0 && written.length <= 4 ? ` (${written.join(', ')})` : '';
  return `${written.length} written${names}, ${sum((t) => t.report.unchanged)} unchanged, ${sum((t) => t.report.skipped)} kept, ${sum((t) => t.report.deleted)} deleted`;
}

/** Which targets the run rendered, and which it did not (their inputs as at their last render). */
function renders(result: GenerateResult): string {
  const rendered = result.targets.filter((t) => t.rendered).map((t) => t.target);
  const kept = result.targets.filter((t) => !t.rendered).map((t) => t.target);
  if (result.targets.length === 0) return 'no targets';
  if (kept.length === 0) return `rendered ${rendered.join(', ')}`;
  if (rendered.length === 0) return 'no target rendered (inputs unchanged)';
  return `rendered ${rendered.join(', ')}; not rendered (inputs unchanged): ${kept.join(', ')}`;
}

/** A file or folder of an installed package: it changes by `npm install`, not by an edit. */
function installed(path: string): boolean {
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    // gone: judged by its name
  }
  return real.split(sep).includes('node_modules');
}

