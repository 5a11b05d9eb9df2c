/**
 * The one place an error becomes what the user reads, and an exit code. A user error (the CLI's own,
 * a CodegenError, a file-system error) is `boomerang: <message>` and its hint, exit 1 (2 for bad
 * usage). Anything else is a bug: one paragraph that says so, where it was thrown and how to see the
 * stack (BOOMERANG_DEBUG=1), exit 1. No Node stack trace otherwise.
 */
import { CodegenError, thrownAt } from '@boomerang/codegen/errors';
import { cliPackage } from './cli-package.ts';
import { CliError, type CliIo } from './io.ts';

export function reportError(error: unknown, io: CliIo): number {
  const debug = isDebug(io.env ?? process.env);
  if (error instanceof CliError) {
    io.stderr.write(`boomerang: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof CodegenError) {
    io.stderr.write(`boomerang: ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ''}`);
    return 1;
  }
  if (isSystemError(error)) {
    // ENOENT, EACCES, ENOTDIR...: Node's message names the operation and the path.
    io.stderr.write(`boomerang: ${error.message}\n${debug ? `${error.stack}\n` : ''}`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  const at = error instanceof Error ? thrownAt(error, { inPackages: true }) : undefined;
  const first = `boomerang: unexpected error: ${message}${at ? ` (at ${at})` : ''}\n`;
  if (debug) {
    io.stderr.write(`${first}${error instanceof Error ? error.stack : String(error)}\n`);
  } else {
    io.stderr.write(`${first}  This is a bug in Boomerang (or in a template package it ran): please report it at ${issues()} with the command you ran. Set BOOMERANG_DEBUG=1 to see the stack.\n`);
  }
  return 1;
}

function isDebug(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.BOOMERANG_DEBUG;
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

function isSystemError(error: unknown): error is Error & { code: string; syscall: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && typeof (error as { syscall?: unknown }).syscall === 'string';
}

function issues(): string {
  try {
    return cliPackage().issues;
  } catch {
    return 'the @boomerang/cli repository';
  }
}
