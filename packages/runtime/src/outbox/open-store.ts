/**
 * The store named by `CALLBACK_STORE`: `sqlite:<file>` (the default, `sqlite:./deliveries.db`),
 * `sqlite::memory:` (not durable: tests), or a `postgres://` / `postgresql://` connection URL. Each
 * engine's module (and its driver) is loaded only when chosen.
 */
import { resolve } from 'node:path';
import type { DeliveryStore } from './store.ts';

export const defaultStoreLocation = 'sqlite:./deliveries.db';

/**
 * A store location without its password, for logs: any `scheme://` URL's, not only a Postgres one, so
 * that a mistyped scheme (`postgress://`) does not put the password in the error that refuses it.
 */
export function describeStoreLocation(location: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1];
  if (scheme === undefined) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return `${/^postgres(ql)?$/i.test(scheme) ? 'postgres' : scheme}://(unreadable URL)`;
  }
}

/** Opens (and, on first use, creates) the store at `location`; relative SQLite paths are from `cwd`. */
export async function openStore(location: string = defaultStoreLocation, options: { readonly cwd?: string } = {}): Promise<DeliveryStore> {
  const text = location.trim() === '' ? defaultStoreLocation : location.trim();
  if (text.startsWith('sqlite:')) {
    const path = text.slice('sqlite:'.length);
    if (path === '') throw new TypeError('CALLBACK_STORE=sqlite: needs a file, e.g. sqlite:./deliveries.db');
    const { openSqliteStore } = await import('./stores/sqlite.ts');
    return openSqliteStore(path === ':memory:' ? path : resolve(options.cwd ?? process.cwd(), path));
  }
  if (/^postgres(ql)?:\/\//.test(text)) {
    const { openPostgresStore } = await import('./stores/postgres.ts');
    return openPostgresStore(text);
  }
  throw new TypeError(`CALLBACK_STORE must be sqlite:<file> or a postgres:// URL; got ${JSON.stringify(describeStoreLocation(text))}.`);
}
