/**
 * The invoices example on another server target, as an author who switches targets would have it:
 * examples/invoices/api.ts and the example's own handler files (unchanged), generated with another
 * server template into `.tmp/invoices-<name>/` of this repository, so that its imports (zod, hono,
 * @boomerang/runtime) resolve as the example's do. The example's receiver package is the other side.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@boomerang/codegen';
import { formatDiagnostic } from '@boomerang/core';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const example = join(repo, 'examples/invoices');

export interface InvoicesProject {
  /** The project folder. */
  readonly dir: string;
  /** Its server's entry point: `<dir>/src/main.ts`. */
  readonly main: string;
}

/** Generates the invoices service with `template` (a template package's name) into `.tmp/invoices-<name>/`, from nothing. */
export async function invoicesOn(template: string, name: string): Promise<InvoicesProject> {
  const dir = join(repo, '.tmp', `invoices-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  cpSync(join(example, 'api.ts'), join(dir, 'api.ts'));
  // The handlers are the user's files (scaffolds): present before generate, they are kept as they are.
  cpSync(join(example, 'src/handlers'), join(dir, 'src/handlers'), { recursive: true });
  writeFileSync(
    join(dir, 'boomerang.config.ts'),
    `import { defineConfig } from '@boomerang/codegen';\n\nexport default defineConfig({\n  definition: './api.ts',\n  openapi: false,\n  targets: [{ template: ${JSON.stringify(template)}, output: './src' }],\n});\n`,
  );
  const result = await generate(dir);
  if (!result.ok) throw new Error(`generating the invoices example with ${template} failed:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  return { dir, main: join(dir, 'src/main.ts') };
}
