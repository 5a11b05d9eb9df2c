/**
 * The Redocly CLI as `boomerang docs` and `boomerang lint` run it: where it is, how it runs, how its
 * output is shown, and which targets of a config are docs-redoc targets (see targets.ts).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BoomerangConfig } from '@boomerang/codegen';
import type { CliIo } from './io.ts';
import { targetsOfTemplate } from './targets.ts';

const require = createRequire(import.meta.url);

/** The output folders (absolute) of the config's docs-redoc targets, in config order. */
export function docsRedocTargets(root: string, config: BoomerangConfig): string[] {
  return targetsOfTemplate(root, config, 'docs-redoc');
}

export interface RedoclyRun {
  readonly exitCode: number;
  /**
   * Redocly's output in the order it came, without its boxed notices (the Node.js deprecation
   * banner, the Redoc 3 notice). Redocly writes reports to stdout and progress to stderr.
   */
  readonly output: readonly { readonly stream: 'stdout' | 'stderr'; readonly text: string }[];
}

/** Writes a run's output to the same streams, in the order Redocly wrote it. */
export function printRedoclyOutput(run: RedoclyRun, io: CliIo): void {
  for (const { stream, text } of run.output) io[stream].write(text);
}

/** Runs the installed Redocly CLI with the Node that runs us, telemetry and update checks off. */
export function runRedocly(args: readonly string[], cwd: string): Promise<RedoclyRun> {
  const pkgPath = require.resolve('@redocly/cli/package.json');
  const bin = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { bin: Record<string, string> }).bin.redocly!;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(dirname(pkgPath), bin), ...args], {
      cwd,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Consecutive chunks of one stream are joined, so that a notice split across chunks is whole.
    const blocks: { stream: 'stdout' | 'stderr'; chunks: Buffer[] }[] = [];
    const record = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const last = blocks.at(-1);
      if (last?.stream === stream) last.chunks.push(chunk);
      else blocks.push({ stream, chunks: [chunk] });
    };
    child.stdout.on('data', record('stdout'));
    child.stderr.on('data', record('stderr'));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolvePromise({
        exitCode: code ?? (signal ? 128 : 1),
        output: blocks
          .map(({ stream, chunks }) => ({ stream, text: withoutNotices(Buffer.concat(chunks).toString('utf8')) }))
          .filter(({ text }) => text !== ''),
      });
    });
  });
}

/** Drops Redocly's boxed notices (╔ … ╚ lines) and the blank lines they leave; keeps the rest as it is. */
export function withoutNotices(text: string): string {
  const kept: string[] = [];
  let inBox = false;
  for (const line of text.split('\n')) {
    if (line.includes('╔')) inBox = true;
    if (!inBox) kept.push(line);
    if (line.includes('╚')) inBox = false;
  }
  return kept.join('\n').replace(/^\n+/, '');
}
