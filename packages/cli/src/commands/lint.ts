/**
 * `boomerang lint <project-dir>`: `redocly lint` of the documents a project publishes (its OpenAPI
 * document and, when a docs-redoc target writes it, the receiver document) with the Boomerang Redocly
 * plugin, whose rule `boomerang/runtime-expression` checks callback keys.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { loadConfig } from '@boomerang/codegen';
import { parseCommandArgs } from '../args.ts';
import { CliError, usageError, type CliIo } from '../io.ts';
import { docsRedocTargets, printRedoclyOutput, runRedocly } from '../redocly.ts';

const redoclyConfigNames = ['redocly.yaml', 'redocly.yml', '.redocly.yaml', '.redocly.yml'] as const;
const documentExtensions = new Set(['.json', '.yaml', '.yml']);
const require = createRequire(import.meta.url);

export async function lintCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = await parseCommandArgs('lint', args, { config: { type: 'string' }, plugin: { type: 'string' }, format: { type: 'string' } });
  if (parsed.positionals.length > 1) throw usageError('`boomerang lint` takes one project folder or one OpenAPI file.', 'lint');
  const given = parsed.positionals[0] ?? '.';

  const { documents, from } = await documentsToLint(resolve(io.cwd, given), given, io.cwd);
  const plugin = parsed.values.plugin === undefined ? installedPlugin() : resolve(io.cwd, parsed.values.plugin);
  if (!existsSync(plugin)) throw new CliError(`the Redocly plugin \`${plugin}\` does not exist.\n  hint: build it with \`npm run build -w @boomerang/redocly-plugin\`, or give --plugin <file>.`);
  const projectConfig = parsed.values.config === undefined ? nearestRedoclyConfig(from) : resolve(io.cwd, parsed.values.config);
  if (projectConfig !== undefined && !existsSync(projectConfig)) throw new CliError(`the Redocly configuration \`${parsed.values.config}\` does not exist.`);

  const shown = (path: string) => relative(io.cwd, path) || path;
  io.stderr.write(`linting ${documents.map(shown).join(', ')} with ${projectConfig === undefined ? "Redocly's recommended rules" : shown(projectConfig)} and the boomerang plugin\n`);
  const configDir = mkdtempSync(join(tmpdir(), 'boomerang-lint-'));
  try {
    const config = join(configDir, 'redocly.yaml');
    writeFileSync(config, lintConfig(plugin, projectConfig));
    const run = await runRedocly(['lint', ...documents, '--config', config, ...(parsed.values.format ? ['--format', parsed.values.format] : [])], io.cwd);
    printRedoclyOutput(run, io);
    return run.exitCode === 0 ? 0 : 1;
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
}

/**
 * The configuration Redocly runs with: the plugin, then `boomerang/recommended` (the rule as an
 * error) *before* the project's own file, so that a severity the project sets for the rule wins.
 * JSON is YAML, so no YAML printer is needed.
 */
export function lintConfig(plugin: string, projectConfig: string | undefined): string {
  return `${JSON.stringify({ plugins: [plugin], extends: ['boomerang/recommended', projectConfig ?? 'recommended'] }, null, 2)}\n`;
}

/** A document given alone, or what the project in the folder publishes. `given` is the argument as the user wrote it. */
async function documentsToLint(target: string, given: string, cwd: string): Promise<{ documents: string[]; from: string }> {
  const isDocument = documentExtensions.has(extname(target).toLowerCase());
  if (!existsSync(target)) {
    // A folder that is not there is codegen's to report; a document that is not there is ours.
    if (isDocument) throw new CliError(`\`${given}\` does not exist.`);
  } else if (!statSync(target).isDirectory()) {
    if (isDocument) return { documents: [target], from: dirname(target) };
    throw new CliError(
      `\`${given}\` is neither a project folder nor an OpenAPI document (${[...documentExtensions].join(', ')}).\n` +
        `  hint: Give the folder that holds boomerang.config.ts, or lint the document of a definition: \`boomerang openapi ${given} > openapi.json\`, then \`boomerang lint openapi.json\`.`,
    );
  }
  const { root, config } = await loadConfig(target);
  const documents: string[] = [];
  if (config.openapi !== false) {
    const format = config.openapi?.formats?.[0] ?? 'json';
    documents.push(resolve(root, config.openapi?.output ?? './generated', `openapi.${format}`));
  }
  for (const docs of docsRedocTargets(root, config)) documents.push(join(docs, 'generated', 'receiver.json'));
  if (documents.length === 0) {
    throw new CliError(`${relative(cwd, root) || '.'} publishes no document to lint: its config has \`openapi: false\` and no docs-redoc target.`);
  }
  const missing = documents.filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new CliError(`${missing.map((path) => `\`${relative(cwd, path) || path}\``).join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist yet.\n  hint: run \`boomerang generate ${relative(cwd, root) || '.'}\` first; lint reads what it writes.`);
  }
  return { documents, from: root };
}

/** The nearest Redocly configuration from `dir` upwards, not above the repository (a `.git` folder). */
export function nearestRedoclyConfig(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const found = redoclyConfigNames.map((name) => join(current, name)).find((path) => existsSync(path));
    if (found !== undefined) return found;
    if (existsSync(join(current, '.git')) || dirname(current) === current) return undefined;
  }
}

function installedPlugin(): string {
  try {
    return require.resolve('@boomerang/redocly-plugin');
  } catch {
    throw new CliError('the Boomerang Redocly plugin is not installed or not built.\n  hint: `npm install -D @boomerang/redocly-plugin` (in this repository: `npm run build -w @boomerang/redocly-plugin`), or give --plugin <file>.');
  }
}