/**
 * `boomerang dev <project-dir>`: `generate --watch` (watch-project.ts) that also runs the project's
 * server (dev-server.ts) and restarts it after each run that rebuilt something. A run that fails
 * (definition errors, a module that does not load) leaves the last good server answering; the run
 * after the fix restarts it. SIGINT or SIGTERM stops the watcher, then the server (waiting for it to
 * exit), and exits 0.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { GenerateResult } from '@boomerang/codegen/generate';
import { parseCommandArgs } from '../args.ts';
import { startServer, type ServerProcess } from '../dev-server.ts';
import { CliError, usageError, type CliIo } from '../io.ts';
import { outputMode, outputOptions } from '../output-mode.ts';
import { teller, watchProject, type RunOutcome } from '../watch-project.ts';

const defaultPort = '3000';
const defaultHost = '127.0.0.1';

export async function devCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = await parseCommandArgs('dev', args, { port: { type: 'string' }, host: { type: 'string' }, entry: { type: 'string' }, ...outputOptions });
  if (positionals.length > 1) throw usageError('`boomerang dev` takes one project folder.', 'dev');
  // Known, to say why: JSON Lines on a stdout that the server writes its own log to would not parse.
  if (values.json === true) throw usageError('`boomerang dev` has no --json: the server it runs writes on the same stdout. For one JSON line per run, run `boomerang generate --watch --json` (and the server apart).', 'dev');
  const output = outputMode(values, 'dev');
  const tell = teller(io, output);
  const dir = positionals[0] ?? '.';
  const projectDir = resolve(io.cwd, dir);
  const env = io.env ?? process.env;
  const port = values.port ?? env['PORT'] ?? defaultPort;
  // Not 0: a restarted server must come back where the client calls it.
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65_535) throw usageError(`--port (or PORT) must be a port number, 1 to 65535, not \`${port}\`.`, 'dev');
  const host = values.host ?? env['HOST'] ?? defaultHost;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const shown = (path: string) => relative(io.cwd, path) || path;

  let server: ServerProcess | undefined;
  let stopping = false;
  const entryOf = (result: GenerateResult) => (values.entry === undefined ? serverEntry(result, projectDir) : resolve(io.cwd, values.entry));

  const start = (result: GenerateResult, restart: boolean) => {
    const entry = entryOf(result);
    if (entry === undefined) throw new CliError(`no target of ${shown(projectDir)}'s config writes a main.ts to run; give the server's entry with --entry <file>, or run \`boomerang generate --watch\`.`);
    if (!existsSync(entry)) throw new CliError(`the server's entry ${shown(entry)} is not there.`);
    const started = startServer({ root: projectDir, entry, env: { ...env, PORT: port, HOST: host } });
    server = started;
    tell(`server ${restart ? 'restarted' : 'started'} (pid ${started.pid}): ${shown(entry)} on ${url}`);
    void started.exited.then(({ code, signal, stopped }) => {
      if (server === started) server = undefined;
      // Stopped by dev itself (a restart, or the end): said where it is done.
      if (stopped) return;
      tell(`server exited with ${code === null ? `signal ${signal ?? 'unknown'}` : `code ${code}`} (pid ${started.pid}); it starts again after the next change`, 'problem');
    });
  };

  const afterRun = async (outcome: RunOutcome, changed: readonly string[]) => {
    if (stopping || !outcome.ok) return;
    // Nothing rebuilt, none of the server's own files edited, and a server running: it runs what the files say.
    const entry = entryOf(outcome.result);
    const sourcesEdited = entry !== undefined && changed.some((path) => isInside(path, dirname(entry)));
    if (outcome.cached && !sourcesEdited && server !== undefined) return;
    const previous = server;
    await previous?.stop();
    if (stopping) return;
    try {
      start(outcome.result, previous !== undefined);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      tell(error.message, 'problem');
    }
  };

  const signal = await watchProject(dir, io, {
    output,
    afterRun,
    // The server's own files (main.ts, the handlers): an edit restarts it.
    alsoWatch: (result) => {
      const entry = entryOf(result);
      return entry === undefined ? [] : [dirname(entry)];
    },
    onFailure: () => (server === undefined ? 'no server is running; the next change that fixes it starts one' : `the server (pid ${server.pid}) keeps running the last good version`),
  });
  stopping = true;
  // A second signal while the server stops: kill it, and end now.
  const hurry = () => {
    server?.kill();
    process.exit(1);
  };
  process.once('SIGINT', hurry);
  process.once('SIGTERM', hurry);
  try {
    const last = server;
    if (last !== undefined) {
      await last.stop();
      const { code, signal: by } = await last.exited;
      tell(`server stopped (pid ${last.pid}, ${code === null ? `signal ${by ?? 'unknown'}` : `code ${code}`})`);
    }
  } finally {
    process.off('SIGINT', hurry);
    process.off('SIGTERM', hurry);
  }
  tell(`stopped (${signal})`);
  return 0;
}

/** The main.ts that a target of the run writes as a scaffold (server-fastify's): the server to run. */
function serverEntry(result: GenerateResult, projectDir: string): string | undefined {
  for (const target of result.targets) {
    const { written, unchanged, skipped } = target.report;
    if ([...written, ...unchanged, ...skipped].includes('main.ts')) return resolve(projectDir, target.output, 'main.ts');
  }
  return undefined;
}

function isInside(path: string, folder: string): boolean {
  const inside = relative(folder, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}
