/**
 * The `boomerang.config.ts` an import writes beside api.ts: the same targets the starter
 * (`create-boomerang`) configures: OpenAPI documents, the Fastify server, the receiver SDK, the docs.
 */
import { stringLiteral } from './source-printer.ts';

/** An npm package name for the receiver, from the API's title: `Tic Tac Toe` → `tic-tac-toe-receiver`. */
export function receiverPackageName(title: string): string {
  const slug = title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${slug || 'api'}-receiver`;
}

export function configSource(definitionPath: string, title: string): string {
  return `// What \`boomerang generate\` writes from ${definitionPath}: the OpenAPI documents, the Fastify server (./src),
// the receiver SDK your API's users install (./receiver), and the inputs of the docs (./docs).
import { defineConfig } from '@boomerang/codegen';

export default defineConfig({
  definition: ${stringLiteral(definitionPath)},
  openapi: { output: './generated', formats: ['json', 'yaml'] },
  targets: [
    { template: '@boomerang/template-server-fastify', output: './src' },
    { template: '@boomerang/template-receiver', output: './receiver', options: { packageName: ${stringLiteral(receiverPackageName(title))} } },
    { template: '@boomerang/template-docs-redoc', output: './docs' },
  ],
});
`;
}
