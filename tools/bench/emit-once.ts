/**
 * One emit of the synthetic API by one tool, in a process of its own, for the memory figure:
 * `node … emit-once.ts <boomerang|zod-to-openapi> <N>` prints the peak RSS (bytes) after emitting.
 */
import { buildApiModel, defineApi, emitOpenApi, operation } from '@boomerang/core';
import { z } from 'zod';
import { zodToOpenApiEmitter } from './peers.ts';
import { boomerangDefinition, syntheticSpec } from './synthetic.ts';

const [tool, size] = process.argv.slice(2);
const spec = syntheticSpec(Number(size));
let emit: () => unknown;
if (tool === 'boomerang') {
  const definition = boomerangDefinition(spec, z, { defineApi, operation } as never);
  emit = () => {
    const built = buildApiModel(definition);
    if (!built.ok) throw new Error('the synthetic API has errors');
    return emitOpenApi(built.model).document;
  };
} else if (tool === 'zod-to-openapi') {
  emit = zodToOpenApiEmitter(spec, z);
} else {
  throw new Error(`unknown tool ${tool}`);
}
const document = emit();
if (typeof document !== 'object' || document === null) throw new Error('no document');
process.stdout.write(`${process.resourceUsage().maxRSS * 1024}\n`);
