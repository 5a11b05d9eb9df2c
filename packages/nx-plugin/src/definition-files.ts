/**
 * The files a definition is made of: `api.ts` and the local modules it imports, transitively
 * (schemas often live beside it). They are the `generate` target's inputs: editing any of them must
 * miss the cache. Package imports (`zod`, `@boomerang/core`) are not followed; they are not files
 * of the workspace.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import type * as TypeScript from 'typescript';

/** A definition with more local modules than this is not followed further (it is still correct, only less precise: the config and every file found stay inputs). */
const maxFiles = 500;

export function definitionFiles(entry: string, workspaceRoot: string): string[] {
  const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;
  const found = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0 && found.size < maxFiles) {
    const file = queue.shift()!;
    if (found.has(file) || !isFile(file) || !inside(workspaceRoot, file)) continue;
    found.add(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('./') && !fileName.startsWith('../')) continue;
      const target = resolveLocal(join(dirname(file), fileName));
      if (target !== undefined) queue.push(target);
    }
  }
  return [...found].sort();
}

/** NodeNext and bundler spellings: `./x.ts`, `./x.js` (for `x.ts`), `./x`, `./dir` (for `dir/index.ts`). */
function resolveLocal(path: string): string | undefined {
  const ext = extname(path);
  const swapped = { '.js': '.ts', '.mjs': '.mts', '.cjs': '.cts', '.jsx': '.tsx' }[ext];
  const candidates = [path, ...(swapped ? [path.slice(0, -ext.length) + swapped] : []), `${path}.ts`, `${path}.tsx`, join(path, 'index.ts')];
  return candidates.find(isFile);
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function inside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !rel.split(sep).includes('node_modules');
}
