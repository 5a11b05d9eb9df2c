/**
 * `trigger`: sends your receiver what the API would send, to test it without the API. Each delivery is
 * signed per Standard Webhooks, carries the event header and the example body from the schema (or
 * yours), and its answer is checked against what the API documents: a documented status, and a body
 * that matches the documented schema. `--invalid` also sends a tampered signature and a body that does
 * not match the schema, and checks that the receiver refuses them (401, 400) as it must.
 */
import { problemContentType } from './problem-details.ts';
import { documentedResponseKey, mediaType, type RouteSpec } from './pipeline.ts';
import { deliveryHeaders, deliveryUrl, newMessageId, serialize, testSecret, withCredentialQuery, type EventExample } from './test-kit.ts';
import { credentialsToGive, type DeliveryCredentials } from './delivery-auth.ts';
import { validationIssues } from './validation.ts';

export interface TriggerOptions {
  /** Your receiver's base URL: a callback's path is appended to it; a webhook is sent to it as it is. */
  readonly to: string;
  /** The events to send, in this order. */
  readonly events: readonly string[];
  readonly secret: string | readonly string[];
  /** The body to send instead of the example (one event only). */
  readonly body?: unknown;
  /** Also send a tampered signature and an invalid body, which the receiver must refuse. */
  readonly invalid?: boolean;
  /** The credentials of events secured by an API key or http scheme, by security scheme name (as `createReceiver` takes them). */
  readonly credentials?: DeliveryCredentials;
  /** Per request. Default 10 000. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export type CheckName = 'delivery' | 'bad-signature' | 'invalid-body';

export interface TriggerCheck {
  readonly check: CheckName;
  readonly webhookId: string;
  /** What the receiver answered; absent when it could not be reached. */
  readonly status?: number;
  readonly responseBody?: string;
  readonly outcome: 'pass' | 'fail' | 'skipped';
  /** What was expected and what happened, in a sentence. */
  readonly detail: string;
}

export interface TriggerResult {
  readonly event: string;
  readonly method: string;
  readonly url: string;
  readonly checks: readonly TriggerCheck[];
}

