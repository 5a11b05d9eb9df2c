/** Resolves with the first SIGTERM or SIGINT, and stops listening for them: a second signal then gets Node's default (the process ends at once). */
export function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const signals = ['SIGTERM', 'SIGINT'] as const;
    const stop = (signal: NodeJS.Signals) => {
      for (const s of signals) process.off(s, stop);
      resolveSignal(signal);
    };
    for (const s of signals) process.on(s, stop);
  });
}
