/**
 * A `generate` run in full (generate.ts decides when one is needed): config → definition → model →
 * documents → types → each target's template package → files → writer, each step timed; then, for
 * a run that wrote, the record that lets the next run skip. Given a render cache (a watcher's), a
 * target whose inputs are as at its last render is neither loaded nor rendered (render-cache.ts).
 */
import { relative, resolve } from 'node:path';
import { serializeDocument } from '@boomerang/core';
import { CodegenError } from './errors.ts';
import { finishFile, type PlannedFile } from './file-set.ts';
import type { GenerateOptions, GenerateResult } from './generate.ts';
import { recordRun } from './generate-cache.ts';
import { buildGenerationInput } from './generation-input.ts';
import { filesNamedBy } from './input-hash.ts';
import { loadConfig } from './load-config.ts';
import { loadDefinition } from './load-definition.ts';
import { importedFiles } from './module-graph.ts';
import { renderTemplatePackage } from './render.ts';
import { beginRenders } from './render-cache.ts';
import { loadTemplatePackage, resolveTemplateDir, type TemplateInput } from './template-package.ts';
import { createUserModuleLoader, type UserModuleLoader } from './user-modules.ts';
import { writeOutputs, type WriteMode } from './writer.ts';

type Timed = <T>(step: string, run: () => Promise<T> | T) => Promise<T>;
interface Run {
  readonly root: string;
  readonly configFile: string;
  readonly settings: unknown;
  readonly startedAt: bigint | undefined;
}
/** What the run read so far; told to `onInputs` however the run ends. */
interface Read {
  readonly loader: UserModuleLoader;
  readonly templates: { template: string; dir: string }[];
  /** The files that the targets' options name (a logo), and the helpers (and their imports) of targets not rendered. */
  readonly named: string[];
}

export async function generateInFull(
  run: Run,
  options: GenerateOptions & { readonly mode: WriteMode },
  timed: Timed,
  timings: GenerateResult['timings'],
  types: (document: Record<string, unknown>) => Promise<string>,
): Promise<GenerateResult> {
  // One loader per run: every file is read afresh, and what the run loaded shares one module graph.
  const read: Read = { loader: createUserModuleLoader(), templates: [], named: [] };
  try {
    return await runInFull(run, read, options, timed, timings, types);
  } finally {
    options.onInputs?.({ configFile: run.configFile, files: [...(read.loader.loadedFiles?.() ?? []), ...read.named], templates: read.templates.map((t) => t.dir) });
  }
}

