/**
 * The input hash of a `generate` run: one sha256 of everything its output depends on, computed from
 * files alone, without running any of them. It is made of
 * - the files the run loaded (the config, the definition, the template packages' helpers, and every
 *   module they import), by content; a file of an installed package (under node_modules) by that
 *   package's package.json, whose version changes when the package does;
 * - the package.json nearest to each of those files (it decides their module type and `#imports`),
 *   and the tsconfig.json tsx reads (found from the working folder up);
 * - each template package: in a checkout, every file of it but its tests; installed, its package.json;
 * - Boomerang itself: @boomerang/codegen and @boomerang/core (every file in a checkout, the
 *   package.json installed), and the versions of openapi-typescript, TypeScript, Handlebars and tsx;
 * - the files that a target's options name (a logo: a template reads it as it renders);
 * - the settings the caller gives (the config file), Node's version and flags, and whether the
 *   generator runs from src/ or dist/ (in a checkout, the definition's imports resolve alike).
 *
 * What it cannot see: files a definition or a helper reads by itself (with node:fs), environment
 * variables, and a new file that shadows a module the definition imports. `--force` (or `check`, which
 * always runs in full) is for those.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface InputList {
  /** Files whose content counts (absolute paths). */
  readonly files: readonly string[];
  /** Template package folders. */
  readonly packages: readonly string[];
  /** Whatever else the output depends on, as JSON. */
  readonly settings: unknown;
}

const require = createRequire(import.meta.url);
/** What generating runs besides the user's files and the template packages: codegen (this package) first. */
const ownPackages = ['@boomerang/core', 'openapi-typescript', 'typescript', 'handlebars', 'tsx'] as const;
/** What a package's fingerprint leaves out in a checkout: its tests, its dependencies, dot-files (caches, .tmp). */
const notInputs = new Set(['node_modules', 'test']);

const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

/**
 * The hash, or undefined when an input cannot be read any more (deleted or moved: the run must be
 * redone), or, given `unchangedSince` (a ctime, in ns), when an input changed after that: a file saved
 * while a run was loading its inputs may not be what the run loaded, so that run is not one to skip by.
 */
export function inputHash(inputs: InputList, options: { readonly unchangedSince?: bigint; readonly boomerang?: string } = {}): string | undefined {
  const since = options.unchangedSince;
  const read = (file: string): Buffer => {
    if (since !== undefined && statSync(file, { bigint: true }).ctimeNs > since) throw new Error(`${file} changed during the run`);
    return readFileSync(file);
  };
  try {
    // Node's flags and the generator's own entry (src/ or dist/ in a checkout) decide what resolves where.
    const node = { version: process.version, execArgv: process.execArgv, options: process.env.NODE_OPTIONS ?? '', generator: import.meta.url };
    const lines: string[] = [`settings ${JSON.stringify({ node, settings: inputs.settings })}`];
    const files = new Set<string>();
    const packages = new Set<string>();
    for (const file of inputs.files) {
      const real = realpathSync(file);
      const installed = installedPackage(real);
      if (installed !== undefined) packages.add(installed);
      else {
        files.add(real);
        const manifest = nearest(dirname(real), 'package.json');
        if (manifest !== undefined) files.add(manifest);
      }
    }
    const tsconfig = nearest(process.cwd(), 'tsconfig.json');
    if (tsconfig !== undefined) files.add(tsconfig);
    for (const dir of inputs.packages) packages.add(realpathSync(dir));
    for (const file of [...files].sort()) lines.push(`file ${file} ${sha256(read(file))}`);
    for (const dir of [...packages].sort()) lines.push(`package ${dir} ${packageFingerprint(dir, read)}`);
    lines.push(`boomerang ${options.boomerang ?? ownFingerprint(read)}`);
    return sha256(lines.join('\n'));
  } catch {
    return undefined;
  }
}

/**
 * Boomerang's own packages, as they are now: what `inputHash` is made with unless given, for a
 * caller that hashes many input lists at once (one per target) to compute once.
 */
export function boomerangFingerprint(): string | undefined {
  try {
    return ownFingerprint(readFileSync);
  } catch {
    return undefined;
  }
}

function ownFingerprint(read: (file: string) => Buffer): string {
  const dirs = [fileURLToPath(new URL('..', import.meta.url)), ...ownPackages.map((name) => dirname(require.resolve(`${name}/package.json`)))];
  return sha256(dirs.map((dir) => packageFingerprint(realpathSync(dir), read)).join('\n'));
}

/** The folder of the installed package that `real` (a real path) is a file of, if it is under node_modules. */
function installedPackage(real: string): string | undefined {
  const segments = real.split(sep);
  const at = segments.lastIndexOf('node_modules');
  if (at === -1 || at + 1 >= segments.length - 1) return undefined;
  const scoped = segments[at + 1]!.startsWith('@');
  return segments.slice(0, at + (scoped ? 3 : 2)).join(sep);
}

/** An installed package: its package.json (its version). Anything else: every file of it, but its tests and dependencies. */
function packageFingerprint(dir: string, read: (file: string) => Buffer): string {
  if (installedPackage(join(dir, 'package.json')) !== undefined) return sha256(read(join(dir, 'package.json')));
  const hash = createHash('sha256');
  for (const file of filesUnder(dir)) hash.update(`${relative(dir, file)}\0${sha256(read(file))}\n`);
  return hash.digest('hex');
}

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || notInputs.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

function nearest(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The files that options name: a string that is an absolute path or a file: URL of an existing file,
 * or a file: URL object, at any depth of the options.
 */
export function filesNamedBy(options: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    let path: string | undefined;
    if (value instanceof URL) path = value.protocol === 'file:' ? fileURLToPath(value) : undefined;
    else if (typeof value === 'string') path = /^file:/i.test(value) ? safely(() => fileURLToPath(value)) : isAbsolute(value) ? value : undefined;
    else if (typeof value === 'object' && value !== null && depth < 8) for (const item of Object.values(value)) visit(item, depth + 1);
    if (path !== undefined && safely(() => statSync(path).isFile())) found.add(path);
  };
  visit(options, 0);
  return [...found].sort();
}

function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
