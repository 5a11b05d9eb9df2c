/**
 * The rule as users run it: the plugin is bundled into dist/ (as `npm run build` does), and the real
 * `redocly lint` loads it through a redocly.yaml and lints hand-written fixtures, one run per file.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin, OUTFILE, PACKAGE_DIR } from '../../build.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const REDOCLY = fileURLToPath(new URL('../../../../node_modules/.bin/redocly', import.meta.url));
const RULE = 'boomerang/runtime-expression';

/** A problem as the tests compare it: where (file and JSON Pointer), what, and where it was referenced from. */
interface Problem {
  readonly ruleId: string;
  readonly severity: string;
  readonly at: string;
  readonly onKey: boolean;
  readonly message: string;
  readonly from?: string;
}

interface RedoclyJsonProblem {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly location: readonly { readonly source: { readonly ref: string }; readonly pointer: string; readonly reportOnKey?: boolean }[];
  readonly from?: { readonly source: { readonly ref: string }; readonly pointer: string };
}

/** Runs `redocly lint --format json`; its exit code is 1 when it finds errors, so only its output counts. */
function lint(spec: string, config: string, cwd: string): Promise<Problem[]> {
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  return new Promise((resolve, reject) => {
    execFile(REDOCLY, ['lint', '--format', 'json', '--config', config, spec], { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      try {
        const report = JSON.parse(stdout) as { readonly problems: readonly RedoclyJsonProblem[] };
        resolve(report.problems.map(toProblem));
      } catch {
        reject(new Error(`redocly lint ${spec} printed no JSON report (${error?.message ?? 'exit 0'}):\n${stderr}\n${stdout}`));
      }
    });
  });
}

function toProblem(p: RedoclyJsonProblem): Problem {
  const location = p.location[0];
  return {
    ruleId: p.ruleId,
    severity: p.severity,
    at: location === undefined ? '' : `${basename(location.source.ref)}${location.pointer}`,
    onKey: location?.reportOnKey === true,
    message: p.message,
    ...(p.from === undefined ? {} : { from: `${basename(p.from.source.ref)}${p.from.pointer}` }),
  };
}

/** A problem of the rule, at the callback key `at`, as configured in fixtures/redocly.yaml (error). */
function problem(at: string, message: string, from?: string): Problem {
  return { ruleId: RULE, severity: 'error', at, onKey: true, message, ...(from === undefined ? {} : { from }) };
}

function sorted(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.at.localeCompare(b.at) || a.message.localeCompare(b.message) || (a.from ?? '').localeCompare(b.from ?? ''));
}

/** FastAPI writes `{$callback_url}/invoices/{$request.body.id}`: one problem per expression, each with the valid form. */
function fastApiProblems(at: string): Problem[] {
  const key = '`{$callback_url}/invoices/{$request.body.id}`';
  return [
    problem(
      at,
      `\`$callback_url\` in callback key ${key}: '$callback_url' is not a runtime expression: OpenAPI has no named variables, an expression says where the value is read from. ` +
        'Hint: write {$request.query.callback_url} if it is a query parameter; or {$request.path.callback_url} if it is a path parameter; ' +
        'or {$request.header.callback_url} if it is a request header; or {$request.body#/callback_url} if it is a field of the request body.',
    ),
    problem(at, `\`$request.body.id\` in callback key ${key}: body fields are addressed with '#' and a JSON Pointer (e.g. #/a/b), not with dots. Hint: write {$request.body#/id}.`),
  ];
}

type Case = [string, { readonly under: string; readonly want: readonly Problem[] }];

