/**
 * `boomerang docs <project-dir>`: generate, then build the HTML of every docs-redoc target. The
 * template package renders text (the documents, a Redocly configuration, the page template); this
 * is the separate build step that turns them into pages, one `redocly build-docs --inlineBundle`
 * per API that the generated redocly.yaml names. Each page is written atomically.
 */
import { readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadConfig, type GenerateResult } from '@boomerang/codegen';
import type { StepEvent } from '@boomerang/codegen/generate';
import { formatDiagnostic } from '@boomerang/core';
import { parseCommandArgs } from '../args.ts';
import { CliError, usageError, type CliIo } from '../io.ts';
import { outputMode, outputOptions } from '../output-mode.ts';
import { createProgress } from '../progress.ts';
import { docsRedocTargets, runRedocly } from '../redocly.ts';
import { failedRunJson, printJson, projectPath, runJson } from '../run-json.ts';
import { generateReported, printWriteWarnings } from './generate.ts';

export async function docsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = await parseCommandArgs('docs', args, outputOptions);
  if (parsed.positionals.length > 1) throw usageError('`boomerang docs` takes one project folder.', 'docs');
  const output = outputMode(parsed.values, 'docs');
  const dir = resolve(io.cwd, parsed.positionals[0] ?? '.');
  const shown = (path: string) => relative(io.cwd, path) || '.';
  const text = output === 'text';

  const { root, config } = await loadConfig(dir);
  const targets = docsRedocTargets(root, config);
  if (targets.length === 0) {
    throw new CliError(`${shown(root)}/boomerang.config.ts has no docs-redoc target.\n  hint: add \`{ template: '@boomerang/template-docs-redoc', output: './docs' }\` to its targets.`);
  }

  const progress = createProgress(io, { output, verb: 'building docs' });
  const started = performance.now();
  try {
    const { result, ms } = await generateReported(dir, io, { command: 'docs', mode: 'write', output, progress });
    progress.clear();
    for (const d of result.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
    if (!result.ok) {
      if (output === 'json') printJson(io, await runJson(result, { command: 'docs', mode: 'write', projectDir: dir, ms }));
      const count = result.diagnostics.filter((d) => d.severity === 'error').length;
      throw new CliError(`the definition has ${count} error${count === 1 ? '' : 's'}; no docs were built.`);
    }
    printWriteWarnings(result, dir, io);
    if (text) printGenerated(result, (output) => shown(resolve(root, output)), io);

    let built: Page[];
    try {
      built = await buildPages(targets, progress.onStep, shown);
    } catch (error) {
      // What the generator did is written; the document says what failed after it.
      if (output === 'json') printJson(io, failedRunJson(error, { command: 'docs', mode: 'write', ms: Math.round(performance.now() - started) }));
      throw error;
    }
    progress.clear();
    const timings = [{ step: 'generate', ms }, ...built.map((p) => ({ step: `build ${shown(p.page)}`, ms: p.ms }))];
    if (text) {
      for (const folder of targets) {
        io.stdout.write(`docs → ${shown(folder)}\n`);
        for (const { page, bytes } of built.filter((p) => p.folder === folder)) io.stdout.write(`  built ${shown(page)} (${(bytes / 1024 / 1024).toFixed(1)} MB)\n`);
      }
      io.stdout.write(`timings: ${timings.map((t) => `${t.step} ${t.ms} ms`).join(', ')}\n`);
    }
    if (output === 'json') {
      const document = await runJson(result, { command: 'docs', mode: 'write', projectDir: dir, ms: Math.round(performance.now() - started) });
      printJson(io, { ...document, timings: [...result.timings, ...timings.slice(1)], pages: built.map(({ page, bytes, ms }) => ({ path: projectPath(dir, page), bytes, ms })) });
    }
    return 0;
  } finally {
    progress.clear();
  }
}

interface Page {
  readonly folder: string;
  readonly page: string;
  readonly bytes: number;
  readonly ms: number;
}

/** Every page of every docs-redoc output folder, the pages of one folder at once; each a step of the progress. */
async function buildPages(folders: readonly string[], onStep: (event: StepEvent) => void, shown: (path: string) => string): Promise<Page[]> {
  const built: Page[] = [];
  for (const folder of folders) {
    const generatedDir = join(folder, 'generated');
    const redoclyConfig = join(generatedDir, 'redocly.yaml');
    const pages = await Promise.all(
      apiNames(redoclyConfig).map(async (name) => {
        const page = join(folder, `${name}.html`);
        const step = `build ${shown(page)}`;
        const temp = `${page}.${process.pid}.tmp`;
        const began = performance.now();
        onStep({ step, state: 'started' });
        const run = await runRedocly(['build-docs', name, '--config', redoclyConfig, '--inlineBundle', '--output', temp], generatedDir);
        if (run.exitCode !== 0) {
          rmSync(temp, { force: true });
          throw new CliError(`redocly build-docs failed for ${shown(page)} (exit code ${run.exitCode}):\n${run.output.map((o) => o.text).join('')}`);
        }
        renameSync(temp, page);
        const ms = Math.round(performance.now() - began);
        onStep({ step, state: 'done', ms });
        return { folder, page, bytes: statSync(page).size, ms };
      }),
    );
    built.push(...pages);
  }
  return built;
}

/** The APIs the generated Redocly configuration names: one page each, `<name>.html`. */
function apiNames(redoclyConfig: string): string[] {
  let apis: unknown;
  try {
    apis = (parseYaml(readFileSync(redoclyConfig, 'utf8')) as { apis?: unknown } | null)?.apis;
  } catch (error) {
    throw new CliError(`cannot read ${redoclyConfig}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const names = typeof apis === 'object' && apis !== null ? Object.keys(apis) : [];
  if (names.length === 0) throw new CliError(`${redoclyConfig} names no API under \`apis\`; it is generated by the docs-redoc template, so regenerate it.`);
  return names;
}

function printGenerated(result: GenerateResult, shown: (output: string) => string, io: CliIo): void {
  for (const { target, output, report } of result.targets) {
    io.stdout.write(`${target} → ${shown(output)}: ${report.written.length} written, ${report.unchanged.length} unchanged, ${report.skipped.length} kept, ${report.deleted.length} deleted\n`);
  }
}