/** Sends each event, and with `invalid` its two refusals, one after another; never throws for what the receiver does. */
export async function runTrigger(routes: readonly RouteSpec[], examples: Readonly<Record<string, EventExample>>, options: TriggerOptions): Promise<TriggerResult[]> {
  const byEvent = new Map(routes.map((route) => [route.event, route] as const));
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const results: TriggerResult[] = [];
  for (const event of options.events) {
    const route = byEvent.get(event);
    if (route === undefined) throw new TypeError(`This API has no event ${JSON.stringify(event)}; it sends ${routes.map((r) => r.event).join(', ')}.`);
    const example = examples[event];
    const toGive = credentialsToGive(route.auth, options.credentials);
    if (toGive !== undefined) throw new TypeError(`${event} is ${toGive}`);
    const url = withCredentialQuery(deliveryUrl(options.to, route, example?.params ?? {}), route, options.credentials);
    const method = route.method.toUpperCase();
    const value = options.body !== undefined ? options.body : example?.body;
    const rawBody = route.body === undefined || value === undefined ? '' : serialize(value, route.body.format, event);

    const attempt = async (body: string | Uint8Array, tamper: boolean) => {
      const webhookId = newMessageId();
      const headers = await deliveryHeaders(route, body, { id: webhookId, timestamp: Math.floor(Date.now() / 1000), secret: options.secret, credentials: options.credentials });
      if (tamper) headers['webhook-signature'] = tamperedSignature(headers['webhook-signature']!);
      try {
        const response = await send(url, { method, headers, ...(body === '' ? {} : { body: body as string | Uint8Array<ArrayBuffer> }), redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
        const text = await response.text();
        return { webhookId, status: response.status, contentType: response.headers.get('content-type') ?? undefined, text };
      } catch (error) {
        return { webhookId, error: describeFailure(error, url, timeoutMs) };
      }
    };

    const checks: TriggerCheck[] = [];
    const answer = await attempt(rawBody, false);
    if ('error' in answer) checks.push({ check: 'delivery', webhookId: answer.webhookId, outcome: 'fail', detail: answer.error ?? 'no answer' });
    else checks.push({ check: 'delivery', webhookId: answer.webhookId, status: answer.status, responseBody: excerpt(answer.text), ...documented(route, answer.status, answer.contentType, answer.text) });

    if (options.invalid) {
      if (route.auth !== undefined && !route.auth.signed) {
        checks.push({ check: 'bad-signature', webhookId: '', outcome: 'skipped', detail: `${event} is sent unsigned: there is no signature to tamper with.` });
      } else {
        const tampered = await attempt(rawBody, true);
        checks.push(refusalCheck('bad-signature', tampered, 401, 'a delivery whose signature does not match its body', 'it does not verify the webhook-signature header, or not against the raw body'));
      }
      const invalidBody = invalidBodyFor(route);
      if (invalidBody === undefined) {
        checks.push({ check: 'invalid-body', webhookId: '', outcome: 'skipped', detail: route.body === undefined ? `${event} has no body to make invalid.` : `${event}'s schema accepts any body: there is no invalid one to send.` });
      } else {
        const refused = await attempt(invalidBody, false);
        checks.push(refusalCheck('invalid-body', refused, 400, `a body that does not match the ${event} schema (${excerpt(typeof invalidBody === 'string' ? invalidBody : '(bytes)')})`, 'it does not validate the body against the schema'));
      }
    }
    results.push({ event, method, url, checks });
  }
  return results;
}

type Answered = { readonly webhookId: string; readonly status?: number; readonly contentType?: string | undefined; readonly text?: string; readonly error?: string };

function refusalCheck(check: CheckName, answer: Answered, expected: number, what: string, likelyCause: string): TriggerCheck {
  if (answer.error !== undefined || answer.status === undefined) return { check, webhookId: answer.webhookId, outcome: 'fail', detail: answer.error ?? 'no answer' };
  const base = { check, webhookId: answer.webhookId, status: answer.status, responseBody: excerpt(answer.text ?? '') };
  if (answer.status === expected) return { ...base, outcome: 'pass', detail: `refused with ${expected}, as it must.` };
  if (answer.status >= 200 && answer.status < 300) return { ...base, outcome: 'fail', detail: `the receiver accepted ${what} (${answer.status}); it must answer ${expected}: ${likelyCause}.` };
  return { ...base, outcome: 'fail', detail: `the receiver answered ${answer.status} to ${what}; it must answer ${expected}.` };
}

/** Whether the answer is one the API documents for this event: its status, content type and body. */
function documented(route: RouteSpec, status: number, contentType: string | undefined, text: string): Pick<TriggerCheck, 'outcome' | 'detail'> {
  const { responses } = route;
  const key = documentedResponseKey(responses, status);
  const listed = Object.keys(responses).join(', ') || 'none';
  if (key === undefined) {
    const problem = contentType !== undefined && mediaType(contentType) === problemContentType ? ` (${problemDetail(text)})` : '';
    return { outcome: 'fail', detail: `answered ${status}${problem}, which the API does not document for ${route.event} (documented: ${listed}).` };
  }
  const response = responses[key]!;
  if (response.contentType === undefined) {
    return text === '' ? { outcome: 'pass', detail: `answered ${status}, documented (${key}, no body).` } : { outcome: 'fail', detail: `answered ${status} with a body; the API documents ${key} without one.` };
  }
  if (contentType === undefined || mediaType(contentType) !== mediaType(response.contentType)) {
    return { outcome: 'fail', detail: `answered ${status} with ${contentType === undefined ? 'no content-type' : `content-type ${contentType}`}; the API documents ${response.contentType}.` };
  }
  if (response.format === 'json' && response.validate !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      return { outcome: 'fail', detail: `answered ${status} with a body that is not JSON; the API documents ${response.contentType}.` };
    }
    const issues = validationIssues(response.validate, value);
    if (issues.length > 0) return { outcome: 'fail', detail: `answered ${status}, but its body does not match the documented ${key} response: ${issues.map((i) => `${i.path || '(the body)'} ${i.message}`).join('; ')}.` };
  }
  return { outcome: 'pass', detail: `answered ${status}, documented (${key}, ${response.contentType}, matching its schema).` };
}

/** A body the route's validator refuses, as it would be sent; undefined when there is none to make. */
export function invalidBodyFor(route: RouteSpec): string | undefined {
  const body = route.body;
  if (body === undefined || body.validate === undefined) return undefined;
  if (body.format === 'json') {
    for (const candidate of [[], {}, 'not the documented body', 0, null, true]) {
      if (validationIssues(body.validate, candidate).length > 0) return JSON.stringify(candidate);
    }
    return undefined;
  }
  // A form or text body: an empty one, which a required body must not be.
  return body.required && (body.format === 'form' || body.format === 'text') ? '' : undefined;
}

/** The same signature with its first base64 character changed: well-formed, and wrong. */
function tamperedSignature(header: string): string {
  const first = header.split(' ')[0]!;
  const signature = first.slice(3);
  const changed = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
  return `v1,${changed}`;
}

function problemDetail(text: string): string {
  try {
    const parsed = JSON.parse(text) as { title?: unknown; detail?: unknown };
    return [parsed.title, parsed.detail].filter((part) => typeof part === 'string').join(': ');
  } catch {
    return excerpt(text);
  }
}

function describeFailure(error: unknown, url: string, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer from ${url} within ${timeoutMs} ms.`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  return `could not reach ${url}: ${cause}.`;
}

function excerpt(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

// ---- the command line ----------------------------------------------------------------------------

export interface TriggerIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => Promise<string>;
  readonly fetch?: typeof fetch;
}

export function triggerUsage(command: string): string {
  return `Usage: ${command} <event>... | --all --to <url> [--secret whsec_…] [--credential <scheme>=<value>]... [--body <file.json>] [--invalid] [--json]

Sends your receiver a signed delivery of each event, as the API would, with the example body from the
schema (or --body), and checks that its answer is one the API documents.

  --to <url>       your receiver's base URL (a callback's path is appended; a webhook goes to it as is)
  --all            every callback and webhook
  --secret <s>     the whsec_… secret your receiver verifies with (default: $RECEIVER_SECRET, else the
                   package's testSecret)
  --credential <scheme>=<value>
                   the credential of an event secured by an API key or bearer security scheme, by the
                   scheme's name (as createReceiver's credentials); once per scheme
  --body <file>    the body to send instead of the example (one event only; JSON for JSON bodies)
  --invalid        also send a tampered signature and an invalid body: the receiver must answer 401, 400
  --json           print the results as JSON

Exit codes: 0 every check passed, 1 a check failed, 2 bad usage.
`;
}

/** The `trigger` command: parses `args` (after the word `trigger`), runs, prints, and returns the exit code. `command` is how the usage names it (`npx <package> trigger`). */
export async function triggerMain(args: readonly string[], io: TriggerIo, api: { readonly routes: readonly RouteSpec[]; readonly examples: Readonly<Record<string, EventExample>>; readonly command: string }): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`${message}\n\n${triggerUsage(api.command)}`);
    return 2;
  };
  const events: string[] = [];
  let to: string | undefined;
  let secret: string | undefined;
  let bodyFile: string | undefined;
  const credentials: Record<string, string> = {};
  let all = false;
  let invalid = false;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string | undefined => {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--')) return undefined;
      i++;
      return next;
    };
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    switch (flag) {
      case '--help':
      case '-h':
        io.stdout(triggerUsage(api.command));
        return 0;
      case '--to':
        to = inline ?? value();
        if (to === undefined) return usage('--to needs a URL.');
        break;
      case '--secret':
        secret = inline ?? value();
        if (secret === undefined) return usage('--secret needs a whsec_… secret.');
        break;
      case '--body':
        bodyFile = inline ?? value();
        if (bodyFile === undefined) return usage('--body needs a file.');
        break;
      case '--credential': {
        const pair = inline ?? value();
        const at = pair?.indexOf('=') ?? -1;
        if (pair === undefined || at <= 0) return usage('--credential needs <scheme>=<value>, e.g. --credential callbackToken=tok_….');
        credentials[pair.slice(0, at)] = pair.slice(at + 1);
        break;
      }
      case '--all':
        all = true;
        break;
      case '--invalid':
        invalid = true;
        break;
      case '--json':
        json = true;
        break;
      default:
        if (arg.startsWith('-')) return usage(`Unknown option ${arg}.`);
        events.push(arg);
    }
  }
  const known = api.routes.map((r) => r.event);
  if (to === undefined) return usage('trigger needs --to <url>: where your receiver listens.');
  try {
    const parsed = new URL(to);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return usage(`--to must be an http(s) URL; got ${to}.`);
  } catch {
    return usage(`--to must be an http(s) URL; got ${to}.`);
  }
  if (all && events.length > 0) return usage('Name events or pass --all, not both.');
  if (!all && events.length === 0) return usage(`Name an event or pass --all. The events: ${known.join(', ')}.`);
  const unknown = events.filter((e) => !known.includes(e));
  if (unknown.length > 0) return usage(`This API has no event ${unknown.map((e) => JSON.stringify(e)).join(', ')}; it sends ${known.join(', ')}.`);
  const chosen = all ? known : events;
  if (bodyFile !== undefined && chosen.length !== 1) return usage('--body goes with one event.');
  for (const event of chosen) {
    const toGive = credentialsToGive(api.routes.find((r) => r.event === event)!.auth, credentials);
    if (toGive !== undefined) return usage(`${event} is ${toGive.replace(/give its value in options\.credentials: .*$/, 'pass --credential <scheme>=<value>.')}`);
  }

  let body: unknown;
  if (bodyFile !== undefined) {
    let text: string;
    try {
      text = await io.readFile(bodyFile);
    } catch (error) {
      io.stderr(`Cannot read --body ${bodyFile}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    const route = api.routes.find((r) => r.event === chosen[0])!;
    if (route.body?.format === 'json' || route.body?.format === 'form') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        io.stderr(`--body ${bodyFile} is not JSON; ${chosen[0]}'s body is ${route.body.contentType}.\n`);
        return 1;
      }
    } else body = text;
  }
  const chosenSecret = secret ?? io.env['RECEIVER_SECRET'] ?? testSecret;
  const secretSource = secret !== undefined ? '--secret' : io.env['RECEIVER_SECRET'] !== undefined ? 'RECEIVER_SECRET' : "the package's testSecret (pass --secret for your receiver's)";
  let results: TriggerResult[];
  try {
    results = await runTrigger(api.routes, api.examples, { to, events: chosen, secret: chosenSecret, ...(body === undefined ? {} : { body }), invalid, credentials, ...(io.fetch ? { fetch: io.fetch } : {}) });
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const failed = results.some((r) => r.checks.some((c) => c.outcome === 'fail'));
  if (json) {
    io.stdout(`${JSON.stringify({ ok: !failed, results }, null, 2)}\n`);
    return failed ? 1 : 0;
  }
  const lines = [`Signed with ${secretSource}.`];
  for (const result of results) {
    lines.push(`${result.event}: ${result.method} ${result.url}`);
    for (const check of result.checks) {
      const label = check.check === 'delivery' ? 'delivery' : check.check === 'bad-signature' ? 'tampered signature' : 'invalid body';
      lines.push(`  ${check.outcome === 'pass' ? 'PASS' : check.outcome === 'fail' ? 'FAIL' : 'SKIP'} ${label}: ${check.detail}${check.check === 'delivery' && check.responseBody ? `\n       body: ${check.responseBody}` : ''}`);
    }
  }
  const counts = results.flatMap((r) => r.checks).reduce((n, c) => ({ ...n, [c.outcome]: n[c.outcome] + 1 }), { pass: 0, fail: 0, skipped: 0 });
  lines.push(`${counts.pass} passed, ${counts.fail} failed${counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''}.`);
  io.stdout(`${lines.join('\n')}\n`);
  return failed ? 1 : 0;
}