const INVALID_30: readonly Case[] = [
  ["FastAPI's key: both expressions, each with the valid form", { under: '#/paths/~1invoices/', want: fastApiProblems('invalid-3.0.yaml#/paths/~1invoices/post/callbacks/invoiceNotification/{$callback_url}~1invoices~1{$request.body.id}') }],
  [
    'an undeclared query parameter: the hint names the close one and the declared ones',
    {
      under: '#/paths/~1subscriptions/',
      want: [
        problem(
          'invalid-3.0.yaml#/paths/~1subscriptions/post/callbacks/event/{$request.query.callbackUrl}~1events',
          "`$request.query.callbackUrl` in callback key `{$request.query.callbackUrl}/events` (operation `subscribe`): the operation declares no query parameter named 'callbackUrl'. " +
            'Hint: did you mean {$request.query.callback_url}? declared query parameters: callback_url, mode.',
        ),
      ],
    },
  ],
  [
    'body and response pointers that do not exist (through $ref and allOf), and a misspelt response header',
    {
      under: '#/paths/~1orders/',
      want: [
        problem(
          'invalid-3.0.yaml#/paths/~1orders/post/callbacks/shipped/{$request.body#~1buyer~1vat}',
          "`$request.body#/buyer/vat` in callback key `{$request.body#/buyer/vat}` (operation `placeOrder`): /buyer of the request body has no field 'vat' (pointer #/buyer/vat). Hint: fields there: callback, email.",
        ),
        problem(
          'invalid-3.0.yaml#/paths/~1orders/post/callbacks/shipped/{$request.body#~1buyer~1callback}?receipt={$response.body#~1receipt_id}',
          "`$response.body#/receipt_id` in callback key `{$request.body#/buyer/callback}?receipt={$response.body#/receipt_id}` (operation `placeOrder`): the response body has no field 'receipt_id' (pointer #/receipt_id). " +
            'Hint: did you mean {$response.body#/receiptId}? fields there: receiptId.',
        ),
        problem(
          'invalid-3.0.yaml#/paths/~1orders/post/callbacks/shipped/{$response.header.Locaton}',
          "`$response.header.Locaton` in callback key `{$response.header.Locaton}` (operation `placeOrder`): no response of the operation declares the header 'Locaton'. " +
            'Hint: did you mean {$response.header.Location}? declared response headers: Location.',
        ),
      ],
    },
  ],
  [
    'reading the request body of an operation that has none',
    {
      under: '#/paths/~1reports/',
      want: [
        problem(
          'invalid-3.0.yaml#/paths/~1reports/get/callbacks/ready/{$request.body#~1callback}',
          '`$request.body#/callback` in callback key `{$request.body#/callback}` (operation `listReports`): the operation has no request body to read. Hint: callback is a query parameter: use {$request.query.callback}.',
        ),
      ],
    },
  ],
  [
    'a $ref callback: reported at its key, for the operation it does not fit, from the $ref',
    {
      under: '#/components/callbacks/Notify/',
      want: [
        problem(
          'invalid-3.0.yaml#/components/callbacks/Notify/{$request.query.notify}',
          "`$request.query.notify` in callback key `{$request.query.notify}` (operation `listReports`): the operation declares no query parameter named 'notify'. Hint: declared query parameters: callback.",
          'invalid-3.0.yaml#/paths/~1reports/get/callbacks/notify',
        ),
      ],
    },
  ],
  [
    'a $ref callback used twice: its syntax error once, what it reads once per operation',
    {
      under: '#/components/callbacks/Audit/',
      want: [
        problem(
          'invalid-3.0.yaml#/components/callbacks/Audit/{$request.query.audit_url}~1{$request.Body#~1id}',
          "`$request.Body#/id` in callback key `{$request.query.audit_url}/{$request.Body#/id}`: runtime expressions are case-sensitive: 'Body' must be written 'body'. Hint: write {$request.body#/id}.",
        ),
        problem(
          'invalid-3.0.yaml#/components/callbacks/Audit/{$request.query.audit_url}~1{$request.Body#~1id}',
          "`$request.query.audit_url` in callback key `{$request.query.audit_url}/{$request.Body#/id}` (operation `listReports`): the operation declares no query parameter named 'audit_url'. Hint: declared query parameters: callback.",
          'invalid-3.0.yaml#/paths/~1reports/get/callbacks/audit',
        ),
        problem(
          'invalid-3.0.yaml#/components/callbacks/Audit/{$request.query.audit_url}~1{$request.Body#~1id}',
          "`$request.query.audit_url` in callback key `{$request.query.audit_url}/{$request.Body#/id}` (operation `POST /exports`): the operation declares no query parameter named 'audit_url'. Hint: declared query parameters: notify.",
          'invalid-3.0.yaml#/paths/~1exports/post/callbacks/audit',
        ),
      ],
    },
  ],
  [
    'a callback in components that no operation uses: its syntax',
    {
      under: '#/components/callbacks/Unused/',
      want: [
        problem(
          'invalid-3.0.yaml#/components/callbacks/Unused/{$request.query.url',
          "`{$request.query.url` in callback key `{$request.query.url`: '{' is not closed by '}'. Hint: close the expression with '}', e.g. {$request.query.url}.",
        ),
      ],
    },
  ],
];

