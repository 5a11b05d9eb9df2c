import { defineConfig } from 'vitest/config';

// Inside the repository every @boomerang package resolves to its TypeScript sources (the
// `@boomerang/source` export condition), both in Vite's resolver and in Node's own (for what codegen
// loads natively: definitions, configs, template helpers), so that nothing needs a build first.
const conditions = ['@boomerang/source'];

export default defineConfig({
  resolve: { conditions: [...conditions, 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: [...conditions, 'module', 'node', 'development|production'], externalConditions: conditions } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'templates/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'tools/**/*.test.ts'],
    // tools/e2e runs on its own afterwards (vitest.e2e.config.ts): it rebuilds every package's dist/.
    exclude: ['**/node_modules/**', '**/__snapshots__/**', '**/.tmp/**', 'tools/e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    execArgv: conditions.map((condition) => `--conditions=${condition}`),
  },
});
