/**
 * A definition the snapshots do not have, generated and run: GET and HEAD operations on one path (Hono
 * answers HEAD with GET routes, so each is guarded to its own method), and operations with nothing to
 * validate and no body (the generated server then imports and declares only what it uses: it passes
 * `noUnusedLocals`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildGenerationInput, loadTemplatePackage, renderTemplatePackage } from '@boomerang/codegen';
import { defineApi, formatDiagnostic, operation } from '@boomerang/core';
import type { Hono } from 'hono';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const templateDir = fileURLToPath(new URL('..', import.meta.url));

const definition = defineApi({
  info: { title: 'Health', version: '1.0.0' },
  operations: [
    operation({ method: 'get', path: '/health', operationId: 'getHealth', responses: { 200: z.object({ up: z.boolean() }) } }),
    operation({ method: 'head', path: '/health', operationId: 'headHealth', responses: { 204: { description: 'Up.' } } }),
    operation({ method: 'delete', path: '/cache', operationId: 'clearCache', responses: { 204: { description: 'Cleared.' } } }),
  ],
});

const handlers = `import type { Handlers } from './generated/server.ts';

export const handlers: Handlers = {
  getHealth: () => ({ status: 200, body: { up: true }, headers: { 'x-handler': 'get' } }),
  headHealth: () => ({ status: 204, headers: { 'x-handler': 'head' } }),
  clearCache: () => ({ status: 204 }),
};
`;

let dir: string;
let app: Hono;
beforeAll(async () => {
  const input = await buildGenerationInput(definition);
  if (!input.ok) throw new Error(input.diagnostics.map(formatDiagnostic).join('\n'));
  const files = await renderTemplatePackage(await loadTemplatePackage(templateDir), { ...input, options: {}, paths: { definitionFromOutput: '../api.ts', outputFromRoot: 'src' } });
  // Inside the repository, so that hono and @boomerang/runtime resolve.
  mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(repoRoot, '.tmp', 'server-hono-guards-'));
  // The generated server and types, and handlers of the test's own (not the scaffolds, nor generated/handlers.ts, which imports them).
  for (const file of files.filter((f) => (f.path.startsWith('generated/') && f.path !== 'generated/handlers.ts') || f.path === 'tsconfig.json')) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  writeFileSync(join(dir, 'handlers.ts'), handlers);
  const { createServer } = (await import(pathToFileURL(join(dir, 'generated/server.ts')).href)) as typeof import('./__snapshots__/tictactoe/generated/server.ts');
  const { handlers: mine } = (await import(pathToFileURL(join(dir, 'handlers.ts')).href)) as { handlers: never };
  app = createServer({ handlers: mine });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function call(method: string, path: string) {
  const response = await app.fetch(new Request(`http://localhost${path}`, { method }));
  return { status: response.status, handler: response.headers.get('x-handler'), allow: response.headers.get('allow'), text: await response.text() };
}

describe('GET and HEAD operations on one path', () => {
  it('type-checks with noUnusedLocals', () => {
    const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), { customConditions: ['@boomerang/source'], noUnusedLocals: true, noUnusedParameters: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const program = ts.createProgram(config.fileNames, config.options);
    expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  });

  it('routes each method to its own operation', async () => {
    expect(await call('GET', '/health')).toEqual({ status: 200, handler: 'get', allow: null, text: '{"up":true}' });
    expect(await call('HEAD', '/health')).toEqual({ status: 204, handler: 'head', allow: null, text: '' });
    expect(await call('DELETE', '/cache')).toMatchObject({ status: 204, text: '' });
  });

  it('answers other methods with a 405 naming both', async () => {
    expect(await call('POST', '/health')).toMatchObject({ status: 405, allow: 'GET, HEAD' });
    expect(await call('GET', '/cache')).toMatchObject({ status: 405, allow: 'DELETE' });
  });
});
