/**
 * The files of a new Boomerang project, as the starter (`npm create boomerang`) and the Nx service
 * generator (`nx g @boomerang/nx:service`) both write them: one source for both. Pure: it returns
 * files; the caller writes them (to disk, or to an Nx Tree).
 *
 * The files live in `project/` as they are written, with `{{title}}`, `{{name}}`,
 * `{{receiverPackage}}` and the server target's parts (`{{serverName}}`, `{{serverTemplate}}`, and in
 * the test `{{serverImport}}` and `{{startServer}}`) filled in; a placeholder that is not one of those
 * is an error, not a blank.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pins a project depends on, besides the @boomerang packages (released together, at this package's version). */
export const versions = {
  boomerang: (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version,
  fastify: '5.12.8',
  hono: '4.13.23',
  honoNodeServer: '1.19.19',
  /** The default delivery store's driver (`CALLBACK_STORE=sqlite:…`); pg is added by who chooses Postgres. */
  betterSqlite3: '12.11.1',
  zod: '4.6.7',
  tsx: '4.23.15',
  typescript: '5.9.3',
  vitest: '4.1.12',
  typesNode: '20.19.25',
  /**
   * fastify ^5 takes light-my-request ^6, whose 6.7+ needs cookie 2 and so Node 22: npm warns on
   * Node 20. 6.6.0 is the last that runs on every Node fastify 5 supports.
   */
  lightMyRequest: '6.6.0',
} as const;

export interface ProjectNames {
  /** kebab-case, the folder's name: `my-api`, `billing`. */
  readonly name: string;
  /** The API's title: `My API`, `Billing`. */
  readonly title: string;
  /** The project's npm package name: `my-api`, `@acme/billing`. */
  readonly packageName: string;
  /** The generated receiver package's name: `my-api-receiver`, `@acme/billing-receiver`. */
  readonly receiverPackage: string;
}

/** The server targets a project can be generated for: `boomerang.config.ts` names its template package. */
export const serverTargets = ['fastify', 'hono'] as const;
export type ServerTarget = (typeof serverTargets)[number];

interface ServerTargetParts {
  readonly name: string;
  readonly template: string;
  /** What the server needs at run time, besides @boomerang/runtime. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** The test's import of what starts the server, a line (or nothing). */
  readonly testImport: string;
  /** The test's `startService` after `const app = createServer(...)`: listen on 127.0.0.1:0, start the outbox, return `{ url, close }`. */
  readonly startServer: string;
}

const serverParts: Readonly<Record<ServerTarget, ServerTargetParts>> = {
  fastify: {
    name: 'Fastify',
    template: '@boomerang/template-server-fastify',
    dependencies: { fastify: versions.fastify },
    testImport: '',
    startServer: `  await app.listen({ port: 0, host: '127.0.0.1' });
  outbox.start();
  return {
    url: \`http://127.0.0.1:\${(app.server.address() as AddressInfo).port}\`,
    close: async () => {
      await app.close();
      await outbox.close();
    },
  };`,
  },
  hono: {
    name: 'Hono',
    template: '@boomerang/template-server-hono',
    dependencies: { '@hono/node-server': versions.honoNodeServer, hono: versions.hono },
    testImport: "import { serve } from '@hono/node-server';\n",
    startServer: `  // The Hono app is a fetch handler; on Node, @hono/node-server serves it (as src/main.ts does).
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  outbox.start();
  return {
    url: \`http://127.0.0.1:\${(server.address() as AddressInfo).port}\`,
    close: async () => {
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await outbox.close();
    },
  };`,
  },
};

/** The server target named `name`; throws, naming the targets there are, on any other. */
export function serverTarget(name: string): ServerTarget {
  if ((serverTargets as readonly string[]).includes(name)) return name as ServerTarget;
  throw new Error(`There is no server target \`${name}\`: choose ${serverTargets.map((target) => `\`${target}\``).join(' or ')}.`);
}

const namePattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The names of a project called `name` (kebab-case), in the npm scope `scope` if any. Throws on a name that is not usable. */
export function projectNames(name: string, scope?: string): ProjectNames {
  if (!namePattern.test(name)) {
    throw new Error(`The project name \`${name}\` is not usable: write it in kebab-case, starting with a letter (\`my-api\`, \`order-history\`).`);
  }
  const bareScope = scope?.replace(/^@/, '');
  if (bareScope !== undefined && !/^[a-z0-9][a-z0-9._~-]*$/.test(bareScope)) throw new Error(`The npm scope \`${scope}\` is not valid.`);
  const title = name
    .split('-')
    .map((word) => (word === 'api' ? 'API' : word[0]!.toUpperCase() + word.slice(1)))
    .join(' ');
  const packageName = bareScope === undefined ? name : `@${bareScope}/${name}`;
  return { name, title, packageName, receiverPackage: `${packageName}-receiver` };
}

