/** `boomerang generate <project-dir>` and `boomerang check <project-dir>`. */
import { relative, resolve } from 'node:path';
// The generator's entry that loads the rest of it (and @boomerang/core) only when a run is needed.
import { generate, manifestName, printablePath, staleFiles, type GenerateOptions, type GenerateResult, type TargetResult } from '@boomerang/codegen/generate';
import { parseCommandArgs } from '../args.ts';
import { CliError, usageError, type CliIo } from '../io.ts';
import { outputMode, outputOptions, type OutputMode } from '../output-mode.ts';
import { createProgress, type Progress } from '../progress.ts';
import { failedRunJson, printJson, projectPath, runJson } from '../run-json.ts';

/** How a command runs the generator: with the progress display, and, with --json, a document for a run that throws. */
export interface ReportedRun {
  readonly command: string;
  readonly mode: 'write' | 'dry-run' | 'check';
  readonly output: OutputMode;
  readonly force?: boolean;
  /** `--unsigned-deliveries`: overrides the config's `signedDeliveries`. */
  readonly signedDeliveries?: boolean;
  /** What the live line says it is doing: `generating`, `checking`. */
  readonly verb?: string;
  /** The command's own display, when the run is one of its steps (`docs`): it clears it itself. */
  readonly progress?: Progress;
}

/** `--unsigned-deliveries`: the config's `signedDeliveries: false`, for this run. */
export const deliveryOptions = { 'unsigned-deliveries': { type: 'boolean' } } as const;

export function signedDeliveriesOf(values: { readonly 'unsigned-deliveries'?: boolean | undefined }): { signedDeliveries?: false } {
  return values['unsigned-deliveries'] === true ? { signedDeliveries: false } : {};
}

/** Runs the generator on `dir` as `run` says; returns the result and how long it took. */
export async function generateReported(dir: string, io: CliIo, run: ReportedRun): Promise<{ result: GenerateResult; ms: number; projectDir: string }> {
  const projectDir = resolve(io.cwd, dir);
  const progress = run.progress ?? createProgress(io, { output: run.output, verb: run.verb ?? 'generating' });
  const started = performance.now();
  const options: GenerateOptions = { mode: run.mode, onStep: progress.onStep, ...(run.force ? { force: true } : {}), ...(run.signedDeliveries === undefined ? {} : { signedDeliveries: run.signedDeliveries }) };
  try {
    const result = await generate(projectDir, options);
    return { result, ms: Math.round(performance.now() - started), projectDir };
  } catch (error) {
    if (run.output === 'json') printJson(io, failedRunJson(error, { command: run.command, mode: run.mode, ms: Math.round(performance.now() - started) }));
    throw error;
  } finally {
    if (run.progress === undefined) progress.clear();
  }
}

