/**
 * `boomerang subscriptions add | list | disable | enable | rotate-secret | remove`: the webhook
 * endpoints kept in the delivery store. A secret is printed once, when it is made (`add`,
 * `rotate-secret`); `list` never shows one.
 */
import type { Outbox, Subscription } from '@boomerang/runtime';
import { parseCommandArgs, splitSubcommand } from '../args.ts';
import { storeLocation, withOutbox } from '../delivery-store.ts';
import { CliError, usageError, type CliIo } from '../io.ts';
import { cell, table, time } from '../table.ts';

const subcommands = ['add', 'list', 'disable', 'enable', 'rotate-secret', 'remove'] as const;
const store = { store: { type: 'string' } } as const;

export async function subscriptionsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { name, rest } = await splitSubcommand('subscriptions', args, subcommands);
  if (name === 'add') return await add(rest, io);
  if (name === 'list') return await list(rest, io);
  if (name === 'rotate-secret') return await rotateSecret(rest, io);
  return await change(name, rest, io);
}

async function add(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = await parseCommandArgs('subscriptions', args, { ...store, events: { type: 'string' }, secret: { type: 'string' }, description: { type: 'string' } });
  if (positionals.length !== 1) throw usageError('`boomerang subscriptions add` takes one URL.', 'subscriptions');
  const events = values.events?.split(',').map((event) => event.trim()).filter(Boolean);
  if (events !== undefined && events.length === 0) throw usageError('--events needs webhook names, comma-separated (or `*` for all of them).', 'subscriptions');
  // A missing SQLite file is created: an endpoint may be set up before the server first runs.
  return await withOutbox(storeLocation(values.store, io, 'subscriptions'), io, { create: true }, async (outbox) => {
    const added = await invalidAsUsage(() =>
      outbox.subscriptions.add({ url: positionals[0]!, ...(events && { events }), ...(values.secret !== undefined && { secret: values.secret }), ...(values.description !== undefined && { description: values.description }) }),
    );
    io.stdout.write(
      `Added subscription ${cell(added.id)}\n` +
        `  url     ${cell(added.url)}\n` +
        `  events  ${added.events.map((event) => cell(event)).join(', ')}\n` +
        `  secret  ${added.secret}\n` +
        `The secret is shown only now${values.secret === undefined ? '' : ' (it is the one you gave)'}: the endpoint verifies signatures with it. \`boomerang subscriptions rotate-secret ${cell(added.id)}\` makes a new one.\n`,
    );
    return 0;
  });
}

async function list(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = await parseCommandArgs('subscriptions', args, { ...store, json: { type: 'boolean' } });
  if (positionals.length > 0) throw usageError(`\`boomerang subscriptions list\` takes no arguments; got \`${positionals[0]}\`.`, 'subscriptions');
  return await withOutbox(storeLocation(values.store, io, 'subscriptions'), io, { create: false }, async (outbox) => {
    const all = await outbox.subscriptions.list();
    if (values.json) {
      io.stdout.write(`${JSON.stringify(all.map(({ secret: _secret, ...rest }) => rest), null, 2)}\n`);
    } else if (all.length === 0) {
      io.stdout.write('No subscriptions. `boomerang subscriptions add <url>` adds one.\n');
    } else {
      io.stdout.write(
        table(
          ['ID', 'STATE', 'EVENTS', 'URL', 'CREATED', 'DESCRIPTION'],
          all.map((s) => [cell(s.id), s.enabled ? 'enabled' : 'disabled', s.events.map((event) => cell(event)).join(','), cell(s.url), time(s.createdAt), cell(s.description)]),
        ),
      );
    }
    return 0;
  });
}

async function rotateSecret(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = await parseCommandArgs('subscriptions', args, { ...store, secret: { type: 'string' } });
  if (positionals.length !== 1) throw usageError('`boomerang subscriptions rotate-secret` takes one subscription id.', 'subscriptions');
  const id = positionals[0]!;
  return await withOutbox(storeLocation(values.store, io, 'subscriptions'), io, { create: false }, async (outbox) => {
    await existing(outbox, id);
    const rotated = await invalidAsUsage(() => outbox.subscriptions.rotateSecret(id, values.secret));
    io.stdout.write(
      `New secret of ${cell(rotated.id)} (${cell(rotated.url)}):\n  ${rotated.secret}\n` +
        'Deliveries are signed with it from their next attempt on, and no longer with the old one: give it to the endpoint now.\n',
    );
    return 0;
  });
}

async function change(name: 'disable' | 'enable' | 'remove', args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = await parseCommandArgs('subscriptions', args, store);
  if (positionals.length !== 1) throw usageError(`\`boomerang subscriptions ${name}\` takes one subscription id.`, 'subscriptions');
  const id = positionals[0]!;
  return await withOutbox(storeLocation(values.store, io, 'subscriptions'), io, { create: false }, async (outbox) => {
    const before = await existing(outbox, id);
    const what = `${cell(before.id)} (${cell(before.url)})`;
    if (name === 'remove') {
      if (!(await outbox.subscriptions.remove(id))) throw unknownSubscription(id);
      io.stdout.write(`Removed subscription ${what}. Its pending deliveries go dead at their next attempt.\n`);
    } else if (before.enabled === (name === 'enable')) {
      io.stdout.write(`Subscription ${what} was already ${name}d.\n`);
    } else {
      await (name === 'enable' ? outbox.subscriptions.enable(id) : outbox.subscriptions.disable(id));
      io.stdout.write(
        name === 'enable'
          ? `Enabled subscription ${what}. Deliveries that went dead while it was disabled stay dead: \`boomerang deliveries retry\` sends them again.\n`
          : `Disabled subscription ${what}. Its pending deliveries go dead at their next attempt; once it is enabled again, \`boomerang deliveries retry\` sends them.\n`,
      );
    }
    return 0;
  });
}

async function existing(outbox: Outbox, id: string): Promise<Subscription> {
  const found = await outbox.subscriptions.get(id);
  if (found === undefined) throw unknownSubscription(id);
  return found;
}

function unknownSubscription(id: string): CliError {
  return new CliError(`no subscription has the id \`${cell(id)}\` in this store.\n  hint: \`boomerang subscriptions list\` lists them.`);
}

/** The runtime refuses a URL, an event list or a secret with a TypeError: the user's value, so bad usage. */
async function invalidAsUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TypeError) throw usageError(error.message, 'subscriptions');
    throw error;
  }
}
