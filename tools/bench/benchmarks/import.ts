/**
 * `importOpenApi` on a large real document (GitHub's REST description, trimmed to 321 operations and
 * 40 webhooks: packages/import/test/fixtures/github-rest) against @scalar/openapi-parser's own
 * parse + validate + dereference of the same text, which the import runs first: the ratio is what
 * turning the document into a definition costs on top of reading it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importOpenApi } from '@boomerang/import';
import { dereference, normalize, validate } from '@scalar/openapi-parser';
import { interleaved, lowerIsBetter, ms, type Benchmark } from '../harness.ts';

const fixture = fileURLToPath(new URL('../../../packages/import/test/fixtures/github-rest/openapi.json', import.meta.url));
// The parser exports no package.json; @boomerang/import pins its exact version.
const importManifest = fileURLToPath(new URL('../../../packages/import/package.json', import.meta.url));
const scalarVersion = (JSON.parse(readFileSync(importManifest, 'utf8')) as { dependencies: Record<string, string> }).dependencies['@scalar/openapi-parser'];

const importBench: Benchmark = {
  name: 'import',
  async run({ quick, rounds, log }) {
    const text = readFileSync(fixture, 'utf8');
    const peer = `@scalar/openapi-parser ${scalarVersion} parse + validate + dereference`;
    const got = await interleaved(quick ? 1 : Math.max(rounds, 5), {
      boomerang: async () => {
        const result = await importOpenApi(text);
        if (!result.ok) throw new Error(`the GitHub fixture did not import: ${result.findings[0]?.message}`);
        return undefined;
      },
      scalar: async () => {
        const document = normalize(text);
        const validated = await validate(structuredClone(document));
        if (!validated.valid) throw new Error('the GitHub fixture is not valid for the parser');
        await dereference(structuredClone(document));
        return undefined;
      },
    }, { warmup: quick ? 0 : 1 });
    log(`import ${got.boomerang.toFixed(0)} ms, ${peer} ${got.scalar.toFixed(0)} ms`);
    return [
      lowerIsBetter(
        'import GitHub\'s REST description (321 operations, 40 webhooks) into api.ts',
        ms(got.boomerang, 'Boomerang importOpenApi'),
        ms(got.scalar, peer),
        3,
        `≤ 3× ${peer}`,
        'The import runs the same parse + validate + dereference first, then writes every schema as Zod source and lists what it cannot carry over.',
      ),
    ];
  },
};

export default importBench;
