import { defineConfig } from '@boomerang/codegen';

export default defineConfig({
  definition: './api.ts',
  openapi: { output: './generated', formats: ['json', 'yaml'] },
  targets: [
    { template: '../../templates/docs-redoc', output: './docs', options: { primaryColor: '#6b4fbb' } },
  ],
});
