/**
 * operationIds as real-world definitions write them, and the names generated code gives them: the
 * handler map keeps the operationId, each handler `const` is a valid, unique binding.
 */
import { fileURLToPath } from 'node:url';
import { buildGenerationInput, loadTemplatePackage, renderTemplatePackage } from '@boomerang/codegen';
import { defineApi, formatDiagnostic, operation } from '@boomerang/core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const templateDir = fileURLToPath(new URL('..', import.meta.url));

async function render(operationIds: readonly string[]) {
  const definition = defineApi({
    info: { title: 'Names', version: '1.0.0' },
    operations: operationIds.map((operationId, i) => operation({ method: 'get', path: `/r${i}`, operationId, responses: { 200: z.object({ ok: z.boolean() }) } })),
  });
  const input = await buildGenerationInput(definition);
  if (!input.ok) throw new Error(input.diagnostics.map(formatDiagnostic).join('\n'));
  const files = await renderTemplatePackage(await loadTemplatePackage(templateDir), { ...input, options: {}, paths: { definitionFromOutput: '../api.ts', outputFromRoot: 'src' } });
  return new Map(files.map((f) => [f.path, f.content]));
}

/** TypeScript's syntax errors in `source` (no type check). */
function syntaxErrors(path: string, source: string): string[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  return (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('operation names in generated code', () => {
  const ids = ['get-board', 'delete', 'class', '2fa-check', 'list.items', 'créer'];

  it('binds each handler to a valid, unique const and keeps the operationId as its key', async () => {
    const files = await render(ids);
    const handlers = files.get('generated/handlers.ts')!;
    expect(handlers).toContain(`import { getBoard } from '../handlers/get-board.ts';`);
    expect(handlers).toContain(`import { deleteHandler } from '../handlers/delete.ts';`);
    expect(handlers).toContain(`import { classHandler } from '../handlers/class.ts';`);
    expect(handlers).toContain(`import { op2faCheck } from '../handlers/2fa-check.ts';`);
    expect(handlers).toContain(`"get-board": getBoard,`);
    expect(handlers).toContain(`delete: deleteHandler,`);
    for (const [path, source] of files) if (path.endsWith('.ts')) expect(syntaxErrors(path, source), path).toEqual([]);
  });

  it('gives each operation its own context type', async () => {
    const server = (await render(ids)).get('generated/server.ts')!;
    const contexts = [...server.matchAll(/^export interface (\w+)Context /gm)].map((m) => m[1]);
    expect(contexts).toEqual(['GetBoard', 'Delete', 'Class', 'Op2faCheck', 'ListItems', 'CrEr']);
  });

  it('refuses two operationIds that generated code would give one name (BMR141), naming both', async () => {
    await expect(render(['get-board', 'getBoard'])).rejects.toThrow(/error BMR141 \(operation-name-collision\) at operation GET \/r1: .*`getBoard`.*`get-board`/);
  });
});