const INVALID_31: readonly Case[] = [
  [
    "FastAPI's key in a path item under components, used from paths: reported once",
    { under: '#/components/pathItems/Invoices/', want: fastApiProblems('invalid-3.1.yaml#/components/pathItems/Invoices/post/callbacks/invoiceNotification/{$callback_url}~1invoices~1{$request.body.id}') },
  ],
  [
    'a body field at the start of the key is the base of the URL, so it must be a string, not a list of URLs',
    {
      under: '#/paths/~1hooks/',
      want: [
        problem(
          'invalid-3.1.yaml#/paths/~1hooks/post/callbacks/ping/{$request.body#~1urls}~1ping',
          '`$request.body#/urls` in callback key `{$request.body#/urls}/ping` (operation `registerHooks`): #/urls of the request body is the base of the URL, but its schema allows an array, not a string. ' +
            'Hint: a list of URLs cannot be one base URL: give the callback a string field (e.g. `callback_url: z.url()`) and name it, or name one item, `#/urls/0`.',
        ),
      ],
    },
  ],
  [
    'a query parameter read as a path parameter (the path-level one is declared)',
    {
      under: '#/paths/~1tenants~1{tenant}~1subscriptions/',
      want: [
        problem(
          'invalid-3.1.yaml#/paths/~1tenants~1{tenant}~1subscriptions/post/callbacks/event/{$request.path.callback_url}~1tenants~1{$request.path.tenant}',
          "`$request.path.callback_url` in callback key `{$request.path.callback_url}/tenants/{$request.path.tenant}` (operation `subscribe`): the operation declares no path parameter named 'callback_url'. " +
            'Hint: callback_url is a query parameter: use {$request.query.callback_url}; declared path parameters: tenant.',
        ),
      ],
    },
  ],
  [
    '$ref parameters (~1 and %7B in the pointer) resolve, so an undeclared one is reported; a response body that is not JSON',
    {
      under: '#/paths/~1tenants~1{tenant}~1exports/',
      want: [
        problem(
          'invalid-3.1.yaml#/paths/~1tenants~1{tenant}~1exports/post/callbacks/done/{$request.query.hook}~1tenants~1{$request.path.tenant}?size={$response.body#~1size}',
          "`$request.query.hook` in callback key `{$request.query.hook}/tenants/{$request.path.tenant}?size={$response.body#/size}` (operation `startExport`): the operation declares no query parameter named 'hook'. Hint: declared query parameters: callback_url.",
        ),
        problem(
          'invalid-3.1.yaml#/paths/~1tenants~1{tenant}~1exports/post/callbacks/done/{$request.query.hook}~1tenants~1{$request.path.tenant}?size={$response.body#~1size}',
          '`$response.body#/size` in callback key `{$request.query.hook}/tenants/{$request.path.tenant}?size={$response.body#/size}` (operation `startExport`): no response of the operation has a JSON body to read. ' +
            'Hint: declare a JSON response body, or read a response header with $response.header.<name>.',
        ),
      ],
    },
  ],
  [
    "a request body in another file, read through that file's own schemas; an undeclared header",
    {
      under: '#/paths/~1orders/',
      want: [
        problem(
          'invalid-3.1.yaml#/paths/~1orders/post/callbacks/shipped/{$request.body#~1notify}~1orders~1{$request.body#~1id}',
          "`$request.body#/id` in callback key `{$request.body#/notify}/orders/{$request.body#/id}` (operation `placeOrder`): the request body has no field 'id' (pointer #/id). Hint: fields there: notify, orderId.",
        ),
        problem(
          'invalid-3.1.yaml#/paths/~1orders/post/callbacks/paired/{$request.body#~1notify}~1pairs~1{$request.header.X-Pair}',
          "`$request.header.X-Pair` in callback key `{$request.body#/notify}/pairs/{$request.header.X-Pair}` (operation `placeOrder`): the operation declares no header parameter named 'X-Pair'. Hint: the operation declares no header parameters.",
        ),
      ],
    },
  ],
  [
    'an array index past prefixItems when items is false',
    {
      under: '#/paths/~1pairs/',
      want: [
        problem(
          'invalid-3.1.yaml#/paths/~1pairs/post/callbacks/compared/{$request.body#~1notify}~1{$request.body#~1lines~12~1sku}',
          "`$request.body#/lines/2/sku` in callback key `{$request.body#/notify}/{$request.body#/lines/2/sku}` (operation `comparePair`): /lines of the request body has no field '2' (pointer #/lines/2/sku). Hint: /lines has no fields to address.",
        ),
      ],
    },
  ],
  [
    'reading the request body of a webhook that has none',
    {
      under: '#/webhooks/',
      want: [
        problem(
          'invalid-3.1.yaml#/webhooks/orderShipped/post/callbacks/acknowledged/{$request.body#~1ackUrl}',
          '`$request.body#/ackUrl` in callback key `{$request.body#/ackUrl}` (operation `orderShipped`): the operation has no request body to read. Hint: declare a request body for the operation, or read the value from a parameter.',
        ),
      ],
    },
  ],
];

/** Where Redocly's no-unresolved-refs reports the broken $refs of unresolved-3.0.yaml. */
const BROKEN_REFS = [
  'unresolved-3.0.yaml#/paths/~1subscriptions/post/parameters/0',
  'unresolved-3.0.yaml#/paths/~1subscriptions/post/requestBody',
  'unresolved-3.0.yaml#/paths/~1subscriptions/post/responses/201',
  'unresolved-3.0.yaml#/paths/~1subscriptions/post/callbacks/missing',
  'unresolved-3.0.yaml#/paths/~1orders/post/requestBody/content/application~1json/schema',
];

