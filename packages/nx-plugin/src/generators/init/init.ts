/**
 * `nx g @boomerang/nx:init` (and `nx add @boomerang/nx`): registers the plugin and the pipeline.
 * Every value the user already has is kept; only what is missing is added.
 */
import { formatFiles, getPackageManagerVersion, detectPackageManager, logger, readJson, readNxJson, updateJson, updateNxJson, writeJson, type NxJsonConfiguration, type Tree } from '@nx/devkit';
import { withNxPipeline, withTurboPipeline } from '../../pipeline.ts';
import type { InitGeneratorSchema } from './schema.d.ts';

export const pluginName = '@boomerang/nx';

export async function initGenerator(tree: Tree, options: InitGeneratorSchema = {}): Promise<void> {
  const nxJson: NxJsonConfiguration = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  if (!plugins.some((plugin) => (typeof plugin === 'string' ? plugin : plugin.plugin) === pluginName)) nxJson.plugins = [...plugins, pluginName];
  // Without these, the first `nx` command of a fresh workspace stops to ask. A workspace that
  // already uses Nx Cloud keeps it.
  if (nxJson.analytics === undefined) nxJson.analytics = false;
  if (nxJson.neverConnectToCloud === undefined && nxJson.nxCloudId === undefined && nxJson.nxCloudAccessToken === undefined) nxJson.neverConnectToCloud = true;
  nxJson.targetDefaults = withNxPipeline(nxJson.targetDefaults as Record<string, unknown> | undefined) as NxJsonConfiguration['targetDefaults'];
  // updateNxJson only edits an nx.json that exists; a workspace without one (Nx runs without it) gets one.
  if (tree.exists('nx.json')) updateNxJson(tree, nxJson);
  else writeJson(tree, 'nx.json', { $schema: './node_modules/nx/schemas/nx-schema.json', ...nxJson });

  if (options.turbo !== false) {
    // Nx's analytics are off in nx.json; turbo's telemetry has no such per-workspace setting (only the
    // user's `turbo telemetry disable` or the environment), so the user is told rather than left to find out.
    if (!tree.exists('turbo.json')) logger.info('turbo collects anonymous telemetry, with no per-workspace switch: `npx turbo telemetry disable` (once per user) or TURBO_TELEMETRY_DISABLED=1 turns it off.');
    writeJson(tree, 'turbo.json', withTurboPipeline(tree.exists('turbo.json') ? readJson<Record<string, unknown>>(tree, 'turbo.json') : undefined));
    ignoreTurboLogs(tree);
    // turbo refuses to run without it.
    const packageManager = packageManagerField(tree);
    if (tree.exists('package.json') && packageManager !== undefined) {
      updateJson(tree, 'package.json', (json: Record<string, unknown>) => (json.packageManager === undefined ? { ...json, packageManager } : json));
    }
  }
  if (!options.skipFormat) await formatFiles(tree);
}

/** turbo writes its logs to each package's `.turbo/`; unignored, they are inputs, and no task ever hits the cache. */
function ignoreTurboLogs(tree: Tree): void {
  const current = tree.exists('.gitignore') ? tree.read('.gitignore', 'utf8')! : '';
  if (current.split(/\r?\n/).some((line) => /^\/?\.turbo\/?$/.test(line.trim()))) return;
  tree.write('.gitignore', `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}.turbo\n`);
}

/** `npm@11.19.1`: the package manager the workspace uses, at the version installed. */
function packageManagerField(tree: Tree): string | undefined {
  try {
    const name = detectPackageManager(tree.root);
    return `${name}@${getPackageManagerVersion(name)}`;
  } catch {
    return undefined;
  }
}

export default initGenerator;
