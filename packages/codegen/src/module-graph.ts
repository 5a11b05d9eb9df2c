/**
 * The modules that one module imports, directly or not. A loader says which files it ran
 * (`loadedFiles`), not which file imported which: a module that another one loaded first (a schema
 * module both the definition and a helper import, a view module two template packages share) is
 * run once, for the first; and it is told of each file a moment after the file loads (tsx's hooks
 * run in a thread of their own). So the edges are read from the files: each import specifier in
 * them (`from '…'`, `import '…'`, `import('…')`, `require('…')`), resolved as tsx resolves a
 * relative one (`./a.js` is `./a.ts`, an extension or `/index` may be left out) to the file that is
 * there; a package, to the files of it that the loader ran. It reads more than imports (a string in a
 * comment that looks like one, a type-only import) and so may count a module too many, never one
 * too few of those whose specifier is written out.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

const specifiers = /\b(?:from|import|require)\s*\(?\s*(['"])([^'"\n]+)\1/g;
/** What TypeScript and tsx let a specifier leave out, or write as its output's extension. */
const extensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];
const sourceOf: Readonly<Record<string, string>> = { '.js': '.ts', '.jsx': '.tsx', '.mjs': '.mts', '.cjs': '.cts' };

/** `entry` and every file it imports, directly or not (of a package, those of `loaded`); sorted. */
export function importedFiles(entry: string, loaded: readonly string[]): string[] {
  const ran = new Set(loaded);
  const found = new Set<string>([entry]);
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // gone since it ran: the hash that reads it says so
    }
    for (const match of text.matchAll(specifiers)) {
      for (const next of resolveSpecifier(match[2]!, file, ran)) {
        if (found.has(next)) continue;
        found.add(next);
        // An installed package counts by its package.json (see input-hash.ts): what it imports does not matter.
        if (!next.split(sep).includes('node_modules')) queue.push(next);
      }
    }
  }
  return [...found].sort();
}

/** The files that a specifier in `from` names: one module, or every file of `ran` of the package it names. */
function resolveSpecifier(specifier: string, from: string, ran: ReadonlySet<string>): string[] {
  if (specifier.startsWith('node:')) return [];
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const base = resolve(dirname(from), specifier);
    const source = Object.entries(sourceOf).find(([output]) => base.endsWith(output));
    const candidates = [base, ...(source ? [base.slice(0, -source[0].length) + source[1]] : []), ...extensions.map((e) => base + e), ...extensions.map((e) => join(base, `index${e}`))];
    const hit = candidates.find((candidate) => ran.has(candidate)) ?? candidates.find(isFile);
    return hit === undefined ? [] : [ran.has(hit) ? hit : safeRealpath(hit)];
  }
  // A package: the loader resolves it by export conditions this cannot replay, so its package.json
  // and every file of it that ran count (an installed one counts by its package.json in the hash).
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
  const root = packageRoot(name, dirname(from));
  if (root === undefined) return [];
  const inside = root + sep;
  const manifest = join(root, 'package.json');
  return [...(isFile(manifest) ? [manifest] : []), ...[...ran].filter((file) => file.startsWith(inside))];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The real folder of the package `name` as Node finds it from `dir`: the nearest node_modules/<name> up the tree. */
function packageRoot(name: string, dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const candidate = join(at, 'node_modules', name);
    if (existsSync(candidate)) {
      try {
        return realpathSync(candidate);
      } catch {
        return undefined;
      }
    }
    if (dirname(at) === at) return undefined;
  }
}
