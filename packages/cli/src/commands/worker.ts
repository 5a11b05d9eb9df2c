/**
 * `boomerang worker [project-dir]`: a process that only delivers. It runs the outbox's dispatcher on the
 * store the servers queue into (Postgres shared by any number of servers and workers, or a server's
 * SQLite file), so delivery scales apart from the API. It reads the environment the generated main.ts
 * reads, and logs one JSON line per event with main.ts's field names. Given the project, it checks the
 * receivers' answers against the documented responses exactly as the generated server registers them:
 * `registerCallbackSpecs` for callbacks, `webhookSender` (which registers its event) for webhooks.
 */
import { relative, resolve } from 'node:path';
import type { CallbackSpec, DeliveryFailure, DeliveryResult, Outbox, WebhookSpec } from '@boomerang/runtime';
import { parseCommandArgs } from '../args.ts';
import { openDeliveryStore, sqliteFile, storeLocation, withoutPassword } from '../delivery-store.ts';
import { CliError, usageError, type CliIo } from '../io.ts';
import { nextSignal } from '../signals.ts';

/** The dispatcher's own default, said here so that the started line can report it. */
const defaultConcurrency = 16;
const defaultGraceMs = 10_000;

type Level = 'info' | 'warn' | 'error';

/** What the project's definition gives the worker: the specs the generated server registers. */
interface ProjectSpecs {
  readonly callbacks: readonly CallbackSpec[];
  readonly webhooks: readonly WebhookSpec[];
}

export async function workerCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = await parseCommandArgs('worker', args, { store: { type: 'string' }, concurrency: { type: 'string' } });
  if (positionals.length > 1) throw usageError('`boomerang worker` takes at most one project folder.', 'worker');
  const concurrency = values.concurrency === undefined ? defaultConcurrency : Number(values.concurrency);
  if (values.concurrency !== undefined && !(/^\d+$/.test(values.concurrency) && concurrency >= 1)) {
    throw usageError(`--concurrency must be a whole number of at least 1, not \`${values.concurrency}\`.`, 'worker');
  }

  const env = io.env ?? process.env;
  const secrets = (env['CALLBACK_SECRET'] ?? '').split(/\s+/).filter(Boolean);
  const allowHosts = (env['CALLBACK_ALLOW_HOSTS'] ?? '').split(',').map((host) => host.trim()).filter(Boolean);
  const graceText = env['SHUTDOWN_GRACE_MS']?.trim();
  const graceMs = graceText ? Number(graceText) : defaultGraceMs;
  if (!(Number.isFinite(graceMs) && graceMs >= 0)) throw new CliError(`SHUTDOWN_GRACE_MS must be a number of milliseconds, 0 or more; got \`${graceText}\`.`);

  const location = storeLocation(values.store, io, 'worker');
  if (location.startsWith('sqlite:') && sqliteFile(location, io.cwd) === undefined) {
    throw new CliError(`a worker delivers what other processes queue, so it needs a store they share: a sqlite:<file> or a postgres:// URL, not \`${location}\`.`);
  }

  const dir = positionals[0];
  const specs = dir === undefined ? undefined : await projectSpecs(resolve(io.cwd, dir), io);

  const { createOutbox, describeStoreLocation, registerCallbackSpecs, webhookSender } = await import('@boomerang/runtime');
  const store = await openDeliveryStore(location, io, { create: false });
  const log = (level: Level, msg: string, fields: Record<string, unknown> = {}) => io.stdout.write(`${JSON.stringify({ level, time: Date.now(), msg, ...fields })}\n`);

  let outbox: Outbox;
  try {
    outbox = createOutbox({
      store,
      secrets,
      policy: { allowHosts },
      concurrency,
      // The same lines, and field names, as the generated main.ts logs.
      onRetry: (event: string, url: string, failure: DeliveryFailure, delayMs: number) =>
        log('warn', `callback attempt failed, retrying: ${failure.message}`, { event, url, attempt: failure.attempts, reason: failure.reason, status: failure.status, delayMs }),
      onDelivery: (event: string, url: string, result: DeliveryResult) => {
        if (result.ok) log('info', 'callback delivered', { event, url, status: result.status, attempts: result.attempts, webhookId: result.webhookId });
        else log('error', `callback failed: ${result.message}`, { event, url, reason: result.reason, status: result.status, attempts: result.attempts, webhookId: result.webhookId });
      },
      // The store failed (the database is down): the dispatcher keeps trying; deliveries wait where they are.
      onError: (error: unknown) => log('error', 'delivery store error', { err: errorFields(error, location, describeStoreLocation(location)) }),
    });
  } catch (error) {
    await store.close();
    throw error;
  }

  // As createServer does: callbacks through registerCallbackSpecs, webhooks as their senders register them.
  if (specs !== undefined) {
    registerCallbackSpecs(outbox, specs.callbacks);
    for (const spec of specs.webhooks) webhookSender(spec, { outbox });
  }

  const stopping = nextSignal();
  outbox.start();
  log('info', 'worker started', {
    store: describeStoreLocation(location),
    worker: outbox.worker,
    concurrency,
    validatesAnswers: specs !== undefined,
    ...(specs === undefined
      ? {}
      : { project: relative(io.cwd, resolve(io.cwd, dir!)) || '.', callbacks: specs.callbacks.map((s) => s.event), webhooks: specs.webhooks.map((s) => s.event) }),
  });
  if (specs === undefined) log('warn', "no project folder given: receivers' answers are not checked against the documented responses (any 2xx is delivered)");
  if (secrets.length === 0) log('warn', 'CALLBACK_SECRET is not set: callbacks are sent unsigned');

  const signal = await stopping;
  log('info', 'shutting down', { signal, graceMs });
  await outbox.close({ graceMs });
  log('info', 'worker stopped', { signal, worker: outbox.worker });
  return 0;
}