async function runInFull(
  { root, configFile, settings, startedAt }: Run,
  { loader, templates, named }: Read,
  options: GenerateOptions & { readonly mode: WriteMode },
  timed: Timed,
  timings: GenerateResult['timings'],
  types: (document: Record<string, unknown>) => Promise<string>,
): Promise<GenerateResult> {
  const { config } = await timed('load config', () => loadConfig(root, loader));
  named.push(...filesNamedBy((config.targets ?? []).map((t) => t.options)));
  const definitionPath = resolve(root, config.definition ?? './api.ts');
  const shownConfig = relative(process.cwd(), configFile);
  const definition = await timed('load definition', () =>
    loadDefinition(definitionPath, {
      shown: relative(process.cwd(), definitionPath) || definitionPath,
      ...(config.definition === undefined
        ? { missingHint: `${shownConfig} names no \`definition\`, so it is the default, ./api.ts; set \`definition: './path/to/api.ts'\` to use another file.` }
        : { namedBy: `\`definition\` in ${shownConfig}` }),
      loader,
    }),
  );

  const openapi = config.openapi === false ? undefined : config.openapi ?? {};
  const signedDeliveries = options.signedDeliveries ?? config.signedDeliveries ?? true;
  const prepared = await buildGenerationInput(definition, { openapi: openapi?.version ?? '3.1', signedDeliveries, timed, types });
  if (!prepared.ok) return { ok: false, diagnostics: prepared.diagnostics, targets: [], timings };
  const { writtenDocument, diagnostics } = prepared;
  const { model, routes, document, receiverDocument, types: typesOfDocuments } = prepared;
  const renders = beginRenders(options.renderCache, { model, routes, document, receiverDocument, types: typesOfDocuments }, startedAt);
  const unchanged = (step: string) => options.onStep?.({ step, state: 'unchanged' });

  const plans: { target: string; outputDir: string; files: readonly PlannedFile[]; rendered: boolean }[] = [];
  if (openapi !== undefined) {
    const formats = openapi.formats ?? ['json', 'yaml'];
    const outputDir = resolve(root, openapi.output ?? './generated');
    const cacheKey = `openapi\0${outputDir}`;
    const inputs = { files: [], packages: [], settings: { document: writtenDocument, formats } };
    const last = renders.reuse(cacheKey, inputs);
    if (last !== undefined) unchanged('render openapi');
    const files =
      last?.files ??
      formats.map((format) => {
        const path = `openapi.${format}`;
        return { path, mode: 'generated' as const, content: finishFile(path, serializeDocument(writtenDocument, format), 'generated') };
      });
    if (last === undefined) renders.keep(cacheKey, inputs, { name: 'openapi', helperFiles: [], files });
    plans.push({ target: 'openapi', outputDir, files, rendered: last === undefined });
  }
  for (const target of config.targets ?? []) {
    const outputDir = resolve(root, target.output);
    const dir = resolveTemplateDir(target.template, root);
    templates.push({ template: target.template, dir });
    const paths = { definitionFromOutput: importPath(outputDir, definitionPath), outputFromRoot: relative(root, outputDir) || '.' };
    const cacheKey = `${target.template}\0${outputDir}`;
    const inputs = { files: filesNamedBy(target.options), packages: [dir], settings: { options: target.options ?? {}, paths } };
    const last = renders.reuse(cacheKey, inputs);
    if (last !== undefined) {
      // Not loaded, so not in the loader's list: what it would have loaded is still an input of the run.
      named.push(...last.helperFiles);
      unchanged(`render ${last.name}`);
      plans.push({ target: last.name, outputDir, files: last.files, rendered: false });
      continue;
    }
    const loadedBefore = new Set(loader.loadedFiles?.() ?? []);
    const pkg = await timed(`load template ${target.template}`, async () => loadTemplatePackage(dir, loader));
    const declared = pkg.manifest.options;
    const unknown = declared === undefined ? [] : Object.keys(target.options ?? {}).filter((name) => !(name in declared));
    if (unknown.length > 0) {
      throw new CodegenError(
        `the ${pkg.manifest.name} target in ${relative(process.cwd(), configFile)} has unknown option${unknown.length === 1 ? '' : 's'} ${unknown.map((n) => `\`${n}\``).join(', ')}.`,
        `${pkg.manifest.name} knows: ${Object.keys(declared!).map((n) => `\`${n}\``).join(', ') || 'no options'}.`,
      );
    }
    const input: TemplateInput = { model, routes, document, receiverDocument, types: typesOfDocuments, options: target.options ?? {}, paths };
    const files = await timed(`render ${pkg.manifest.name}`, () => renderTemplatePackage(pkg, input));
    renders.keep(cacheKey, inputs, { name: pkg.manifest.name, helperFiles: helperFiles(pkg.helpersPath, loadedBefore, loader), files });
    plans.push({ target: pkg.manifest.name, outputDir, files, rendered: true });
  }

  const reports = await timed(options.mode === 'check' ? 'check' : 'write', () =>
    writeOutputs(plans, { mode: options.mode, ...(options.force ? { force: true } : {}) }),
  );
  renders.finish();
  const targets = plans.map((plan, i) => ({ target: plan.target, output: relative(root, plan.outputDir) || '.', rendered: plan.rendered, report: reports[i]! }));
  if (options.mode === 'write') {
    const files = [...(loader.loadedFiles?.() ?? []), ...named];
    await timed('record inputs', () =>
      recordRun(root, {
        startedAt,
        inputs: { files, packages: templates.map((t) => t.dir), settings },
        templates,
        diagnostics,
        targets: plans.map((plan, i) => ({ ...targets[i]!, outputDir: plan.outputDir, planned: plan.files })),
      }),
    );
  }
  return { ok: true, diagnostics, targets, timings };
}

/**
 * A template package's helpers module and the modules it imports: those the loader ran first for it,
 * and those of the run's it imports that something else ran first (module-graph.ts).
 */
function helperFiles(helpersPath: string | undefined, loadedBefore: ReadonlySet<string>, loader: UserModuleLoader): string[] {
  if (helpersPath === undefined) return [];
  const loaded = loader.loadedFiles?.() ?? [];
  return [...new Set([...loaded.filter((file) => !loadedBefore.has(file)), ...importedFiles(helpersPath, loaded)])].sort();
}

function importPath(fromDir: string, file: string): string {
  const path = relative(fromDir, file).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}
