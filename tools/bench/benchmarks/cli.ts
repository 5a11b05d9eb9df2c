/**
 * The CLI's start-up, as users get it: the built CLI (dist/, `BOOMERANG_CLI_DIST=1`; in a checkout the
 * binary otherwise runs src/ through tsx), each run a child process, timed like hyperfine (interleaved
 * with its peer, warm-up runs first, the median). `boomerang --version` against `node -e 0`, and a
 * `generate` of a copy of the invoices example in which nothing changed against the fixed
 * target of 1 s.
 *
 * Also what the `generate` benchmark uses: `buildDist()`, `boomerangCommand()` and `timeChild()`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interleaved, lowerIsBetter, ms, type Benchmark } from '../harness.ts';

export const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(repo, 'packages/cli/bin/boomerang.js');
const tsc = join(repo, 'node_modules/typescript/bin/tsc');

let built = false;

/** Builds every package's dist/ (incremental: quick when it is up to date), once per process, so that what runs is what the sources say. */
export function buildDist(log: (line: string) => void): void {
  if (built) return;
  const start = performance.now();
  execFileSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: repo, stdio: 'inherit' });
  log(`built dist/ (tsc -b tsconfig.build.json) in ${Math.round(performance.now() - start)} ms`);
  built = true;
}

/** A `boomerang` command line as an installed CLI runs it: the binary, on dist/. */
export function boomerangCommand(...args: string[]): Command {
  return { file: process.execPath, args: [bin, ...args], env: { BOOMERANG_CLI_DIST: '1' } };
}

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs a command to its end and returns its stdout; a non-zero exit is an error, with what it printed. */
export function run(command: Command): string {
  const result = spawnSync(command.file, command.args, { cwd: command.cwd ?? repo, env: { ...process.env, ...command.env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${[command.file, ...command.args].join(' ')} exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** A side for `interleaved`: one run of the command, timed from spawn to exit. */
export function timeChild(command: Command): () => number {
  return () => {
    const start = performance.now();
    run(command);
    return performance.now() - start;
  };
}

const cli: Benchmark = {
  name: 'cli',
  async run({ quick, rounds, workDir, log }) {
    buildDist(log);
    const version = (JSON.parse(readFileSync(join(repo, 'packages/cli/package.json'), 'utf8')) as { version: string }).version;
    const printed = run(boomerangCommand('--version')).trim();
    if (printed !== version) throw new Error(`boomerang --version printed ${JSON.stringify(printed)}, not ${version}`);
    // Start-up is short: many rounds, so that the median holds still.
    const many = quick ? 3 : rounds * 4;
    const start = await interleaved(many, { boomerang: timeChild(boomerangCommand('--version')), node: timeChild({ file: process.execPath, args: ['-e', '0'] }) }, { warmup: quick ? 1 : 3 });
    const help = await interleaved(quick ? 1 : rounds, { help: timeChild(boomerangCommand('--help')) });
    log(`boomerang --version ${start.boomerang.toFixed(0)} ms, --help ${help.help.toFixed(0)} ms, node -e 0 ${start.node.toFixed(0)} ms`);

    // A copy of the invoices example (its sources, not its node_modules or built pages), generated once.
    const project = join(workDir, 'invoices');
    const example = join(repo, 'examples/invoices');
    cpSync(example, project, { recursive: true, filter: (from) => !/[\\/](node_modules|test)$/.test(from) && !from.endsWith('.html') });
    const first = run({ ...boomerangCommand('generate', '.'), cwd: project });
    log(`first generate of the copy: ${/^timings: .*$/m.exec(first)?.[0] ?? '(no timings)'}`);
    const again = run({ ...boomerangCommand('generate', '.'), cwd: project });
    if (!again.includes('nothing rebuilt')) throw new Error(`a second generate of the invoices copy rebuilt:\n${again}`);
    const noop = await interleaved(many, { generate: timeChild({ ...boomerangCommand('generate', '.'), cwd: project }), node: timeChild({ file: process.execPath, args: ['-e', '0'] }) }, { warmup: 1 });
    return [
      lowerIsBetter('`boomerang --version` (built CLI, a process each)', ms(start.boomerang, 'Boomerang'), ms(start.node, `node -e 0 (Node ${process.version})`), 3, '≤ 3× `node -e 0`', `--help: ${help.help.toFixed(0)} ms. Neither loads a command's module: each command is imported when it runs.`),
      lowerIsBetter(
        '`boomerang generate` of the invoices example, nothing changed (built CLI, a process each)',
        ms(noop.generate, 'Boomerang'),
        ms(1000, 'the target, 1 s'),
        1,
        '≤ 1 s',
        `The peer is the issue's fixed target, not a tool. The run hashes the inputs its last run recorded, finds them and the outputs unchanged, and loads no definition; node -e 0 took ${noop.node.toFixed(0)} ms beside it (${(noop.generate / noop.node).toFixed(1)}×).`,
      ),
    ];
  },
};

export default cli;
