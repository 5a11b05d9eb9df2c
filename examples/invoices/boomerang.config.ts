import { defineConfig } from '@boomerang/codegen';

export default defineConfig({
  definition: './api.ts',
  openapi: { output: './generated', formats: ['json', 'yaml'] },
  targets: [{ template: '@boomerang/template-server-fastify', output: './src' }],
});
