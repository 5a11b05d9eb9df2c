/**
 * Renders a template package into planned files. Templates compile once each, strict, without
 * HTML escaping, and may call only the helpers they are given: built-ins plus the package's own,
 * on a Handlebars instance of their own (never the global singleton). Handlebars is loaded when a
 * package is first rendered (a run with nothing to rebuild never loads it).
 */
import { createRequire } from 'node:module';
import type HandlebarsModule from 'handlebars';
import { CodegenError } from './errors.ts';
import { finishFile, sortFiles, type PlannedFile } from './file-set.ts';
import { builtinHelpers } from './builtin-helpers.ts';
import type { Collection, TemplateInput, TemplatePackage } from './template-package.ts';

const require = createRequire(import.meta.url);
let handlebars: typeof HandlebarsModule | undefined;

export function renderTemplatePackage(pkg: TemplatePackage, input: TemplateInput): PlannedFile[] {
  const helpers = { ...builtinHelpers, ...(pkg.helpers.helpers ?? {}) };
  handlebars ??= require('handlebars') as typeof HandlebarsModule;
  const hb = handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
  const compileOptions = {
    strict: true,
    noEscape: true,
    knownHelpersOnly: true,
    knownHelpers: Object.fromEntries(Object.keys(helpers).map((name) => [name, true])),
  } as const;
  const view = pkg.helpers.prepare?.(input);
  const root = { ...input, view };
  const files: PlannedFile[] = [];
  const seen = new Set<string>();
  for (const entry of pkg.manifest.files) {
    const where = `${pkg.manifest.name}/${entry.template}`;
    let body: HandlebarsTemplateDelegate;
    let output: HandlebarsTemplateDelegate;
    try {
      body = hb.compile(pkg.sources.get(entry.template)!, compileOptions);
      output = hb.compile(entry.output, compileOptions);
    } catch (error) {
      throw new CodegenError(`${where} does not compile: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const item of items(entry.each ?? 'once', input)) {
      const context = { ...root, ...item };
      let path: string;
      let content: string;
      try {
        path = output(context).replace(/\\/g, '/');
        content = body(context);
      } catch (error) {
        throw new CodegenError(`${where} failed to render: ${error instanceof Error ? error.message : String(error)}`, 'In strict mode every name a template reads must exist; check the spelling, or add it in the package\'s prepare().');
      }
      if (seen.has(path)) throw new CodegenError(`${where} renders \`${path}\` more than once.`, 'Make the output path unique per item, e.g. `handlers/{{operation.operationId}}.ts`.');
      seen.add(path);
      files.push({ path, mode: entry.mode, content: finishFile(path, content, entry.mode) });
    }
  }
  return sortFiles(files);
}

/** The items a file repeats over; `index` is the item's position in its full list (model.operations or routes). */
function items(collection: Collection, input: TemplateInput): Record<string, unknown>[] {
  switch (collection) {
    case 'once':
      return [{}];
    case 'operation':
      return input.model.operations.map((operation, index) => ({ operation, index }));
    case 'route':
      return input.routes.map((route, index) => ({ route, index }));
    case 'callback':
      return input.routes.flatMap((route, index) => (route.kind === 'callback' ? [{ route, index }] : []));
    case 'webhook':
      return input.routes.flatMap((route, index) => (route.kind === 'webhook' ? [{ route, index }] : []));
  }
}
