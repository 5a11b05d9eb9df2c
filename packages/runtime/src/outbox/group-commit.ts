/**
 * Group commit: writes asked for in the same turn of the event loop (16 handlers queueing at once, 16
 * attempts finishing at once) go to the store as one transaction, so the cost of a commit is paid
 * once per batch, not once per delivery. Each caller's promise still settles only once its write is
 * committed: nothing is acknowledged before it is durable. If a batch fails, each write is tried again
 * on its own, so that one bad write fails alone.
 *
 * With `maxInFlight`, at most that many batches are being written at once; what is asked for meanwhile
 * waits and goes as the next batch. For a store across the network (Postgres) this is what makes
 * batches grow with the load: a commit's round trip is paid once per batch, however many arrive during it.
 */
export type GroupCommit<Item, Result> = (item: Item) => Promise<Result>;

export interface GroupCommitOptions {
  /** Batches being written at once; default unlimited (each turn's batch is written at once). */
  readonly maxInFlight?: number;
}

/**
 * `flush(items)` writes `items` in one transaction and returns one result per item, in order; `single`
 * writes one item alone (the fallback after a failed batch).
 */
export function groupCommit<Item, Result>(
  flush: (items: readonly Item[]) => Promise<readonly Result[]>,
  single: (item: Item) => Promise<Result>,
  options: GroupCommitOptions = {},
): GroupCommit<Item, Result> {
  const maxInFlight = options.maxInFlight ?? Number.POSITIVE_INFINITY;
  if (!(maxInFlight >= 1)) throw new RangeError(`maxInFlight must be at least 1; got ${maxInFlight}.`);
  let pending: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;
  let inFlight = 0;

  async function write(batch: typeof pending): Promise<void> {
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

  function run(): void {
    scheduled = false;
    if (pending.length === 0 || inFlight >= maxInFlight) return;
    const batch = pending;
    pending = [];
    inFlight++;
    void write(batch).finally(() => {
      inFlight--;
      // What arrived while this batch was written goes next, as one batch.
      if (pending.length > 0 && !scheduled) run();
    });
  }

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (scheduled || inFlight >= maxInFlight) return;
      scheduled = true;
      // After this turn's I/O callbacks: what they asked for in the meantime joins the batch.
      setImmediate(run);
    });
}
