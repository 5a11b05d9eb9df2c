import { defineConfig } from 'vitest/config';

// The service's own tests; the generated receiver package (./receiver) is tested through them.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
  },
});
