/** openapi-typescript as generate runs it: in worker threads or not, the same text; each document once; kept between runs. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTypesRunner, openapiTypes } from '../src/openapi-types.ts';

const scratch = mkdtempSync(join(tmpdir(), 'boomerang-types-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const document = (title: string) => ({
  openapi: '3.1.0',
  info: { title, version: '1.0.0' },
  paths: { '/notes': { post: { operationId: 'create_note', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } } }, responses: { 201: { description: 'Created.' } } } } },
  components: { schemas: { Note: { type: 'object', properties: { id: { type: 'string' }, text: { type: 'string' } }, required: ['id'] } } },
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('createTypesRunner', () => {
  it('gives what openapiTypes gives, in worker threads and in this one', async () => {
    const expected = await openapiTypes(document('Notes'));
    expect(expected).toContain('create_note');
    for (const threads of [true, false]) {
      const runner = createTypesRunner({ threads });
      try {
        expect(await Promise.all([runner.types(document('Notes')), runner.types(document('Other'))])).toEqual([expected, await openapiTypes(document('Other'))]);
      } finally {
        runner.close();
      }
    }
  });

  it('leaves the document it is given as it was, in worker threads and in this one', async () => {
    // One with nothing openapi-typescript fills in (it adds an empty `components` to a document without one).
    const bare = () => ({ openapi: '3.1.0', info: { title: 'Bare', version: '1.0.0' }, paths: {} });
    const given = bare();
    await openapiTypes(given);
    expect(given).toEqual(bare());
    for (const threads of [true, false]) {
      const runner = createTypesRunner({ threads });
      try {
        const asked = bare();
        await runner.types(asked);
        expect(asked).toEqual(bare());
      } finally {
        runner.close();
      }
    }
  });

  it('turns a document once per run, however often it is asked for', async () => {
    const runner = createTypesRunner({ threads: false });
    const [notes, again, other] = [runner.types(document('Notes')), runner.types(document('Notes')), runner.types(document('Other'))];
    expect(again).toBe(notes);
    expect(other).not.toBe(notes);
    await Promise.all([notes, other]);
    runner.close();
  });

  it('keeps each result, and takes a kept one only when it is whole', async () => {
    const cacheDir = join(scratch, 'kept');
    const first = createTypesRunner({ cacheDir, threads: false });
    const text = await first.types(document('Notes'));
    first.close();
    const [entry] = readdirSync(cacheDir);
    expect(readdirSync(cacheDir)).toHaveLength(1);

    // What the next run gives is what the cache holds: openapi-typescript does not run again.
    const planted = '// kept\n';
    writeFileSync(join(cacheDir, entry!), JSON.stringify({ sha256: sha256(planted), text: planted }));
    const second = createTypesRunner({ cacheDir, threads: false });
    expect(await second.types(document('Notes'))).toBe(planted);
    expect(await second.types(document('Other'))).toBe(await openapiTypes(document('Other')));
    second.close();

    // An entry whose text is not what its hash says (cut short, edited) is turned again and replaced.
    writeFileSync(join(cacheDir, entry!), JSON.stringify({ sha256: sha256(text), text: text.slice(0, 10) }));
    const third = createTypesRunner({ cacheDir, threads: false });
    expect(await third.types(document('Notes'))).toBe(text);
    third.close();
    expect(JSON.parse(readFileSync(join(cacheDir, entry!), 'utf8'))).toEqual({ sha256: sha256(text), text });
  });
});