/** Each fixture with the problems the rule reports in it, and where no-unresolved-refs reports (none but in one). */
const FIXTURES_CASES: readonly [string, { readonly cases: readonly Case[]; readonly brokenRefs: readonly string[] }][] = [
  ['valid-3.0.yaml', { cases: [], brokenRefs: [] }],
  ['valid-3.1.yaml', { cases: [], brokenRefs: [] }],
  ['invalid-3.0.yaml', { cases: INVALID_30, brokenRefs: [] }],
  ['invalid-3.1.yaml', { cases: INVALID_31, brokenRefs: [] }],
  ['unresolved-3.0.yaml', { cases: [], brokenRefs: BROKEN_REFS }],
];

const linted = new Map<string, Problem[]>();

beforeAll(async () => {
  await buildPlugin();
  const runs = await Promise.all(FIXTURES_CASES.map(([file]) => lint(file, 'redocly.yaml', FIXTURES)));
  FIXTURES_CASES.forEach(([file], index) => linted.set(file, runs[index] ?? []));
});

function problemsOf(file: string): Problem[] {
  const problems = linted.get(file);
  if (problems === undefined) throw new Error(`${file} was not linted`);
  return problems;
}

describe.each(FIXTURES_CASES)('redocly lint %s', (file, { cases, brokenRefs }) => {
  it(
    brokenRefs.length === 0
      ? 'has no problem but those of the rule: the fixture itself is well-formed, and its $refs resolve'
      : 'has no problem but those of the rule and the $refs that are broken on purpose',
    () => {
      const others = problemsOf(file).filter((p) => p.ruleId !== RULE);
      expect(others.map((p) => `${p.ruleId} ${p.at}`).sort()).toEqual(brokenRefs.map((at) => `no-unresolved-refs ${at}`).sort());
    },
  );

  it(cases.length === 0 ? 'gets nothing from the rule' : 'gets exactly the problems listed below from the rule, nothing else', () => {
    expect(sorted(problemsOf(file).filter((p) => p.ruleId === RULE))).toEqual(sorted(cases.flatMap(([, { want }]) => want)));
  });

  if (cases.length > 0) {
    it.each(cases)('%s', (_name, { under, want }) => {
      expect(sorted(problemsOf(file).filter((p) => p.at.startsWith(file + under)))).toEqual(sorted(want));
    });
  }
});

describe('the published package', () => {
  let project: string;

  beforeAll(async () => {
    // A project that installed the package: what `npm pack` puts in the tarball, unpacked, not linked.
    project = await mkdtemp(join(tmpdir(), 'boomerang-redocly-plugin-'));
    const installed = join(project, 'node_modules', '@boomerang', 'redocly-plugin');
    await mkdir(installed, { recursive: true });
    const [packed] = JSON.parse(execFileSync('npm', ['pack', PACKAGE_DIR, '--json', '--pack-destination', project], { cwd: project, encoding: 'utf8' })) as { filename: string }[];
    execFileSync('tar', ['-xzf', join(project, packed!.filename), '-C', installed, '--strip-components=1']);
    await writeFile(join(project, 'redocly.yaml'), 'plugins:\n  - "@boomerang/redocly-plugin"\nextends:\n  - boomerang/recommended\n');
    await writeFile(join(project, 'warn.yaml'), 'plugins:\n  - "@boomerang/redocly-plugin"\nrules:\n  boomerang/runtime-expression: warn\n');
  });

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('is one self-contained ES module: nothing imported, core bundled in', async () => {
    const code = await readFile(OUTFILE, 'utf8');
    expect(code).not.toMatch(/^\s*(?:import|export)\s[^;]*\sfrom\s/m);
    expect(code).not.toMatch(/\brequire\(|\bimport\(/);
    expect(code).not.toContain('@boomerang/core');
    expect(code).toContain('function parseExpressionTemplate(');
    expect(code).toMatch(/^export \{\s*boomerangRedoclyPlugin as default\s*\};?\s*$/m);
  });

  it('loads by package name, and boomerang/recommended enables the rule as an error', async () => {
    const problems = await lint(join(FIXTURES, 'invalid-3.0.yaml'), 'redocly.yaml', project);
    expect(sorted(problems)).toEqual(sorted(problemsOf('invalid-3.0.yaml')));
  });

  it('reports with the severity the configuration gives the rule', async () => {
    const problems = await lint(join(FIXTURES, 'invalid-3.0.yaml'), 'warn.yaml', project);
    expect(sorted(problems)).toEqual(sorted(problemsOf('invalid-3.0.yaml').map((p) => ({ ...p, severity: 'warn' }))));
  });
});
