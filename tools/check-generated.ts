/** `npm run check-generated` lists stale example documents (exit 1); `npm run regen` rewrites them. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expectedDocuments, repoRoot, staleDocuments } from './example-documents.ts';

const write = process.argv.includes('--write');
const expected = await expectedDocuments();
const stale = staleDocuments(expected);
if (write) {
  for (const path of stale) {
    const file = join(repoRoot, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, expected.get(path)!);
    renameSync(`${file}.tmp`, file);
    console.log(`wrote ${path}`);
  }
  console.log(stale.length === 0 ? 'all example documents are up to date' : `${stale.length} file(s) rewritten`);
} else if (stale.length > 0) {
  console.error(`stale example documents (run \`npm run regen\`):\n${stale.map((p) => `  ${p}`).join('\n')}`);
  process.exitCode = 1;
} else {
  console.log('all example documents are up to date');
}
