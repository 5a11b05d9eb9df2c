import { defineConfig } from '@boomerang/codegen';

export default defineConfig({
  definition: './api.ts',
  openapi: { output: './generated', formats: ['json', 'yaml'] },
  targets: [
    { template: '@boomerang/template-server-fastify', output: './src' },
    { template: '@boomerang/template-receiver', output: './receiver', options: { packageName: '@subscriptions-example/receiver' } },
    { template: '@boomerang/template-docs-redoc', output: './docs', options: { primaryColor: '#6b4fbb' } },
  ],
});
