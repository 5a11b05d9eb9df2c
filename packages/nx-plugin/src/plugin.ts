/**
 * Inferred targets: every folder with a `boomerang.config.ts` gets `generate`, `check`, `docs` and
 * `lint`, each running the `boomerang` CLI, and `build-<folder>` for a target that generates an npm
 * package of its own (the receiver SDK). `generate` is cacheable because its inputs and outputs are
 * read off the config: the definition's files, the config, the packages that render it, and only the
 * generated paths as outputs — never a scaffold, which a cache hit would put back over the user's edits.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { createNodesFromFiles, detectPackageManager, type CreateNodesContextV2, type CreateNodesResult, type CreateNodesV2, type TargetConfiguration } from '@nx/devkit';
import { readConfigSource } from './config-source.ts';
import { definitionFiles } from './definition-files.ts';
import { documentPaths, generatedPaths, type GeneratedPaths } from './generated-paths.ts';
import { locatePackage, locateTemplate, readTemplateManifest, type LocatedPackage } from './template-packages.ts';

type InputDefinition = NonNullable<TargetConfiguration['inputs']>[number];

export interface BoomerangPluginOptions {
  /** Other names for the inferred targets, e.g. `{ "lint": "api-lint" }` beside an ESLint `lint`. */
  readonly targetNames?: {
    readonly generate?: string;
    readonly check?: string;
    readonly docs?: string;
    readonly lint?: string;
  };
}

/** The order codegen's `findConfigFile` tries; a folder with two uses the first. */
const configFileNames = ['boomerang.config.ts', 'boomerang.config.mts', 'boomerang.config.js', 'boomerang.config.mjs'] as const;

/** The packages whose version changes what `generate` writes (the CLI, the engine, the model). */
const toolPackages = ['@boomerang/cli', '@boomerang/codegen', '@boomerang/core'] as const;

export const createNodesV2: CreateNodesV2<BoomerangPluginOptions> = [
  '**/boomerang.config.{ts,mts,js,mjs}',
  (configFiles, options, context) => createNodesFromFiles((file, opts, ctx) => projectNodes(file, opts ?? {}, ctx), configFiles, options ?? {}, context),
];

function projectNodes(configFile: string, options: BoomerangPluginOptions, context: CreateNodesContextV2): CreateNodesResult {
  const projectRoot = dirname(configFile);
  const absoluteRoot = join(context.workspaceRoot, projectRoot);
  const preferred = configFileNames.find((name) => existsSync(join(absoluteRoot, name)));
  if (preferred !== basename(configFile)) return {};
  // package.json or project.json name the project; a bare folder is named after itself.
  const named = existsSync(join(absoluteRoot, 'package.json')) || existsSync(join(absoluteRoot, 'project.json'));
  return {
    projects: {
      [projectRoot]: {
        ...(named ? {} : { name: basename(resolve(absoluteRoot)) }),
        targets: inferTargets(configFile, options, context.workspaceRoot),
      },
    },
  };
}

