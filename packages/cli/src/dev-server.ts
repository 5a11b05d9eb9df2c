/**
 * The server `boomerang dev` runs: the project's main.ts (the scaffold a server target writes), as
 * its start script runs it, `node --import tsx main.ts`, in the project's folder, with PORT and HOST
 * set. It is a child process in a process group of its own, so that only `dev` signals it: Ctrl-C in
 * a terminal reaches `dev`, which stops it once (the generated main.ts takes one SIGINT or SIGTERM
 * to shut down; a second would kill it mid-way).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from './io.ts';

/** How long a stopped server may take (the generated main.ts lets deliveries in flight finish) before it is killed. */
const stopPatienceMs = 15_000;

export interface ServerProcess {
  readonly pid: number;
  /** Resolves once the process is gone, whoever ended it: its exit code or signal, and whether `stop` or `kill` ended it. */
  readonly exited: Promise<ServerExit>;
  /** SIGTERM, then SIGKILL if it has not exited in time; resolves once it is gone. */
  stop(): Promise<void>;
  /** At once, without waiting: for the last moment of `dev`. */
  kill(): void;
}

export interface ServerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stopped: boolean;
}

export interface ServerSettings {
  readonly root: string;
  readonly entry: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function startServer({ root, entry, env }: ServerSettings): ServerProcess {
  const child: ChildProcess = spawn(process.execPath, [...nodeFlags(root), entry], {
    cwd: root,
    env: { ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  if (child.pid === undefined) throw new CliError(`could not start the server (${entry}).`);
  const pid = child.pid;
  let stopped = false;
  let gone = false;
  const exited = new Promise<ServerExit>((done) => {
    child.once('exit', (code, signal) => {
      gone = true;
      done({ code, signal, stopped });
    });
  });
  return {
    pid,
    exited,
    async stop() {
      stopped = true;
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopPatienceMs);
      await exited;
      clearTimeout(timer);
    },
    kill() {
      stopped = true;
      if (!gone) child.kill('SIGKILL');
    },
  };
}

/**
 * `--import tsx`, resolved from the project (as its start script would) or else from the generator,
 * which depends on it; and, when this CLI runs from a checkout's sources, the condition that resolves
 * the @boomerang packages to theirs too (as the examples' start scripts say).
 */
function nodeFlags(root: string): string[] {
  const flags: string[] = [];
  if (import.meta.url.endsWith('.ts')) flags.push('--conditions=@boomerang/source');
  flags.push('--import', pathToFileURL(resolveTsx(root)).href);
  return flags;
}

function resolveTsx(root: string): string {
  for (const from of [join(root, 'package.json'), import.meta.url]) {
    try {
      const require = createRequire(from);
      try {
        return require.resolve('tsx');
      } catch {
        // not beside the project: beside the generator, which depends on it
        return createRequire(require.resolve('@boomerang/codegen/package.json')).resolve('tsx');
      }
    } catch {
      // try the next place
    }
  }
  throw new CliError('tsx is not installed where the project or @boomerang/codegen can resolve it; it runs the server (`npm install -D tsx`).');
}
