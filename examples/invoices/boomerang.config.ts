import { defineConfig } from '@boomerang/codegen';

export default defineConfig({
  definition: './api.ts',
  openapi: { output: './generated', formats: ['json', 'yaml'] },
  targets: [
    { template: '@boomerang/template-server-fastify', output: './src' },
    { template: '../../templates/docs-redoc', output: './docs', options: { primaryColor: '#0b7a75' } },
  ],
});
