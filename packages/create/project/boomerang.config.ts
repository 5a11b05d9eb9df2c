// What `boomerang generate` writes from api.ts: the OpenAPI documents, the {{serverName}} server (./src),
// the receiver SDK your API's users install (./receiver), and the inputs of the docs (./docs).
import { defineConfig } from '@boomerang/codegen';

export default defineConfig({
  definition: './api.ts',
  openapi: { output: './generated', formats: ['json', 'yaml'] },
  targets: [
    { template: '{{serverTemplate}}', output: './src' },
    { template: '@boomerang/template-receiver', output: './receiver', options: { packageName: '{{receiverPackage}}' } },
    { template: '@boomerang/template-docs-redoc', output: './docs' },
  ],
});
