/**
 * `nx g @boomerang/nx:service billing`: a service that compiles and passes its test as soon as
 * `generate` has run. Files that exist are kept, and so are the values of an existing package.json;
 * the root package.json's workspaces gain the service's folder when no pattern covers it.
 */
import { join } from 'node:path';
import {
  formatFiles,
  generateFiles,
  installPackagesTask,
  names,
  normalizePath,
  OverwriteStrategy,
  writeJson,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { versions } from '../../versions.ts';
import { initGenerator } from '../init/init.ts';
import { ensureWorkspacePackage, mergePackageJson, workspaceScope } from '../package-json.ts';
import type { ServiceGeneratorSchema } from './schema.d.ts';

/** The targets the plugin infers; a package.json script of the same name would replace them in Nx. */
const inferredTargets = new Set(['generate', 'check', 'docs', 'lint']);

export async function serviceGenerator(tree: Tree, options: ServiceGeneratorSchema): Promise<GeneratorCallback | undefined> {
  const service = normalizeOptions(tree, options);
  await initGenerator(tree, { skipFormat: true });

  generateFiles(tree, join(import.meta.dirname, 'files'), service.root, { ...service, tmpl: '' }, { overwriteStrategy: OverwriteStrategy.KeepExisting });
  // The service's `build` only type-checks: it has no dist/ for turbo to cache, and says so.
  if (tree.exists('turbo.json') && !tree.exists(`${service.root}/turbo.json`)) {
    writeJson(tree, `${service.root}/turbo.json`, { $schema: 'https://turbo.build/schema.json', extends: ['//'], tasks: { build: { outputs: [] } } });
  }

  const packageJsonPath = `${service.root}/package.json`;
  const existed = tree.exists(packageJsonPath);
  mergePackageJson(tree, packageJsonPath, {
    name: service.packageName,
    version: '0.0.0',
    private: true,
    type: 'module',
    scripts: {
      generate: 'boomerang generate .',
      check: 'boomerang check .',
      build: 'tsc -p tsconfig.json',
      test: 'vitest run',
      start: 'node --import tsx src/main.ts',
    },
    dependencies: {
      '@boomerang/core': versions.boomerang,
      '@boomerang/runtime': versions.boomerang,
      fastify: versions.fastify,
      tsx: versions.tsx,
      zod: versions.zod,
    },
    devDependencies: {
      '@boomerang/cli': versions.boomerang,
      '@boomerang/codegen': versions.boomerang,
      '@boomerang/template-server-fastify': versions.boomerang,
      ...(service.receiver ? { '@boomerang/template-receiver': versions.boomerang } : {}),
      '@types/node': versions.typesNode,
      typescript: versions.typescript,
      vitest: versions.vitest,
    },
  }, (merged) => {
    // Nx: the project is called by the service's name, and the scripts that the plugin's inferred
    // targets cover stay out of Nx (turbo and npm still run them). A user's own settings win.
    const nx = isObject(merged.nx) ? merged.nx : {};
    const scripts = Object.keys(isObject(merged.scripts) ? merged.scripts : {});
    return {
      ...merged,
      nx: {
        ...(!existed && service.packageName !== service.projectName ? { name: service.projectName } : {}),
        includedScripts: scripts.filter((script) => !inferredTargets.has(script)),
        ...nx,
      },
    };
  });
  ensureWorkspacePackage(tree, service.root);

  if (!options.skipFormat) await formatFiles(tree);
  return options.skipInstall ? undefined : () => installPackagesTask(tree, true);
}

function normalizeOptions(tree: Tree, options: ServiceGeneratorSchema) {
  const { fileName, className } = names(options.name);
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(fileName)) {
    throw new Error(`The service name \`${options.name}\` is not usable: write it in kebab-case, starting with a letter (\`billing\`, \`order-history\`).`);
  }
  const snake = fileName.replace(/-/g, '_');
  const scope = options.npmScope?.replace(/^@/, '') ?? workspaceScope(tree);
  const root = normalizePath(options.directory ?? `services/${fileName}`).replace(/^\.\//, '').replace(/\/+$/, '');
  return {
    root,
    fileName,
    className,
    projectName: fileName,
    /** `Order History`: the API's title, and how prose names the service. */
    title: fileName.split('-').map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' '),
    path: `/${fileName}/`,
    operationId: `create_${snake}`,
    callbackName: `${snake}_notification`,
    packageName: scope === undefined ? fileName : `@${scope}/${fileName}`,
    receiver: options.receiver !== false,
    receiverPackage: `@${scope ?? fileName}/${fileName}-receiver`,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export default serviceGenerator;
