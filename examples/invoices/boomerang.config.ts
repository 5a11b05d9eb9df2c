import { defineConfig } from '@boomerang/codegen';

export default defineConfig({
  definition: './api.ts',
  openapi: { output: './generated', formats: ['json', 'yaml'] },
  targets: [
    { template: '@boomerang/template-server-fastify', output: './src' },
    { template: '@boomerang/template-docs-redoc', output: './docs', options: { primaryColor: '#0b7a75' } },
    { template: '@boomerang/template-receiver', output: './receiver', options: { packageName: '@invoices-example/receiver' } },
  ],
});
