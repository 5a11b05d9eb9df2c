/**
 * The generated package's package.json and tsconfig.json. ESM with `exports` (types first), built by
 * tsc into dist/ (`rewriteRelativeImportExtensions` lets the sources import `./x.ts`) with validators.js
 * copied beside what tsc wrote, no dependencies,
 * Express and Fastify as optional peers used only by their entry points.
 * @see https://nodejs.org/api/packages.html#conditional-exports
 */
import { CodegenError } from '@boomerang/codegen';
import type { ApiModel } from '@boomerang/core';

export interface PackageOptions {
  readonly name: string;
  readonly version: string;
}

// npm's rules for new package names: lower case, URL-safe, at most 214 characters, optionally scoped.
const packageNamePattern = /^(?:@[a-z0-9-*~][a-z0-9-*._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
// semver 2.0.0
const versionPattern = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** `packageName` (default `<api-title-kebab>-receiver`) and `packageVersion` (default the API's version), checked. */
export function packageOptions(model: ApiModel, options: Readonly<Record<string, unknown>>): PackageOptions {
  const kebab = model.info.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'api';
  const name = options.packageName ?? `${kebab}-receiver`;
  const version = options.packageVersion ?? model.info.version;
  if (typeof name !== 'string' || name.length > 214 || !packageNamePattern.test(name)) {
    throw new CodegenError(`the receiver's packageName ${JSON.stringify(name)} is not a valid npm package name.`, 'Use lower case letters, digits, "-", "." and "_", optionally with a scope: "@acme/invoices-receiver".');
  }
  if (typeof version !== 'string' || !versionPattern.test(version)) {
    throw new CodegenError(`the receiver's version ${JSON.stringify(version)} is not a semantic version${options.packageVersion === undefined ? ' (it defaults to the API\'s info.version)' : ''}.`, 'Set the target option packageVersion, e.g. "1.0.0".');
  }
  return { name, version };
}

/**
 * The validators are JavaScript with a .d.ts beside them, so that TypeScript (the package's build, and
 * any project that compiles the sources) never parses Ajv's code; tsc does not copy JavaScript it did not
 * compile, so the build does, with node (the one tool every platform running npm has).
 */
const copyValidators = `node -e "require('node:fs').copyFileSync('generated/validators.js', 'dist/validators.js')"`;

const entry = (name: string) => ({ types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` });

export function buildPackageJson(model: ApiModel, pkg: PackageOptions): string {
  const license = model.info.license?.identifier;
  const json = {
    name: pkg.name,
    version: pkg.version,
    description: `Receive the callbacks and webhooks of ${model.info.title}: typed handlers, Standard Webhooks signature verification, request validation, and adapters for node:http, the fetch API, Express and Fastify.`,
    ...(license ? { license } : {}),
    type: 'module',
    main: './dist/index.js',
    types: './dist/index.d.ts',
    // `npx <package> trigger …`: signed test deliveries to your receiver (cli.ts).
    bin: { [pkg.name.replace(/^@/, '').replace('/', '-')]: './dist/cli.js' },
    exports: {
      '.': entry('index'),
      './express': entry('express'),
      './fastify': entry('fastify'),
      // The API's client alone, without the receiver's modules.
      './client': entry('client'),
      './package.json': './package.json',
    },
    files: ['dist'],
    sideEffects: false,
    engines: { node: '>=20' },
    scripts: {
      build: `tsc -p tsconfig.json && ${copyValidators}`,
      prepublishOnly: 'npm run build',
    },
    peerDependencies: {
      express: '^4.17.0 || ^5.0.0',
      fastify: '^4.0.0 || ^5.0.0',
    },
    peerDependenciesMeta: {
      express: { optional: true },
      fastify: { optional: true },
    },
    devDependencies: {
      typescript: '5.9.3',
    },
  };
  return JSON.stringify(json, null, 2);
}

/**
 * Only Web APIs (lib DOM, DOM.Iterable) and no @types: the sources use fetch, Web Crypto and TextEncoder, and describe
 * what they need of node:http, Express and Fastify structurally, so the build needs nothing installed
 * but TypeScript, and the declarations ask nothing of their users' setup.
 */
export function tsconfigJson(): string {
  return JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: [],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        rewriteRelativeImportExtensions: true,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        strict: true,
        noUncheckedIndexedAccess: true,
        declaration: true,
        rootDir: 'generated',
        outDir: 'dist',
        skipLibCheck: true,
      },
      include: ['generated/**/*.ts'],
    },
    null,
    2,
  );
}
