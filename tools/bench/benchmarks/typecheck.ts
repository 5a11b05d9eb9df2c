/**
 * What the generated code costs to type-check, and the receiver's validators to compile, for the
 * synthetic API (N=1000; 100 with --quick) generated in a scratch project under the work folder with
 * the OpenAPI document, the Fastify server and the receiver (`generate()` in this process):
 *
 * - `tsc` as a user runs it, a process each: `tsc -p server` (the server's own tsconfig.json) and
 *   `tsc -p receiver --noEmit` (the receiver package's, as its build checks it), against `tsc` of
 *   openapi-typescript's output for the same openapi.json, under the server's compiler options. The
 *   server sees @boomerang/runtime as a user does, through its built `dist/*.d.ts` (no
 *   `@boomerang/source` condition; the benchmark builds dist first and checks that no runtime source
 *   is in the program). The scaffolded handlers, which do not compile until they are written, are
 *   replaced by ones that throw, so that both programs compile without errors.
 * - the receiver's validators (Ajv standalone code, one function per named schema) against Ajv's own
 *   compile of the same schemas, added by `$id`, in memory: what a receiver that compiled them at
 *   startup would pay.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGenerationInput, generate } from '@boomerang/codegen';
import { defineApi, operation } from '@boomerang/core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { z } from 'zod';
import { routeViews } from '../../../templates/receiver/helpers.ts';
import { compileValidators } from '../../../templates/receiver/view/validators.ts';
import { interleaved, lowerIsBetter, ms, type Benchmark, type Row } from '../harness.ts';
import { boomerangDefinition, boomerangProjectSource, syntheticSpec } from '../synthetic.ts';

const require = createRequire(import.meta.url);
const version = (name: string) => (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const synthetic = fileURLToPath(new URL('../synthetic.ts', import.meta.url));
const tsc = require.resolve('typescript/bin/tsc');
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const config = `import { defineConfig } from '@boomerang/codegen';

export default defineConfig({
  definition: './api.ts',
  openapi: { output: './generated', formats: ['json'] },
  targets: [
    { template: '@boomerang/template-server-fastify', output: './server' },
    { template: '@boomerang/template-receiver', output: './receiver' },
  ],
});
`;

/** Runs tsc to its end; any error fails the benchmark (the programs measured must be the ones a user compiles cleanly). */
function typecheck(args: readonly string[], cwd: string): string {
  const result = spawnSync(process.execPath, [tsc, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`tsc ${args.join(' ')} (in ${relative(repo, cwd)}) exited with ${result.status ?? result.signal}:\n${result.stdout.slice(0, 4000)}${result.stderr}`);
  return result.stdout;
}

/** Handlers that compile as written ones do: the scaffolds say `not implemented` and return nothing. */
function implementHandlers(server: string): number {
  const dir = join(server, 'handlers');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const path = join(dir, file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/= async \(context\) => \{\n[^]*?\n\};/, "= async () => {\n  throw new Error('not implemented');\n};"));
  }
  return files.length;
}

async function openapiTypescript(documentPath: string, output: string): Promise<void> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const document = JSON.parse(readFileSync(documentPath, 'utf8')) as Record<string, unknown>;
  writeFileSync(output, astToString(await openapiTS(document as never, { silent: true })));
}

