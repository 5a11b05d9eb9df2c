import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultStoreLocation, describeStoreLocation, openStore } from '../../src/outbox/open-store.ts';
import type { DeliveryStore, NewDelivery } from '../../src/outbox/store.ts';
import { tempDirectory } from './receiver.ts';

let dir: Awaited<ReturnType<typeof tempDirectory>>;
let root = '';
beforeAll(async () => {
  dir = await tempDirectory();
  root = dir.file('');
});
afterAll(async () => {
  await dir.remove();
});

const open: DeliveryStore[] = [];
async function opened(location: string, options?: { cwd?: string }): Promise<DeliveryStore> {
  const store = await openStore(location, options);
  open.push(store);
  return store;
}
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

const delivery = (id: string): NewDelivery => ({
  id,
  kind: 'callback',
  event: 'invoice.paid',
  url: 'https://receiver.example/hooks',
  method: 'POST',
  contentType: 'application/json',
  payload: '{}',
  headers: {},
  createdAt: 1_700_000_000_000,
  nextAttemptAt: 1_700_000_000_000,
});

describe('openStore', () => {
  it('opens sqlite:<file>, relative to cwd, and keeps what it stores across opens', async () => {
    const first = await opened('sqlite:kept.db', { cwd: root });
    expect(first.description).toBe(`sqlite:${join(root, 'kept.db')}`);
    expect(existsSync(join(root, 'kept.db'))).toBe(true);
    await first.enqueue([delivery('msg_kept')]);
    await first.close();

    const again = await opened(`sqlite:${join(root, 'kept.db')}`);
    expect(await again.get('msg_kept')).toMatchObject({ id: 'msg_kept', state: 'pending' });
  });

  it('opens sqlite::memory:, a private database each time', async () => {
    const one = await opened('sqlite::memory:');
    const other = await opened('sqlite::memory:');
    expect(one.description).toBe('sqlite::memory:');
    await one.enqueue([delivery('msg_memory')]);
    expect(await one.counts()).toEqual({ pending: 1, delivered: 0, dead: 0 });
    expect(await other.counts()).toEqual({ pending: 0, delivered: 0, dead: 0 });
  });

  it('opens ./deliveries.db in cwd when no location (or only blanks) is given', async () => {
    expect(defaultStoreLocation).toBe('sqlite:./deliveries.db');
    const cwd = dir.file('');
    const store = await opened('  ', { cwd });
    expect(store.description).toBe(`sqlite:${join(cwd, 'deliveries.db')}`);
    expect(existsSync(join(cwd, 'deliveries.db'))).toBe(true);
    await store.close();
    expect((await opened('', { cwd })).description).toBe(store.description);
  });

  it('says what is wrong with sqlite: without a file', async () => {
    await expect(openStore('sqlite:')).rejects.toThrow(new TypeError('CALLBACK_STORE=sqlite: needs a file, e.g. sqlite:./deliveries.db'));
  });

  it('says so when the SQLite file’s directory does not exist', async () => {
    await expect(openStore('sqlite:missing/deliveries.db', { cwd: root })).rejects.toThrow(
      `Cannot open the SQLite delivery store ${join(root, 'missing/deliveries.db')}: its directory ${join(root, 'missing')} does not exist`,
    );
  });

  it.each([
    ['mysql://localhost/deliveries', 'mysql://localhost/deliveries'],
    ['./deliveries.db', './deliveries.db'],
    ['redis:6379', 'redis:6379'],
  ])('refuses an unknown kind of store: %s', async (location, shown) => {
    await expect(openStore(location)).rejects.toThrow(new TypeError(`CALLBACK_STORE must be sqlite:<file> or a postgres:// URL; got ${JSON.stringify(shown)}.`));
  });

  it('does not repeat a password when refusing a mistyped URL', async () => {
    const error = await openStore('postgress://app:s3cret@db.example/deliveries').catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('CALLBACK_STORE must be sqlite:<file> or a postgres:// URL; got "postgress://app:***@db.example/deliveries".');
    expect((error as Error).message).not.toContain('s3cret');
  });
});

describe('describeStoreLocation', () => {
  it.each([
    ['postgres://app:s3cret@db.example:5432/deliveries', 'postgres://app:***@db.example:5432/deliveries'],
    ['postgresql://app:s3cret@db.example/deliveries?sslmode=require', 'postgresql://app:***@db.example/deliveries?sslmode=require'],
    ['postgres://app@db.example/deliveries', 'postgres://app@db.example/deliveries'],
    ['postgres://db.example/deliveries', 'postgres://db.example/deliveries'],
    ['mysql://app:s3cret@db.example/deliveries', 'mysql://app:***@db.example/deliveries'],
    ['sqlite:./deliveries.db', 'sqlite:./deliveries.db'],
    ['sqlite::memory:', 'sqlite::memory:'],
  ])('shows %s as %s', (location, shown) => {
    expect(describeStoreLocation(location)).toBe(shown);
  });

  it('shows nothing of a URL it cannot read', () => {
    expect(describeStoreLocation('postgres://app:s3cret@[db/deliveries')).toBe('postgres://(unreadable URL)');
    expect(describeStoreLocation('postgress://app:s3cret@[db/deliveries')).not.toContain('s3cret');
  });
});
