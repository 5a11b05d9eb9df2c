/**
 * A real, throwaway Postgres server for tests: Debian's binaries (/usr/lib/postgresql/<version>/bin,
 * installed by `npm run setup`), a fresh cluster in a temporary directory, listening on 127.0.0.1 on a
 * free port, with one empty database. `stop()` shuts the postmaster down by its PID and deletes the
 * directory.
 *
 * initdb and postgres refuse to run as root: as root (CI containers, this repository's dev machines)
 * both run as the `postgres` user through `runuser`, which forks, so the PID of the child process is
 * runuser's, not the postmaster's. The postmaster's own PID is the first line of `postmaster.pid` in
 * the data directory; that is the process `stop()` signals.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/boomerang_test` (trust authentication: no password). */
  readonly url: string;
  readonly port: number;
  /** Shuts the server down (fast shutdown, by the postmaster's PID), waits for it to exit, deletes its directory. */
  stop(): Promise<void>;
}

const DATABASE = 'boomerang_test';
const SETUP_MESSAGE = 'Postgres is not installed: run `npm run setup`';

/** The newest /usr/lib/postgresql/<version>/bin that holds a `postgres` binary. */
export function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres'))) : [];
  versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  if (versions[0] === undefined) throw new Error(SETUP_MESSAGE);
  return join(root, versions[0], 'bin');
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), 'boomerang-pg-'));
  const dataDir = join(dir, 'data');
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const output: string[] = [];

  /** The command line for one Postgres binary: through `runuser` as root, else directly. */
  const command = (name: string, args: readonly string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, name), ...args]] : [join(bin, name), [...args]];

  const stopServer = async (): Promise<void> => {
    const pid = postmasterPid(dataDir);
    if (pid !== undefined && isAlive(pid)) {
      // SIGINT is Postgres's "fast shutdown": open sessions are ended, the cluster is closed cleanly.
      signal(pid, 'SIGINT');
      if (!(await waitForExit(pid, 20_000))) {
        signal(pid, 'SIGQUIT'); // immediate shutdown
        if (!(await waitForExit(pid, 5_000))) signal(pid, 'SIGKILL');
        await waitForExit(pid, 5_000);
      }
    }
    // runuser exits once the postmaster has; if the postmaster never wrote its PID file, end runuser (or
    // the postmaster itself, when not root) by the child's own PID.
    if (child !== undefined && pid !== undefined) await Promise.race([exited, delay(5_000)]);
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      if (child.pid !== undefined) signal(child.pid, 'SIGINT');
      await Promise.race([exited, delay(10_000)]);
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) signal(child.pid, 'SIGKILL');
      await exited;
    }
  };
  // If the test process exits without calling stop() (a crash, an interrupted run), still ask the
  // postmaster to shut down: process.kill is synchronous, so it works in an 'exit' handler.
  const onExit = (): void => {
    const pid = postmasterPid(dataDir);
    if (pid !== undefined) signal(pid, 'SIGQUIT');
  };

  try {
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      await chown(dir, uid, gid);
    }
    // --no-sync and fsync=off below: for test speed only; a crash would lose this throwaway cluster.
    // --locale=C: the same byte order of text on every machine, and compatible with UTF8 whatever LANG is.
    await run(...command('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']), dir);

    const port = await freePort();
    const [file, args] = command('postgres', ['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off']);
    const spawned = spawn(file, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child = spawned;
    process.on('exit', onExit);
    exited = new Promise((resolve) => spawned.once('exit', () => resolve()));
    const keep = (chunk: Buffer): void => {
      output.push(chunk.toString('utf8'));
      if (output.length > 200) output.shift();
    };
    spawned.stdout.on('data', keep);
    spawned.stderr.on('data', keep);
    const spawnError = new Promise<never>((_, reject) => spawned.once('error', reject));
    const died = exited.then(() => {
      throw new Error(`postgres exited before accepting connections (${spawned.exitCode ?? spawned.signalCode}):\n${output.join('')}`);
    });

    await Promise.race([waitForConnections(port), died, spawnError]);
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await client.end();
    }

    let stopping: Promise<void> | undefined;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`,
      port,
      stop: () =>
        (stopping ??= (async () => {
          try {
            await stopServer();
          } finally {
            process.off('exit', onExit);
            await rm(dir, { recursive: true, force: true });
          }
        })()),
    };
  } catch (error) {
    await stopServer().catch(() => {});
    process.off('exit', onExit);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Retries a connection until the server accepts it (it refuses them while starting up). */
async function waitForConnections(port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 2_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections on port ${port} within 30 s`, { cause: error });
      await delay(50);
    }
  }
}

function run(file: string, args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${[file, ...args].join(' ')} failed (${code ?? signal}):\n${output.join('')}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The postmaster's PID: the first line of `postmaster.pid`, which it writes at startup and removes at exit. */
function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await delay(25);
  }
  return true;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
