import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CodegenError, manifestName, staleFiles, writeFiles, writeOutputs, type PlannedFile, type WriteReport } from '@boomerang/codegen';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** The temp folder of a test; `dir` (the output folder) is inside it, so that "outside" exists. */
let root = '';
let dir = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'boomerang-writer-'));
  dir = join(root, 'out');
});
afterEach(() => {
  for (const path of immutable.splice(0)) chattr('-i', path);
  rmSync(root, { recursive: true, force: true });
});

const generated = (path: string, content: string): PlannedFile => ({ path, content, mode: 'generated' });
const scaffold = (path: string, content: string): PlannedFile => ({ path, content, mode: 'scaffold' });
const read = (path: string) => readFileSync(join(dir, path), 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const report = (parts: Partial<WriteReport>): WriteReport => ({ written: [], unchanged: [], skipped: [], deleted: [], edited: [], kept: [], ignored: [], ...parts });

function put(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function writeManifest(outputDir: string, files: Record<string, string>): void {
  put(join(outputDir, manifestName), `${JSON.stringify({ generator: 'boomerang', files }, null, 2)}\n`);
}

/**
 * Every entry under a folder, links not followed: what "left as it was" compares. A folder's mtime is
 * left out: it changes whenever an entry is made in it, and temp files must be made beside their
 * destination for the rename to be atomic.
 */
function snapshot(folder: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (path: string, rel: string) => {
    const stat = lstatSync(path);
    const kind = stat.isSymbolicLink() ? `link → ${readlinkSync(path)}` : stat.isDirectory() ? 'folder' : `file ${readFileSync(path, 'utf8')}`;
    entries[rel] = `${kind} mode ${stat.mode.toString(8)}${stat.isDirectory() ? '' : ` mtime ${stat.mtimeMs}`}`;
    if (stat.isDirectory() && !stat.isSymbolicLink()) for (const name of readdirSync(path).sort()) walk(join(path, name), rel ? `${rel}/${name}` : name);
  };
  walk(folder, '');
  return entries;
}

/** Root is not stopped by permissions; the immutable attribute stops it (ext4, and CAP_LINUX_IMMUTABLE). */
const immutable: string[] = [];
function chattr(flag: '+i' | '-i', path: string): boolean {
  return spawnSync('chattr', [flag, path]).status === 0;
}
function makeImmutable(path: string): void {
  if (!chattr('+i', path)) throw new Error(`chattr +i ${path} failed`);
  immutable.push(path);
}
describe('the writer', () => {
  it('writes, then leaves unchanged files alone (their mtime stays)', () => {
    const files = [generated('generated/a.ts', 'a\n'), scaffold('main.ts', 'main\n')];
    expect(writeFiles(dir, files, { mode: 'write' })).toEqual(report({ written: ['generated/a.ts', 'main.ts'] }));
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(join(dir, 'generated/a.ts'), past, past);
    expect(writeFiles(dir, files, { mode: 'write' })).toEqual(report({ unchanged: ['generated/a.ts'], skipped: ['main.ts'] }));
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
    const result = writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'write' });
    expect(result.deleted).toEqual(['generated/old/b.ts']);
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
      const result = writeFiles(dir, files, { mode });
      expect(staleFiles(result)).toEqual(['generated/a.ts', 'generated/gone.ts', 'handlers/new.ts']);
      expect(read('generated/a.ts')).toBe(before);
      expect(existsSync(join(dir, 'handlers/new.ts'))).toBe(false);
      expect(existsSync(join(dir, 'generated/gone.ts'))).toBe(true);
    }
    writeFiles(dir, files, { mode: 'write' });
    expect(staleFiles(writeFiles(dir, files, { mode: 'check' }))).toEqual([]);
  });

  it('writes atomically: a failed write leaves the previous file and no temp file', () => {
    writeFiles(dir, [generated('generated/a.ts', 'v1\n')], { mode: 'write' });
    // A directory where a file must go.
    mkdirSync(join(dir, 'generated/b.ts'));
    expect(() => writeFiles(dir, [generated('generated/a.ts', 'v2\n'), generated('generated/b.ts', 'b\n')], { mode: 'write' })).toThrow(CodegenError);
    expect(read('generated/a.ts')).toBe('v1\n');
    expect(readdirSync(join(dir, 'generated')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the permissions of a file it rewrites', () => {
    writeFiles(dir, [generated('generated/run.sh', 'echo 1\n')], { mode: 'write' });
    const path = join(dir, 'generated/run.sh');
    chmodSync(path, 0o755);
    writeFiles(dir, [generated('generated/run.sh', 'echo 2\n')], { mode: 'write' });
    expect(statSync(path).mode & 0o777).toBe(0o755);
  });
});

describe('the writer stays inside the output folder', () => {
  it('deletes nothing a manifest lists outside the output folder (.., absolute, backslashes, drive letters, NUL)', () => {
    put(join(root, 'victim.txt'), 'victim\n');
    put(join(root, 'elsewhere/x.ts'), 'x\n');
    put(join(dir, '..\\victim.txt'), 'victim\n'); // on POSIX a file of that name, inside the folder
    const hash = sha256('victim\n');
    const entries = {
      '../victim.txt': hash,
      '../elsewhere/x.ts': sha256('x\n'),
      'generated/../../victim.txt': hash,
      [join(root, 'victim.txt')]: hash,
      '..\\victim.txt': hash,
      'C:/victim.txt': hash,
      'generated/a.ts\u0000../../victim.txt': hash,
      [manifestName]: hash,
    };
    writeManifest(dir, entries);
    const result = writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'write' });
    expect(result.deleted).toEqual([]);
    expect(result.ignored.map((i) => i.entry).sort()).toEqual(Object.keys(entries).sort());
    expect(result.ignored.find((i) => i.entry === '../victim.txt')?.problem).toBe('leaves the output folder (..)');
    expect(readFileSync(join(root, 'victim.txt'), 'utf8')).toBe('victim\n');
    expect(existsSync(join(root, 'elsewhere/x.ts'))).toBe(true);
    expect(existsSync(join(dir, '..\\victim.txt'))).toBe(true);
    // The next manifest lists what this run generated, nothing else.
    expect(Object.keys(JSON.parse(read(manifestName)).files)).toEqual(['generated/a.ts']);
  });

  it.each([
    ['a parent segment', '../x.ts', 'leaves the output folder (..)'],
    ['a parent segment inside', 'generated/../../x.ts', 'leaves the output folder (..)'],
    ['an absolute path', '/tmp/x.ts', 'is absolute'],
    ['a backslash', '..\\x.ts', 'contains a backslash'],
    ['a drive letter', 'C:/x.ts', 'starts with a drive letter'],
    ['a drive-relative path', 'c:x.ts', 'starts with a drive letter'],
    ['a NUL', 'generated/a\u0000.ts', 'contains a control character'],
    ['an empty path', '', 'is empty'],
    ['an empty segment', 'generated//a.ts', 'has an empty or . segment'],
    ['a dot segment', './generated/a.ts', 'has an empty or . segment'],
    ['a folder', 'generated/', 'has an empty or . segment'],
    ["the writer's manifest", manifestName, "is the writer's manifest"],
  ])('refuses a planned path with %s, and writes nothing', (_name, path, problem) => {
    const files = [generated('generated/ok.ts', 'ok\n'), generated(path, 'x\n')];
    expect(() => writeFiles(dir, files, { mode: 'write' })).toThrow(CodegenError);
    expect(() => writeFiles(dir, files, { mode: 'write' })).toThrow(problem);
    expect(readdirSync(root)).toEqual([]);
  });

  it('does not write through a symlinked folder that points outside', () => {
    mkdirSync(join(root, 'elsewhere'));
    mkdirSync(dir);
    symlinkSync(join(root, 'elsewhere'), join(dir, 'generated'));
    expect(() => writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'write' })).toThrow(
      `cannot write ${join(dir, 'generated/a.ts')}: ${join(dir, 'generated')} is a symbolic link, which Boomerang does not follow; nothing was changed.`,
    );
    expect(readdirSync(join(root, 'elsewhere'))).toEqual([]);
  });

  it('does not write through, nor replace, a symlinked file', () => {
    put(join(root, 'victim.txt'), 'victim\n');
    mkdirSync(join(dir, 'generated'), { recursive: true });
    symlinkSync(join(root, 'victim.txt'), join(dir, 'generated/a.ts'));
    for (const force of [false, true]) expect(() => writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'write', force })).toThrow('is a symbolic link');
    expect(() => writeFiles(dir, [scaffold('generated/a.ts', 'a\n')], { mode: 'write', force: true })).toThrow('is a symbolic link');
    expect(readFileSync(join(root, 'victim.txt'), 'utf8')).toBe('victim\n');
    expect(lstatSync(join(dir, 'generated/a.ts')).isSymbolicLink()).toBe(true);
    // A scaffold that is there, as a link, is the user's: kept, not an error.
    expect(writeFiles(dir, [scaffold('generated/a.ts', 'a\n')], { mode: 'write' }).skipped).toEqual(['generated/a.ts']);
  });

  it('deletes nothing through a symlink, even with --force', () => {
    put(join(root, 'victim.txt'), 'victim\n');
    put(join(root, 'elsewhere/old.ts'), 'victim\n');
    mkdirSync(join(dir, 'generated'), { recursive: true });
    symlinkSync(join(root, 'elsewhere'), join(dir, 'linked'));
    symlinkSync(join(root, 'victim.txt'), join(dir, 'generated/link.ts'));
    writeManifest(dir, { 'linked/old.ts': sha256('victim\n'), 'generated/link.ts': sha256('victim\n') });
    for (const force of [false, true]) {
      const result = writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'write', force });
      expect(result.deleted).toEqual([]);
      expect(result.kept).toEqual([
        { path: 'generated/link.ts', reason: 'symbolic-link' },
        { path: 'linked/old.ts', reason: 'symbolic-link' },
      ]);
    }
    expect(readFileSync(join(root, 'victim.txt'), 'utf8')).toBe('victim\n');
    expect(readFileSync(join(root, 'elsewhere/old.ts'), 'utf8')).toBe('victim\n');
    expect(lstatSync(join(dir, 'generated/link.ts')).isSymbolicLink()).toBe(true);
  });

  it('writes no new scaffold through a symlinked folder, and keeps one that is there', () => {
    put(join(root, 'elsewhere/a.ts'), 'mine\n');
    mkdirSync(dir);
    symlinkSync(join(root, 'elsewhere'), join(dir, 'handlers'));
    expect(writeFiles(dir, [scaffold('handlers/a.ts', 'stub\n')], { mode: 'write' }).skipped).toEqual(['handlers/a.ts']);
    expect(() => writeFiles(dir, [scaffold('handlers/b.ts', 'stub\n')], { mode: 'write' })).toThrow('is a symbolic link');
    expect(readdirSync(join(root, 'elsewhere'))).toEqual(['a.ts']);
  });

  it('accepts an output folder that is itself a symlink (the config chose it)', () => {
    mkdirSync(join(root, 'real'));
    symlinkSync(join(root, 'real'), dir);
    writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'write' });
    expect(readFileSync(join(root, 'real/generated/a.ts'), 'utf8')).toBe('a\n');
  });
});

