/**
 * The `boomerang` command. A command's module, and all it needs (the generator, openapi-typescript,
 * Redocly...), is imported when that command runs: `--version` and `--help` load none of them.
 */
import { cliPackage } from './cli-package.ts';
import * as helpText from './help.ts';
import { importExitCodes, importHelp } from './import-help.ts';
import { usageError, type CliIo } from './io.ts';
import { reportError } from './report-error.ts';

export { reportError } from './report-error.ts';
export type { CliIo } from './io.ts';

type Run = (args: readonly string[], io: CliIo) => Promise<number>;

interface Command {
  readonly load: () => Promise<Run>;
  readonly help: string;
  /** What exit codes 0, 1 and 2 mean for this command. */
  readonly exitCodes: readonly [string, string, string];
}

const commands: Record<string, Command> = {
  openapi: { load: async () => (await import('./commands/openapi.ts')).openapiCommand, help: helpText.openapiHelp, exitCodes: helpText.openapiExitCodes },
  generate: { load: async () => (await import('./commands/generate.ts')).generateCommand, help: helpText.generateHelp, exitCodes: helpText.generateExitCodes },
  check: { load: async () => (await import('./commands/generate.ts')).checkCommand, help: helpText.checkHelp, exitCodes: helpText.checkExitCodes },
  dev: { load: async () => (await import('./commands/dev.ts')).devCommand, help: helpText.devHelp, exitCodes: helpText.devExitCodes },
  docs: { load: async () => (await import('./commands/docs.ts')).docsCommand, help: helpText.docsHelp, exitCodes: helpText.docsExitCodes },
  lint: { load: async () => (await import('./commands/lint.ts')).lintCommand, help: helpText.lintHelp, exitCodes: helpText.lintExitCodes },
  deliveries: { load: async () => (await import('./commands/deliveries.ts')).deliveriesCommand, help: helpText.deliveriesHelp, exitCodes: helpText.deliveriesExitCodes },
  subscriptions: { load: async () => (await import('./commands/subscriptions.ts')).subscriptionsCommand, help: helpText.subscriptionsHelp, exitCodes: helpText.subscriptionsExitCodes },
  worker: { load: async () => (await import('./commands/worker.ts')).workerCommand, help: helpText.workerHelp, exitCodes: helpText.workerExitCodes },
  trigger: { load: async () => (await import('./commands/trigger.ts')).triggerCommand, help: helpText.triggerHelp, exitCodes: helpText.triggerExitCodes },
  import: { load: async () => (await import('./commands/import.ts')).importCommand, help: importHelp, exitCodes: importExitCodes },
};

export const help = `boomerang — one TypeScript definition of an HTTP API, its callbacks and its webhooks.

Usage: boomerang <command> [options]

Commands:

${Object.values(commands).map((c) => indent(c.help)).join('\n\n')}

Options:
  -h, --help     this text (\`boomerang <command> --help\` or \`boomerang help <command>\` for one command)
  -v, --version  the version of @boomerang/cli

Exit codes:
  0  success
  1  a failure you can act on: definition errors, stale output (\`check\`), lint errors, a config that is
     not valid, a file or folder that is not there, an unknown delivery or subscription id
  2  bad usage: an unknown command or option, a missing or extra argument

An unexpected error (a bug) prints one paragraph; BOOMERANG_DEBUG=1 prints its stack too.
`;

function indent(text: string): string {
  return text.split('\n').map((line) => (line ? `  ${line}` : line)).join('\n');
}

/** Runs the command line and returns the exit code; it prints every error itself and never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    return reportError(error, io);
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stdout.write(help);
    return 2;
  }
  if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    io.stdout.write(help);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${cliPackage().version}\n`);
    return 0;
  }
  if (first === 'help') {
    if (rest.length > 1) throw usageError('`boomerang help` takes one command.');
    return printHelp(await command(rest[0]!), io);
  }
  if (first.startsWith('-')) throw usageError(`unknown option \`${first}\`; before a command, boomerang takes only --help and --version.`);
  const chosen = await command(first);
  // `--help` anywhere before a `--` asks for the command's help, whatever else the line says.
  const options = rest.indexOf('--') === -1 ? rest : rest.slice(0, rest.indexOf('--'));
  if (options.includes('--help') || options.includes('-h')) return printHelp(chosen, io);
  return await (await chosen.load())(rest, io);
}

async function command(name: string): Promise<Command> {
  const found = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (found !== undefined) return found;
  const { closestName } = await import('@boomerang/core');
  const close = closestName(name, Object.keys(commands));
  throw usageError(`unknown command \`${name}\`${close ? `; did you mean \`${close}\`?` : '.'} Commands: ${Object.keys(commands).join(', ')}.`);
}

function printHelp(chosen: Command, io: CliIo): number {
  io.stdout.write(`${chosen.help}\n\n  Exit codes:\n${chosen.exitCodes.map((meaning, code) => `    ${code}  ${meaning}\n`).join('')}`);
  return 0;
}
