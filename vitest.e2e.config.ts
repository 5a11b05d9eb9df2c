import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// The end-to-end tests of tools/e2e, run after the others (`npm test` runs both): they release every
// package (a clean build of each dist/) and must not race the tests that read those folders.
export default defineConfig({
  resolve: base.resolve,
  ssr: base.ssr,
  test: { ...base.test, include: ['tools/e2e/**/*.test.ts'], exclude: ['**/node_modules/**'], fileParallelism: false },
});
