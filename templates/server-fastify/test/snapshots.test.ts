/**
 * Every file server-fastify generates for both examples and the kitchen-sink, tic-tac-toe and components fixtures, byte for byte
 * (RECORD=true to update), and type-checked with tsc against the real fastify and runtime.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGenerationInput, loadTemplatePackage, renderTemplatePackage } from '@boomerang/codegen';
import { formatDiagnostic, type ApiDefinition } from '@boomerang/core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import invoices from '../../../examples/invoices/api.ts';
import subscriptions from '../../../examples/subscriptions/api.ts';
import components from '../../../packages/core/test/fixtures/components.ts';
import kitchenSink from '../../../packages/core/test/fixtures/kitchen-sink.ts';
import parameterStyles from '../../../packages/core/test/fixtures/parameter-styles.ts';
import tictactoe from '../../../packages/core/test/fixtures/tictactoe.ts';
import transcripts from '../../../packages/core/test/fixtures/transcripts.ts';
import sharedCallbackUrl from '../../../packages/core/test/fixtures/shared-callback-url.ts';
import { compareSnapshots } from '../../../tools/snapshots.ts';

const templateDir = fileURLToPath(new URL('..', import.meta.url));
const snapshotRoot = fileURLToPath(new URL('./__snapshots__/', import.meta.url));
const definitions: Record<string, ApiDefinition> = { invoices, subscriptions, 'kitchen-sink': kitchenSink, tictactoe, components, transcripts, 'shared-callback-url': sharedCallbackUrl, 'parameter-styles': parameterStyles };

async function render(definition: ApiDefinition) {
  const input = await buildGenerationInput(definition);
  if (!input.ok) throw new Error(input.diagnostics.map(formatDiagnostic).join('\n'));
  const pkg = await loadTemplatePackage(templateDir);
  return renderTemplatePackage(pkg, { ...input, options: {}, paths: { definitionFromOutput: '../api.ts', outputFromRoot: 'src' } });
}

function listTs(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

describe('server-fastify output', () => {
  it.each(Object.keys(definitions))('%s matches its snapshot', async (name) => {
    const files = await render(definitions[name]!);
    expect(compareSnapshots(join(snapshotRoot, name), new Map(files.map((f) => [f.path, f.content])))).toEqual({ missing: [], changed: [], orphaned: [] });
  });

  it('is deterministic', async () => {
    expect(await render(kitchenSink)).toEqual(await render(kitchenSink));
  });

  it('type-checks with the tsconfig.json it writes; each handler scaffold fails to compile until it returns a documented reply', () => {
    const errors = Object.keys(definitions).flatMap((name) => {
      // The project's own tsconfig, as generate wrote it; in this repository, @boomerang/runtime
      // resolves to its sources (a project resolves the installed package's dist/).
      const dir = join(snapshotRoot, name);
      const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), { customConditions: ['@boomerang/source'] }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
      expect(config.errors).toEqual([]);
      expect([...config.fileNames].sort()).toEqual(listTs(dir));
      const program = ts.createProgram(config.fileNames, config.options);
      return ts.getPreEmitDiagnostics(program).map((d) => ({
        file: d.file ? relative(snapshotRoot, d.file.fileName) : '',
        code: d.code,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0],
      }));
    });
    const scaffolds = listTs(snapshotRoot).map((f) => relative(snapshotRoot, f)).filter((f) => f.includes('/handlers/'));
    expect(scaffolds.length).toBeGreaterThan(10);
    expect(errors.map((e) => e.file).sort()).toEqual(scaffolds);
    for (const error of errors) {
      expect(error.code).toBe(2322);
      expect(error.message).toMatch(/^Type '\(context: (\w+)Context\) => Promise<void>' is not assignable to type '\(context: \1Context\) => /);
    }
  }, 180_000); // one tsc program per fixture: minutes on a loaded machine
});
