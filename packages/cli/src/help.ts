/**
 * What `--help` prints: each command's usage and what its exit codes mean. Kept apart from the
 * commands, so that printing it (and `--version`) loads none of them, nor what they need.
 */

export const openapiHelp = `boomerang openapi <definition.ts> [--format json|yaml] [--openapi 3.1|3.0] [--unsigned-deliveries]

  Prints the OpenAPI document of a definition on stdout.

  <definition.ts>     a TypeScript (or JavaScript) file whose default export is defineApi({...});
                      it is loaded as it is, no build step needed
  --format json|yaml  the output format (default: json)
  --openapi 3.1|3.0   the OpenAPI version (default: 3.1, i.e. 3.1.0; 3.0 emits 3.0.3, with
                      schemas converted and webhooks under x-webhooks)
  --unsigned-deliveries  callbacks and webhooks that declare no \`security\` are not signed: the
                      document says \`security: []\` for each, and has no standardWebhooks scheme

  Definition errors are printed on stderr, each with its code, where it is, and a hint;
  the exit code is then 1. Warnings are printed on stderr and do not fail the command.`;

export const openapiExitCodes = ['the document was printed', 'definition errors, or a definition file that is missing or does not load', 'bad usage'] as const;

/** What generate, check and docs print, and their --quiet and --json. */
const outputText = `  Output: each step as it ends (\`step load definition: 412 ms\`; in a watch, also \`step render
  receiver: inputs unchanged, not rendered\`) on stdout, then what was written and the timings. On a terminal
  (stdout and stderr both, CI not set) the steps are one line on stderr instead, rewritten as they
  go and cleared at the end. Errors and warnings go to stderr, whatever the options.

  -q, --quiet   print nothing on stdout: only errors and warnings, on stderr
  --json        print one JSON document on stdout, and nothing else there: ok, diagnostics (code,
                name, severity, message, location, hint), each target (rendered; the files written,
                unchanged, deleted, kept), the timings (see the README); not with --quiet`;

export const generateHelp = `boomerang generate <project-dir> [--dry-run] [--force] [--watch] [--unsigned-deliveries] [--quiet | --json]

  Generates everything boomerang.config.ts in <project-dir> asks for: the OpenAPI documents and each
  target's files. Generated files are rewritten only when their content changes (and deleted when
  they no longer belong); scaffold files (your handlers, main.ts) are written only when missing.
  Every target is written, or none: a failure leaves every output as it was. A generated file you
  edited is rewritten and your version saved beside it as <name>.edited; one that no longer belongs
  is kept. Both are reported.

  When nothing changed since the last run (the config, the definition and every module it imports,
  the template packages, Boomerang) and every output is as that run left it, nothing is rebuilt: the
  run says so, and reports what the last one did. The record of that is in
  node_modules/.cache/boomerang/ of the project, with openapi-typescript's results.

  --dry-run   say what would be written and deleted, write nothing
  --force     overwrite scaffold files too, and discard your edits to generated files (they are lost);
              and rebuild everything, whatever the last run recorded (with --watch: the first run)
  --watch     generate, then again on every change to what the run read (the config, the definition
              and the modules it imports, local template packages), until SIGINT or SIGTERM; one line
              per event. A failed run is printed and the watching goes on. A target whose inputs are
              as at its last render (the model and documents, its options, its template package and
              helpers) is not rendered again; each run says which targets it rendered. With --json,
              one JSON line per run (JSON Lines), with \`changed\`: the files that started it; with
              --quiet, only the lines about a failed run. See \`boomerang dev\`.
  --unsigned-deliveries
              as \`signedDeliveries: false\` in the config, for this run: callbacks and webhooks that
              declare no \`security\` are sent unsigned, and the documents, the server and the
              receiver say so (\`check\` takes it too, to check what such a run wrote)

${outputText}
  With --dry-run, not --quiet (it would print none of the listing).`;

export const generateExitCodes = ['generated (with --dry-run: listed, nothing written; with --watch: stopped by SIGINT or SIGTERM)', 'definition errors, a config that is not valid, or an output that cannot be written; nothing was written', 'bad usage'] as const;

