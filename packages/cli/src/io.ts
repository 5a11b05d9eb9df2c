/** A stream a command writes to: process.stdout and process.stderr are two; a test passes its own. */
export interface OutputStream {
  write(text: string): unknown;
  /** A terminal: the progress display rewrites its line there (progress.ts). */
  readonly isTTY?: boolean;
  /** The terminal's width, where it is one. */
  readonly columns?: number;
}

/** Where a command writes; tests and the binary pass their own. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly cwd: string;
  /** The environment (BOOMERANG_DEBUG, CI, TERM); process.env when not given. */
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