async function printDiagnostics(result: GenerateResult, io: CliIo): Promise<void> {
  if (result.diagnostics.length === 0) return;
  const { formatDiagnostic } = await import('@boomerang/core');
  for (const d of result.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
}

type Where = (path: string) => string;

function whereIn(target: TargetResult, dir: string, io: CliIo): Where {
  return (path) => relative(io.cwd, resolve(io.cwd, dir, target.output, path)) || path;
}

/** What the writer did not simply write, for every target of a write: `generate` and `docs` print it. */
export function printWriteWarnings(result: GenerateResult, dir: string, io: CliIo): void {
  for (const target of result.targets) printWarnings(target, whereIn(target, dir, io), io, { edits: 'done' });
}

/** What the writer did not simply write: manifest entries it refused, and the user's edits. On stderr, with the diagnostics. */
function printWarnings(target: TargetResult, where: Where, io: CliIo, what: { edits: 'done' | 'would' | 'listed' }): void {
  const { report } = target;
  const warn = (text: string) => io.stderr.write(`warning: ${text}\n`);
  if (report.unreadableManifest !== undefined) {
    warn(`${where(manifestName)} cannot be read (${report.unreadableManifest}), so no stale file is deleted and each generated file that differs is treated as edited.`);
  }
  for (const { entry, problem } of report.ignored) warn(`${where(manifestName)} lists \`${printablePath(entry)}\`, which ${problem}; Boomerang left it alone.`);
  if (what.edits === 'listed') return;
  for (const { path, savedAs } of report.edited) {
    const fate =
      what.edits === 'would'
        ? savedAs === undefined ? 'generate --force would rewrite it and discard your version' : `generate would rewrite it and save your version as ${where(savedAs)}`
        : savedAs === undefined ? 'it is rewritten, and your version discarded (--force)' : `it is rewritten, and your version is saved as ${where(savedAs)}`;
    warn(`${where(path)} was edited since it was generated; ${fate}.`);
  }
  for (const { path, reason } of report.kept) {
    const why =
      reason === 'edited'
        ? 'it was edited since it was generated, so it is kept: delete it, or run generate with --force'
        : `it is ${reason === 'symbolic-link' ? 'a symbolic link' : 'not a plain file'} now, so Boomerang leaves it alone: remove it yourself`;
    warn(`${where(path)} is no longer generated, but ${why}.`);
  }
}

/** Why `check` lists a file, when it is more than missing or changed. */
function staleNote(target: TargetResult, path: string): string {
  if (target.report.edited.some((e) => e.path === path)) return ' (edited since it was generated)';
  const kept = target.report.kept.find((k) => k.path === path);
  if (kept === undefined) return '';
  if (kept.reason === 'edited') return ' (no longer generated; kept because it was edited)';
  return ` (no longer generated; ${kept.reason === 'symbolic-link' ? 'a symbolic link' : 'not a plain file'}, which generate leaves alone)`;
}

function printTimings(result: GenerateResult, io: CliIo): void {
  io.stdout.write(`timings: ${result.timings.map((t) => `${t.step} ${t.ms} ms`).join(', ')}\n`);
}

export async function generateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = await parseCommandArgs('generate', args, { 'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, watch: { type: 'boolean' }, ...deliveryOptions, ...outputOptions });
  const dir = parsed.positionals[0] ?? '.';
  if (parsed.positionals.length > 1) throw usageError('`boomerang generate` takes one project folder.', 'generate');
  const output = outputMode(parsed.values, 'generate');
  const dryRun = parsed.values['dry-run'] === true;
  const force = parsed.values.force === true;
  if (parsed.values.watch === true) {
    if (dryRun) throw usageError('--watch writes: it does not go with --dry-run.', 'generate');
    const { say, watchProject } = await import('../watch-project.ts');
    const signal = await watchProject(dir, io, { force, output, ...signedDeliveriesOf(parsed.values) });
    if (output === 'text') say(io, `stopped (${signal})`);
    return 0;
  }
  if (dryRun && output === 'quiet') throw usageError('--dry-run lists what would be written, and --quiet would print none of it; for a listing a tool reads, give --dry-run --json.', 'generate');
  const mode = dryRun ? 'dry-run' : 'write';
  const { result, ms, projectDir } = await generateReported(dir, io, { command: 'generate', mode, output, force, ...signedDeliveriesOf(parsed.values) });
  await printDiagnostics(result, io);
  if (!result.ok) {
    if (output === 'json') printJson(io, await runJson(result, { command: 'generate', mode, projectDir, ms }));
    const count = result.diagnostics.filter((d) => d.severity === 'error').length;
    throw new CliError(`the definition has ${count} error${count === 1 ? '' : 's'}; nothing was written.`);
  }
  const verb = dryRun ? 'would write' : 'wrote';
  const text = output === 'text';
  for (const target of result.targets) {
    const where = whereIn(target, dir, io);
    printWarnings(target, where, io, { edits: dryRun ? 'would' : 'done' });
    if (!text) continue;
    io.stdout.write(`${target.target} → ${target.output}\n`);
    for (const path of target.report.written) io.stdout.write(`  ${verb} ${where(path)}\n`);
    for (const path of target.report.deleted) io.stdout.write(`  ${dryRun ? 'would delete' : 'deleted'} ${where(path)}\n`);
    for (const path of target.report.skipped) io.stdout.write(`  kept ${where(path)} (scaffold: yours; --force overwrites)\n`);
    io.stdout.write(`  ${target.report.written.length} ${verb}, ${target.report.unchanged.length} unchanged, ${target.report.skipped.length} kept, ${target.report.deleted.length} ${dryRun ? 'to delete' : 'deleted'}\n`);
  }
  if (output === 'json') printJson(io, await runJson(result, { command: 'generate', mode, projectDir, ms }));
  if (!text) return 0;
  if (result.cached) io.stdout.write('nothing changed since the last run (inputs and outputs as it left them): nothing rebuilt; --force rebuilds\n');
  printTimings(result, io);
  return 0;
}

export async function checkCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = await parseCommandArgs('check', args, { ...deliveryOptions, ...outputOptions });
  const dir = parsed.positionals[0] ?? '.';
  if (parsed.positionals.length > 1) throw usageError('`boomerang check` takes one project folder.', 'check');
  const output = outputMode(parsed.values, 'check');
  const { result, ms, projectDir } = await generateReported(dir, io, { command: 'check', mode: 'check', output, verb: 'checking', ...signedDeliveriesOf(parsed.values) });
  await printDiagnostics(result, io);
  const stale: { shown: string; path: string }[] = [];
  for (const t of result.targets) {
    const where = whereIn(t, dir, io);
    printWarnings(t, where, io, { edits: 'listed' });
    for (const path of staleFiles(t.report)) stale.push({ shown: `${where(path)}${staleNote(t, path)}`, path: projectPath(projectDir, `${t.output}/${path}`) });
  }
  if (output === 'json') printJson(io, { ...(await runJson(result, { command: 'check', mode: 'check', projectDir, ms })), ok: result.ok && stale.length === 0, stale: stale.map((s) => s.path) });
  if (!result.ok) throw new CliError('the definition has errors; run `boomerang generate` after fixing them.');
  if (output === 'text') printTimings(result, io);
  if (stale.length > 0) {
    io.stderr.write(`${stale.length} generated file${stale.length === 1 ? ' is' : 's are'} out of date:\n${stale.map((p) => `  ${p.shown}`).join('\n')}\nRun \`boomerang generate ${dir}\`.\n`);
    return 1;
  }
  if (output === 'text') io.stdout.write('generated output is up to date\n');
  return 0;
}
