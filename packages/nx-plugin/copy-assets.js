// After tsc: the generators' files that are not TypeScript sources (schema.json, schema.d.ts, the
// files/ templates) go beside the compiled generators, where generators.json and the code find them.
import { cpSync, readdirSync } from 'node:fs';

const from = new URL('./src/generators/', import.meta.url);
const to = new URL('./dist/generators/', import.meta.url);
for (const generator of readdirSync(from, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
  for (const entry of readdirSync(new URL(`${generator.name}/`, from))) {
    if (entry === 'schema.json' || entry === 'schema.d.ts' || entry === 'files') {
      cpSync(new URL(`${generator.name}/${entry}`, from), new URL(`${generator.name}/${entry}`, to), { recursive: true });
    }
  }
}
