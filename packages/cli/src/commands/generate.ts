/** `boomerang generate <project-dir>` and `boomerang check <project-dir>`. */
import { relative, resolve } from 'node:path';
import { formatDiagnostic } from '@boomerang/core';
import { generate, staleFiles, type GenerateResult } from '@boomerang/codegen';
import { parseCommandArgs } from '../args.ts';
import { CliError, usageError, type CliIo } from '../io.ts';

export const generateHelp = `boomerang generate <project-dir> [--dry-run] [--force]

  Generates everything boomerang.config.ts in <project-dir> asks for: the OpenAPI documents and each
  target's files. Generated files are rewritten only when their content changes (and deleted when
  they no longer belong); scaffold files (your handlers, main.ts) are written only when missing.

  --dry-run   say what would be written and deleted, write nothing
  --force     overwrite scaffold files too (your edits in them are lost)`;

export const generateExitCodes = ['generated (with --dry-run: listed, nothing written)', 'definition errors or a config that is not valid; nothing was written', 'bad usage'] as const;

export const checkHelp = `boomerang check <project-dir>

  Writes nothing. Exits 1 and lists each stale file (missing, changed, or to be deleted) when the
  generated output is out of date with the definition; 0 when it is up to date.`;

export const checkExitCodes = ['up to date', 'stale output, definition errors or a config that is not valid', 'bad usage'] as const;

function printDiagnostics(result: GenerateResult, io: CliIo): void {
  for (const d of result.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
}

function printTimings(result: GenerateResult, io: CliIo): void {
  io.stdout.write(`timings: ${result.timings.map((t) => `${t.step} ${t.ms} ms`).join(', ')}\n`);
}

export async function generateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('generate', args, { 'dry-run': { type: 'boolean' }, force: { type: 'boolean' } });
  const dir = parsed.positionals[0] ?? '.';
  if (parsed.positionals.length > 1) throw usageError('`boomerang generate` takes one project folder.', 'generate');
  const dryRun = parsed.values['dry-run'] === true;
  const result = await generate(resolve(io.cwd, dir), { mode: dryRun ? 'dry-run' : 'write', force: parsed.values.force === true });
  printDiagnostics(result, io);
  if (!result.ok) {
    const count = result.diagnostics.filter((d) => d.severity === 'error').length;
    throw new CliError(`the definition has ${count} error${count === 1 ? '' : 's'}; nothing was written.`);
  }
  const verb = dryRun ? 'would write' : 'wrote';
  for (const target of result.targets) {
    const where = (path: string) => relative(io.cwd, resolve(io.cwd, dir, target.output, path)) || path;
    io.stdout.write(`${target.target} → ${target.output}\n`);
    for (const path of target.report.written) io.stdout.write(`  ${verb} ${where(path)}\n`);
    for (const path of target.report.deleted) io.stdout.write(`  ${dryRun ? 'would delete' : 'deleted'} ${where(path)}\n`);
    for (const path of target.report.skipped) io.stdout.write(`  kept ${where(path)} (scaffold: yours; --force overwrites)\n`);
    io.stdout.write(`  ${target.report.written.length} ${verb}, ${target.report.unchanged.length} unchanged, ${target.report.skipped.length} kept, ${target.report.deleted.length} ${dryRun ? 'to delete' : 'deleted'}\n`);
  }
  printTimings(result, io);
  return 0;
}

export async function checkCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('check', args, {});
  const dir = parsed.positionals[0] ?? '.';
  if (parsed.positionals.length > 1) throw usageError('`boomerang check` takes one project folder.', 'check');
  const result = await generate(resolve(io.cwd, dir), { mode: 'check' });
  printDiagnostics(result, io);
  if (!result.ok) throw new CliError('the definition has errors; run `boomerang generate` after fixing them.');
  const stale = result.targets.flatMap((t) => staleFiles(t.report).map((path) => relative(io.cwd, resolve(io.cwd, dir, t.output, path)) || path));
  printTimings(result, io);
  if (stale.length > 0) {
    io.stderr.write(`${stale.length} generated file${stale.length === 1 ? ' is' : 's are'} out of date:\n${stale.map((p) => `  ${p}`).join('\n')}\nRun \`boomerang generate ${dir}\`.\n`);
    return 1;
  }
  io.stdout.write('generated output is up to date\n');
  return 0;
}
