/**
 * The starter project (`npm create boomerang`, `nx g @boomerang/nx:service`) on each server target, as
 * its author runs it: the files written, `boomerang generate`, `tsc` with the project's own
 * tsconfig.json, and the project's own test (its server on 127.0.0.1, a real POST, the signed callback
 * reaching the generated receiver) in a vitest of its own. Written inside this repository (`.tmp/`), so
 * that its packages resolve to the workspace's sources; tools/e2e runs the Fastify one from a registry.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../packages/cli/src/main.ts';
import { projectFiles, projectNames, projectPackageJson, serverTargets, type ServerTarget } from '../packages/create/src/project.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const scratch = join(repo, '.tmp', `starter-servers-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeStarter(server: ServerTarget): string {
  const dir = join(scratch, `my-${server}-api`);
  const names = projectNames(`my-${server}-api`);
  for (const file of [...projectFiles(names, { gitignore: true, server }), { path: 'package.json', content: `${JSON.stringify(projectPackageJson(names, 'standalone', { server }), null, 2)}\n` }]) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  return dir;
}

function typeErrors(dir: string): string[] {
  // In this repository, @boomerang/runtime resolves to its sources (an installed project resolves its dist/).
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), { customConditions: ['@boomerang/source'] }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  expect(config.errors).toEqual([]);
  const program = ts.createProgram(config.fileNames, config.options);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? relative(dir, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe.concurrent('the starter project on each server target', () => {
  it.each(serverTargets)('%s: generates, type-checks, and its own test passes', async (server) => {
    const dir = writeStarter(server);
    const config = readFileSync(join(dir, 'boomerang.config.ts'), 'utf8');
    expect(config).toContain(`{ template: '@boomerang/template-server-${server}', output: './src' }`);

    let output = '';
    const code = await main(['generate', dir, '--quiet'], { stdout: { write: (text: string) => (output += text) }, stderr: { write: (text: string) => (output += text) }, cwd: repo });
    expect(output).toBe('');
    expect(code).toBe(0);
    // The target's own main.ts, scaffolded for the user.
    expect(readFileSync(join(dir, 'src/main.ts'), 'utf8')).toContain(server === 'hono' ? "import { serve } from '@hono/node-server';" : "from './generated/server.ts'");
    expect(typeErrors(dir)).toEqual([]);

    // The project's vitest.config.ts, with the workspace's export condition added (as this repository's own config does).
    writeFileSync(
      join(dir, 'vitest.repo.config.ts'),
      "import { defineConfig, mergeConfig } from 'vitest/config';\nimport project from './vitest.config.ts';\n\nconst conditions = ['@boomerang/source'];\nexport default mergeConfig(project, defineConfig({ resolve: { conditions: [...conditions, 'module', 'node', 'development|production'] }, ssr: { resolve: { conditions: [...conditions, 'module', 'node', 'development|production'], externalConditions: conditions } }, test: { pool: 'forks', execArgv: ['--conditions=@boomerang/source'] } }));\n",
    );
    const vitest = spawnSync(process.execPath, [join(repo, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.repo.config.ts', '--reporter', 'verbose'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0', NODE_OPTIONS: '--conditions=@boomerang/source' },
      timeout: 120_000,
    });
    const report = `${vitest.stdout}\n${vitest.stderr}`;
    expect(vitest.status, report).toBe(0);
    expect(report).toContain('POST /invoices answers, then the signed callback reaches the receiver');
    expect(report).toMatch(/Tests\s+3 passed \(3\)/);
  }, 240_000);
});
