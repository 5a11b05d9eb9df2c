/**
 * `npm create boomerang@latest [folder]`: a new Boomerang project in a folder of its own, or, with
 * `--nx`, a service in the Nx workspace around you (through @boomerang/nx, which renders the same
 * files). No prompts: every choice is a flag with a default.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectFiles, projectNames, projectPackageJson, serverTarget, versions, type ServerTarget } from './project.ts';

export interface CreateIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Runs a command to completion with the output shown; its exit code. Tests pass their own. */
  readonly run?: (command: string, args: readonly string[], cwd: string) => number;
}

export const help = `create-boomerang ${versions.boomerang}: a new Boomerang project.

Usage:
  npm create boomerang@latest [<folder>] [-- --server hono] [-- --nx] [-- --no-install]

  <folder>       where to create the project (default: my-api); its name is the project's name,
                 in kebab-case. It must not exist, or be empty.
  --server <s>   the server target: fastify (default) or hono (a fetch handler, served on Node by
                 @hono/node-server)
  --nx           add the project to the Nx workspace you are in, as a service: installs
                 @boomerang/nx (\`nx add\`), then runs \`nx g @boomerang/nx:service <name>\`
  --no-install   write the files only; run \`npm install\` yourself (with --nx: the plugin is
                 installed, the service's dependencies are not)
  -h, --help     this text
  -v, --version  the version

The project: api.ts (an operation with a callback, and a webhook), boomerang.config.ts (the OpenAPI
documents, a Fastify or Hono server, the receiver package, docs), its handler, a test, tsconfig.json and a
README. Then: cd <folder> && npm start.

Exit codes: 0 done, 1 it could not be done (the message says why), 2 bad usage.
`;

class UsageError extends Error {}

export async function create(argv: readonly string[], io: CreateIo): Promise<number> {
  try {
    return await createProject(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`create-boomerang: ${error.message}\nRun with --help for usage.\n`);
      return 2;
    }
    if (error instanceof Error) {
      io.stderr.write(`create-boomerang: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

async function createProject(argv: readonly string[], io: CreateIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      allowNegative: true,
      options: { nx: { type: 'boolean' }, server: { type: 'string', default: 'fastify' }, install: { type: 'boolean', default: true }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help) return void io.stdout.write(help), 0;
  if (parsed.values.version) return void io.stdout.write(`${versions.boomerang}\n`), 0;
  if (parsed.positionals.length > 1) throw new UsageError(`give one folder, not ${parsed.positionals.length} (${parsed.positionals.join(', ')}).`);
  let server: ServerTarget;
  try {
    server = serverTarget(parsed.values.server);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const folder = parsed.positionals[0] ?? 'my-api';
  const dir = resolve(io.cwd, folder);
  const names = projectNames(basename(dir));
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new Error(`\`${folder}\` already exists and ${statSync(dir).isDirectory() ? 'is not empty' : 'is a file'}: choose another folder, or empty it first. Nothing was written.`);
  }
  const run = io.run ?? runCommand;
  if (parsed.values.nx) return addToNxWorkspace(dir, names.name, server, parsed.values.install, io, run);

  for (const file of [...projectFiles(names, { gitignore: true, server }), { path: 'package.json', content: `${JSON.stringify(projectPackageJson(names, 'standalone', { server }), null, 2)}\n` }]) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
    io.stdout.write(`  created ${relative(io.cwd, join(dir, file.path))}\n`);
  }
  const manager = packageManager(io.env);
  const shown = relative(io.cwd, dir) || '.';
  if (parsed.values.install) {
    io.stdout.write(`\nInstalling with ${manager} install…\n`);
    const code = run(manager, ['install'], dir);
    if (code !== 0) throw new Error(`\`${manager} install\` in ${shown} failed (exit ${code}); the project is written: fix the cause, then run it again there.`);
  }
  io.stdout.write(`\nCreated ${names.title} in ${shown}. Next:\n\n  cd ${shown}\n${parsed.values.install ? '' : `  ${manager} install\n`}  ${manager} start      # generate, then start the service\n  ${manager} test       # generate, type-check, test\n\n`);
  return 0;
}

/** `--nx`: `nx add @boomerang/nx@<version>`, then its service generator, from the workspace root. */
function addToNxWorkspace(dir: string, name: string, server: ServerTarget, install: boolean, io: CreateIo, run: NonNullable<CreateIo['run']>): number {
  const root = nxWorkspaceRoot(io.cwd);
  if (root === undefined) throw new Error(`--nx: there is no nx.json in ${io.cwd} or above it. Run it inside an Nx workspace, or without --nx for a project of its own.`);
  const directory = relative(root, dir).split('\\').join('/');
  if (directory === '' || directory.startsWith('..')) throw new Error(`--nx: \`${relative(io.cwd, dir) || dir}\` is not inside the Nx workspace at ${root}.`);
  const steps: [string, string[]][] = [
    ['npx', ['nx', 'add', `@boomerang/nx@${versions.boomerang}`]],
    ['npx', ['nx', 'g', '@boomerang/nx:service', name, `--directory=${directory}`, ...(server === 'fastify' ? [] : [`--server=${server}`]), ...(install ? [] : ['--skipInstall'])]],
  ];
  for (const [command, args] of steps) {
    io.stdout.write(`\n$ ${command} ${args.join(' ')}\n`);
    const code = run(command, args, root);
    if (code !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${code}).`);
  }
  io.stdout.write(`\nAdded ${name} to the Nx workspace, in ${directory}. Next:\n\n  npx nx run ${name}:test\n\n`);
  return 0;
}

function nxWorkspaceRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The package manager that ran `create` (npm sets its user agent for the scripts it runs). */
function packageManager(env: CreateIo['env']): string {
  const agent = env.npm_config_user_agent ?? '';
  for (const name of ['pnpm', 'yarn', 'bun']) if (agent.startsWith(`${name}/`)) return name;
  return 'npm';
}

function runCommand(command: string, args: readonly string[], cwd: string): number {
  const result = spawnSync(command, [...args], { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) throw new Error(`could not run \`${command}\`: ${result.error.message}`);
  return result.status ?? 1;
}