describe('the writer and the user’s edits', () => {
  it('rewrites an edited generated file and saves the edit beside it, reporting both', () => {
    writeFiles(dir, [generated('generated/a.ts', 'v1\n')], { mode: 'write' });
    writeFileSync(join(dir, 'generated/a.ts'), 'my fix\n');
    expect(writeFiles(dir, [generated('generated/a.ts', 'v2\n')], { mode: 'write' })).toEqual(
      report({ written: ['generated/a.ts'], edited: [{ path: 'generated/a.ts', savedAs: 'generated/a.ts.edited' }] }),
    );
    expect(read('generated/a.ts')).toBe('v2\n');
    expect(read('generated/a.ts.edited')).toBe('my fix\n');
    // A second edit does not overwrite the first one's copy.
    writeFileSync(join(dir, 'generated/a.ts'), 'my second fix\n');
    expect(writeFiles(dir, [generated('generated/a.ts', 'v3\n')], { mode: 'write' }).edited).toEqual([{ path: 'generated/a.ts', savedAs: 'generated/a.ts.edited-2' }]);
    expect(read('generated/a.ts.edited')).toBe('my fix\n');
    expect(read('generated/a.ts.edited-2')).toBe('my second fix\n');
    // The copies are the user's: never listed, never deleted.
    expect(writeFiles(dir, [generated('generated/a.ts', 'v3\n')], { mode: 'write' })).toEqual(report({ unchanged: ['generated/a.ts'] }));
    expect(Object.keys(JSON.parse(read(manifestName)).files)).toEqual(['generated/a.ts']);
  });

  it('treats a file it did not write, where a generated file goes, as an edit', () => {
    put(join(dir, 'generated/a.ts'), 'hand-written\n');
    expect(writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'write' }).edited).toEqual([{ path: 'generated/a.ts', savedAs: 'generated/a.ts.edited' }]);
    expect(read('generated/a.ts.edited')).toBe('hand-written\n');
  });

  it('with --force, discards the edit, and still reports it', () => {
    writeFiles(dir, [generated('generated/a.ts', 'v1\n')], { mode: 'write' });
    writeFileSync(join(dir, 'generated/a.ts'), 'my fix\n');
    expect(writeFiles(dir, [generated('generated/a.ts', 'v2\n')], { mode: 'write', force: true }).edited).toEqual([{ path: 'generated/a.ts' }]);
    expect(readdirSync(join(dir, 'generated'))).toEqual(['a.ts']);
  });

  it('check and dry-run report an edit and touch nothing', () => {
    writeFiles(dir, [generated('generated/a.ts', 'v1\n')], { mode: 'write' });
    writeFileSync(join(dir, 'generated/a.ts'), 'my fix\n');
    const before = snapshot(root);
    for (const mode of ['check', 'dry-run'] as const) {
      const result = writeFiles(dir, [generated('generated/a.ts', 'v2\n')], { mode });
      expect(result.edited).toEqual([{ path: 'generated/a.ts', savedAs: 'generated/a.ts.edited' }]);
      expect(staleFiles(result)).toEqual(['generated/a.ts']);
    }
    expect(snapshot(root)).toEqual(before);
  });

  it('keeps a stale generated file the user edited, reports it on every run, and deletes it only with --force', () => {
    writeFiles(dir, [generated('generated/a.ts', 'a\n'), generated('generated/old.ts', 'old\n')], { mode: 'write' });
    writeFileSync(join(dir, 'generated/old.ts'), 'old, with my change\n');
    const kept = report({ unchanged: ['generated/a.ts'], kept: [{ path: 'generated/old.ts', reason: 'edited' }] });
    expect(writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'write' })).toEqual(kept);
    expect(read('generated/old.ts')).toBe('old, with my change\n');
    // The manifest still remembers it, so the next run and `check` say it again.
    expect(writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'write' })).toEqual(kept);
    expect(staleFiles(writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'check' }))).toEqual(['generated/old.ts']);
    expect(writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'write', force: true })).toEqual(report({ unchanged: ['generated/a.ts'], deleted: ['generated/old.ts'] }));
    expect(existsSync(join(dir, 'generated/old.ts'))).toBe(false);
    // Once the user deletes a kept file, it is forgotten.
    writeFiles(dir, [generated('generated/a.ts', 'a\n'), generated('generated/old.ts', 'old\n')], { mode: 'write' });
    writeFileSync(join(dir, 'generated/old.ts'), 'edited\n');
    writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'write' });
    rmSync(join(dir, 'generated/old.ts'));
    expect(writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'write' })).toEqual(report({ unchanged: ['generated/a.ts'] }));
    expect(Object.keys(JSON.parse(read(manifestName)).files)).toEqual(['generated/a.ts']);
  });

  it('leaves alone a stale path that is now a folder, even with --force', () => {
    writeFiles(dir, [generated('generated/a.ts', 'a\n'), generated('generated/old.ts', 'old\n')], { mode: 'write' });
    rmSync(join(dir, 'generated/old.ts'));
    put(join(dir, 'generated/old.ts/mine.txt'), 'mine\n');
    expect(writeFiles(dir, [generated('generated/a.ts', 'a\n')], { mode: 'write', force: true }).kept).toEqual([{ path: 'generated/old.ts', reason: 'not-a-file' }]);
    expect(read('generated/old.ts/mine.txt')).toBe('mine\n');
  });
});

