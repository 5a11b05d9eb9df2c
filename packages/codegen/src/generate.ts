/**
 * `boomerang generate` / `check`. A run in full (generate-run.ts) is config → definition → model →
 * documents → types → each target's template package → files → writer, every step timed. Every
 * target renders before anything is written, and the writer then writes all of them or none, so a
 * failure at any step leaves every output as it was.
 *
 * Before any of that, a run that writes (or dry-runs) without `force` looks at what the last run
 * recorded (generate-cache.ts): when the inputs hash as they did and every output is as that run
 * left it, there is nothing to rebuild, and the run ends there, with the report a full run would
 * give. `check` always runs in full: it is what CI trusts, and it must see what the hash cannot (a
 * file a definition reads by itself). Each run keeps openapi-typescript's results in the project's
 * cache too, so a document that did not change is not turned into types again.
 */
import { dirname, join } from 'node:path';
import type { Diagnostic } from '@boomerang/core';
import { cacheFolder } from './cache-folder.ts';
import { beginRun, skipRun } from './generate-cache.ts';
import { findConfigFile } from './load-config.ts';
import { createTypesRunner } from './openapi-types.ts';
import { resolveTemplateDir } from './template-package.ts';
import type { RenderCache } from './render-cache.ts';
import type { WriteMode, WriteReport } from './writer.ts';

// What a caller reads a result with; `@boomerang/codegen/generate` is this module, which loads the
// rest of the generator (and @boomerang/core) only for a run that cannot be skipped.
export { printablePath } from './file-set.ts';
export { manifestName, staleFiles } from './writer.ts';
export { createRenderCache, type RenderCache } from './render-cache.ts';

export interface GenerateOptions {
  readonly mode?: WriteMode;
  /** Overwrite scaffolds, discard edits to generated files, delete stale generated files that were edited; and rebuild even when nothing changed. */
  readonly force?: boolean;
  /**
   * Told, whatever the outcome (a definition error, a config or a module that fails to load, a run
   * skipped), what the run read: what a watcher watches. A failed run reports what it got to.
   */
  readonly onInputs?: (inputs: RunInputs) => void;
  /** Told of each step as it starts and as it ends well, and of each target not rendered: what a progress display shows. */
  readonly onStep?: (event: StepEvent) => void;
  /**
   * Kept by a caller that generates again and again (`generate --watch`): a target whose inputs
   * are as they were at its last render in this cache is not rendered again (render-cache.ts).
   */
  readonly renderCache?: RenderCache;
  /** Overrides the config's `signedDeliveries` (the CLI's `--unsigned-deliveries` gives false). */
  readonly signedDeliveries?: boolean;
}

/** A step of a run, as it happens. A step that fails ends with the run, without an event. */
export type StepEvent =
  | { readonly step: string; readonly state: 'started' }
  | { readonly step: string; readonly state: 'done'; readonly ms: number }
  /** `render <target>`, skipped: its inputs are as they were at its last render, whose files it gives the writer. */
  | { readonly step: string; readonly state: 'unchanged' };

/** What a run read: the files it loaded (the config, the definition and every module they import, helpers), and the template packages' folders. */
export interface RunInputs {
  readonly configFile: string;
  /** Absolute paths, sorted; those of installed packages (under node_modules) included. */
  readonly files: readonly string[];
  readonly templates: readonly string[];
}

export interface TargetResult {
  /** `openapi` for the documents, else the template package's name. */
  readonly target: string;
  /** The output folder, relative to the project. */
  readonly output: string;
  /** Rendered by this run; false when its files are an earlier render's (the render cache, or a run skipped whole). */
  readonly rendered: boolean;
  readonly report: WriteReport;
}

export interface GenerateResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly targets: readonly TargetResult[];
  readonly timings: readonly { readonly step: string; readonly ms: number }[];
  /** The inputs and outputs were as the last run left them: nothing was rebuilt, and the report is that run's. */
  readonly cached?: boolean;
}

export async function generate(projectDir: string, options: GenerateOptions = {}): Promise<GenerateResult> {
  const timings: { step: string; ms: number }[] = [];
  const timed = async <T>(step: string, run: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    options.onStep?.({ step, state: 'started' });
    let ok = false;
    try {
      const value = await run();
      ok = true;
      return value;
    } finally {
      const ms = Math.round(performance.now() - start);
      timings.push({ step, ms });
      if (ok) options.onStep?.({ step, state: 'done', ms });
    }
  };
  const mode = options.mode ?? 'write';

  const started = performance.now();
  const configFile = findConfigFile(projectDir);
  const root = dirname(configFile);
  // A run's settings decide whether it may be skipped: an override is one of them.
  const settings = { configFile, ...(options.signedDeliveries === undefined ? {} : { signedDeliveries: options.signedDeliveries }) };
  if (mode !== 'check' && !options.force) {
    const last = skipRun(root, settings, (template) => resolveTemplateDir(template, root));
    const ms = Math.round(performance.now() - started);
    if (typeof last === 'object') {
      options.onInputs?.({ configFile, files: last.inputs.files, templates: last.inputs.packages });
      options.onStep?.({ step: 'inputs unchanged', state: 'done', ms });
      return { ok: true, diagnostics: last.diagnostics, targets: last.targets, timings: [{ step: 'inputs unchanged', ms }], cached: true };
    }
    if (last === 'changed') {
      timings.push({ step: 'check inputs', ms });
      options.onStep?.({ step: 'check inputs', state: 'done', ms });
    }
  }
  const startedAt = mode === 'write' ? beginRun(root) : undefined;

  // openapi-typescript starts loading in its threads now, while the definition loads.
  const types = createTypesRunner({ cacheDir: join(cacheFolder(root), 'openapi-typescript') });
  try {
    const { generateInFull } = await import('./generate-run.ts');
    return await generateInFull({ root, configFile, settings, startedAt }, { ...options, mode }, timed, timings, types.types);
  } finally {
    types.close();
  }
}

