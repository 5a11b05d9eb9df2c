/**
 * The progress of a run's steps (load config, load definition, build model, ..., render each
 * target, write) as they happen, in one of two styles:
 * - `live`, on a terminal: one line on stderr that rewrites itself (`\r`, clear line) with the steps
 *   running and how far the run is, and is cleared when the run ends, before anything else is printed;
 * - `lines`, anywhere else (a pipe, a file, a CI log): a plain line on stdout for each step that
 *   ends, with its time, and for each target not rendered.
 * The style is decided from what the CliIo says of its streams and environment, never from the
 * process's own, so a test can pass a terminal of its own.
 */
import type { StepEvent } from '@boomerang/codegen/generate';
import type { CliIo } from './io.ts';
import type { OutputMode } from './output-mode.ts';

export type ProgressStyle = 'live' | 'lines';

/** How often the live line shows the time going by while a step runs. */
const redrawMs = 250;
const clearLine = '\r\x1b[2K';

/** Live only where both streams are a terminal and CI is not set (nor TERM=dumb, which cannot clear a line). */
export function progressStyle(io: CliIo): ProgressStyle {
  const env = io.env ?? process.env;
  const ci = env['CI'];
  const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
  return io.stdout.isTTY === true && io.stderr.isTTY === true && !inCi && env['TERM'] !== 'dumb' ? 'live' : 'lines';
}

export interface Progress {
  /** What the generator is told to call (GenerateOptions.onStep); a command's own steps are told the same way. */
  readonly onStep: (event: StepEvent) => void;
  /** Ends the live line (it is rewritten again by the next event): before printing anything else, and at the end. */
  clear(): void;
}

const silent: Progress = { onStep: () => undefined, clear: () => undefined };

/**
 * A display for one run. `prefix` begins each line (`[boomerang] ` in a watch), `verb` says what
 * the live line is doing (`generating`). Silent with --quiet and --json.
 */
export function createProgress(io: CliIo, options: { readonly output: OutputMode; readonly prefix?: string; readonly verb: string }): Progress {
  if (options.output !== 'text') return silent;
  const prefix = options.prefix ?? '';
  if (progressStyle(io) === 'lines') {
    return {
      onStep(event) {
        if (event.state === 'done') io.stdout.write(`${prefix}step ${event.step}: ${event.ms} ms\n`);
        else if (event.state === 'unchanged') io.stdout.write(`${prefix}step ${event.step}: inputs unchanged, not rendered\n`);
      },
      clear: () => undefined,
    };
  }

  const began = performance.now();
  const running = new Set<string>();
  let done = 0;
  let unchanged = 0;
  let shown = false;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    const seconds = ((performance.now() - began) / 1000).toFixed(1);
    const counts = [`${done} done`, ...(unchanged > 0 ? [`${unchanged} unchanged`] : []), `${seconds} s`].join(', ');
    const line = `${prefix}${options.verb}: ${running.size > 0 ? `${[...running].join(', ')}…` : '…'} (${counts})`;
    // One character short of the width: a line that wraps cannot be rewritten by `\r`. (A terminal
    // that does not say its width says 0.)
    const width = Math.max(20, (io.stderr.columns || 80) - 1);
    io.stderr.write(`${clearLine}${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    shown = true;
  };
  return {
    onStep(event) {
      if (event.state === 'started') running.add(event.step);
      else {
        running.delete(event.step);
        if (event.state === 'done') done++;
        else unchanged++;
      }
      // A step that ends is followed at once by the next one's start: that redraws.
      if (event.state !== 'done' || !shown) draw();
      timer ??= setInterval(draw, redrawMs).unref();
    },
    clear() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      if (shown) io.stderr.write(clearLine);
      shown = false;
    },
  };
}
