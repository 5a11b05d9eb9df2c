/** How an error thrown while loading a user's module (definition, config, template helpers) is told to the user. */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The error's message and where in the user's code it was thrown, so that a typo points at its line:
 * the first stack frame outside Node, tsx and installed packages. A syntax error is esbuild's
 * message (tsx compiles with it), whose location is already the user's file; its own frames are not.
 */
export function describeLoadError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const syntax = /^Transform failed with \d+ errors?:\n/.exec(error.message);
  if (syntax) return error.message.slice(syntax[0].length).split('\n').filter(Boolean).map(esbuildMessage).join('\n    ');
  const frame = thrownAt(error, { inPackages: false });
  return frame === undefined ? error.message : `${error.message}\n    at ${frame}`;
}

/**
 * Where `error` was thrown, as `file:line:column` relative to where the user is: its first stack
 * frame outside Node (and, unless `inPackages`, outside installed packages).
 */
export function thrownAt(error: Error, options: { inPackages: boolean }): string | undefined {
  const skipped = options.inPackages ? /^node:/ : /^node:|[\\/]node_modules[\\/]/;
  return error.stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map(frameLocation)
    .find((location) => location !== undefined && !skipped.test(location));
}

/** `/abs/api.ts:2:10: ERROR: Unexpected ";"` (esbuild counts columns from 0) as `api.ts:2:11: Unexpected ";"`. */
function esbuildMessage(line: string): string {
  const match = /^(.*):(\d+):(\d+): (?:ERROR|error): (.*)$/.exec(line);
  return match ? `${shownPath(match[1]!)}:${match[2]}:${Number(match[3]) + 1}: ${match[4]}` : line;
}

/** A frame's `file:line:column`, relative to where the user is; undefined for a frame with no file. */
function frameLocation(frame: string): string | undefined {
  const location = /\((.*)\)$/.exec(frame)?.[1] ?? frame.replace(/^\s+at (async )?/, '');
  if (location.startsWith('node:')) return location;
  // A module tsx runs from a data: URL carries its file in `filePath=` (without a usable position).
  if (location.startsWith('data:')) {
    const file = /[?&]filePath=([^&:]*)/.exec(location)?.[1];
    return file === undefined ? undefined : shownPath(decodeURIComponent(file).replace(/\?.*$/, ''));
  }
  const match = /^(.*?)(:\d+:\d+)$/.exec(location);
  if (!match) return undefined;
  return `${shownPath(match[1]!)}${match[2]}`;
}

function shownPath(path: string): string {
  const file = path.startsWith('file://') ? fileURLToPath(path) : path.replace(/\?namespace=[^:]*$/, '');
  return relative(process.cwd(), file) || file;
}
