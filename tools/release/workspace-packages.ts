/**
 * The packages this repository publishes: every workspace package that is not private, in
 * dependency order (a package comes after the workspace packages it depends on), as npm needs them
 * published so that each one's dependencies already resolve.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

export interface WorkspacePackage {
  readonly name: string;
  readonly version: string;
  /** Absolute. */
  readonly dir: string;
  /** Relative to the repository, e.g. `packages/core`. */
  readonly path: string;
  readonly manifest: PackageManifest;
  /** The workspace packages it needs at run time (dependencies and peers). */
  readonly needs: readonly string[];
}

export function readManifest(dir: string): PackageManifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
}

/** The publishable packages of the repository at `repo`, dependencies first. */
export function publishablePackages(repo: string): WorkspacePackage[] {
  const workspaces = (readManifest(repo) as { workspaces?: string[] }).workspaces ?? [];
  const found: WorkspacePackage[] = [];
  for (const pattern of workspaces) {
    // The root's patterns are `<folder>/*`; anything else would need a glob library, and fails loudly here.
    if (!/^[\w.-]+\/\*$/.test(pattern)) throw new Error(`workspace pattern ${JSON.stringify(pattern)} is not of the form <folder>/*`);
    const parent = pattern.slice(0, -2);
    for (const entry of readdirSync(join(repo, parent)).sort()) {
      const dir = join(repo, parent, entry);
      if (!existsSync(join(dir, 'package.json'))) continue;
      const manifest = readManifest(dir);
      if (manifest.private === true) continue;
      found.push({ name: manifest.name, version: manifest.version, dir, path: `${parent}/${entry}`, manifest, needs: [] });
    }
  }
  const names = new Set(found.map((p) => p.name));
  const withNeeds = found.map((p) => ({ ...p, needs: Object.keys({ ...p.manifest.dependencies, ...p.manifest.peerDependencies }).filter((name) => names.has(name)).sort() }));
  return dependencyOrder(withNeeds);
}

/** A topological order, stable (by name) among packages that do not depend on each other. */
export function dependencyOrder<T extends { readonly name: string; readonly needs: readonly string[] }>(packages: readonly T[]): T[] {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: T[] = [];
  const visit = (p: T, path: readonly string[]) => {
    if (done.has(p.name)) return;
    if (visiting.has(p.name)) throw new Error(`workspace packages depend on each other in a cycle: ${[...path, p.name].join(' → ')}`);
    visiting.add(p.name);
    for (const need of p.needs) visit(byName.get(need)!, [...path, p.name]);
    visiting.delete(p.name);
    done.add(p.name);
    order.push(p);
  };
  for (const p of [...packages].sort((a, b) => a.name.localeCompare(b.name))) visit(p, []);
  return order;
}
