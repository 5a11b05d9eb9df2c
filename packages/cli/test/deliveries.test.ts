/**
 * `boomerang deliveries` and `boomerang subscriptions` on a real SQLite store: made through the runtime
 * (`openStore`, `createOutbox`, `enqueue`), with attempts written by `store.claim` + `store.record` at
 * fixed times, then read and changed by the CLI's `main` as an operator would; what changed is
 * checked through the store.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOutbox, openStore, type DeliveryStore } from '@boomerang/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';

const t0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const worker = 'test-worker';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'boomerang-deliveries-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A store in <tmp>/d.db holding four deliveries, all created at t0:
 *   msg_1  callback invoice_notification, delivered at its 2nd attempt (a 503 first)
 *   msg_2  webhook invoice.paid, dead after a timeout
 *   msg_3  callback invoice_notification, pending, due in a minute, no attempt yet
 *   msg_4  webhook invoice.voided, dead after a 500
 */
async function seeded(): Promise<{ dir: string; store: DeliveryStore }> {
  const dir = tempDir();
  const store = await openStore(`sqlite:${join(dir, 'd.db')}`);
  cleanups.push(() => store.close());
  let n = 0;
  const outbox = createOutbox({ store, now: () => t0, idGenerator: () => `msg_${++n}` });
  await outbox.enqueue({ kind: 'callback', event: 'invoice_notification', url: 'https://receiver.example/invoices/1', method: 'post', body: { id: 'inv_1' } });
  await outbox.enqueue({ kind: 'webhook', event: 'invoice.paid', url: 'https://hooks.example/paid', method: 'post', body: { id: 'inv_2' } }, { headers: { 'x-tenant': 'acme' } });
  await outbox.enqueue({ kind: 'callback', event: 'invoice_notification', url: 'https://receiver.example/invoices/3', method: 'post', body: { id: 'inv_3' } }, { delayMs: 60_000 });
  await outbox.enqueue({ kind: 'webhook', event: 'invoice.voided', url: 'https://hooks.example/voided', method: 'post', body: { id: 'inv_4' } });

  const first = await store.claim({ limit: 10, leaseMs: 30_000, now: t0, worker });
  expect(first.map((d) => d.id).sort()).toEqual(['msg_1', 'msg_2', 'msg_4']);
  expect(
    await store.record(
      { deliveryId: 'msg_1', attempt: 1, startedAt: t0, durationMs: 120, status: 503, reason: 'http-status', error: 'The receiver answered 503.', responseExcerpt: 'Service Unavailable\n\u001b[31mred', nextAttemptAt: t0 + 5000, worker },
      { state: 'pending', nextAttemptAt: t0 + 5000 },
    ),
  ).toBe(true);
  expect(await store.record({ deliveryId: 'msg_2', attempt: 1, startedAt: t0, durationMs: 10_000, reason: 'timeout', error: 'No answer within 10000 ms.', worker }, { state: 'dead' })).toBe(true);
  expect(await store.record({ deliveryId: 'msg_4', attempt: 1, startedAt: t0, durationMs: 40, status: 500, reason: 'http-status', error: 'The receiver answered 500.', responseExcerpt: 'oops', worker }, { state: 'dead' })).toBe(true);

  const second = await store.claim({ limit: 10, leaseMs: 30_000, now: t0 + 5000, worker });
  expect(second.map((d) => d.id)).toEqual(['msg_1']);
  expect(await store.record({ deliveryId: 'msg_1', attempt: 2, startedAt: t0 + 5000, durationMs: 80, status: 200, responseExcerpt: '{"ok":true}', worker }, { state: 'delivered' })).toBe(true);
  return { dir, store };
}

/** The CLI in this process, with its own environment (no CALLBACK_STORE unless given). */
async function boomerang(cwd: string, args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, cwd, env });
  return { code, stdout, stderr };
}

/** The table row whose first cell is `id`. */
function row(stdout: string, id: string): string {
  const found = stdout.split('\n').find((line) => line.trimStart().startsWith(`${id} `));
  if (found === undefined) throw new Error(`no row for ${id} in:\n${stdout}`);
  return found;
}

