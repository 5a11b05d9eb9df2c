/**
 * `npm run bench`: every benchmark in tools/bench/benchmarks, one after the other, each running
 * Boomerang and its peer interleaved in one process or script. Prints each figure with its ratio and
 * writes tools/bench/RESULTS.md (the machine, the date, the table).
 *
 *   npm run bench                       every benchmark, full size, writes RESULTS.md
 *   npm run bench -- --quick            small N and few rounds: proves they run (CI); writes nothing
 *   npm run bench -- --only emit,server  some of them (RESULTS.md is written only for a full run)
 *   npm run bench -- --json rows.json    also writes the rows as JSON (the smoke test reads them)
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Benchmark, Row } from './harness.ts';

const here = dirname(fileURLToPath(import.meta.url));

export async function loadBenchmarks(): Promise<Benchmark[]> {
  const dir = join(here, 'benchmarks');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  const loaded: Benchmark[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: Benchmark };
    if (module.default === undefined || typeof module.default.run !== 'function') throw new Error(`tools/bench/benchmarks/${file} has no default export with a run() method.`);
    loaded.push(module.default);
  }
  return loaded;
}

export function formatValue(m: Row['boomerang']): string {
  const digits = m.value >= 100 ? 0 : m.value >= 10 ? 1 : 2;
  return `${m.value.toFixed(digits)} ${m.unit}`;
}

export function table(rows: readonly Row[]): string {
  const lines = ['| figure | Boomerang | peer | ratio | target | met |', '|---|---|---|---|---|---|'];
  for (const row of rows) {
    lines.push(`| ${row.figure} | ${formatValue(row.boomerang)} | ${row.peer.label}: ${formatValue(row.peer)} | **${row.ratio.toFixed(2)}×** | ${row.target} | ${row.met ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} GiB free), ${platform()} ${release()}, Node ${process.version}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, rounds: { type: 'string' }, json: { type: 'string' } } });
  const quick = values.quick === true;
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const all = await loadBenchmarks();
  const unknown = (only ?? []).filter((name) => !all.some((b) => b.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; there are: ${all.map((b) => b.name).join(', ')}\n`);
    return 2;
  }
  const selected = only === undefined ? all : all.filter((b) => only.includes(b.name));
  const rounds = values.rounds !== undefined ? Number(values.rounds) : quick ? 1 : 5;
  const rows: Row[] = [];
  const counts: { name: string; rows: number }[] = [];
  const notes: string[] = [];
  const started = new Date();
  for (const bench of selected) {
    const workDir = mkdtempSync(join(here, '.work-'));
    process.stdout.write(`\n## ${bench.name}\n`);
    try {
      const got = await bench.run({ quick, rounds, workDir, log: (line) => process.stdout.write(`  ${line}\n`) });
      for (const row of got) {
        process.stdout.write(`  ${row.figure}: ${formatValue(row.boomerang)} vs ${row.peer.label} ${formatValue(row.peer)} → ${row.ratio.toFixed(2)}× (target ${row.target}: ${row.met ? 'met' : 'NOT met'})\n`);
        if (row.note !== undefined) notes.push(`- **${row.figure}**: ${row.note}`);
      }
      rows.push(...got);
      counts.push({ name: bench.name, rows: got.length });
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`\n${table(rows)}\n`);
  if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify({ benchmarks: counts, rows }, null, 2)}\n`);
  if (!quick && only === undefined) {
    const text = [
      '# Benchmark results',
      '',
      `Produced by one \`npm run bench\` run, ${started.toISOString().slice(0, 10)}, on ${machine()}.`,
      'Each figure is the median of interleaved rounds of Boomerang and its peer in one process or script;',
      'the ratio is Boomerang ÷ peer. `tools/bench/README.md` says what each benchmark does.',
      '',
      table(rows),
      '',
      ...(notes.length > 0 ? ['## Notes', '', ...notes, ''] : []),
    ].join('\n');
    writeFileSync(join(here, 'RESULTS.md'), text);
    process.stdout.write('\nwrote tools/bench/RESULTS.md\n');
  }
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
