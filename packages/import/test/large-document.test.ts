/**
 * A large real document: GitHub's REST description (MIT; trimmed to 321 operations and 40 webhooks,
 * see test/fixtures/github-rest/NOTICE). The import finishes, carries every operation and webhook
 * over with its reusable components and `x-github` keys, and lists what it cannot carry by pointers
 * that name places in the document.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importOpenApi } from '../src/index.ts';
import { fixturesDir, importFixture, removeScratchDirs } from './support/imported-project.ts';

afterAll(removeScratchDirs);

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

describe('GitHub\'s REST description', () => {
  it('imports: every operation, webhook and component schema, and findings that point into the document', async () => {
    const text = readFileSync(join(fixturesDir, 'github-rest', 'openapi.json'), 'utf8');
    const doc = JSON.parse(text) as { paths: Record<string, Record<string, unknown>>; 'x-webhooks': Record<string, unknown>; components: Record<'schemas' | 'parameters' | 'responses' | 'headers' | 'examples', Record<string, unknown>> };
    const operations = Object.values(doc.paths).flatMap((item) => methods.filter((m) => item[m] !== undefined));
    expect(operations.length).toBeGreaterThanOrEqual(300);
    const result = await importOpenApi(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition.match(/^ {4}operation\(\{$/gm)?.length).toBe(operations.length);
    for (const name of Object.keys(doc['x-webhooks'])) expect(result.definition).toContain(`  ${/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`}: {\n`);
    expect(result.definition.match(/^export const /gm)?.length).toBe(Object.keys(doc.components.schemas).length);
    expect(result.findings.length).toBeGreaterThan(0);
    for (const f of result.findings) expect(f.pointer).toMatch(/^\//);
    // GitHub's `x-github` keys (on operations and webhooks) are carried, and its reusable parameters, responses, headers and examples are consts.
    expect(result.findings.filter((f) => f.pointer.endsWith('/x-github'))).toEqual([]);
    expect(result.definition.match(/^ {6}'x-github': \{/gm)?.length).toBeGreaterThanOrEqual(operations.length);
    for (const kind of ['parameters', 'responses', 'headers', 'examples'] as const) {
      const used = Object.keys(doc.components[kind]).filter((name) => !result.findings.some((f) => f.code === 'BMI022' && f.pointer === `/components/${kind}/${name}`));
      expect(used.length).toBeGreaterThan(0);
      for (const name of used) expect(result.definition).toContain(`, { id: '${name}' });`);
    }
  }, 120_000);

  it('the imported definition builds: no definition errors, every operation and webhook in the model', async () => {
    const text = readFileSync(join(fixturesDir, 'github-rest', 'openapi.json'), 'utf8');
    const doc = JSON.parse(text) as { paths: Record<string, Record<string, unknown>>; 'x-webhooks': Record<string, unknown> };
    // importFixture throws, listing them, on any error of the built model.
    const project = await importFixture('github-rest', text);
    expect(project.model.operations.length).toBe(Object.values(doc.paths).flatMap((item) => methods.filter((m) => item[m] !== undefined)).length);
    expect(project.model.webhooks.length).toBe(Object.keys(doc['x-webhooks']).length);
  }, 180_000);
});
