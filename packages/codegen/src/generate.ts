/**
 * `boomerang generate` / `check`: config → definition → model → documents → types → each target's
 * template package → files → writer. Every step is timed. Every target renders before anything is
 * written, and the writer then writes all of them or none, so a failure at any step leaves every
 * output as it was.
 */
import { relative, resolve } from 'node:path';
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
import { CodegenError } from './errors.ts';
import { finishFile, type PlannedFile } from './file-set.ts';
import { loadConfig } from './load-config.ts';
import { loadDefinition } from './load-definition.ts';
import { openapiTypes } from './openapi-types.ts';
import { renderTemplatePackage } from './render.ts';
import { loadTemplatePackage, resolveTemplateDir, type TemplateInput } from './template-package.ts';
import { createUserModuleLoader } from './user-modules.ts';
import { writeOutputs, type WriteMode, type WriteReport } from './writer.ts';

export interface GenerateOptions {
  readonly mode?: WriteMode;
  /** Overwrite scaffolds, discard edits to generated files, delete stale generated files that were edited. */
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
  options: { openapi?: OpenApiVersion; timed?: <T>(step: string, run: () => Promise<T> | T) => Promise<T> } = {},
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
  const types = await timed('openapi-typescript', async () => ({ api: await openapiTypes(document), receiver: await openapiTypes(receiverDocument) }));
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

  // One loader per run: every file is read afresh, and what the run loaded shares one module graph.
  const loader = createUserModuleLoader();
  const { config, root, file: configFile } = await timed('load config', () => loadConfig(projectDir, loader));
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
  const prepared = await buildGenerationInput(definition, { openapi: openapi?.version ?? '3.1', timed });
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
  for (const target of config.targets ?? []) {
    const outputDir = resolve(root, target.output);
    const pkg = await timed(`load template ${target.template}`, async () => loadTemplatePackage(resolveTemplateDir(target.template, root), loader));
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
    writeOutputs(plans, { mode: options.mode ?? 'write', ...(options.force ? { force: true } : {}) }),
  );
  const targets = plans.map((plan, i) => ({ target: plan.target, output: relative(root, plan.outputDir) || '.', report: reports[i]! }));
  return { ok: true, diagnostics, targets, timings };
}

function importPath(fromDir: string, file: string): string {
  const path = relative(fromDir, file).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}
