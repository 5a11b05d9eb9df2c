/**
 * package.json edits the generators share. The user's values always win: a scaffold only fills in
 * what is missing, and a dependency the user lists anywhere (even in another section, or at another
 * version) is left as they wrote it.
 */
import { readJson, writeJson, type Tree } from '@nx/devkit';

type Json = Record<string, unknown>;

const dependencySections = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** Writes `scaffold` into the package.json at `path`, under the values already there; `finish` adjusts the result. */
export function mergePackageJson(tree: Tree, path: string, scaffold: Json, finish: (merged: Json) => Json = (merged) => merged): void {
  const existing: Json = tree.exists(path) ? readJson(tree, path) : {};
  const listed = new Set(dependencySections.flatMap((section) => Object.keys(asObject(existing[section]))));
  // The user's keys keep their order; what the scaffold adds comes after them.
  const merged: Json = { ...existing };
  for (const [key, value] of Object.entries(scaffold)) {
    const current = existing[key];
    if (current !== undefined && !(isObject(current) && isObject(value))) continue;
    if (!isObject(value)) {
      merged[key] = value;
      continue;
    }
    const isDependencies = (dependencySections as readonly string[]).includes(key);
    const missing = Object.entries(value).filter(([name]) => (isDependencies ? !listed.has(name) : !(name in asObject(current))));
    merged[key] = { ...asObject(current), ...Object.fromEntries(missing) };
  }
  writeJson(tree, path, finish(merged));
}

/**
 * Makes `root` a workspace package: appends `<parent>/*` to the root package.json's `workspaces`
 * unless a pattern already covers it. pnpm keeps its list in pnpm-workspace.yaml, which is left to the user.
 */
export function ensureWorkspacePackage(tree: Tree, root: string): void {
  if (!tree.exists('package.json') || tree.exists('pnpm-workspace.yaml')) return;
  const json: Json = readJson(tree, 'package.json');
  const workspaces = json.workspaces;
  const patterns = Array.isArray(workspaces) ? workspaces : isObject(workspaces) && Array.isArray(workspaces.packages) ? workspaces.packages : undefined;
  if (patterns?.some((pattern) => typeof pattern === 'string' && matchesWorkspace(pattern, root))) return;
  const parent = root.includes('/') ? `${root.slice(0, root.lastIndexOf('/'))}/*` : root;
  if (patterns === undefined) json.workspaces = [parent];
  else patterns.push(parent);
  writeJson(tree, 'package.json', json);
}

/** npm's workspace globs: `*` within a segment, `**` across segments. */
export function matchesWorkspace(pattern: string, path: string): boolean {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  if (clean.startsWith('!')) return false;
  const source = clean
    .split('/')
    .map((segment) => (segment === '**' ? '.*' : segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
    .join('/');
  return new RegExp(`^${source}$`).test(path);
}

/** `acme` for a root package named `@acme/source`; undefined when the root package has no scope. */
export function workspaceScope(tree: Tree): string | undefined {
  if (!tree.exists('package.json')) return undefined;
  const name = (readJson(tree, 'package.json') as Json).name;
  return typeof name === 'string' && name.startsWith('@') && name.includes('/') ? name.slice(1, name.indexOf('/')) : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Json {
  return isObject(value) ? value : {};
}
