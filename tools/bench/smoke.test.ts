/**
 * CI's smoke run of the benchmarks: every one of them runs at small N (`--quick`) and reports
 * figures that are numbers. Their values are not judged here: a benchmark never asserts a time.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import type { Row } from './harness.ts';
import { loadBenchmarks } from './run.ts';

const scratch = mkdtempSync(join(tmpdir(), 'boomerang-bench-smoke-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it('every benchmark runs at small N and reports a ratio beside each figure', async () => {
  const names = (await loadBenchmarks()).map((b) => b.name);
  expect(names).toEqual(expect.arrayContaining(['emit']));
  const out = join(scratch, 'rows.json');
  const root = join(import.meta.dirname, '..', '..');
  await promisify(execFile)(process.execPath, ['--conditions=@boomerang/source', '--import', 'tsx', '--expose-gc', 'tools/bench/run.ts', '--quick', '--json', out], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 540_000,
  });
  const report = JSON.parse(readFileSync(out, 'utf8')) as { benchmarks: { name: string; rows: number }[]; rows: Row[] };
  expect(report.benchmarks.map((b) => b.name)).toEqual(names);
  for (const bench of report.benchmarks) expect(bench.rows, `${bench.name} reported no figure`).toBeGreaterThan(0);
  for (const row of report.rows) {
    expect(row.figure).toBeTruthy();
    expect(row.target).toBeTruthy();
    for (const value of [row.boomerang.value, row.peer.value, row.ratio]) {
      expect(Number.isFinite(value), `${row.figure}: ${value}`).toBe(true);
      expect(value).toBeGreaterThan(0);
    }
    expect(row.ratio).toBeCloseTo(row.boomerang.value / row.peer.value, 6);
  }
}, 600_000);
