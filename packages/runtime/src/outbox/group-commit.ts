/**
 * Group commit: writes asked for in the same turn of the event loop (16 handlers queueing at once, 16
 * attempts finishing at once) go to the store as one transaction, so the cost of a commit is paid
 * once per batch, not once per delivery. Each caller's promise still settles only once its write is
 * committed: nothing is acknowledged before it is durable. If a batch fails, each write is tried again
 * on its own, so that one bad write fails alone.
 */
export type GroupCommit<Item, Result> = (item: Item) => Promise<Result>;

/**
 * `flush(items)` writes `items` in one transaction and returns one result per item, in order; `single`
 * writes one item alone (the fallback after a failed batch).
 */
export function groupCommit<Item, Result>(flush: (items: readonly Item[]) => Promise<readonly Result[]>, single: (item: Item) => Promise<Result>): GroupCommit<Item, Result> {
  let pending: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;

  async function run(): Promise<void> {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 1) {
      const [only] = batch as [(typeof batch)[number]];
      await single(only.item).then(only.resolve, only.reject);
      return;
    }
    let results: readonly Result[];
    try {
      results = await flush(batch.map((entry) => entry.item));
    } catch {
      for (const entry of batch) await single(entry.item).then(entry.resolve, entry.reject);
      return;
    }
    batch.forEach((entry, index) => entry.resolve(results[index] as Result));
  }

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (scheduled) return;
      scheduled = true;
      // After this turn's I/O callbacks: what they asked for in the meantime joins the batch.
      setImmediate(() => void run());
    });
}