describe('the writer writes every target or none', () => {
  /** Two outputs: `one` was generated before (and has a file to rewrite, one to delete, one to add), `two` cannot be written. */
  function setUp(): { one: string; two: string; files: PlannedFile[] } {
    const one = join(root, 'one');
    writeFiles(one, [generated('generated/openapi.json', '{ "v": 1 }\n'), generated('generated/old.json', 'old\n'), generated('generated/edited.json', 'e1\n')], { mode: 'write' });
    writeFileSync(join(one, 'generated/edited.json'), 'my edit\n');
    const past = new Date('2020-01-01T00:00:00Z');
    for (const name of ['openapi.json', 'old.json', 'edited.json', manifestName]) utimesSync(join(one, name.startsWith('.') ? name : `generated/${name}`), past, past);
    return {
      one,
      two: join(root, 'two'),
      files: [generated('generated/edited.json', 'e2\n'), generated('generated/new/added.json', 'new\n'), generated('generated/openapi.json', '{ "v": 2 }\n')],
    };
  }

  it.each([
    ['a file where a folder must go', (two: string) => put(join(two, 'generated'), 'a file\n'), (two: string) => `cannot write ${two}/generated/server.ts: ${two}/generated is a file, where a folder must go; nothing was changed.`],
    ['a folder where a file must go', (two: string) => mkdirSync(join(two, 'generated/server.ts'), { recursive: true }), (two: string) => `cannot write ${two}/generated/server.ts: it is a folder, where a file must go; nothing was changed.`],
    ['a file where the output folder must go', (two: string) => put(two, 'a file\n'), (two: string) => `cannot write ${two}/generated/server.ts: ${two} is a file, where a folder must go; nothing was changed.`],
  ])('checks first: %s fails before anything is written', (_name, block, message) => {
    const { one, two, files } = setUp();
    block(two);
    const before = snapshot(root);
    const outputs = [
      { target: 'openapi', outputDir: one, files },
      { target: 'server', outputDir: two, files: [generated('generated/server.ts', 'server\n')] },
    ];
    expect(() => writeOutputs(outputs, { mode: 'write' })).toThrow(message(two));
    expect(snapshot(root)).toEqual(before);
  });

  it('a name too long for the file system fails as it is renamed, and what was renamed before is put back', () => {
    const { one, two, files } = setUp();
    const before = snapshot(root);
    const long = `generated/${'x'.repeat(300)}.ts`;
    expect(() => writeOutputs([{ outputDir: one, files }, { outputDir: two, files: [generated(long, 'x\n')] }], { mode: 'write' })).toThrow(
      `cannot write ${two}/${long}: name too long (ENAMETOOLONG); nothing was changed.`,
    );
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses two targets that plan the same file', () => {
    const { one, files } = setUp();
    const before = snapshot(root);
    expect(() => writeOutputs([{ target: 'a', outputDir: one, files }, { target: 'b', outputDir: join(one, 'generated'), files: [generated('openapi.json', 'x\n')] }], { mode: 'write' })).toThrow(
      `${one}/generated/openapi.json is planned by two targets, a and b; nothing was changed.`,
    );
    expect(() => writeOutputs([{ target: 'a', outputDir: one, files }, { target: 'b', outputDir: join(one, 'generated/openapi.json'), files: [generated('x.json', 'x\n')] }], { mode: 'write' })).toThrow(
      `${one}/generated/openapi.json is planned as a file by a and as a folder by b; nothing was changed.`,
    );
    expect(snapshot(root)).toEqual(before);
  });

  it('checks first: a folder that cannot be written (immutable, which stops root too)', () => {
    const { one, two, files } = setUp();
    mkdirSync(join(two, 'generated'), { recursive: true });
    makeImmutable(join(two, 'generated'));
    const before = snapshot(root);
    expect(() => writeOutputs([{ outputDir: one, files }, { outputDir: two, files: [generated('generated/server.ts', 'x\n')] }], { mode: 'write' })).toThrow(
      `cannot write ${two}/generated/server.ts: its folder cannot be written: operation not permitted (EPERM); nothing was changed.`,
    );
    expect(snapshot(root)).toEqual(before);
  });

  it('a failure while renaming puts back what was already renamed, deleted, created and saved', () => {
    const { one, two, files } = setUp();
    put(join(two, 'generated/server.ts'), 'server v1\n');
    makeImmutable(join(two, 'generated/server.ts'));
    const before = snapshot(root);
    const outputs = [
      { target: 'openapi', outputDir: one, files },
      { target: 'server', outputDir: two, files: [generated('generated/server.ts', 'server v2\n')] },
    ];
    // Planned: one's files renamed, its stale file deleted, its edited file saved aside, a folder created; then two fails.
    expect(writeOutputs(outputs, { mode: 'dry-run' }).map((r) => [r.written, r.deleted, r.edited])).toEqual([
      [['generated/edited.json', 'generated/new/added.json', 'generated/openapi.json'], ['generated/old.json'], [{ path: 'generated/edited.json', savedAs: 'generated/edited.json.edited' }]],
      [['generated/server.ts'], [], [{ path: 'generated/server.ts', savedAs: 'generated/server.ts.edited' }]],
    ]);
    let error: unknown;
    try {
      writeOutputs(outputs, { mode: 'write' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CodegenError);
    expect((error as Error).message).toBe(`cannot write ${two}/generated/server.ts: operation not permitted (EPERM); nothing was changed.`);
    expect(snapshot(root)).toEqual(before);
  });
});
