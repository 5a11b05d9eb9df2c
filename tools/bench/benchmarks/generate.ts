/**
 * `boomerang generate` of the synthetic API (N=1000; 100 with --quick) with the OpenAPI document, the
 * Fastify server and the receiver, by the built CLI in a process of its own each run, in a scratch
 * project under the work folder (inside the repository, so that it resolves the packages as a user's
 * project does):
 * - in full, from nothing: each round deletes the outputs and the project's cache first (so
 *   openapi-typescript turns both documents), against the openapi-typescript CLI alone on the
 *   openapi.json that generate wrote;
 * - again with nothing changed, against loading the definition alone: a Node script that imports
 *   api.ts through tsx's namespaced loader, as generate does, and does nothing else.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interleaved, lowerIsBetter, ms, type Benchmark } from '../harness.ts';
import { boomerangProjectSource, syntheticSpec } from '../synthetic.ts';
import { boomerangCommand, buildDist, run, timeChild } from './cli.ts';

const require = createRequire(import.meta.url);
const version = (name: string) => (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
/** openapi-typescript's CLI, as `npx openapi-typescript` runs it: its package's `bin`. */
function openapiTypescriptBin(): string {
  const manifest = require.resolve('openapi-typescript/package.json');
  return join(dirname(manifest), (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin['openapi-typescript']!);
}
const synthetic = fileURLToPath(new URL('../synthetic.ts', import.meta.url));

const config = `import { defineConfig } from '@boomerang/codegen';

export default defineConfig({
  definition: './api.ts',
  openapi: { output: './generated', formats: ['json', 'yaml'] },
  targets: [
    { template: '@boomerang/template-server-fastify', output: './server' },
    { template: '@boomerang/template-receiver', output: './receiver' },
  ],
});
`;

/** Loads the definition as generate does (tsx, a namespace of its own) and nothing else. */
const loadDefinition = `import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
const loader = register({ namespace: 'bench' });
const loaded = await loader.import(pathToFileURL(process.argv[2]).href, import.meta.url);
if (typeof loaded.default !== 'object' || loaded.default === null) throw new Error('no definition');
`;

const generate: Benchmark = {
  name: 'generate',
  async run({ quick, rounds, workDir, log }) {
    buildDist(log);
    const n = quick ? 100 : 1000;
    const project = join(workDir, 'synthetic');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'api.ts'), boomerangProjectSource(syntheticSpec(n), `./${relative(project, synthetic).split('\\').join('/')}`));
    writeFileSync(join(project, 'boomerang.config.ts'), config);
    writeFileSync(join(workDir, 'load-definition.mjs'), loadDefinition);
    const outputs = ['generated', 'server', 'receiver', 'node_modules'].map((name) => join(project, name));
    const fromNothing = () => {
      for (const output of outputs) rmSync(output, { recursive: true, force: true });
    };

    const generateCommand = { ...boomerangCommand('generate', '.'), cwd: project };
    const openapiTypescript = `openapi-typescript ${version('openapi-typescript')}`;
    const openapiTypescriptCommand = { file: process.execPath, args: [openapiTypescriptBin(), join(workDir, 'openapi.json'), '--output', join(workDir, 'openapi-typescript.ts')], cwd: workDir };

    // One full run first: it checks that everything works, and writes the document the peer reads.
    fromNothing();
    const first = run(generateCommand);
    const timings = /^timings: .*$/m.exec(first)?.[0] ?? '(no timings)';
    log(`N=${n}, first full generate: ${timings}`);
    writeFileSync(join(workDir, 'openapi.json'), readFileSync(join(project, 'generated/openapi.json')));
    const full = await interleaved(rounds, {
      boomerang: () => {
        fromNothing();
        return timeChild(generateCommand)();
      },
      peer: timeChild(openapiTypescriptCommand),
    });
    // The outputs deleted but openapi-typescript's results kept, once: what deleting the outputs costs.
    for (const output of outputs.slice(0, 3)) rmSync(output, { recursive: true, force: true });
    const warm = timeChild(generateCommand)();
    log(`full generate ${full.boomerang.toFixed(0)} ms, ${openapiTypescript} CLI ${full.peer.toFixed(0)} ms; outputs deleted, openapi-typescript's results kept: ${warm.toFixed(0)} ms`);

    const again = run(generateCommand);
    if (!again.includes('nothing rebuilt')) throw new Error(`generate with nothing changed rebuilt:\n${again}`);
    const noop = await interleaved(
      rounds,
      { boomerang: timeChild(generateCommand), load: timeChild({ file: process.execPath, args: [join(workDir, 'load-definition.mjs'), join(project, 'api.ts')], cwd: project }) },
      { warmup: 1 },
    );
    log(`generate with nothing changed ${noop.boomerang.toFixed(0)} ms, loading the definition ${noop.load.toFixed(0)} ms`);
    return [
      lowerIsBetter(
        `full \`generate\` (openapi + server-fastify + receiver), N=${n}, built CLI`,
        ms(full.boomerang, 'Boomerang'),
        ms(full.peer, `${openapiTypescript} CLI`),
        1.5,
        `≤ 1.5× the ${openapiTypescript} CLI on the same openapi.json`,
        `From nothing each round: no outputs, no cache, so openapi-typescript turns both documents (${availableParallelism() >= 4 ? 'in two worker threads, loading while the definition loads' : `one after the other in the main thread: ${availableParallelism()} CPUs`}). First run's steps: ${timings.replace(/^timings: /, '')}. With the outputs deleted but openapi-typescript's results kept: ${warm.toFixed(0)} ms.`,
      ),
      lowerIsBetter(
        `\`generate\` again, nothing changed, N=${n}, built CLI`,
        ms(noop.boomerang, 'Boomerang'),
        ms(noop.load, 'loading the definition'),
        1,
        '≤ the time to load the definition',
        'The peer is a Node process that imports api.ts through tsx as generate does, and nothing else. generate hashes the files the last run loaded and finds them, and the outputs, unchanged: it loads no definition and writes nothing.',
      ),
    ];
  },
};

export default generate;
