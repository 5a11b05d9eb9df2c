import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareSnapshots } from './snapshots.ts';

describe('snapshot folders', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports missing, changed and orphaned files, and records them away', () => {
    dir = mkdtempSync(join(tmpdir(), 'snap-'));
    writeFileSync(join(dir, 'a.json'), 'old\n');
    writeFileSync(join(dir, 'orphan.json'), 'x\n');
    const files = new Map([['a.json', 'new\n'], ['sub/b.yaml', 'b\n']]);
    expect(compareSnapshots(dir, files, false)).toEqual({ missing: ['sub/b.yaml'], changed: ['a.json'], orphaned: ['orphan.json'] });
    compareSnapshots(dir, files, true);
    expect(compareSnapshots(dir, files, false)).toEqual({ missing: [], changed: [], orphaned: [] });
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('new\n');
  });
});
