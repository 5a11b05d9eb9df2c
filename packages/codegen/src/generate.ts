/**
 * `boomerang generate` / `check`: config → definition → model → documents → types → each target's
 * template package → files → writer. Every step is timed. Every target renders before anything is
 * written, and the writer then writes all of them or none, so a failure at any step leaves every
 * output as it was.
 *
 * Before any of that, a run that writes (or dry-runs) without `force` looks at what the last run
 * recorded (generate-cache.ts): when the inputs hash as they did and every output is as that run
 * left it, there is nothing to rebuild, and the run ends there, with the report a full run would
 * give. `check` always runs in full: it is what CI trusts, and it must see what the hash cannot (a
 * file a definition reads by itself). Each run keeps openapi-typescript's results in the project's
 * cache too, so a document that did not change is not turned into types again.
 */
import { dirname, join, relative, resolve } from 'node:path';
import {
  buildApiModel,
  buildReceiverRoutes,
  emitOpenApi,
  emitReceiverDocument,
  serializeDocument,
  type ApiDefinition,
  type Diagnostic,
  type OpenApiVersion,
} from '@boomerang/core';
import { cacheFolder } from './cache-folder.ts';
import { CodegenError } from './errors.ts';
import { finishFile, type PlannedFile } from './file-set.ts';
import { forgetRun, recordRun, skipRun } from './generate-cache.ts';
import { filesNamedBy } from './input-hash.ts';
import { findConfigFile, loadConfig } from './load-config.ts';
import { loadDefinition } from './load-definition.ts';
import { createTypesRunner, openapiTypes } from './openapi-types.ts';
import { renderTemplatePackage } from './render.ts';
import { loadTemplatePackage, resolveTemplateDir, type TemplateInput } from './template-package.ts';
import { createUserModuleLoader } from './user-modules.ts';
import { writeOutputs, type WriteMode, type WriteReport } from './writer.ts';

export interface GenerateOptions {
  readonly mode?: WriteMode;
  /** Overwrite scaffolds, discard edits to generated files, delete stale generated files that were edited; and rebuild even when nothing changed. */
  readonly force?: boolean;
}

