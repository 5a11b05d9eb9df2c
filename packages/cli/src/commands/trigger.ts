/**
 * `boomerang trigger <project-dir> <event>...|--all --to <url>`: the receiver package's own `trigger`
 * (generated/trigger.ts, the code `npx <receiver-package> trigger` runs), run from the project that
 * generates it: the receiver target's generated routes, validators and examples are loaded as they
 * are (TypeScript, through the same loader as the definition), so there is one implementation of it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { createUserModuleLoader, loadConfig } from '@boomerang/codegen';
import { CliError, usageError, type CliIo } from '../io.ts';
import { targetsOfTemplate } from '../targets.ts';

type TriggerMain = (args: readonly string[], io: { stdout(text: string): void; stderr(text: string): void; env: Readonly<Record<string, string | undefined>>; readFile(path: string): Promise<string> }, api: { routes: unknown; examples: unknown; command: string }) => Promise<number>;

export async function triggerCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first.startsWith('-')) throw usageError('`boomerang trigger` needs the project folder first: boomerang trigger <project-dir> <event>...|--all --to <url>.', 'trigger');
  const dir = resolve(io.cwd, first);
  const shown = (path: string) => relative(io.cwd, path) || '.';

  // --receiver <output> picks one of several receiver targets; everything else is trigger's own.
  let chosen: string | undefined;
  const passed: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--receiver' || arg.startsWith('--receiver=')) {
      chosen = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : rest[++i];
      if (chosen === undefined || chosen === '') throw usageError('--receiver needs the output folder of a receiver target.', 'trigger');
    } else passed.push(arg);
  }

  const { root, config } = await loadConfig(dir);
  const receivers = targetsOfTemplate(root, config, 'receiver');
  if (receivers.length === 0) {
    throw new CliError(`${shown(root)}/boomerang.config.ts has no receiver target.\n  hint: add \`{ template: '@boomerang/template-receiver', output: './receiver' }\` to its targets and run \`boomerang generate\`.`);
  }
  let output: string;
  if (chosen !== undefined) {
    const wanted = resolve(root, chosen);
    if (!receivers.includes(wanted)) throw new CliError(`${shown(wanted)} is not the output of a receiver target of ${shown(root)}/boomerang.config.ts; its receivers: ${receivers.map(shown).join(', ')}.`);
    output = wanted;
  } else if (receivers.length > 1) {
    throw new CliError(`${shown(root)}/boomerang.config.ts has ${receivers.length} receiver targets (${receivers.map(shown).join(', ')}); pick one with --receiver <output>.`, 2);
  } else output = receivers[0]!;

  const generated = join(output, 'generated');
  const modules = ['trigger.ts', 'routes.ts', 'examples.ts'].map((name) => join(generated, name));
  const missing = modules.filter((path) => !existsSync(path));
  if (missing.length > 0) throw new CliError(`${shown(output)} has no ${missing.map((p) => relative(output, p)).join(', ')}: run \`boomerang generate ${shown(root)}\` first.`);

  const loader = createUserModuleLoader();
  const [trigger, routes, examples] = await Promise.all(modules.map((path) => loader.import(path)));
  const env = io.env ?? process.env;
  return (trigger!['triggerMain'] as TriggerMain)(
    passed,
    { stdout: (text) => void io.stdout.write(text), stderr: (text) => void io.stderr.write(text), env, readFile: (path) => readFile(resolve(io.cwd, path), 'utf8') },
    { routes: routes!['routes'], examples: examples!['examples'], command: `boomerang trigger ${shown(root)}` },
  );
}