describe('boomerang deliveries list', () => {
  it('lists every delivery, newest first, in an aligned table, with the counts', async () => {
    const { dir } = await seeded();
    const { code, stdout, stderr } = await boomerang(dir, ['deliveries', 'list', '--store', 'sqlite:./d.db']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const header = lines[0]!;
    expect(header).toMatch(/^ID +STATE +EVENT +ATTEMPTS +LAST RESULT +NEXT ATTEMPT +CREATED +URL$/);
    expect(lines.slice(1, 5).map((line) => line.split(' ')[0])).toEqual(['msg_4', 'msg_3', 'msg_2', 'msg_1']);
    for (const line of lines.slice(1, 5)) {
      for (const column of ['STATE', 'EVENT', 'ATTEMPTS', 'CREATED']) expect(line[header.indexOf(column) - 1]).toBe(' ');
    }
    const delivered = row(stdout, 'msg_1');
    expect(delivered.slice(header.indexOf('STATE'))).toMatch(/^delivered +invoice_notification +2 +200 +- +2025-01-01T12:00:00\.000Z +POST https:\/\/receiver\.example\/invoices\/1$/);
    expect(row(stdout, 'msg_2').slice(header.indexOf('STATE'))).toMatch(/^dead +invoice\.paid +1 +No answer within 10000 ms\. +- /);
    expect(row(stdout, 'msg_3').slice(header.indexOf('STATE'))).toMatch(new RegExp(`^pending +invoice_notification +0 +- +${iso(t0 + 60_000).replaceAll('.', '\\.')} `));
    expect(row(stdout, 'msg_4').slice(header.indexOf('STATE'))).toMatch(/^dead +invoice\.voided +1 +500 The receiver answered 500\. +- /);
    expect(stdout).toContain('4 deliveries, newest first.\nThe store holds 1 pending, 1 delivered, 2 dead.\n');
  });

  it('filters by --state and --event, and stops at --limit', async () => {
    const { dir } = await seeded();
    const dead = await boomerang(dir, ['deliveries', 'list', '--state', 'dead', '--store', 'sqlite:./d.db']);
    expect(dead.code).toBe(0);
    expect(dead.stdout.split('\n').slice(1, -3).map((line) => line.split(' ')[0])).toEqual(['msg_4', 'msg_2']);
    expect(dead.stdout).toContain('2 deliveries (state dead), newest first.');

    const callbacks = await boomerang(dir, ['deliveries', 'list', '--event', 'invoice_notification', '--store', 'sqlite:./d.db']);
    expect(callbacks.stdout.split('\n').slice(1, -3).map((line) => line.split(' ')[0])).toEqual(['msg_3', 'msg_1']);

    const both = await boomerang(dir, ['deliveries', 'list', '--state', 'pending', '--event', 'invoice.paid', '--store', 'sqlite:./d.db']);
    expect(both.stdout).toBe('No deliveries match (state pending, event invoice.paid).\nThe store holds 1 pending, 1 delivered, 2 dead.\n');

    const limited = await boomerang(dir, ['deliveries', 'list', '--limit', '1', '--store', 'sqlite:./d.db']);
    expect(limited.stdout.split('\n').slice(1, -3).map((line) => line.split(' ')[0])).toEqual(['msg_4']);
    expect(limited.stdout).toContain('1 delivery, newest first (--limit 1: there may be more).');
  });

  it('prints JSON with --json', async () => {
    const { dir } = await seeded();
    const { code, stdout } = await boomerang(dir, ['deliveries', 'list', '--state', 'dead', '--json', '--store', 'sqlite:./d.db']);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { id: string; state: string; event: string; headers: Record<string, string> }[];
    expect(parsed.map((d) => [d.id, d.state, d.event])).toEqual([
      ['msg_4', 'dead', 'invoice.voided'],
      ['msg_2', 'dead', 'invoice.paid'],
    ]);
    expect(parsed[1]!.headers).toEqual({ 'x-tenant': 'acme' });
  });

  it('refuses a --state or --limit it does not know as bad usage', async () => {
    const { dir } = await seeded();
    const state = await boomerang(dir, ['deliveries', 'list', '--state', 'failed', '--store', 'sqlite:./d.db']);
    expect(state).toEqual({ code: 2, stdout: '', stderr: 'boomerang: --state must be pending, delivered or dead, not `failed`.\nRun `boomerang deliveries --help` for usage.\n' });
    expect((await boomerang(dir, ['deliveries', 'list', '--limit', '0', '--store', 'sqlite:./d.db'])).code).toBe(2);
    expect((await boomerang(dir, ['deliveries', 'list', '--limit', 'ten', '--store', 'sqlite:./d.db'])).code).toBe(2);
    const sub = await boomerang(dir, ['deliveries', 'lsit']);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('unknown subcommand `lsit` for `boomerang deliveries`; did you mean `list`?');
  });
});

describe('boomerang deliveries show', () => {
  it('prints the delivery and every attempt', async () => {
    const { dir } = await seeded();
    const { code, stdout, stderr } = await boomerang(dir, ['deliveries', 'show', 'msg_1', '--store', 'sqlite:./d.db']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Delivery msg_1\n/);
    expect(stdout).toMatch(/\n {2}state +delivered\n/);
    expect(stdout).toMatch(/\n {2}event +invoice_notification \(callback\)\n/);
    expect(stdout).toMatch(/\n {2}request +POST https:\/\/receiver\.example\/invoices\/1\n/);
    expect(stdout).toMatch(/\n {2}payload +\{"id":"inv_1"\}\n/);
    const attempts = stdout.slice(stdout.indexOf('Attempts (oldest first):\n') + 'Attempts (oldest first):\n'.length).split('\n');
    expect(attempts[0]).toMatch(/^ {2}# +TIME +RESULT +DURATION +NEXT ATTEMPT +RESPONSE$/);
    expect(attempts[1]).toMatch(/^ {2}1 +2025-01-01T12:00:00\.000Z +http-status 503: The receiver answered 503\. +120 ms +2025-01-01T12:00:05\.000Z +Service Unavailable \\u001b\[31mred$/);
    expect(attempts[2]).toMatch(/^ {2}2 +2025-01-01T12:00:05\.000Z +200 +80 ms +- +\{"ok":true\}$/);
    // What a receiver answered is shown, never sent to the terminal as it is.
    expect(stdout).not.toContain('\u001b');
  });

  it('shows a dead delivery with the reason and message of its failure', async () => {
    const { dir } = await seeded();
    const { code, stdout } = await boomerang(dir, ['deliveries', 'show', 'msg_2', '--store', 'sqlite:./d.db']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\n {2}state +dead\n/);
    expect(stdout).toMatch(/\n {2}headers +x-tenant\n/);
    expect(stdout).toMatch(/\n {2}1 +2025-01-01T12:00:00\.000Z +timeout: No answer within 10000 ms\. +10000 ms +- +-\n/);
  });

  it('says when no attempt was made yet, and when the next one is due', async () => {
    const { dir } = await seeded();
    const { code, stdout } = await boomerang(dir, ['deliveries', 'show', 'msg_3', '--store', 'sqlite:./d.db']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\n {2}state +pending, next attempt 2025-01-01T12:01:00\.000Z\n/);
    expect(stdout).toMatch(/\nNo attempt yet\.\n$/);
  });

  it('prints the delivery and its log as JSON with --json', async () => {
    const { dir } = await seeded();
    const { code, stdout } = await boomerang(dir, ['deliveries', 'show', 'msg_1', '--json', '--store', 'sqlite:./d.db']);
    expect(code).toBe(0);
    const detail = JSON.parse(stdout) as { id: string; state: string; log: { attempt: number; status: number; reason?: string; responseExcerpt: string }[] };
    expect(detail.id).toBe('msg_1');
    expect(detail.state).toBe('delivered');
    expect(detail.log.map((a) => [a.attempt, a.status, a.reason])).toEqual([
      [1, 503, 'http-status'],
      [2, 200, undefined],
    ]);
    expect(detail.log[0]!.responseExcerpt).toBe('Service Unavailable\n\u001b[31mred');
  });

  it('exits 1 naming an unknown id', async () => {
    const { dir } = await seeded();
    const { code, stdout, stderr } = await boomerang(dir, ['deliveries', 'show', 'msg_nope', '--store', 'sqlite:./d.db']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^boomerang: no delivery has the id `msg_nope` in this store\.\n/);
  });
});

describe('boomerang deliveries retry', () => {
  it('makes a dead delivery pending again, on a fresh schedule', async () => {
    const { dir, store } = await seeded();
    const { code, stdout, stderr } = await boomerang(dir, ['deliveries', 'retry', 'msg_2', '--store', 'sqlite:./d.db']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1 delivery made pending again, due now, on a fresh retry schedule\. A running server \(or boomerang worker\) sends it/);
    const retried = await store.get('msg_2');
    expect(retried?.state).toBe('pending');
    expect(retried?.scheduleStart).toBe(1);
    expect((await store.get('msg_4'))?.state).toBe('dead');
    expect(await store.counts()).toEqual({ pending: 2, delivered: 1, dead: 1 });
  });

  it('retries every dead delivery with --dead, and says so when there is none', async () => {
    const { dir, store } = await seeded();
    const all = await boomerang(dir, ['deliveries', 'retry', '--dead', '--store', 'sqlite:./d.db']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^2 deliveries made pending again, due now, on a fresh retry schedule\. A running server \(or boomerang worker\) sends them/);
    expect(await store.counts()).toEqual({ pending: 3, delivered: 1, dead: 0 });
    const again = await boomerang(dir, ['deliveries', 'retry', '--dead', '--store', 'sqlite:./d.db']);
    expect(again).toEqual({ code: 0, stdout: 'No dead deliveries: nothing to retry.\n', stderr: '' });
  });

  it('retries nothing, and exits 1 naming it, when one id is unknown', async () => {
    const { dir, store } = await seeded();
    const { code, stdout, stderr } = await boomerang(dir, ['deliveries', 'retry', 'msg_2', 'msg_nope', '--store', 'sqlite:./d.db']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^boomerang: no delivery has the id `msg_nope` in this store\.\n/);
    expect((await store.get('msg_2'))?.state).toBe('dead');
  });

  it('takes ids or --dead, one of them', async () => {
    const { dir } = await seeded();
    expect((await boomerang(dir, ['deliveries', 'retry', '--store', 'sqlite:./d.db'])).code).toBe(2);
    expect((await boomerang(dir, ['deliveries', 'retry', 'msg_2', '--dead', '--store', 'sqlite:./d.db'])).code).toBe(2);
  });
});

describe('the delivery store', () => {
  it.each(['deliveries list', 'deliveries show msg_1', 'deliveries retry msg_1', 'deliveries retry --dead', 'subscriptions list'])('boomerang %s exits 1 when the SQLite file is missing, and creates nothing', async (line) => {
    const args = line.split(' ');
    const dir = tempDir();
    const { code, stdout, stderr } = await boomerang(dir, args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`boomerang: No delivery store at ${join(dir, 'deliveries.db')}: start the server once (it creates it) or pass --store\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reads CALLBACK_STORE when there is no --store, and --store before it', async () => {
    const { dir } = await seeded();
    const fromEnv = await boomerang(dir, ['deliveries', 'list'], { CALLBACK_STORE: 'sqlite:./d.db' });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toContain('4 deliveries, newest first.');
    const missing = await boomerang(dir, ['deliveries', 'list'], { CALLBACK_STORE: 'sqlite:./elsewhere.db' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`No delivery store at ${join(dir, 'elsewhere.db')}:`);
    const option = await boomerang(dir, ['deliveries', 'list', '--store', 'sqlite:./d.db'], { CALLBACK_STORE: 'sqlite:./elsewhere.db' });
    expect(option.code).toBe(0);
    expect(existsSync(join(dir, 'elsewhere.db'))).toBe(false);
  });

  it('never prints a Postgres password', async () => {
    const dir = tempDir();
    const { code, stdout, stderr } = await boomerang(dir, ['deliveries', 'list', '--store', 'postgres://ops:hunter22secret@127.0.0.1:1/boomerang']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^boomerang: cannot open the delivery store postgres:\/\/ops:\*\*\*@127\.0\.0\.1:1\/boomerang: /);
    expect(stderr).not.toContain('hunter22secret');
  });

  it('says in its help where the store is by default', async () => {
    const { code, stdout } = await boomerang(tempDir(), ['deliveries', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('CALLBACK_STORE environment variable');
    expect(stdout.replace(/\s+/g, ' ')).toContain('sqlite:./deliveries.db relative to the current directory');
  });
});

describe('boomerang subscriptions', () => {
  it('adds, lists, disables, enables, rotates the secret of and removes a subscription', async () => {
    const { dir, store } = await seeded();
    const s = ['--store', 'sqlite:./d.db'];
    const added = await boomerang(dir, ['subscriptions', 'add', 'https://hooks.example/acme', '--events', 'invoice.paid,invoice.voided', '--description', 'Acme billing', ...s]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const id = /^Added subscription (sub_\w+)\n/.exec(added.stdout)?.[1];
    const secret = /\n {2}secret {2}(whsec_\S+)\n/.exec(added.stdout)?.[1];
    expect(id).toBeDefined();
    expect(secret).toBeDefined();
    expect(added.stdout).toContain('  events  invoice.paid, invoice.voided\n');
    const stored = await store.getSubscription(id!);
    expect(stored).toMatchObject({ url: 'https://hooks.example/acme', secret, events: ['invoice.paid', 'invoice.voided'], enabled: true, description: 'Acme billing' });

    const listed = await boomerang(dir, ['subscriptions', 'list', ...s]);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^ID +STATE +EVENTS +URL +CREATED +DESCRIPTION$/);
    expect(row(listed.stdout, id!)).toMatch(/^sub_\w+ +enabled +invoice\.paid,invoice\.voided +https:\/\/hooks\.example\/acme +\d{4}-\d\d-\d\dT[\d:.]+Z +Acme billing$/);
    expect(listed.stdout).not.toContain(secret);
    const json = JSON.parse((await boomerang(dir, ['subscriptions', 'list', '--json', ...s])).stdout) as Record<string, unknown>[];
    expect(json).toEqual([expect.objectContaining({ id, url: 'https://hooks.example/acme', enabled: true })]);
    expect(json[0]).not.toHaveProperty('secret');

    const disabled = await boomerang(dir, ['subscriptions', 'disable', id!, ...s]);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toMatch(/^Disabled subscription sub_\w+ \(https:\/\/hooks\.example\/acme\)\./);
    expect((await store.getSubscription(id!))?.enabled).toBe(false);
    expect(row((await boomerang(dir, ['subscriptions', 'list', ...s])).stdout, id!)).toMatch(/^sub_\w+ +disabled +/);
    expect((await boomerang(dir, ['subscriptions', 'disable', id!, ...s])).stdout).toBe(`Subscription ${id} (https://hooks.example/acme) was already disabled.\n`);
    expect((await boomerang(dir, ['subscriptions', 'enable', id!, ...s])).code).toBe(0);
    expect((await store.getSubscription(id!))?.enabled).toBe(true);

    const rotated = await boomerang(dir, ['subscriptions', 'rotate-secret', id!, ...s]);
    expect(rotated.code).toBe(0);
    const newSecret = /\n {2}(\S+)\n/.exec(rotated.stdout)?.[1];
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    expect((await store.getSubscription(id!))?.secret).toBe(newSecret);

    const removed = await boomerang(dir, ['subscriptions', 'remove', id!, ...s]);
    expect(removed.code).toBe(0);
    expect(await store.getSubscription(id!)).toBeUndefined();
    const again = await boomerang(dir, ['subscriptions', 'remove', id!, ...s]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`no subscription has the id \`${id}\``);
  });

  it('exits 1 naming an unknown id, for each subcommand that takes one', async () => {
    const { dir } = await seeded();
    for (const sub of ['disable', 'enable', 'rotate-secret', 'remove']) {
      const { code, stdout, stderr } = await boomerang(dir, ['subscriptions', sub, 'sub_nope', '--store', 'sqlite:./d.db']);
      expect({ sub, code, stdout }).toEqual({ sub, code: 1, stdout: '' });
      expect(stderr).toMatch(/^boomerang: no subscription has the id `sub_nope` in this store\.\n/);
    }
  });

  it('refuses a URL or a secret that is not valid as bad usage', async () => {
    const { dir, store } = await seeded();
    const url = await boomerang(dir, ['subscriptions', 'add', 'ftp://hooks.example', '--store', 'sqlite:./d.db']);
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('http or https');
    const secret = await boomerang(dir, ['subscriptions', 'add', 'https://hooks.example', '--secret', 'hunter2', '--store', 'sqlite:./d.db']);
    expect(secret.code).toBe(2);
    expect(secret.stderr).toContain('whsec_');
    expect(await store.listSubscriptions()).toEqual([]);
  });

  it('keeps the secret given to add, and creates a SQLite store that is not there yet (saying so)', async () => {
    const dir = tempDir();
    const given = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const { code, stdout, stderr } = await boomerang(dir, ['subscriptions', 'add', 'https://hooks.example/new', '--secret', given]);
    expect(code).toBe(0);
    expect(stderr).toBe(`created the delivery store sqlite:${join(dir, 'deliveries.db')}\n`);
    expect(stdout).toContain(`  secret  ${given}\n`);
    expect(stdout).toContain(`  events  *\n`);
    const store = await openStore(`sqlite:${join(dir, 'deliveries.db')}`);
    cleanups.push(() => store.close());
    expect((await store.listSubscriptions()).map((s) => [s.url, s.secret, s.events])).toEqual([['https://hooks.example/new', given, ['*']]]);
  });
});
