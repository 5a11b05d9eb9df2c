/**
 * `nx g @boomerang/nx:service billing`: a service that compiles and passes its test as soon as
 * `generate` has run. Its files are the starter's (create-boomerang renders them for both), as a
 * package of the workspace. Files that exist are kept, and so are the values of an existing
 * package.json; the root package.json's workspaces gain the service's folder when no pattern covers it.
 */
import { formatFiles, installPackagesTask, names as nxNames, normalizePath, readJson, updateJson, writeJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { projectFiles, projectNames, projectPackageJson, serverTarget, versions } from 'create-boomerang';
import { initGenerator } from '../init/init.ts';
import { ensureWorkspacePackage, mergePackageJson, workspaceScope } from '../package-json.ts';
import type { ServiceGeneratorSchema } from './schema.d.ts';

/** The targets the plugin infers; a package.json script of the same name would replace them in Nx. */
const inferredTargets = new Set(['generate', 'check', 'docs', 'lint']);

export async function serviceGenerator(tree: Tree, options: ServiceGeneratorSchema): Promise<GeneratorCallback | undefined> {
  const scope = options.npmScope?.replace(/^@/, '') ?? workspaceScope(tree);
  const names = projectNames(nxNames(options.name).fileName, scope);
  const root = normalizePath(options.directory ?? `services/${names.name}`).replace(/^\.\//, '').replace(/\/+$/, '');
  // Nx checks the schema's enum from the command line; a caller in code gets the same refusal.
  const server = serverTarget(options.server ?? 'fastify');
  await initGenerator(tree, { skipFormat: true });

  for (const file of projectFiles(names, { gitignore: false, server })) {
    if (!tree.exists(`${root}/${file.path}`)) tree.write(`${root}/${file.path}`, file.content);
  }
  // The service's `build` only type-checks: it has no dist/ for turbo to cache, and says so.
  if (tree.exists('turbo.json') && !tree.exists(`${root}/turbo.json`)) {
    writeJson(tree, `${root}/turbo.json`, { $schema: 'https://turbo.build/schema.json', extends: ['//'], tasks: { build: { outputs: [] } } });
  }

  const packageJsonPath = `${root}/package.json`;
  const existed = tree.exists(packageJsonPath);
  mergePackageJson(tree, packageJsonPath, projectPackageJson(names, 'workspace', { server }), (merged) => {
    // Nx: the project is called by the service's name, and the scripts that the plugin's inferred
    // targets cover stay out of Nx (turbo and npm still run them). A user's own settings win.
    const nx = isObject(merged.nx) ? merged.nx : {};
    const scripts = Object.keys(isObject(merged.scripts) ? merged.scripts : {});
    return {
      ...merged,
      nx: {
        ...(!existed && names.packageName !== names.name ? { name: names.name } : {}),
        includedScripts: scripts.filter((script) => !inferredTargets.has(script)),
        ...nx,
      },
    };
  });
  ensureWorkspacePackage(tree, root);
  if (server === 'fastify') pinLightMyRequest(tree);

  if (!options.skipFormat) await formatFiles(tree);
  return options.skipInstall ? undefined : () => installPackagesTask(tree, true);
}

/** Overrides apply from the root package.json only: there, unless the user overrides it already (see versions.lightMyRequest). */
function pinLightMyRequest(tree: Tree): void {
  if (!tree.exists('package.json')) return;
  const overrides = (readJson(tree, 'package.json') as { overrides?: unknown }).overrides;
  if (overrides !== undefined && (!isObject(overrides) || 'light-my-request' in overrides)) return;
  updateJson(tree, 'package.json', (json: Record<string, unknown>) => ({ ...json, overrides: { ...(isObject(json.overrides) ? json.overrides : {}), 'light-my-request': versions.lightMyRequest } }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export default serviceGenerator;
