/**
 * The JSON a run prints with --json, for tools: one document (generate, check, docs), or one line
 * per run (generate --watch). It is one line of JSON either way. Every file path in it is relative
 * to the project folder, with `/`, whatever the working folder is:
 *
 *   { "command": "generate", "mode": "write" | "dry-run" | "check", "ok": true, "cached": false,
 *     "diagnostics": [{ "code", "name", "severity", "message", "location", "hint" }],
 *     "targets": [{ "target", "output", "rendered",
 *                   "written", "unchanged", "deleted", "kept" (scaffolds that were there),
 *                   "edited": [{ "path", "savedAs"? }], "notDeleted": [{ "path", "reason" }],
 *                   "ignored": [{ "entry", "problem" }], "unreadableManifest"? }],
 *     "timings": [{ "step", "ms" }], "ms": 1234 }
 *
 * plus `stale` (check: each stale file), `pages` (docs: each page built), `changed` (a watch's run:
 * the files whose change started it), and `error` ({ message, hint? }) for a run that failed on
 * something other than definition errors (a config or module that does not load, an output that
 * cannot be written).
 */
import { relative, resolve, sep } from 'node:path';
import type { GenerateResult, TargetResult } from '@boomerang/codegen/generate';
import { CodegenError } from '@boomerang/codegen/errors';
import type { CliIo } from './io.ts';

export type RunJson = Record<string, unknown>;

/** What every run's document holds. `projectDir` is the folder that holds the config. */
export async function runJson(
  result: GenerateResult,
  { command, mode, projectDir, ms }: { readonly command: string; readonly mode: string; readonly projectDir: string; readonly ms: number },
): Promise<RunJson> {
  return {
    command,
    mode,
    ok: result.ok,
    cached: result.cached === true,
    diagnostics: await diagnosticsJson(result.diagnostics),
    targets: result.targets.map((t) => targetJson(t, projectDir)),
    timings: result.timings,
    ms,
  };
}

/** The document of a run that ended with an error (no result): what it says, and its hint. */
export function failedRunJson(error: unknown, { command, mode, ms }: { readonly command: string; readonly mode: string; readonly ms: number }): RunJson {
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof CodegenError ? error.hint : undefined;
  return { command, mode, ok: false, cached: false, diagnostics: [], targets: [], timings: [], ms, error: { message, ...(hint ? { hint } : {}) } };
}

export function printJson(io: CliIo, value: RunJson): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}

/** A path as the document has it: relative to the project folder, with `/`. */
export function projectPath(projectDir: string, path: string): string {
  return (relative(projectDir, resolve(projectDir, path)) || '.').split(sep).join('/');
}

async function diagnosticsJson(diagnostics: GenerateResult['diagnostics']): Promise<unknown[]> {
  if (diagnostics.length === 0) return [];
  const { diagnosticCatalog } = await import('@boomerang/core');
  return diagnostics.map((d) => ({ code: d.code, name: diagnosticCatalog[d.code].name, severity: d.severity, message: d.message, location: d.where, hint: d.hint }));
}

function targetJson(target: TargetResult, projectDir: string): RunJson {
  const at = (path: string) => projectPath(projectDir, `${target.output}/${path}`);
  const { report } = target;
  return {
    target: target.target,
    output: projectPath(projectDir, target.output),
    rendered: target.rendered,
    written: report.written.map(at),
    unchanged: report.unchanged.map(at),
    deleted: report.deleted.map(at),
    kept: report.skipped.map(at),
    edited: report.edited.map(({ path, savedAs }) => ({ path: at(path), ...(savedAs === undefined ? {} : { savedAs: at(savedAs) }) })),
    notDeleted: report.kept.map(({ path, reason }) => ({ path: at(path), reason })),
    ignored: report.ignored,
    ...(report.unreadableManifest === undefined ? {} : { unreadableManifest: report.unreadableManifest }),
  };
}
