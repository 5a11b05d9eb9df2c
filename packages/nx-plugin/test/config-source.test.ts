import { describe, expect, it } from 'vitest';
import { readConfigSource, type ConfigSource } from '../src/config-source.ts';

const defaults = { definition: './api.ts', openapi: { output: './generated', formats: ['json', 'yaml'] }, targets: [], unreadable: [] } satisfies ConfigSource;

const cases: [string, { given: string; want: ConfigSource }][] = [
  [
    'the invoices example',
    {
      given: `import { defineConfig } from '@boomerang/codegen';

export default defineConfig({
  definition: './api.ts',
  openapi: { output: './generated', formats: ['json', 'yaml'] },
  targets: [{ template: '@boomerang/template-server-fastify', output: './src' }],
});
`,
      want: { ...defaults, targets: [{ template: '@boomerang/template-server-fastify', output: './src' }] },
    },
  ],
  ['an empty config: codegen defaults', { given: 'export default defineConfig({});', want: defaults }],
  [
    'a plain object with satisfies, comments and template strings',
    {
      given: `// mine
export default {
  definition: \`./definition/api.ts\`, // moved
  openapi: { formats: ['json'] as const },
  targets: [
    /* server */ { template: './templates/hono', output: 'server', options: { runtime: process.env.RUNTIME } },
  ],
} satisfies BoomerangConfig;`,
      want: { definition: './definition/api.ts', openapi: { output: './generated', formats: ['json'] }, targets: [{ template: './templates/hono', output: 'server' }], unreadable: [] },
    },
  ],
  [
    'a const exported by name, without documents',
    { given: `const config = defineConfig({ openapi: false, targets: [] });\nexport default config;`, want: { ...defaults, openapi: false } },
  ],
  [
    'values that are not literals are reported, not guessed',
    {
      given: `const out = './src';
export default defineConfig({
  definition: resolve('api.ts'),
  targets: [{ template: '@boomerang/template-server-fastify', output: out }, { template: 'x', output: './x' }],
});`,
      want: { ...defaults, targets: [{ template: 'x', output: './x' }], unreadable: ['definition', 'targets[0].output'] },
    },
  ],
  ['a spread of targets', { given: `export default defineConfig({ targets: [...shared] });`, want: { ...defaults, unreadable: ['targets'] } }],
  ['a config built by another function', { given: `export default makeConfig({ targets: [] });`, want: { ...defaults, unreadable: ['export default'] } }],
  ['no default export', { given: `export const config = {};`, want: { ...defaults, unreadable: ['export default'] } }],
];

describe('readConfigSource', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(readConfigSource(given)).toEqual(want);
  });
});
