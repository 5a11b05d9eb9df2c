/**
 * What a release checks in each tarball before anything is published: what is in it (no tests,
 * fixtures, TypeScript sources, build state, or files of other packages), publint (package.json
 * against the files), and Are the Types Wrong (the types resolve for every entry point, ESM-only).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  /** Absolute path of the .tgz. */
  readonly tarball: string;
  /** Bytes of the tarball, and unpacked. */
  readonly size: number;
  readonly unpackedSize: number;
  /** Paths inside the package, sorted. */
  readonly files: readonly string[];
}

const run = promisify(execFile);

/** `npm pack` of `dir` into `destination`: the very tarball that is then checked and published. */
export async function pack(dir: string, destination: string, env: NodeJS.ProcessEnv = process.env): Promise<PackedPackage> {
  const { stdout } = await run('npm', ['pack', dir, '--json', '--pack-destination', destination], { cwd: destination, env, encoding: 'utf8' });
  const [packed] = JSON.parse(stdout) as {
    name: string;
    version: string;
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string }[];
  }[];
  if (packed === undefined) throw new Error(`npm pack ${dir} packed nothing`);
  return {
    name: packed.name,
    version: packed.version,
    tarball: join(destination, packed.filename),
    size: packed.size,
    unpackedSize: packed.unpackedSize,
    files: packed.files.map((file) => file.path).sort(),
  };
}

const forbidden: readonly [RegExp, string][] = [
  [/(^|\/)(test|tests|__tests__|__snapshots__|fixtures)\//, 'a test or fixture folder'],
  [/\.(test|spec)\.[cm]?[jt]sx?$/, 'a test file'],
  [/(^|\/)src\//, 'TypeScript sources (the package ships dist/)'],
  [/\.tsbuildinfo$|(^|\/)tsconfig(\.[\w-]+)?\.json$/, 'build configuration'],
  [/(^|\/)node_modules\//, 'an installed dependency'],
  [/(^|\/)\.(env|npmrc)$/, 'a local settings file'],
];

/**
 * Files that should not be in the tarball. `templateFolders` hold what the package copies into its
 * users' projects (a template package's templates, the starter's project): tests and TypeScript
 * there are content, not leaks.
 */
export function contentProblems(pkg: Pick<PackedPackage, 'files'>, templateFolders: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const file of pkg.files) {
    if (templateFolders.some((folder) => file.startsWith(folder))) continue;
    const hit = forbidden.find(([pattern]) => pattern.test(file));
    if (hit) problems.push(`${file}: ${hit[1]} should not be published`);
  }
  for (const required of ['package.json', 'README.md', 'LICENSE']) if (!pkg.files.includes(required)) problems.push(`${required} is missing`);
  return problems;
}

/** The folders a package's manifest (`boomerang-template.json`) or role says are template content. */
export function templateFoldersOf(dir: string, name: string): string[] {
  if (name === 'create-boomerang') return ['project/'];
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'boomerang-template.json'), 'utf8')) as { files?: { template?: string }[] };
    return [...new Set((manifest.files ?? []).flatMap((f) => (typeof f.template === 'string' && f.template.includes('/') ? [`${f.template.slice(0, f.template.indexOf('/'))}/`] : [])))].sort();
  } catch {
    return [];
  }
}

/**
 * Files that the package's own manifests name and that must therefore be in it: Nx's generators.json
 * (each generator's factory module and schema), a template package's boomerang-template.json (its
 * templates and compiled helpers). publint checks package.json; nothing else checks these.
 */
export function referenceProblems(dir: string, pkg: Pick<PackedPackage, 'files'>): string[] {
  const files = new Set(pkg.files);
  const problems: string[] = [];
  const need = (path: string, why: string) => {
    const clean = path.replace(/^\.\//, '').replace(/#.*$/, '');
    if (!files.has(clean)) problems.push(`${clean}, which ${why}, is not in the tarball`);
  };
  const read = (name: string) => {
    try {
      return JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  };
  const generatorsFile = (read('package.json') as { generators?: unknown } | undefined)?.generators;
  if (typeof generatorsFile === 'string') {
    need(generatorsFile, 'package.json names as "generators"');
    const generators = (read(generatorsFile) as { generators?: Record<string, { factory?: string; schema?: string }> } | undefined)?.generators ?? {};
    for (const [name, generator] of Object.entries(generators)) {
      if (generator.factory) need(generator.factory, `the ${name} generator's factory is`);
      if (generator.schema) need(generator.schema, `the ${name} generator's schema is`);
    }
  }
  const template = read('boomerang-template.json') as { helpers?: string; files?: { template?: string }[] } | undefined;
  if (template !== undefined) {
    if (template.helpers) need(template.helpers, 'boomerang-template.json names as its helpers');
    for (const file of template.files ?? []) if (file.template) need(file.template, 'boomerang-template.json renders');
  }
  return problems;
}

/** publint of the tarball, strict: warnings count. Suggestions are not problems. */
export async function publintProblems(tarball: string): Promise<string[]> {
  const data = readFileSync(tarball);
  const { messages, pkg } = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }, strict: true, level: 'warning' });
  return messages.filter((m) => m.type !== 'suggestion').map((m) => `publint ${m.type}: ${formatMessage(m, pkg, { color: false }) ?? m.code}`);
}

const attwBin = join(createRequire(import.meta.url).resolve('@arethetypeswrong/cli/package.json'), '..', 'dist', 'index.js');

/**
 * Are the Types Wrong, with the `esm-only` profile: these packages are ES modules, so CommonJS
 * `require` (which Node 20.19+ still serves them through require(esm)) and node10 resolution are not
 * judged. A package without types at all is a problem too (attw itself lets it pass). Offline: no
 * @types are fetched.
 */
export async function attwProblems(tarball: string): Promise<string[]> {
  // attw exits non-zero when it finds a problem: its report is on stdout either way.
  const result = await run(process.execPath, [attwBin, tarball, '--profile', 'esm-only', '--no-definitely-typed', '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ status: error.code ?? 1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
  let report: { analysis?: { types?: unknown }; problems?: Record<string, { kind: string; entrypoint?: string; resolutionKind?: string }[]> };
  try {
    report = JSON.parse(result.stdout) as typeof report;
  } catch {
    return [`attw could not check the package (exit ${result.status}): ${result.stderr.trim()}`];
  }
  if (report.analysis?.types === false) return ['attw: the package has no types'];
  const ignored = new Set(['node10', 'node16-cjs']);
  const problems = Object.values(report.problems ?? {})
    .flat()
    .filter((problem) => problem.resolutionKind === undefined || !ignored.has(problem.resolutionKind))
    .map((problem) => `attw: ${problem.kind} at ${problem.entrypoint ?? 'the package'}${problem.resolutionKind ? ` (${problem.resolutionKind} resolution)` : ''}, see https://github.com/arethetypeswrong/arethetypeswrong.github.io/blob/main/docs/problems/${problem.kind}.md`);
  if (problems.length === 0 && result.status !== 0) return [`attw failed (exit ${result.status}): ${result.stderr.trim()}`];
  return problems;
}
