/**
 * `npm run release [-- --dry-run]`: builds every publishable package from a clean dist/, packs each,
 * checks each tarball (contents, publint, Are the Types Wrong) and, only when all pass, publishes the
 * very tarballs that were checked, in dependency order, to the registry the environment names
 * (`npm_config_registry`, which must be set: a release never goes to a registry by default). A version
 * already on the registry is skipped, so a release that stopped halfway can be run again.
 *
 * Versions and changelogs come from changesets (`npx changeset`, then `npm run version-packages`);
 * every package has the one version, which this script insists on.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attwProblems, contentProblems, pack, publintProblems, referenceProblems, templateFoldersOf, type PackedPackage } from './check-package.ts';
import { publishablePackages } from './workspace-packages.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dryRun = process.argv.includes('--dry-run');
const out = (line = '') => process.stdout.write(`${line}\n`);

function fail(message: string): never {
  process.stderr.write(`release: ${message}\n`);
  process.exit(1);
}

const packages = publishablePackages(repo);
const versions = new Set(packages.map((p) => p.version));
if (versions.size !== 1) fail(`the packages must share one version; they have ${[...versions].join(', ')}:\n${packages.map((p) => `  ${p.name}@${p.version}`).join('\n')}\nRun \`npm run version-packages\` (changesets keeps them in one fixed group).`);
const [version] = versions;
// Publishing goes only where the environment says, never to a registry some .npmrc happens to name.
const named = process.env.npm_config_registry ?? process.env.NPM_CONFIG_REGISTRY ?? '';
if (!dryRun && named === '') fail('say where to publish: npm_config_registry=<registry URL> npm run release (e.g. https://registry.npmjs.org/). `--dry-run` checks everything without publishing.');
const registry = (named || execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim()).replace(/\/?$/, '/');
out(`${dryRun ? 'Checking' : 'Releasing'} ${packages.length} packages at ${version}${dryRun ? '' : ` to ${registry}`}: ${packages.map((p) => p.name).join(', ')}`);

out('\nBuilding (clean dist/)…');
for (const p of packages) rmSync(join(p.dir, 'dist'), { recursive: true, force: true });
const build = spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
if (build.status !== 0) fail(`the build failed (exit ${build.status}).`);

const work = mkdtempSync(join(tmpdir(), 'boomerang-release-'));
try {
  out('\nPacking and checking each tarball…');
  // Each package's pack and checks are independent: a few at a time, reported in dependency order.
  const checked = await inParallel(packages, Math.max(2, availableParallelism()), async (p) => {
    const tarball = await pack(p.dir, work);
    const found = [...contentProblems(tarball, templateFoldersOf(p.dir, p.name)), ...referenceProblems(p.dir, tarball), ...(await publintProblems(tarball.tarball)), ...(await attwProblems(tarball.tarball))];
    return { p, tarball, found };
  });
  const packed: PackedPackage[] = [];
  const problems: string[] = [];
  for (const { p, tarball, found } of checked) {
    packed.push(tarball);
    out(`  ${`${p.name}@${p.version}`.padEnd(44)} ${kB(tarball.size).padStart(9)} packed ${kB(tarball.unpackedSize).padStart(9)} unpacked ${String(tarball.files.length).padStart(4)} files  ${found.length === 0 ? 'ok' : `${found.length} problem${found.length === 1 ? '' : 's'}`}`);
    problems.push(...found.map((problem) => `${p.name}: ${problem}`));
  }
  if (problems.length > 0) fail(`nothing was published; fix these first:\n${problems.map((problem) => `  ${problem.replace(/\n/g, '\n    ')}`).join('\n')}`);
  if (dryRun) {
    out('\nDry run: every tarball passes; nothing was published.');
    process.exit(0);
  }

  out(`\nPublishing to ${registry} in dependency order…`);
  for (const tarball of packed) {
    const id = `${tarball.name}@${tarball.version}`;
    if (isPublished(id)) {
      out(`  ${id.padEnd(44)} already published: skipped`);
      continue;
    }
    const args = ['publish', tarball.tarball, '--access', 'public', '--tag', 'latest', ...registryArgs(tarball.name)];
    const published = spawnSync('npm', args, { cwd: work, encoding: 'utf8' });
    if (published.status !== 0) fail(`\`npm ${args.join(' ')}\` failed (exit ${published.status}); the packages before it are published, run the release again to continue:\n${published.stderr}`);
    out(`  ${id.padEnd(44)} published`);
  }
  out(`\nReleased ${version}.`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** The registry on the command line beats every .npmrc, a scope's registry included (npm 11). */
function registryArgs(name: string): string[] {
  const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined;
  return ['--registry', registry, ...(scope ? [`--${scope}:registry=${registry}`] : [])];
}

function isPublished(id: string): boolean {
  const view = spawnSync('npm', ['view', id, 'version', ...registryArgs(id.slice(0, id.lastIndexOf('@')))], { encoding: 'utf8' });
  // npm view exits 1 with E404 for a package or version that is not there.
  return view.status === 0 && view.stdout.trim() !== '';
}

/** `task` over `items`, at most `limit` at once; the results in the items' order. */
async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await task(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function kB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}
