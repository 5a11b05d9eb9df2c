/** Which targets of a config use a given template package, told by the `name` in its manifest. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { manifestFileName, resolveTemplateDir, type BoomerangConfig } from '@boomerang/codegen';

/** The output folders (absolute) of the config's targets whose template is named `name`, in config order. */
export function targetsOfTemplate(root: string, config: BoomerangConfig, name: string): string[] {
  return (config.targets ?? []).flatMap((target) => {
    const manifest = JSON.parse(readFileSync(join(resolveTemplateDir(target.template, root), manifestFileName), 'utf8')) as { name?: unknown };
    return manifest.name === name ? [resolve(root, target.output)] : [];
  });
}
