/**
 * Generates a receiver package into a scratch project: from an example's definition or from a
 * definition written by the test, with the template package at its folder path (as a third party would).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate, type GenerateResult } from '@boomerang/codegen';
import { repoRoot, scratchRoot, templateDir } from './paths.ts';

export interface GeneratedReceiver {
  readonly projectDir: string;
  readonly receiverDir: string;
  readonly result: GenerateResult;
}

export interface GenerateReceiverOptions {
  /** A definition module's source (written as api.ts), or an example's name. */
  readonly definition: string | { readonly example: 'invoices' | 'subscriptions' };
  readonly options?: Readonly<Record<string, unknown>>;
  readonly label?: string;
}

const scratchDirs: string[] = [];

export function scratchDir(label: string): string {
  const dir = join(scratchRoot, `${label}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  scratchDirs.push(dir);
  return dir;
}

/** Removes the scratch folders this test file made (call it in afterAll). */
export function removeScratchDirs(): void {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export async function generateReceiver({ definition, options = {}, label = 'receiver' }: GenerateReceiverOptions): Promise<GeneratedReceiver> {
  const projectDir = scratchDir(label);
  let definitionPath: string;
  if (typeof definition === 'string') {
    definitionPath = './api.ts';
    writeFileSync(join(projectDir, 'api.ts'), definition);
  } else {
    definitionPath = join(repoRoot, 'examples', definition.example, 'api.ts');
  }
  writeFileSync(
    join(projectDir, 'boomerang.config.ts'),
    `import { defineConfig } from '@boomerang/codegen';
export default defineConfig({
  definition: ${JSON.stringify(definitionPath)},
  openapi: false,
  targets: [{ template: ${JSON.stringify(templateDir)}, output: './receiver', options: ${JSON.stringify(options)} }],
});
`,
  );
  const result = await generate(projectDir);
  return { projectDir, receiverDir: join(projectDir, 'receiver'), result };
}

/** Every file under `dir`, by relative path, with its content. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'node_modules' && name !== 'dist') walk(path);
      } else files.set(relative(dir, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/** The generated package's main module, loaded as the tests' own TypeScript. */
export async function importReceiver<T = Record<string, unknown>>(receiverDir: string, entry = 'index'): Promise<T> {
  return (await import(pathToFileURL(join(receiverDir, 'generated', `${entry}.ts`)).href)) as T;
}
