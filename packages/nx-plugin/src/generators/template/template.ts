/**
 * `nx g @boomerang/nx:template operations-list`: a minimal template package that works as it is —
 * one generated file listing the operations — for a third party to grow into a new target.
 */
import { join } from 'node:path';
import { formatFiles, generateFiles, installPackagesTask, names, normalizePath, OverwriteStrategy, type GeneratorCallback, type Tree } from '@nx/devkit';
import { versions } from 'create-boomerang';
import { ensureWorkspacePackage, mergePackageJson, workspaceScope } from '../package-json.ts';
import type { TemplateGeneratorSchema } from './schema.d.ts';

export async function templateGenerator(tree: Tree, options: TemplateGeneratorSchema): Promise<GeneratorCallback | undefined> {
  const { fileName } = names(options.name);
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(fileName)) {
    throw new Error(`The template name \`${options.name}\` is not usable: write it in kebab-case, starting with a letter (\`operations-list\`).`);
  }
  const root = normalizePath(options.directory ?? `templates/${fileName}`).replace(/^\.\//, '').replace(/\/+$/, '');
  const scope = workspaceScope(tree);
  const packageName = options.packageName ?? (scope === undefined ? `boomerang-template-${fileName}` : `@${scope}/boomerang-template-${fileName}`);

  generateFiles(tree, join(import.meta.dirname, 'files'), root, { fileName, packageName, relativeFromService: `../../${root}`, tmpl: '' }, { overwriteStrategy: OverwriteStrategy.KeepExisting });
  mergePackageJson(tree, `${root}/package.json`, {
    name: packageName,
    version: '0.1.0',
    description: `Boomerang template package ${fileName}.`,
    type: 'module',
    files: ['boomerang-template.json', 'helpers.ts', 'templates', 'README.md'],
    // codegen finds a template by its manifest; it loads helpers.ts through tsx.
    exports: {
      './boomerang-template.json': './boomerang-template.json',
      './helpers.ts': './helpers.ts',
    },
    // Types only: the helpers module imports nothing at run time.
    devDependencies: {
      '@boomerang/codegen': versions.boomerang,
      '@boomerang/core': versions.boomerang,
    },
  });
  ensureWorkspacePackage(tree, root);

  if (!options.skipFormat) await formatFiles(tree);
  return options.skipInstall ? undefined : () => installPackagesTask(tree, true);
}

export default templateGenerator;
