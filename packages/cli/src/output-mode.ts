/**
 * What a command that generates (generate, check, docs, dev) prints on stdout; stderr is the same in
 * every mode (errors and warnings; on a terminal, the live progress line in `text` mode):
 * - `text`: the progress of the steps, what was written, the timings;
 * - `quiet` (--quiet): nothing;
 * - `json` (--json): one JSON document for tools (run-json.ts), and nothing else; with --watch, one
 *   JSON line per run (JSON Lines).
 */
import { usageError } from './io.ts';

export type OutputMode = 'text' | 'quiet' | 'json';

/** The options, for parseCommandArgs. */
export const outputOptions = { quiet: { type: 'boolean', short: 'q' }, json: { type: 'boolean' } } as const;

export function outputMode(values: { readonly quiet?: boolean | undefined; readonly json?: boolean | undefined }, command: string): OutputMode {
  if (values.quiet === true && values.json === true) {
    throw usageError('--json prints a JSON document on stdout and --quiet prints nothing there: give one of them (errors and warnings go to stderr either way).', command);
  }
  return values.json === true ? 'json' : values.quiet === true ? 'quiet' : 'text';
}
