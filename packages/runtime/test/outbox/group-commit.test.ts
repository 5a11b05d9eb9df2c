import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../src/outbox/group-commit.ts';

/** A store of numbers that records each flush, and refuses to write 13. */
function recorder() {
  const flushes: number[][] = [];
  const written: number[] = [];
  const write = async (items: readonly number[]) => {
    flushes.push([...items]);
    if (items.includes(13)) throw new Error('13 cannot be written');
    written.push(...items);
    return items.map((item) => item * 10);
  };
  const commit = groupCommit<number, number>(write, async (item) => (await write([item]))[0]!);
  return { commit, flushes, written };
}

describe('groupCommit', () => {
  it('writes what is asked for in the same turn as one batch, each caller getting its own result', async () => {
    const { commit, flushes } = recorder();
    expect(await Promise.all([commit(1), commit(2), commit(3)])).toEqual([10, 20, 30]);
    expect(flushes).toEqual([[1, 2, 3]]);
  });

  it('writes a lone request alone, and later requests as a batch of their own', async () => {
    const { commit, flushes } = recorder();
    expect(await commit(1)).toBe(10);
    expect(await Promise.all([commit(2), commit(3)])).toEqual([20, 30]);
    expect(flushes).toEqual([[1], [2, 3]]);
  });

  it('settles no caller before its write is done', async () => {
    const { commit, written } = recorder();
    const seen: number[][] = [];
    await Promise.all([1, 2].map((n) => commit(n).then(() => seen.push([...written]))));
    expect(seen).toEqual([[1, 2], [1, 2]]);
  });

  it('after a failed batch, writes each request alone: only the bad one fails', async () => {
    const { commit, flushes, written } = recorder();
    const results = await Promise.allSettled([commit(12), commit(13), commit(14)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('13 cannot be written'));
    expect(flushes).toEqual([[12, 13, 14], [12], [13], [14]]);
    expect(written).toEqual([12, 14]);
  });

  it('with maxInFlight 1, writes what arrives during a batch as the next batch, after it', async () => {
    const flushes: number[][] = [];
    let open = 0;
    let mostOpen = 0;
    const write = async (items: readonly number[]) => {
      flushes.push([...items]);
      open++;
      mostOpen = Math.max(mostOpen, open);
      await new Promise((resolve) => setTimeout(resolve, 20));
      open--;
      return items.map((item) => item * 10);
    };
    const commit = groupCommit<number, number>(write, async (item) => (await write([item]))[0]!, { maxInFlight: 1 });
    const first = commit(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = [commit(2), commit(3)];
    await new Promise((resolve) => setTimeout(resolve, 5));
    later.push(commit(4));
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40]);
    expect(flushes).toEqual([[1], [2, 3, 4]]);
    expect(mostOpen).toBe(1);
  });

  it('refuses a maxInFlight below 1', () => {
    expect(() => groupCommit(async () => [], async () => 0, { maxInFlight: 0 })).toThrow(RangeError);
  });
});
