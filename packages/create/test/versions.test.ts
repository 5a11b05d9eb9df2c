import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { versions } from '../src/project.ts';

const json = (path: string) => JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8'));

describe('the versions a new project pins', () => {
  it("are the monorepo's pins", () => {
    const pins = json('package.json').devDependencies;
    expect({ fastify: versions.fastify, hono: versions.hono, honoNodeServer: versions.honoNodeServer, zod: versions.zod, tsx: versions.tsx, typescript: versions.typescript, vitest: versions.vitest, typesNode: versions.typesNode }).toEqual({
      fastify: pins.fastify,
      hono: pins.hono,
      honoNodeServer: pins['@hono/node-server'],
      zod: pins.zod,
      tsx: pins.tsx,
      typescript: pins.typescript,
      vitest: pins.vitest,
      typesNode: pins['@types/node'],
    });
  });

  it('name the @boomerang packages at the one version they are all released at', () => {
    for (const path of ['packages/create', 'packages/nx-plugin', 'packages/cli', 'packages/codegen', 'packages/core', 'packages/runtime', 'packages/redocly-plugin', 'templates/server-fastify', 'templates/server-hono', 'templates/receiver', 'templates/docs-redoc']) {
      expect({ path, version: json(`${path}/package.json`).version }).toEqual({ path, version: versions.boomerang });
    }
    expect(json('packages/nx-plugin/package.json').dependencies).toMatchObject({ typescript: versions.typescript, '@nx/devkit': json('package.json').devDependencies['@nx/devkit'] });
  });
});