export interface TargetResult {
  /** `openapi` for the documents, else the template package's name. */
  readonly target: string;
  /** The output folder, relative to the project. */
  readonly output: string;
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

export type GenerationInput = Omit<TemplateInput, 'options' | 'paths'>;

type Prepared =
  | ({ readonly ok: true; readonly diagnostics: Diagnostic[]; readonly writtenDocument: Record<string, unknown> } & GenerationInput)
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Everything template packages read, from one definition: the model, the receiver routes, the
 * OpenAPI document (3.1, what templates build on; `document` is the one written, in the version
 * asked for), the receiver document, and openapi-typescript's types of both.
 */
export async function buildGenerationInput(
  definition: ApiDefinition,
  options: {
    openapi?: OpenApiVersion;
    timed?: <T>(step: string, run: () => Promise<T> | T) => Promise<T>;
    /** How a document becomes types: `openapiTypes` unless given (generate gives its cached, threaded runner). */
    types?: (document: Record<string, unknown>) => Promise<string>;
  } = {},
): Promise<Prepared> {
  const timed = options.timed ?? (async <T>(_step: string, run: () => Promise<T> | T) => run());
  const built = await timed('build model', () => buildApiModel(definition));
  if (!built.ok) return { ok: false, diagnostics: built.diagnostics };
  const model = built.model;
  const { routes, diagnostics: routeDiagnostics } = buildReceiverRoutes(model);
  const diagnostics = [...built.diagnostics, ...routeDiagnostics];
  if (routeDiagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  const { document: writtenDocument, warnings } = await timed('emit documents', () => emitOpenApi(model, { openapi: options.openapi ?? '3.1' }));
  const document = options.openapi === '3.0' ? emitOpenApi(model).document : writtenDocument;
  const receiverDocument = emitReceiverDocument(model, routes);
  diagnostics.push(...warnings);
  const typesOf = options.types ?? openapiTypes;
  const types = await timed('openapi-typescript', async () => {
    const [api, receiver] = await Promise.all([typesOf(document), typesOf(receiverDocument)]);
    return { api, receiver };
  });
  return { ok: true, diagnostics, model, routes, document, writtenDocument, receiverDocument, types };
}

export async function generate(projectDir: string, options: GenerateOptions = {}): Promise<GenerateResult> {
  const timings: { step: string; ms: number }[] = [];
  const timed = async <T>(step: string, run: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    try {
      return await run();
    } finally {
      timings.push({ step, ms: Math.round(performance.now() - start) });
    }
  };
  const mode = options.mode ?? 'write';

  const started = performance.now();
  const configFile = findConfigFile(projectDir);
  const root = dirname(configFile);
  const settings = { configFile };
  if (mode !== 'check' && !options.force) {
    const last = skipRun(root, settings, (template) => resolveTemplateDir(template, root));
    const ms = Math.round(performance.now() - started);
    if (typeof last === 'object') return { ok: true, diagnostics: last.diagnostics, targets: last.targets, timings: [{ step: 'inputs unchanged', ms }], cached: true };
    if (last === 'changed') timings.push({ step: 'check inputs', ms });
  }
  // From here on the outputs may change: until this run records them, nothing says what they are.
  if (mode === 'write') forgetRun(root);

  // openapi-typescript starts loading in its threads now, while the definition loads.
  const types = createTypesRunner({ cacheDir: join(cacheFolder(root), 'openapi-typescript') });
  try {
    return await generateInFull(root, configFile, settings, { ...options, mode }, timed, timings, types.types);
  } finally {
    types.close();
  }
}

async function generateInFull(
  root: string,
  configFile: string,
  settings: unknown,
  options: GenerateOptions & { readonly mode: WriteMode },
  timed: <T>(step: string, run: () => Promise<T> | T) => Promise<T>,
  timings: GenerateResult['timings'],
  types: (document: Record<string, unknown>) => Promise<string>,
): Promise<GenerateResult> {
  // One loader per run: every file is read afresh, and what the run loaded shares one module graph.
  const loader = createUserModuleLoader();
  const { config } = await timed('load config', () => loadConfig(root, loader));
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
  const prepared = await buildGenerationInput(definition, { openapi: openapi?.version ?? '3.1', timed, types });
  if (!prepared.ok) return { ok: false, diagnostics: prepared.diagnostics, targets: [], timings };
  const { writtenDocument, diagnostics } = prepared;

  const plans: { target: string; outputDir: string; files: PlannedFile[] }[] = [];
  if (openapi !== undefined) {
    const formats = openapi.formats ?? ['json', 'yaml'];
    plans.push({
      target: 'openapi',
      outputDir: resolve(root, openapi.output ?? './generated'),
      files: formats.map((format) => {
        const path = `openapi.${format}`;
        return { path, mode: 'generated' as const, content: finishFile(path, serializeDocument(writtenDocument, format), 'generated') };
      }),
    });
  }
  const templates: { template: string; dir: string }[] = [];
  for (const target of config.targets ?? []) {
    const outputDir = resolve(root, target.output);
    const dir = resolveTemplateDir(target.template, root);
    templates.push({ template: target.template, dir });
    const pkg = await timed(`load template ${target.template}`, async () => loadTemplatePackage(dir, loader));
    const declared = pkg.manifest.options;
    const unknown = declared === undefined ? [] : Object.keys(target.options ?? {}).filter((name) => !(name in declared));
    if (unknown.length > 0) {
      throw new CodegenError(
        `the ${pkg.manifest.name} target in ${relative(process.cwd(), configFile)} has unknown option${unknown.length === 1 ? '' : 's'} ${unknown.map((n) => `\`${n}\``).join(', ')}.`,
        `${pkg.manifest.name} knows: ${Object.keys(declared!).map((n) => `\`${n}\``).join(', ') || 'no options'}.`,
      );
    }
    const input: TemplateInput = {
      model: prepared.model,
      routes: prepared.routes,
      document: prepared.document,
      receiverDocument: prepared.receiverDocument,
      types: prepared.types,
      options: target.options ?? {},
      paths: { definitionFromOutput: importPath(outputDir, definitionPath), outputFromRoot: relative(root, outputDir) || '.' },
    };
    const files = await timed(`render ${pkg.manifest.name}`, () => renderTemplatePackage(pkg, input));
    plans.push({ target: pkg.manifest.name, outputDir, files });
  }

  const reports = await timed(options.mode === 'check' ? 'check' : 'write', () =>
    writeOutputs(plans, { mode: options.mode, ...(options.force ? { force: true } : {}) }),
  );
  const targets = plans.map((plan, i) => ({ target: plan.target, output: relative(root, plan.outputDir) || '.', report: reports[i]! }));
  if (options.mode === 'write') {
    const files = [...(loader.loadedFiles?.() ?? []), ...filesNamedBy((config.targets ?? []).map((t) => t.options))];
    await timed('record inputs', () =>
      recordRun(root, {
        inputs: { files, packages: templates.map((t) => t.dir), settings },
        templates,
        diagnostics,
        targets: plans.map((plan, i) => ({ ...targets[i]!, outputDir: plan.outputDir, planned: plan.files })),
      }),
    );
  }
  return { ok: true, diagnostics, targets, timings };
}

function importPath(fromDir: string, file: string): string {
  const path = relative(fromDir, file).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}
