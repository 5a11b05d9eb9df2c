/**
 * The delivery store the `deliveries` and `subscriptions` commands work on: `--store <location>`, else
 * CALLBACK_STORE, else `sqlite:./deliveries.db` from the current folder, as the server reads it. Opened
 * through the runtime's `openStore`; a SQLite file that is not there is reported, not created (an empty
 * store would answer "no deliveries" for a mistyped path), except by `subscriptions add`, which may
 * set an endpoint up before the server first runs. A Postgres password is never printed.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DeliveryStore, Outbox } from '@boomerang/runtime';
import { CliError, usageError, type CliIo } from './io.ts';

export const defaultLocation = 'sqlite:./deliveries.db';

/** The location as given: the option, else CALLBACK_STORE, else the default. */
export function storeLocation(option: string | undefined, io: CliIo, command: string): string {
  if (option !== undefined) {
    if (option.trim() === '') throw usageError('--store needs a location: sqlite:<file> or a postgres:// URL.', command);
    return option.trim();
  }
  const fromEnv = (io.env ?? process.env)['CALLBACK_STORE']?.trim();
  return fromEnv ? fromEnv : defaultLocation;
}

/** The file of a `sqlite:` location, from `cwd`; undefined for Postgres and `sqlite::memory:`. */
export function sqliteFile(location: string, cwd: string): string | undefined {
  if (!location.startsWith('sqlite:')) return undefined;
  const path = location.slice('sqlite:'.length);
  return path === '' || path === ':memory:' ? undefined : resolve(cwd, path);
}

/**
 * Opens the store at `location` through the runtime's `openStore`. `create`: a missing SQLite file may
 * be created (and that is said on stderr); otherwise it is a CliError (exit 1), and nothing is created.
 */
export async function openDeliveryStore(location: string, io: CliIo, options: { readonly create: boolean }): Promise<DeliveryStore> {
  const { describeStoreLocation, openStore } = await import('@boomerang/runtime');
  const file = sqliteFile(location, io.cwd);
  const created = file !== undefined && !existsSync(file);
  if (created && !options.create) throw new CliError(`No delivery store at ${file}: start the server once (it creates it) or pass --store`);
  let store;
  try {
    store = await openStore(location, { cwd: io.cwd });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot open the delivery store ${describeStoreLocation(location)}: ${withoutPassword(message, location, describeStoreLocation(location))}`);
  }
  if (created) io.stderr.write(`created the delivery store ${store.description}\n`);
  return store;
}

/**
 * Runs `work` with an outbox on the store (its dispatcher never started: this process sends nothing),
 * and closes it after. `create`: a missing SQLite file may be created.
 */
export async function withOutbox<T>(location: string, io: CliIo, options: { readonly create: boolean }, work: (outbox: Outbox) => Promise<T>): Promise<T> {
  const { createOutbox } = await import('@boomerang/runtime');
  const store = await openDeliveryStore(location, io, options);
  const outbox = createOutbox({ store });
  try {
    return await work(outbox);
  } finally {
    await outbox.close({ graceMs: 0 });
  }
}

/** A driver's message may quote the URL it was given: never its password. */
export function withoutPassword(message: string, location: string, described: string): string {
  let text = message.split(location).join(described);
  try {
    const password = decodeURIComponent(new URL(location).password);
    if (password.length >= 3) text = text.split(password).join('***');
  } catch {
    // Not a URL (a SQLite location): nothing to hide.
  }
  return text;
}