function errorFields(error: unknown, location: string, described: string): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: withoutPassword(String(error), location, described) };
  return { type: error.name, message: withoutPassword(error.message, location, described), ...((error as { code?: unknown }).code === undefined ? {} : { code: (error as { code?: unknown }).code }) };
}

/**
 * The project's callbacks and webhooks, as the generated server's specs: config → definition → model →
 * receiver routes, each route's responses as `deliveryView` (templates/server-fastify) builds them:
 * status key → body schema, or null. Schemas go through JSON as the generated file's do.
 */
async function projectSpecs(root: string, io: CliIo): Promise<ProjectSpecs> {
  const { createUserModuleLoader, loadConfig, loadDefinition } = await import('@boomerang/codegen');
  const { buildApiModel, buildReceiverRoutes, formatDiagnostic } = await import('@boomerang/core');
  const loader = createUserModuleLoader();
  const { file: configFile, config } = await loadConfig(root, loader);
  const definitionPath = resolve(root, config.definition ?? './api.ts');
  const shownConfig = relative(io.cwd, configFile) || configFile;
  const definition = await loadDefinition(definitionPath, {
    shown: relative(io.cwd, definitionPath) || definitionPath,
    ...(config.definition === undefined
      ? { missingHint: `${shownConfig} names no \`definition\`, so it is the default, ./api.ts; set \`definition: './path/to/api.ts'\` to use another file.` }
      : { namedBy: `\`definition\` in ${shownConfig}` }),
    loader,
  });
  const built = buildApiModel(definition);
  const routes = built.ok ? buildReceiverRoutes(built.model) : undefined;
  const errors = [...built.diagnostics, ...(routes?.diagnostics ?? [])].filter((d) => d.severity === 'error');
  if (!built.ok || routes === undefined || errors.length > 0) {
    for (const d of errors) io.stderr.write(`${formatDiagnostic(d)}\n`);
    throw new CliError(`the definition has ${errors.length} error${errors.length === 1 ? '' : 's'}; the worker did not start.`);
  }
  const json = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;
  // A boolean schema, as an object schema that means the same (the validators key on objects).
  const schemaObject = (schema: unknown): object => (schema === true ? {} : schema === false ? { not: {} } : json<object>(schema));
  const components = Object.fromEntries(Object.entries(built.model.schemas).map(([name, schema]) => [name, schemaObject(schema)]));
  const callbacks: CallbackSpec[] = [];
  const webhooks: WebhookSpec[] = [];
  for (const route of routes.routes) {
    const o = route.operation;
    const body = o.requestBody;
    const spec = {
      event: route.event,
      method: route.method,
      contentType: body?.contentType ?? 'application/json',
      ...(body?.schema !== undefined ? { bodySchema: schemaObject(body.schema) } : {}),
      responses: Object.fromEntries(o.responses.map((r) => [r.status, r.body?.schema !== undefined ? schemaObject(r.body.schema) : null])),
      components,
    };
    if (route.kind === 'callback') callbacks.push({ ...spec, url: route.expression ?? '' });
    else webhooks.push(spec);
  }
  return { callbacks, webhooks };
}
