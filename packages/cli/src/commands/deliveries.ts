/**
 * `boomerang deliveries list | show | retry`: the delivery log of the outbox, read from the store the
 * server uses. `retry` only makes deliveries pending again: the running server's dispatcher sends them.
 */
import type { Delivery, DeliveryAttempt, DeliveryDetail, DeliveryState } from '@boomerang/runtime';
import { parseCommandArgs, splitSubcommand } from '../args.ts';
import { storeLocation, withOutbox } from '../delivery-store.ts';
import { CliError, usageError, type CliIo } from '../io.ts';
import { block, cell, plural, table, time } from '../table.ts';

const states: readonly DeliveryState[] = ['pending', 'delivered', 'dead'];
const store = { store: { type: 'string' } } as const;
/** How much of a response excerpt, or a last error, a table shows; `--json` has all of it. */
const excerptWidth = 60;

export async function deliveriesCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { name, rest } = await splitSubcommand('deliveries', args, ['list', 'show', 'retry']);
  if (name === 'list') return await list(rest, io);
  if (name === 'show') return await show(rest, io);
  return await retry(rest, io);
}

async function list(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = await parseCommandArgs('deliveries', args, { ...store, state: { type: 'string' }, event: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length > 0) throw usageError(`\`boomerang deliveries list\` takes no arguments; got \`${positionals[0]}\`.`, 'deliveries');
  const state = values.state;
  if (state !== undefined && !(states as readonly string[]).includes(state)) throw usageError(`--state must be pending, delivered or dead, not \`${state}\`.`, 'deliveries');
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!/^\d+$/.test(values.limit ?? '50') || limit < 1) throw usageError(`--limit must be a whole number of at least 1, not \`${values.limit}\`.`, 'deliveries');

  const location = storeLocation(values.store, io, 'deliveries');
  return await withOutbox(location, io, { create: false }, async (outbox) => {
    const filter = { ...(state !== undefined && { state: state as DeliveryState }), ...(values.event !== undefined && { event: values.event }), limit };
    const found = await outbox.deliveries.list(filter);
    if (values.json) {
      io.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
      return 0;
    }
    const counts = await outbox.deliveries.counts();
    const filters = [state === undefined ? undefined : `state ${state}`, values.event === undefined ? undefined : `event ${cell(values.event)}`].filter(Boolean).join(', ');
    if (found.length === 0) {
      io.stdout.write(filters ? `No deliveries match (${filters}).\n` : 'No deliveries.\n');
    } else {
      io.stdout.write(
        table(
          ['ID', 'STATE', 'EVENT', 'ATTEMPTS', 'LAST RESULT', 'NEXT ATTEMPT', 'CREATED', 'URL'],
          found.map((d) => [cell(d.id), d.state, cell(d.event), String(d.attempts), lastResult(d), d.state === 'pending' ? time(d.nextAttemptAt) : '-', time(d.createdAt), `${cell(d.method)} ${cell(d.url)}`]),
        ),
      );
      io.stdout.write(`${plural(found.length, 'delivery', 'deliveries')}${filters ? ` (${filters})` : ''}, newest first${found.length === limit ? ` (--limit ${limit}: there may be more)` : ''}.\n`);
    }
    io.stdout.write(`The store holds ${counts.pending} pending, ${counts.delivered} delivered, ${counts.dead} dead.\n`);
    return 0;
  });
}

async function show(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = await parseCommandArgs('deliveries', args, { ...store, json: { type: 'boolean' } });
  if (positionals.length !== 1) throw usageError('`boomerang deliveries show` takes one delivery id.', 'deliveries');
  const id = positionals[0]!;
  return await withOutbox(storeLocation(values.store, io, 'deliveries'), io, { create: false }, async (outbox) => {
    const delivery = await outbox.deliveries.show(id);
    if (delivery === undefined) throw unknownDeliveries([id]);
    io.stdout.write(values.json ? `${JSON.stringify(delivery, null, 2)}\n` : describeDelivery(delivery));
    return 0;
  });
}