const typecheckBenchmark: Benchmark = {
  name: 'typecheck',
  async run({ quick, rounds, workDir, log }) {
    const n = quick ? 100 : 1000;
    const rows: Row[] = [];

    // The runtime as users get it: its declarations, built from the current sources (incremental).
    execFileSync(process.execPath, [tsc, '-b', 'packages/runtime/tsconfig.build.json'], { cwd: repo, stdio: 'inherit' });

    const project = join(workDir, 'typecheck');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'api.ts'), boomerangProjectSource(syntheticSpec(n), `./${relative(project, synthetic).split('\\').join('/')}`));
    writeFileSync(join(project, 'boomerang.config.ts'), config);
    const generated = await generate(project);
    if (!generated.ok) throw new Error(`generate failed: ${generated.diagnostics.map((d) => d.message).join('; ')}`);
    const handlers = implementHandlers(join(project, 'server'));
    const lines = (dir: string, extension: RegExp) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && extension.test(e.name)).reduce((sum, e) => sum + readFileSync(join(e.parentPath, e.name), 'utf8').split('\n').length, 0);
    const receiverDir = join(project, 'receiver', 'generated');
    log(`N=${n}: server ${lines(join(project, 'server'), /\.ts$/)} lines of TypeScript (${handlers} handlers), receiver ${lines(receiverDir, /\.ts$/)} (and ${lines(receiverDir, /\.js$/)} of JavaScript that tsc does not read); generate: ${generated.timings.map((t) => `${t.step} ${t.ms} ms`).join(', ')}`);

    const peerDir = join(project, 'peer');
    mkdirSync(peerDir, { recursive: true });
    await openapiTypescript(join(project, 'generated', 'openapi.json'), join(peerDir, 'openapi.ts'));
    // The server's compiler options, for openapi-typescript's output alone.
    writeFileSync(join(peerDir, 'tsconfig.json'), `${JSON.stringify({ extends: '../server/tsconfig.json', include: ['openapi.ts'] }, null, 2)}\n`);

    const programFiles = typecheck(['-p', 'server', '--listFilesOnly'], project).split('\n');
    const runtimeSources = programFiles.filter((f) => f.includes('/packages/runtime/src/'));
    if (runtimeSources.length > 0) throw new Error(`the server's program type-checks @boomerang/runtime's sources (${runtimeSources[0]}), not its dist/*.d.ts`);
    if (!programFiles.some((f) => f.includes('/packages/runtime/dist/index.d.ts'))) throw new Error("the server's program does not read @boomerang/runtime's dist/index.d.ts");

    const split = { server: [] as number[], receiver: [] as number[] };
    const timed = (args: string[], into: number[]) => {
      const start = performance.now();
      typecheck(args, project);
      into.push(performance.now() - start);
    };
    const peer = `tsc of openapi-typescript ${version('openapi-typescript')}'s output`;
    const got = await interleaved(rounds, {
      boomerang: () => {
        const start = performance.now();
        timed(['-p', 'server'], split.server);
        timed(['-p', 'receiver', '--noEmit'], split.receiver);
        return performance.now() - start;
      },
      peer: () => typecheck(['-p', 'peer'], project),
    });
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    log(`tsc: server ${median(split.server).toFixed(0)} ms + receiver ${median(split.receiver).toFixed(0)} ms = ${got.boomerang.toFixed(0)} ms; ${peer} ${got.peer.toFixed(0)} ms`);
    rows.push(
      lowerIsBetter(
        `tsc --noEmit of the generated server + receiver, N=${n}`,
        ms(got.boomerang, 'Boomerang'),
        ms(got.peer, peer),
        2,
        `≤ 2× ${peer}`,
        `A tsc process each, as a user runs them: the server (its tsconfig.json, @boomerang/runtime through dist/*.d.ts, handlers that throw) ${median(split.server).toFixed(0)} ms and the receiver package (its tsconfig.json, --noEmit) ${median(split.receiver).toFixed(0)} ms; openapi-typescript's output of the same openapi.json under the server's options.`,
      ),
    );

    // The receiver's validators, from the model generate built.
    const input = await buildGenerationInput(boomerangDefinition(syntheticSpec(n), z, { defineApi, operation } as never));
    if (!input.ok) throw new Error('the synthetic API has errors');
    const { schemas } = routeViews(input.routes);
    const components = input.model.schemas;
    const ajv = `Ajv ${version('ajv')} compile`;
    const compiled = await interleaved(
      rounds,
      {
        boomerang: () => compileValidators(schemas, components),
        peer: () => {
          // What a receiver without precompiled validators would do at startup: the same schemas, compiled by Ajv in memory.
          for (const coerce of [false, true]) {
            const group = schemas.filter((s) => s.coerce === coerce);
            if (group.length === 0) continue;
            const instance = new Ajv2020({ allErrors: true, strict: false, logger: false, ...(coerce ? { coerceTypes: 'array' as const } : {}) });
            addFormats(instance);
            const prefix = '#/components/schemas/';
            const ids = (value: unknown): unknown =>
              Array.isArray(value) ? value.map(ids)
              : typeof value === 'object' && value !== null
                ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith(prefix) ? `urn:peer:${v.slice(prefix.length)}` : ids(v)]))
                : value;
            for (const [name, schema] of Object.entries(components)) instance.addSchema({ ...(ids(schema) as object), $id: `urn:peer:${name}` });
            for (const { schema } of group) instance.compile(ids(schema) as object);
          }
        },
      },
      { warmup: 1 },
    );
    const code = compileValidators(schemas, components).code;
    log(`validators: ${schemas.length} for ${input.routes.length} routes over ${Object.keys(components).length} named schemas; ${code.split('\n').length} lines, ${(code.length / 1e6).toFixed(1)} MB of JavaScript`);
    rows.push(
      lowerIsBetter(
        `compile the receiver's validators, N=${n}`,
        ms(compiled.boomerang, 'Boomerang'),
        ms(compiled.peer, ajv),
        2,
        `≤ 2× ${ajv}`,
        `Ajv's standalone code, one function per named schema, against Ajv compiling the same schemas in memory (every named schema added by $id). The target is this benchmark's: writing the code out should cost at most as much again as compiling it.`,
      ),
    );
    return rows;
  },
};

export default typecheckBenchmark;
