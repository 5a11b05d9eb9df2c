/**
 * Emitting the OpenAPI 3.1 document from the synthetic API: Boomerang (build the model + emit) vs
 * zod-to-openapi (no callbacks) and zod-openapi (callbacks too), interleaved in this process; the
 * growth from N to 5N; and the peak memory of one emit at 5N, each tool in a fresh process.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApiModel, defineApi, emitOpenApi, operation } from '@boomerang/core';
import { z } from 'zod';
import { interleaved, lowerIsBetter, median, ms, type Benchmark, type Row } from '../harness.ts';
import { zodModels, zodOpenApiEmitter, zodToOpenApiEmitter } from '../peers.ts';
import { boomerangDefinition, syntheticSpec } from '../synthetic.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const version = (name: string) => (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;

function boomerangEmitter(n: number): () => unknown {
  const spec = syntheticSpec(n);
  const definition = boomerangDefinition(spec, z, { defineApi, operation } as never);
  return () => {
    const built = buildApiModel(definition);
    if (!built.ok) throw new Error(`the synthetic API (N=${n}) has errors: ${built.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('; ')}`);
    return emitOpenApi(built.model).document;
  };
}

function peakRss(tool: string, n: number): number {
  const out = execFileSync(process.execPath, ['--conditions=@boomerang/source', '--import', 'tsx', join(here, '..', 'emit-once.ts'), tool, String(n)], { encoding: 'utf8' });
  return Number(out.trim());
}

const emit: Benchmark = {
  name: 'emit',
  async run({ quick, rounds, log }) {
    const small = quick ? 100 : 1000;
    const large = small * 5;
    const z2o = `zod-to-openapi ${version('@asteasolutions/zod-to-openapi')}`;
    const zo = `zod-openapi ${version('zod-openapi')}`;
    const rows: Row[] = [];
    const times: Record<number, { boomerang: number; peer: number }> = {};
    for (const n of [small, large]) {
      const spec = syntheticSpec(n);
      const sides = {
        boomerang: boomerangEmitter(n),
        zodToOpenApi: zodToOpenApiEmitter(spec, z),
        // zod-openapi reads `.meta({ id })` as Boomerang does; it gets models of its own so that
        // neither side sees schemas the other has already converted.
        zodOpenApi: zodOpenApiEmitter(spec, z, zodModels(spec, z, (schema, model) => schema.meta({ id: `${model.name}` }))),
      };
      // zod-openapi's models registered the same ids last; Boomerang's definition is built again so
      // that its named schemas are the ones Zod's registry knows, as in a real project.
      sides.boomerang = boomerangEmitter(n);
      const got = await interleaved(quick ? rounds : Math.max(rounds, 7), sides, { warmup: quick ? 0 : 3 });
      log(`N=${n}: Boomerang ${got.boomerang.toFixed(0)} ms, ${z2o} ${got.zodToOpenApi.toFixed(0)} ms, ${zo} ${got.zodOpenApi.toFixed(0)} ms`);
      times[n] = { boomerang: got.boomerang, peer: got.zodToOpenApi };
      rows.push(lowerIsBetter(`emit the 3.1 document, N=${n}`, ms(got.boomerang, 'Boomerang'), ms(got.zodToOpenApi, z2o), 0.5, `≤ 0.5× ${z2o}`, `${z2o} emits no callbacks; ${zo}, which does, took ${got.zodOpenApi.toFixed(0)} ms (Boomerang ${(got.boomerang / got.zodOpenApi).toFixed(2)}× it).`));
    }
    const growth = times[large]!.boomerang / times[small]!.boomerang;
    const peerGrowth = times[large]!.peer / times[small]!.peer;
    rows.push({
      figure: `growth of emit, N=${small} → ${large}`,
      boomerang: { value: growth, unit: '×', label: 'Boomerang' },
      peer: { value: 5, unit: '×', label: 'linear' },
      ratio: growth / 5,
      target: '≤ 5.5× (linear in N)',
      met: growth <= 5.5,
      note: `${z2o} grew ${peerGrowth.toFixed(2)}× over the same step.`,
    });
    const memoryRounds = quick ? 1 : 3;
    const rss = { boomerang: [] as number[], peer: [] as number[] };
    for (let round = 0; round < memoryRounds; round++) {
      rss.boomerang.push(peakRss('boomerang', large));
      rss.peer.push(peakRss('zod-to-openapi', large));
    }
    const mb = (bytes: number) => bytes / 1e6;
    rows.push(
      lowerIsBetter(
        `peak memory of one emit, N=${large} (a process each)`,
        { value: mb(median(rss.boomerang)), unit: 'MB', label: 'Boomerang' },
        { value: mb(median(rss.peer)), unit: 'MB', label: z2o },
        1,
        `≤ 1× ${z2o}`,
        'Peak RSS of a fresh Node process that loads the tool, builds the synthetic API and emits it once (tsx loads both).',
      ),
    );
    return rows;
  },
};

export default emit;
