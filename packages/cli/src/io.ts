/** Where a command writes; tests and the binary pass their own. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly cwd: string;
  /** The environment (BOOMERANG_DEBUG); process.env when not given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A failure the user can act on: printed as `boomerang: <message>`, with the exit code. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Bad usage (exit code 2), with where to read the usage: the command's help, or the top-level one. */
export const usageError = (message: string, command?: string) => new CliError(`${message}\nRun \`boomerang${command ? ` ${command}` : ''} --help\` for usage.`, 2);