/** The targets of one project, from its config file (workspace-relative). Exported for tests. */
export function inferTargets(configFile: string, options: BoomerangPluginOptions, workspaceRoot: string): Record<string, TargetConfiguration> {
  const projectRoot = dirname(configFile);
  const absoluteRoot = resolve(workspaceRoot, projectRoot);
  const config = readConfigSource(readFileSync(resolve(workspaceRoot, configFile), 'utf8'), configFile);
  const path = (absolute: string) => nxPath(absolute, workspaceRoot, absoluteRoot);
  const names = { generate: 'generate', check: 'check', docs: 'docs', lint: 'lint', ...options.targetNames };

  const templates = config.targets.map((target) => {
    const located = locateTemplate(target.template, absoluteRoot);
    const manifest = located === undefined ? undefined : readTemplateManifest(located.dir);
    return { ...target, located, manifest, paths: generatedPaths(manifest) };
  });
  const tools = toolPackages.flatMap((name) => locatePackage(name, absoluteRoot) ?? []);
  const redoclyPlugin = locatePackage('@boomerang/redocly-plugin', absoluteRoot);

  const definition = definitionFiles(resolve(absoluteRoot, config.definition), workspaceRoot).map(path);
  const packages = packageInputs([...tools, ...templates.flatMap((t) => t.located ?? [])], workspaceRoot, path);
  const sources: InputDefinition[] = [...definition, path(resolve(workspaceRoot, configFile)), ...packages.files, ...packages.installed];
  const generated: { readonly folders: string[]; readonly files: string[] } = { folders: [], files: [] };
  const add = (outputDir: string, paths: GeneratedPaths) => {
    generated.folders.push(...paths.folders.map((folder) => path(join(outputDir, folder))));
    generated.files.push(...paths.files.map((file) => path(join(outputDir, file))));
  };
  if (config.openapi !== false) add(resolve(absoluteRoot, config.openapi.output), documentPaths(config.openapi.formats));
  for (const target of templates) add(resolve(absoluteRoot, target.output), target.paths);
  // What cannot be described is not cached: a wrong restore costs more than a rerun.
  const cacheable = config.unreadable.length === 0 && templates.every((t) => t.paths.complete);
  const outputs = [...new Set([...generated.folders, ...generated.files])].sort();
  // Read as inputs elsewhere; a folder input needs its glob.
  const generatedFiles: InputDefinition[] = [...generated.folders.map((folder) => `${folder}/**/*`), ...generated.files];
  // `boomerang docs` builds one page per API of each docs-redoc target (index.html, receiver.html).
  const docsTargets = templates.filter((t) => (t.manifest ? t.manifest.name === 'docs-redoc' : /docs-redoc/.test(t.template)));
  const pages = docsTargets.map((t) => `${path(resolve(absoluteRoot, t.output))}/*.html`);
  // Redocly reads the nearest redocly.yaml, from the project up to the workspace root.
  const redoclyConfigs = ancestors(absoluteRoot, workspaceRoot).map((dir) => path(join(dir, 'redocly.yaml')));
  const run = (command: string, description: string) => ({
    executor: 'nx:run-commands',
    options: { command, cwd: '{projectRoot}' },
    metadata: { technologies: ['boomerang'], description },
  });

  const targets: Record<string, TargetConfiguration> = {
    [names.generate]: {
      ...run('boomerang generate .', 'Generates the OpenAPI documents and each target of boomerang.config.ts (scaffolds only when missing).'),
      cache: cacheable,
      inputs: sources,
      outputs: cacheable ? outputs : [],
    },
    [names.check]: {
      ...run('boomerang check .', 'Fails when a generated file is stale: missing, changed, or no longer belonging.'),
      cache: cacheable,
      inputs: [...sources, ...generatedFiles],
      outputs: [],
    },
    // Lints the documents as generate last wrote them. Redocly and its plugin are found through
    // the CLI: without an externalDependencies input, every installed version counts.
    [names.lint]: {
      ...run('boomerang lint .', 'Lints the OpenAPI documents (and the receiver document) with Redocly and the Boomerang rules.'),
      dependsOn: [names.generate],
      cache: cacheable,
      inputs: [...generatedFiles, ...redoclyConfigs, ...packageInputs([...tools, ...(redoclyPlugin ? [redoclyPlugin] : [])], workspaceRoot, path).files],
      outputs: [],
    },
    // Generates, then builds the pages: its outputs are generate's and the pages. A docs option
    // that names a file (a logo) outside the definition's files is not tracked.
    [names.docs]: {
      ...run('boomerang docs .', 'Generates, then builds the static Redoc pages of each docs-redoc target (they render offline).'),
      cache: cacheable && docsTargets.length > 0,
      inputs: [...definition, path(resolve(workspaceRoot, configFile)), ...packages.files, ...redoclyConfigs],
      outputs: cacheable && docsTargets.length > 0 ? [...outputs, ...pages].sort() : [],
    },
  };

  const packageManager = detectPackageManager(workspaceRoot);
  for (const target of templates) {
    // Before the template is installed its manifest is unknown; its name is the only hint.
    const isPackage = target.manifest ? target.paths.isPackage : /receiver/.test(target.template);
    const outputDir = resolve(absoluteRoot, target.output);
    if (!isPackage || outputDir === absoluteRoot) continue;
    const root = path(outputDir);
    targets[`build-${basename(outputDir)}`] = {
      executor: 'nx:run-commands',
      options: { command: `${packageManager} run build`, cwd: relative(workspaceRoot, outputDir).split(sep).join('/') },
      metadata: { technologies: ['boomerang'], description: `Builds the npm package that generate writes to ${relative(absoluteRoot, outputDir).split(sep).join('/')}.` },
      dependsOn: [names.generate],
      cache: true,
      inputs: [`${root}/**/*`, `!${root}/dist/**/*`, `!${root}/node_modules/**/*`],
      outputs: [`${root}/dist`],
    };
  }
  return targets;
}

/**
 * A package inside the workspace (a template folder, this monorepo's own packages) is an input by its
 * files; an installed one by its version in the lock file.
 */
function packageInputs(packages: readonly LocatedPackage[], workspaceRoot: string, path: (absolute: string) => string): { files: InputDefinition[]; installed: InputDefinition[] } {
  const files = new Set<string>();
  const installed = new Set<string>();
  for (const located of packages) {
    const rel = relative(workspaceRoot, located.dir);
    const inWorkspace = rel !== '' && !rel.startsWith('..') && !rel.split(sep).includes('node_modules');
    if (inWorkspace) files.add(`${path(located.dir)}/**/*`);
    else if (located.packageName !== undefined) installed.add(located.packageName);
  }
  return { files: [...files].sort(), installed: installed.size > 0 ? [{ externalDependencies: [...installed].sort() }] : [] };
}

/** `dir` and its parents up to the workspace root, nearest first. */
function ancestors(dir: string, workspaceRoot: string): string[] {
  const result = [dir];
  for (let current = dir; current !== workspaceRoot && dirname(current) !== current && !relative(workspaceRoot, current).startsWith('..'); ) {
    current = dirname(current);
    result.push(current);
  }
  return result;
}

/** `{projectRoot}/src/generated` inside the project, `{workspaceRoot}/...` elsewhere, `/` separators. */
function nxPath(absolute: string, workspaceRoot: string, projectRoot: string): string {
  const fromProject = relative(projectRoot, absolute);
  if (fromProject === '') return '{projectRoot}';
  if (!fromProject.startsWith('..')) return `{projectRoot}/${fromProject.split(sep).join('/')}`;
  return `{workspaceRoot}/${relative(workspaceRoot, absolute).split(sep).join('/')}`;
}
