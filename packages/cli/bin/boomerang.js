#!/usr/bin/env node
// The `boomerang` command. Installed, it runs the compiled dist/. In a checkout of the Boomerang
// repository, where src/ is (it is not published), it runs the TypeScript sources, and resolves the
// other @boomerang packages to theirs through their `@boomerang/source` export condition; there,
// BOOMERANG_CLI_DIST=1 runs dist/ as an installed CLI does (after `npm run build`: benchmarks).
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
// main() reports every error of a command itself. What it cannot catch — main failing to load, or an
// error thrown later by code it ran (a timer in a definition) — gets a message too, not Node's
// stack dump; main's reporter once it is loaded, this one before.
let report = (error) => {
  const debug = !['', '0', 'false', undefined].includes(process.env.BOOMERANG_DEBUG);
  process.stderr.write(`boomerang: could not start: ${error instanceof Error ? error.message : String(error)}\n${debug && error instanceof Error ? `${error.stack}\n` : '  @boomerang/cli is not installed completely: reinstall it. Set BOOMERANG_DEBUG=1 to see the stack.\n'}`);
  return 1;
};
const fail = (error) => process.exit(report(error));
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
// `boomerang openapi api.ts | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => (error.code === 'EPIPE' ? process.exit(process.exitCode ?? 0) : fail(error)));

try {
  const fromSource = !['1', 'true'].includes(process.env.BOOMERANG_CLI_DIST) && existsSync(new URL('../src/main.ts', import.meta.url));
  if (fromSource) {
    register('data:text/javascript,export const resolve = (specifier, context, next) => next(specifier, { ...context, conditions: [...context.conditions, "@boomerang/source"] });');
    (await import('tsx/esm/api')).register();
  }
  const { main, reportError } = await import(fromSource ? '../src/main.ts' : '../dist/main.js');
  report = (error) => reportError(error, io);
  process.exitCode = await main(process.argv.slice(2), io);
} catch (error) {
  process.exitCode = report(error);
}
