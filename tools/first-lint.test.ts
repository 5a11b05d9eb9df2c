/**
 * A definition that generates cleanly lints cleanly: a fresh starter project and both examples,
 * generated as their authors would (`boomerang generate`, no warning), pass `boomerang lint` with
 * Redocly's `recommended` rules and the Boomerang plugin: 0 errors and 0 warnings in the OpenAPI
 * document and in the receiver document.
 *
 * The projects are written into a scratch folder inside the repository (so that @boomerang/* and zod
 * resolve, as they would from a user's node_modules) and never touch the committed examples. A
 * user's own folder has no redocly.yaml, so lint uses `recommended`; in here the repository's
 * redocly.yaml is the nearest, so the test names a `recommended` configuration with `--config`.
 * The plugin is bundled fresh into the scratch folder (its own tests rebuild dist/ concurrently).
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../packages/cli/src/main.ts';
import { projectFiles, projectNames, projectPackageJson } from '../packages/create/src/project.ts';
import { buildPlugin } from '../packages/redocly-plugin/build.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const scratch = join(repo, '.tmp', `first-lint-${process.pid}`);
const plugin = join(scratch, 'redocly-plugin.js');
const recommended = join(scratch, 'recommended.yaml');

beforeAll(async () => {
  mkdirSync(scratch, { recursive: true });
  writeFileSync(recommended, 'extends:\n  - recommended\n');
  await buildPlugin(plugin);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function boomerang(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, cwd: repo });
  return { code, stdout, stderr };
}

interface Report {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: readonly { readonly ruleId: string; readonly severity: string; readonly message: string; readonly location?: readonly { readonly pointer?: string }[] }[];
}

/** Redocly's `--format json` prints one report per document, one after the other. */
function reports(stdout: string): Report[] {
  return JSON.parse(`[${stdout.trim().replace(/^\}\{$/gm, '},{')}]`) as Report[];
}

/** The starter project as `npm create boomerang my-api` writes it (dependencies resolve from the repository). */
function starter(): string {
  const dir = join(scratch, 'my-api');
  const names = projectNames('my-api');
  const files = projectFiles(names, { gitignore: true });
  // What makes a user's lint use `recommended`: the starter brings no Redocly configuration.
  expect(files.map((f) => f.path).filter((path) => /(^|\/)\.?redocly\.ya?ml$/.test(path))).toEqual([]);
  for (const file of [...files, { path: 'package.json', content: `${JSON.stringify(projectPackageJson(names, 'standalone'), null, 2)}\n` }]) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  return dir;
}

/** An example's definition and config, in a folder of its own. */
function example(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const file of ['api.ts', 'boomerang.config.ts']) copyFileSync(join(repo, 'examples', name, file), join(dir, file));
  return dir;
}

describe.concurrent('the first `boomerang lint` of a project that generates cleanly', () => {
  it.each([
    ['a fresh starter project', starter],
    ['examples/invoices', () => example('invoices')],
    ['examples/subscriptions', () => example('subscriptions')],
  ] as const)("%s: generate warns of nothing, and lint with Redocly's recommended rules finds 0 errors and 0 warnings", async (_name, write) => {
    const dir = write();
    const generated = await boomerang('generate', dir);
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);

    const shown = relative(repo, dir);
    const lint = await boomerang('lint', dir, '--config', recommended, '--plugin', plugin, '--format', 'json');
    expect(lint.stderr).toContain(`linting ${shown}/generated/openapi.json, ${shown}/docs/generated/receiver.json with ${relative(repo, recommended)} and the boomerang plugin\n`);
    const found = reports(lint.stdout);
    expect(found).toHaveLength(2);
    expect(found.flatMap((report) => report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location?.[0]?.pointer ?? '?'}: ${p.message}`))).toEqual([]);
    expect(found.map((report) => report.totals)).toEqual([expect.objectContaining({ errors: 0, warnings: 0 }), expect.objectContaining({ errors: 0, warnings: 0 })]);
    expect(lint.code).toBe(0);
  });
});