export const devHelp = `boomerang dev <project-dir> [--port N] [--host <host>] [--entry <file>] [--quiet]

  Generates (as \`generate\` does), starts the project's server, and watches: the config, the
  definition and every module it imports (the files the last run loaded, refreshed after each run),
  the files the targets' options name, local template packages, and the server's own folder (main.ts,
  your handlers). On a change it generates again (rendering only the targets whose inputs changed)
  and, when an input or a file of the server's changed, restarts the server. A definition error is printed and the last good server keeps
  answering; the run after the fix restarts it. The server is the main.ts that a
  server target scaffolds (server-fastify's), run as its start script runs it, \`node --import tsx\`,
  in the project's folder, with PORT and HOST set. It prints one line per event: a change (which
  file), a run (its time and counts), the server (re)started (pid, URL) or exited (its code), and
  errors. SIGINT or SIGTERM stops the watcher and then the server (waiting for it to exit; a second
  signal kills it) and exits 0.

  --port N         where the server listens (default: $PORT, else 3000)
  --host <host>    the address it listens on (default: $HOST, else 127.0.0.1)
  --entry <file>   the server's entry, instead of the server target's main.ts
  -q, --quiet      only the lines about a problem (a failed run, a server that exited), the
                   diagnostics and the server's own output
  A run's steps show as \`generate\`'s do, prefixed \`[boomerang] \`. There is no --json: the server
  writes on the same stdout (\`generate --watch --json\` gives one JSON line per run).`;

export const devExitCodes = [
  'stopped by SIGINT or SIGTERM',
  'the project folder or its config is not there (any later failure is printed, and dev goes on watching)',
  'bad usage',
] as const;

export const checkHelp = `boomerang check <project-dir> [--unsigned-deliveries] [--quiet | --json]

  Writes nothing. Exits 1 and lists each stale file (missing, changed, or to be deleted) when the
  generated output is out of date with the definition; 0 when it is up to date. It always builds
  everything afresh (it never skips a run as generate does), so a file the definition reads by
  itself counts too. The list of stale files goes to stderr; with --json the document has it too,
  as \`stale\`, and \`ok\` is false.

  --unsigned-deliveries   check against what \`generate --unsigned-deliveries\` writes

${outputText}`;

export const checkExitCodes = ['up to date', 'stale output, definition errors or a config that is not valid', 'bad usage'] as const;

export const docsHelp = `boomerang docs <project-dir> [--quiet | --json]

  Generates what boomerang.config.ts asks for (as \`boomerang generate\` does), then builds the HTML
  of each docs-redoc target with \`redocly build-docs --inlineBundle\`:
    <output>/index.html     the API, with its callbacks and webhooks
    <output>/receiver.html  the receiver side: each callback and webhook as an operation to implement
  Each page is one self-contained file (Redoc, the documents, the theme and the logo inside it) that
  renders with no network: its Content Security Policy lets it load nothing from elsewhere.

${outputText}
  Each page's build is a step too; with --json the document has \`pages\` (path, bytes, ms).`;

export const docsExitCodes = ['the pages were built', 'definition errors, a config that is not valid or has no docs-redoc target, a failed build', 'bad usage'] as const;

export const lintHelp = `boomerang lint <project-dir | openapi-file> [--config <redocly.yaml>] [--plugin <file>] [--format <format>]

  Lints, with Redocly CLI and the Boomerang plugin, what the project publishes: the OpenAPI document
  boomerang.config.ts writes (generated/openapi.json by default) and the receiver document of each
  docs-redoc target (<output>/generated/receiver.json). It lints the files as \`boomerang generate\`
  last wrote them. Given a .json/.yaml/.yml file instead of a folder, it lints that file alone
  (a hand-written document, say).

  The plugin's rule, boomerang/runtime-expression, fails callback keys that are not valid OpenAPI
  runtime expressions or that read a parameter or body field the operation does not declare
  (FastAPI's \`{$callback_url}\` and \`{$request.body.id}\` among them), with the valid form as a hint.

  Rules: the nearest redocly.yaml (in the project's folder or a parent, up to the repository root)
  with the plugin added, its rule an error unless that file sets it; without one, Redocly's
  \`recommended\` rules and the plugin's. Exits 1 when Redocly reports an error; warnings are printed
  and do not fail.

  --config <file>    the Redocly configuration to use instead of the nearest redocly.yaml
  --plugin <file>    the plugin module to load (default: the installed @boomerang/redocly-plugin)
  --format <format>  Redocly's output format: codeframe (default), stylish, json, summary, ...`;

export const lintExitCodes = ['no errors (warnings are printed, and do not fail)', 'Redocly reported an error, or a document or the config is missing or not valid', 'bad usage'] as const;

const storeOption = `  --store <location>  the delivery store: sqlite:<file> or a postgres:// URL; default the
                      CALLBACK_STORE environment variable (as the server reads it), else
                      sqlite:./deliveries.db relative to the current directory. A Postgres password
                      is never printed.`;

