/**
 * What both sides run (Standard Webhooks signing and verification, problem details, validation issues)
 * is written once, in `packages/runtime/src/shared/`. A generated receiver depends on nothing, so the
 * receiver template ships a copy of each of those files in `templates/receiver/runtime/`, under a header
 * that says where it comes from. This script makes the copies:
 *
 *   npm run sync-receiver-runtime              # writes the copies that differ
 *   npm run sync-receiver-runtime -- --check   # writes nothing; exits 1 naming the stale copies
 *
 * `templates/receiver/test/runtime-source.test.ts` fails when a copy is stale, and `npm run regen`
 * runs this script before it renders the examples.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the one source lives and where its copies go, relative to the repository root. */
export const sharedRuntimeDir = 'packages/runtime/src/shared';
export const receiverRuntimeDir = 'templates/receiver/runtime';

export interface RuntimeCopy {
  /** The source, relative to the repository root. */
  readonly source: string;
  /** The copy, relative to the repository root. */
  readonly path: string;
  /** What the copy must hold. */
  readonly text: string;
}

/** The first line of a copy. */
export function copyHeader(source: string): string {
  return `// Generated from ${source} in the Boomerang repository by \`npm run sync-receiver-runtime\`. Do not edit: change that file.\n`;
}

/** The copies the receiver template must hold, one per shared file, in file name order. Reads; writes nothing. */
export function receiverRuntimeCopies(root: string = repoRoot): readonly RuntimeCopy[] {
  const names = readdirSync(join(root, sharedRuntimeDir)).filter((name) => name.endsWith('.ts')).sort();
  return names.map((name) => {
    const source = `${sharedRuntimeDir}/${name}`;
    return { source, path: `${receiverRuntimeDir}/${name}`, text: copyHeader(source) + readFileSync(join(root, source), 'utf8') };
  });
}

/** The copies whose file does not hold what it must (or is missing). */
export function staleCopies(root: string = repoRoot): readonly RuntimeCopy[] {
  return receiverRuntimeCopies(root).filter((copy) => readIfPresent(join(root, copy.path)) !== copy.text);
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function main(args: readonly string[]): number {
  const check = args.includes('--check');
  const stale = staleCopies();
  if (check) {
    for (const copy of stale) process.stderr.write(`${copy.path} is not what ${copy.source} makes; run \`npm run sync-receiver-runtime\`.\n`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const copy of stale) {
    writeFileSync(join(repoRoot, copy.path), copy.text);
    process.stdout.write(`wrote ${copy.path}\n`);
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
