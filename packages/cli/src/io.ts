/** Where a command writes; tests and the binary pass their own. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly cwd: string;
}

/** A failure the user can act on: printed as `boomerang: <message>`, with the exit code. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError(`${message}\nRun \`boomerang --help\` for usage.`, 2);
