/**
 * Bundles the plugin into `dist/index.js`, the file Redocly imports: one ESM file with core's
 * runtime-expression module inlined, so the published package depends on nothing of this monorepo.
 * `npm run build` runs this file; the tests call `buildPlugin` before they lint.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const PACKAGE_DIR = fileURLToPath(new URL('.', import.meta.url));
export const OUTFILE = fileURLToPath(new URL('./dist/index.js', import.meta.url));

export async function buildPlugin(outfile: string = OUTFILE): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(new URL('./src/index.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // No dependency is external: the bundle must load with nothing installed beside it.
    packages: 'bundle',
    // The @boomerang packages from their sources: the plugin needs no build of theirs first.
    conditions: ['@boomerang/source'],
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildPlugin();
}