export interface ProjectFile {
  /** Relative to the project folder, `/`-separated. */
  readonly path: string;
  readonly content: string;
}

const projectDir = fileURLToPath(new URL('../project/', import.meta.url));

export interface ProjectOptions {
  /** The server target (default `fastify`). */
  readonly server?: ServerTarget;
}

/**
 * Every file but package.json, sorted by path. `gitignore`: also a `.gitignore` (a project of its
 * own has one; a service in a workspace shares the workspace's). npm does not publish files named
 * `.gitignore`, so it is kept as `gitignore` and renamed here.
 */
export function projectFiles(names: ProjectNames, options: { readonly gitignore: boolean } & ProjectOptions): ProjectFile[] {
  const server = serverParts[options.server ?? 'fastify'];
  const values: Record<string, string> = {
    title: names.title,
    name: names.name,
    receiverPackage: names.receiverPackage,
    serverName: server.name,
    serverTemplate: server.template,
    serverImport: server.testImport,
    startServer: server.startServer,
  };
  return listFiles(projectDir)
    .flatMap((path) => {
      if (path !== 'gitignore') return [{ path, content: fill(path, readFileSync(`${projectDir}${path}`, 'utf8'), values) }];
      return options.gitignore ? [{ path: '.gitignore', content: readFileSync(`${projectDir}${path}`, 'utf8') }] : [];
    })
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * The project's package.json. `standalone`: a project of its own, whose `start` and `test` generate
 * first. `workspace`: a package of a monorepo whose task runner (the Nx plugin, turbo) runs
 * `generate` before `build` and `test`.
 */
export function projectPackageJson(names: ProjectNames, variant: 'standalone' | 'workspace', options: ProjectOptions = {}): Record<string, unknown> {
  const b = versions.boomerang;
  const target = options.server ?? 'fastify';
  const server = serverParts[target];
  const scripts =
    variant === 'standalone'
      ? {
          generate: 'boomerang generate .',
          check: 'boomerang check .',
          start: 'boomerang generate . && node --import tsx src/main.ts',
          dev: 'boomerang dev .',
          test: 'boomerang generate . && tsc -p tsconfig.json && vitest run',
          docs: 'boomerang docs .',
          lint: 'boomerang generate . && boomerang lint .',
        }
      : {
          generate: 'boomerang generate .',
          check: 'boomerang check .',
          build: 'tsc -p tsconfig.json',
          test: 'vitest run',
          start: 'node --import tsx src/main.ts',
          dev: 'boomerang dev .',
        };
  return {
    name: names.packageName,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=20.19' },
    scripts,
    // Sorted, as npm writes them.
    dependencies: sorted({
      '@boomerang/core': b,
      '@boomerang/runtime': b,
      'better-sqlite3': versions.betterSqlite3,
      ...server.dependencies,
      tsx: versions.tsx,
      zod: versions.zod,
    }),
    devDependencies: sorted({
      '@boomerang/cli': b,
      '@boomerang/codegen': b,
      '@boomerang/template-docs-redoc': b,
      '@boomerang/template-receiver': b,
      [server.template]: b,
      '@types/node': versions.typesNode,
      typescript: versions.typescript,
      vitest: versions.vitest,
    }),
    // Only the root package.json of an install may override; a workspace's root gets it from Nx's init.
    ...(variant === 'standalone' && target === 'fastify' ? { overrides: { 'light-my-request': versions.lightMyRequest } } : {}),
  };
}

function sorted(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, `${entry.parentPath}/${entry.name}`).split('\\').join('/'));
}

function fill(path: string, text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`project/${path} has the placeholder {{${key}}}, which is not one of ${Object.keys(values).join(', ')}.`);
    return value;
  });
}