async function retry(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = await parseCommandArgs('deliveries', args, { ...store, dead: { type: 'boolean' } });
  if (values.dead && positionals.length > 0) throw usageError('`boomerang deliveries retry` takes delivery ids or --dead, not both.', 'deliveries');
  if (!values.dead && positionals.length === 0) throw usageError('`boomerang deliveries retry` needs delivery ids, or --dead for every dead delivery.', 'deliveries');
  const ids = [...new Set(positionals)];
  return await withOutbox(storeLocation(values.store, io, 'deliveries'), io, { create: false }, async (outbox) => {
    let count: number;
    if (values.dead) {
      count = await outbox.deliveries.retryDead();
    } else {
      // Every id is checked first: a typo retries nothing, rather than some of them.
      const unknown: string[] = [];
      for (const id of ids) if ((await outbox.deliveries.show(id)) === undefined) unknown.push(id);
      if (unknown.length > 0) throw unknownDeliveries(unknown);
      count = await outbox.deliveries.retry(...ids);
    }
    if (count === 0) {
      io.stdout.write(values.dead ? 'No dead deliveries: nothing to retry.\n' : 'Nothing made pending again: the deliveries are gone from the store.\n');
    } else {
      io.stdout.write(`${plural(count, 'delivery', 'deliveries')} made pending again, due now, on a fresh retry schedule. A running server (or boomerang worker) sends ${count === 1 ? 'it' : 'them'}; this command sends nothing.\n`);
    }
    return 0;
  });
}

function unknownDeliveries(ids: readonly string[]): CliError {
  const named = ids.map((id) => `\`${cell(id)}\``).join(', ');
  return new CliError(`${ids.length === 1 ? `no delivery has the id ${named}` : `no deliveries have the ids ${named}`} in this store.\n  hint: \`boomerang deliveries list\` lists them (newest first).`);
}

function lastResult(delivery: Delivery): string {
  if (delivery.attempts === 0) return '-';
  if (delivery.lastError === undefined) return String(delivery.lastStatus ?? '-');
  return cell(`${delivery.lastStatus === undefined ? '' : `${delivery.lastStatus} `}${delivery.lastError}`, excerptWidth);
}

function attemptResult(attempt: DeliveryAttempt): string {
  const status = attempt.status === undefined ? '' : `${attempt.status}`;
  if (attempt.reason === undefined) return status || 'delivered';
  return cell(`${attempt.reason}${status ? ` ${status}` : ''}${attempt.error === undefined ? '' : `: ${attempt.error}`}`);
}

function describeDelivery(delivery: DeliveryDetail): string {
  const state =
    delivery.state === 'pending' ? `pending, next attempt ${time(delivery.nextAttemptAt)}${delivery.leaseOwner === undefined ? '' : ` (leased to ${cell(delivery.leaseOwner)} until ${time(delivery.leaseUntil)})`}` : delivery.state;
  const fields: [string, string][] = [
    ['state', state],
    ['event', `${cell(delivery.event)} (${delivery.kind})`],
    ['request', `${cell(delivery.method)} ${cell(delivery.url)}`],
    ...(delivery.subscriptionId === undefined ? [] : [['subscription', cell(delivery.subscriptionId)] as [string, string]]),
    ['content type', cell(delivery.contentType)],
    ['headers', Object.keys(delivery.headers).length === 0 ? '-' : Object.keys(delivery.headers).map((name) => cell(name)).join(', ')],
    ['created', time(delivery.createdAt)],
    ['updated', time(delivery.updatedAt)],
    ['attempts', delivery.scheduleStart > 0 ? `${delivery.attempts} (retried by hand after attempt ${delivery.scheduleStart})` : String(delivery.attempts)],
  ];
  const width = Math.max(...fields.map(([name]) => name.length));
  let text = `Delivery ${cell(delivery.id)}\n${fields.map(([name, value]) => `  ${name.padEnd(width)}  ${value}\n`).join('')}`;
  text += `  ${'payload'.padEnd(width)}  ${delivery.payload === '' ? '(none)' : block(delivery.payload).split('\n').join(`\n  ${' '.repeat(width)}  `)}\n\n`;
  if (delivery.log.length === 0) return `${text}No attempt yet.\n`;
  return (
    text +
    `Attempts (oldest first):\n` +
    table(
      ['#', 'TIME', 'RESULT', 'DURATION', 'NEXT ATTEMPT', 'RESPONSE'],
      delivery.log.map((attempt) => [String(attempt.attempt), time(attempt.startedAt), attemptResult(attempt), `${Math.round(attempt.durationMs)} ms`, time(attempt.nextAttemptAt), cell(attempt.responseExcerpt, excerptWidth)]),
      '  ',
    )
  );
}
