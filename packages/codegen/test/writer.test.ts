import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestName, staleFiles, writeFiles, type PlannedFile } from '@boomerang/codegen';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'boomerang-writer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const generated = (path: string, content: string): PlannedFile => ({ path, content, mode: 'generated' });
const scaffold = (path: string, content: string): PlannedFile => ({ path, content, mode: 'scaffold' });
const read = (path: string) => readFileSync(join(dir, path), 'utf8');

describe('the writer', () => {
  it('writes, then leaves unchanged files alone (their mtime stays)', () => {
    const files = [generated('generated/a.ts', 'a\n'), scaffold('main.ts', 'main\n')];
    expect(writeFiles(dir, files, { mode: 'write' })).toEqual({ written: ['generated/a.ts', 'main.ts'], unchanged: [], skipped: [], deleted: [] });
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(join(dir, 'generated/a.ts'), past, past);
    expect(writeFiles(dir, files, { mode: 'write' })).toEqual({ written: [], unchanged: ['generated/a.ts'], skipped: ['main.ts'], deleted: [] });
    expect(statSync(join(dir, 'generated/a.ts')).mtime.toISOString()).toBe(past.toISOString());
  });

  it('never overwrites a scaffold the user edited, unless forced', () => {
    writeFiles(dir, [scaffold('handlers/a.ts', 'stub\n')], { mode: 'write' });
    writeFileSync(join(dir, 'handlers/a.ts'), 'my code\n');
    writeFiles(dir, [scaffold('handlers/a.ts', 'new stub\n')], { mode: 'write' });
    expect(read('handlers/a.ts')).toBe('my code\n');
    writeFiles(dir, [scaffold('handlers/a.ts', 'new stub\n')], { mode: 'write', force: true });
    expect(read('handlers/a.ts')).toBe('new stub\n');
  });

  it('deletes generated files that no longer belong, and only those', () => {
    writeFiles(dir, [generated('generated/a.ts', 'a\n'), generated('generated/old/b.ts', 'b\n'), scaffold('main.ts', 'm\n')], { mode: 'write' });
    writeFileSync(join(dir, 'generated/user-note.txt'), 'not ours\n');
    const report = writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'write' });
    expect(report.deleted).toEqual(['generated/old/b.ts']);
    expect(existsSync(join(dir, 'generated/old'))).toBe(false);
    expect(existsSync(join(dir, 'main.ts'))).toBe(true);
    expect(existsSync(join(dir, 'generated/user-note.txt'))).toBe(true);
    expect(JSON.parse(read(manifestName)).files).toEqual({ 'generated/a.ts': expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('check and dry-run touch nothing and report what is stale', () => {
    writeFiles(dir, [generated('generated/a.ts', 'a\n'), generated('generated/gone.ts', 'g\n')], { mode: 'write' });
    const before = read('generated/a.ts');
    const files = [generated('generated/a.ts', 'changed\n'), scaffold('handlers/new.ts', 'stub\n')];
    for (const mode of ['check', 'dry-run'] as const) {
      const report = writeFiles(dir, files, { mode });
      expect(staleFiles(report)).toEqual(['generated/a.ts', 'generated/gone.ts', 'handlers/new.ts']);
      expect(read('generated/a.ts')).toBe(before);
      expect(existsSync(join(dir, 'handlers/new.ts'))).toBe(false);
      expect(existsSync(join(dir, 'generated/gone.ts'))).toBe(true);
    }
    writeFiles(dir, files, { mode: 'write' });
    expect(staleFiles(writeFiles(dir, files, { mode: 'check' }))).toEqual([]);
  });

  it('writes atomically: a failed write leaves the previous file and no temp file', () => {
    writeFiles(dir, [generated('generated/a.ts', 'v1\n')], { mode: 'write' });
    // A directory where a file must go makes the rename fail after the temp file was written.
    mkdirSync(join(dir, 'generated/b.ts'));
    expect(() => writeFiles(dir, [generated('generated/a.ts', 'v1\n'), generated('generated/b.ts', 'b\n')], { mode: 'write' })).toThrow();
    expect(read('generated/a.ts')).toBe('v1\n');
    expect(readdir('generated').filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

function readdir(path: string): string[] {
  return readdirSync(join(dir, path));
}
