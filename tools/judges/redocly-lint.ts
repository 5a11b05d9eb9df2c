/**
 * Judge: lints an OpenAPI document with the installed Redocly CLI under the repository's
 * `redocly.yaml`, the same way a user would run it, and returns its problems.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RedoclyProblem {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  /** JSON Pointer of the first location, as Redocly reports it (`#/paths/~1invoices/post`). */
  readonly location: string;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const redoclyBin = join(repoRoot, 'node_modules', '.bin', 'redocly');

export async function redoclyLint(doc: object, options?: { config?: string }): Promise<{ problems: RedoclyProblem[]; exitCode: number }> {
  const config = options?.config ?? join(repoRoot, 'redocly.yaml');
  const dir = await mkdtemp(join(tmpdir(), 'boomerang-redocly-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
    const run = await runNode([redoclyBin, 'lint', file, '--config', config, '--format', 'json']);
    const problems = parseRedoclyReport(run.stdout);
    if (problems === undefined) {
      throw new Error(`redocly lint printed no JSON report (exit code ${run.exitCode}).\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
    }
    return { problems, exitCode: run.exitCode };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface RawProblem {
  readonly ruleId?: string;
  readonly severity?: string;
  readonly message?: string;
  readonly location?: readonly { readonly pointer?: string }[];
}

function toProblem(raw: RawProblem): RedoclyProblem {
  return {
    ruleId: raw.ruleId ?? '',
    severity: raw.severity ?? '',
    // Some rules (no-unresolved-refs) give no message; the rule id then says it all.
    message: raw.message ?? raw.ruleId ?? '',
    location: raw.location?.[0]?.pointer ?? '',
  };
}

/**
 * The problems of a `--format json` report, wherever it sits in the output: Redocly prints banners
 * (the Node 20 deprecation notice, update notices) around it, on stderr today but not by promise, so
 * the report is read from the first line that opens a JSON object to the last closing brace.
 * Undefined when there is no report.
 */
export function parseRedoclyReport(output: string): RedoclyProblem[] | undefined {
  const start = output.search(/^\{/m);
  const end = output.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  try {
    const parsed: unknown = JSON.parse(output.slice(start, end + 1));
    const problems = typeof parsed === 'object' && parsed !== null ? (parsed as { problems?: unknown }).problems : undefined;
    return Array.isArray(problems) ? (problems as RawProblem[]).map(toProblem) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a script with the Node that runs us; resolves with the exit code instead of rejecting on it. */
function runNode(args: readonly string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        exitCode: code ?? (signal ? 128 : 1),
      });
    });
  });
}