export const deliveriesHelp = `boomerang deliveries <list | show <id> | retry <id>... | retry --dead> [--store <location>]

  The outbox's deliveries (callbacks and webhooks) and their attempt log, read from the store the
  server writes. This command sends nothing: \`retry\` makes deliveries pending again, due now with a
  fresh retry schedule (the same webhook-id), and a running server (or boomerang worker) sends them.

  list [--state pending|delivered|dead] [--event <name>] [--limit N] [--json]
                      the newest deliveries first (50 unless --limit), and how many the store holds
  show <id> [--json]  one delivery and every attempt: its time, number, status or error, duration,
                      the start of the response and when the next attempt is due
  retry <id>...       the deliveries named (delivered ones too), after checking every id exists
  retry --dead        every dead delivery; prints how many were made pending again

  --json              JSON for tools instead of a table (times as epoch milliseconds)
${storeOption}

  A SQLite store that is not there is not created: the command exits 1 (start the server once, or
  give --store).`;

export const deliveriesExitCodes = ['done', 'no store at that location (or it cannot be opened), or an unknown delivery id', 'bad usage'] as const;

export const subscriptionsHelp = `boomerang subscriptions <add <url> | list | disable | enable | rotate-secret | remove <id>> [--store <location>]

  The webhook endpoints kept in the delivery store; the deliveries to each are signed with its own
  whsec_ secret. A secret is printed once, when it is made; \`list\` never shows it.

  add <url> [--events a,b] [--secret whsec_…] [--description <text>]
                      a subscription to the webhooks named (default: every one, \`*\`), with the
                      secret given or a fresh one; prints its id and the secret. A SQLite store
                      that is not there yet is created.
  list [--json]       every subscription, oldest first
  disable <id>        its pending deliveries go dead at their next attempt; \`enable <id>\` undoes it
  rotate-secret <id> [--secret whsec_…]
                      a new secret (printed), used from the next attempt on; the old one stops at once
  remove <id>         deletes it

${storeOption}

  A URL, an event list or a secret that is not valid is bad usage (exit code 2).`;

export const subscriptionsExitCodes = ['done', 'no store at that location (or it cannot be opened), or an unknown subscription id', 'bad usage'] as const;

export const workerHelp = `boomerang worker [project-dir] [--store <location>] [--concurrency N]

  A process that only delivers: it runs the outbox's dispatcher on the store the servers queue into
  and sends their callbacks and webhooks (signed, guarded, retried on the schedule), with no API and
  no port. Any number of workers and servers can share one Postgres store, a worker a server's SQLite
  file; a lease keeps each delivery to one of them at a time. So delivery scales apart from the API.

  It reads the environment the generated main.ts reads: CALLBACK_SECRET (whsec_ secrets,
  space-separated), CALLBACK_ALLOW_HOSTS (hosts the private-address guard lets through,
  comma-separated), CALLBACK_STORE, SHUTDOWN_GRACE_MS (default 10000). It writes one JSON line per
  event on stdout, with main.ts's field names: worker started, callback delivered, callback attempt
  failed, retrying, callback failed, delivery store error, worker stopped. On SIGTERM or SIGINT the
  attempts in flight get the grace period, the rest stay queued, and it exits 0; a second signal
  ends it at once (the deliveries it held are retried once their leases expire).

  [project-dir]       the folder that holds boomerang.config.ts: its definition is loaded (as
                      \`generate\` loads it) and each answer is checked against the callback's or
                      webhook's documented responses, as the server checks it. Without it answers are
                      NOT checked: any 2xx counts as delivered (the started line says
                      "validatesAnswers":false).
  --concurrency N     attempts in flight at once (default 16)
${storeOption}

  A SQLite store that is not there is not created: the command exits 1 (start the server once, or
  give --store).`;

export const workerExitCodes = [
  'stopped by SIGTERM or SIGINT; what was not delivered stays queued',
  'no store at that location (or it cannot be opened), definition errors or a config that is not valid, a bad SHUTDOWN_GRACE_MS',
  'bad usage',
] as const;

export const triggerHelp = `boomerang trigger <project-dir> <event>... | --all --to <url> [--secret whsec_…] [--body <file>] [--invalid] [--json]

  Tests a receiver without the API: sends it a signed delivery of each callback or webhook (as the
  API sends them: Standard Webhooks headers, the boomerang-event header, the example body from the
  schema or --body), and checks that its answer is one the API documents (status, content type,
  body). This is the receiver package's own \`npx <receiver-package> trigger\`, run from the project
  that generates it (its receiver target must have been generated).

  --to <url>          the receiver's base URL (a callback's path is appended; a webhook goes to it as is)
  --all               every callback and webhook
  --secret <s>        the whsec_… secret the receiver verifies with (default: $RECEIVER_SECRET, else
                      the receiver package's testSecret)
  --body <file>       the body to send instead of the example (one event only)
  --invalid           also send a tampered signature and an invalid body: the receiver must refuse
                      them with 401 and 400
  --json              the results as JSON
  --receiver <output> which receiver target, when the config has several`;

export const triggerExitCodes = ['every check passed', 'a check failed (or the receiver could not be reached), no receiver target, a receiver not generated', 'bad usage'] as const;
