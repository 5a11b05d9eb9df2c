/**
 * What every benchmark shares: interleaved rounds of Boomerang and its peer in one process, medians,
 * and the row each benchmark reports for RESULTS.md. Ratios only: a benchmark never asserts a time.
 */

export interface Measure {
  /** The figure's value, e.g. milliseconds, MB or requests/s. */
  readonly value: number;
  readonly unit: string;
  /** Who or what was measured: `Boomerang`, `zod-to-openapi 9.1.0`, ... */
  readonly label: string;
}

export interface Row {
  /** What is measured: `emit the 3.1 document, N=1000`. */
  readonly figure: string;
  readonly boomerang: Measure;
  readonly peer: Measure;
  /** boomerang / peer (for times and memory: lower is better; for rates: higher is better). */
  readonly ratio: number;
  /** The target, as the issue states it: `≤ 0.5× zod-to-openapi`. */
  readonly target: string;
  readonly met: boolean;
  /** Anything the reader needs: what both sides did, or why a target is not met. */
  readonly note?: string;
}

export interface BenchOptions {
  /** A small, fast run that proves the benchmarks still run (CI's smoke run); figures are not meaningful. */
  readonly quick: boolean;
  /** Rounds per side (interleaved). */
  readonly rounds: number;
  /** A scratch folder of this run's own, removed afterwards. */
  readonly workDir: string;
  readonly log: (line: string) => void;
}

export interface Benchmark {
  readonly name: string;
  run(options: BenchOptions): Promise<readonly Row[]>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs each side `rounds` times, alternating which goes first, and returns the medians (ms). A side
 * may return a number to report instead of its own duration (e.g. a rate it measured itself).
 */
export async function interleaved<K extends string>(
  rounds: number,
  sides: Readonly<Record<K, () => unknown | Promise<unknown>>>,
  options: { warmup?: number } = {},
): Promise<Record<K, number>> {
  const names = Object.keys(sides) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let w = 0; w < (options.warmup ?? 0); w++) for (const name of names) await sides[name]();
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      // Each sample starts from a collected heap, so that one side does not pay for the other's garbage.
      (globalThis as { gc?: () => void }).gc?.();
      const start = performance.now();
      const result = await sides[name]();
      const elapsed = performance.now() - start;
      samples[name].push(typeof result === 'number' ? result : elapsed);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n])])) as Record<K, number>;
}

/** A row whose ratio is boomerang/peer and whose target is `ratio <= limit` (lower is better). */
export function lowerIsBetter(figure: string, boomerang: Measure, peer: Measure, limit: number, target: string, note?: string): Row {
  const ratio = boomerang.value / peer.value;
  return { figure, boomerang, peer, ratio, target, met: ratio <= limit, ...(note !== undefined ? { note } : {}) };
}

/** A row whose ratio is boomerang/peer and whose target is `ratio >= limit` (higher is better). */
export function higherIsBetter(figure: string, boomerang: Measure, peer: Measure, limit: number, target: string, note?: string): Row {
  const ratio = boomerang.value / peer.value;
  return { figure, boomerang, peer, ratio, target, met: ratio >= limit, ...(note !== undefined ? { note } : {}) };
}

export function ms(value: number, label: string): Measure {
  return { value, unit: 'ms', label };
}
