/**
 * A large real document: GitHub's REST description (MIT; trimmed to 321 operations and 40 webhooks,
 * see test/fixtures/github-rest/NOTICE). The import finishes, carries every operation and webhook
 * over, and lists what it cannot carry by pointers that name places in the document.
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
    const doc = JSON.parse(text) as { paths: Record<string, Record<string, unknown>>; 'x-webhooks': Record<string, unknown>; components: { schemas: Record<string, unknown> } };
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
    expect(result.findings).toContainEqual(expect.objectContaining({ code: 'BMI020', pointer: expect.stringMatching(/\/x-github$/) }));
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
