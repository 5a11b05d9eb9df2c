/** The `boomerang` command. */
import { readFileSync } from 'node:fs';
import { checkCommand, checkHelp, generateCommand, generateHelp } from './commands/generate.ts';
import { docsCommand, docsHelp } from './commands/docs.ts';
import { lintCommand, lintHelp } from './commands/lint.ts';
import { openapiCommand, openapiHelp } from './commands/openapi.ts';
import { CliError, usageError, type CliIo } from './io.ts';

const commands: Record<string, { readonly run: (args: readonly string[], io: CliIo) => Promise<number>; readonly help: string }> = {
  openapi: { run: openapiCommand, help: openapiHelp },
  generate: { run: generateCommand, help: generateHelp },
  check: { run: checkCommand, help: checkHelp },
  docs: { run: docsCommand, help: docsHelp },
  lint: { run: lintCommand, help: lintHelp },
};

export const help = `boomerang — one TypeScript definition of an HTTP API, its callbacks and its webhooks.

Usage: boomerang <command> [options]

Commands:

${Object.values(commands).map((c) => indent(c.help)).join('\n\n')}

Options:
  -h, --help     this text (\`boomerang <command> --help\` for one command)
  -v, --version  the version of @boomerang/cli
`;

function indent(text: string): string {
  return text.split('\n').map((line) => (line ? `  ${line}` : line)).join('\n');
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      io.stdout.write(help);
      return first === undefined ? 2 : 0;
    }
    if (first === '--version' || first === '-v') {
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      io.stdout.write(`${pkg.version}\n`);
      return 0;
    }
    const command = commands[first];
    if (command === undefined) throw usageError(`unknown command \`${first}\`. Commands: ${Object.keys(commands).join(', ')}.`);
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`boomerang: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
