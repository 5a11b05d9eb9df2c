/**
 * The synthetic API every benchmark measures, from a seed and a size N: N operations over N/4 paths
 * (get, post, put and delete on each), N/3 named models that reference earlier ones (so that a body
 * reaches a closure of models, as in real APIs), a callback on every 5th operation and N/20 webhooks.
 *
 * `syntheticSpec` is plain data; the builders turn it into each tool's input from one description,
 * so that Boomerang and its peers are given the same API.
 */
import type { ApiDefinition, OperationDefinition } from '@boomerang/core';
import type { z as Zod } from 'zod';

export interface FieldSpec {
  readonly name: string;
  readonly kind: 'string' | 'number' | 'integer' | 'boolean' | 'datetime' | 'enum' | 'ref' | 'refs';
  readonly optional: boolean;
  /** For `ref` and `refs`: the index of the model referenced. */
  readonly ref?: number;
}

export interface ModelSpec {
  readonly name: string;
  /** Always starts with `id: string`, which the callbacks' URLs read. */
  readonly fields: readonly FieldSpec[];
}

export interface OperationSpec {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  readonly path: string;
  readonly hasId: boolean;
  readonly operationId: string;
  /** The request body's model (post and put). */
  readonly body?: number;
  /** The 200 response's model. */
  readonly response: number;
  /** The callback's request body model, on every 5th operation. Its URL reads the request's `id` (body or path) where there is one. */
  readonly callback?: { readonly name: string; readonly segment: string; readonly body: number };
}

export interface WebhookSpec {
  readonly name: string;
  readonly body: number;
}

export interface SyntheticSpec {
  readonly n: number;
  readonly seed: number;
  readonly models: readonly ModelSpec[];
  readonly operations: readonly OperationSpec[];
  readonly webhooks: readonly WebhookSpec[];
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const scalarKinds = ['string', 'number', 'integer', 'boolean', 'datetime', 'enum'] as const;
const methods = ['get', 'post', 'put', 'delete'] as const;

export function syntheticSpec(n: number, seed = 1): SyntheticSpec {
  if (!Number.isInteger(n) || n < 20) throw new Error(`N must be an integer of at least 20 (got ${n}).`);
  const next = random(seed);
  const pick = (count: number) => Math.floor(next() * count);
  const modelCount = Math.max(3, Math.floor(n / 3));
  const models: ModelSpec[] = [];
  for (let i = 0; i < modelCount; i++) {
    const fields: FieldSpec[] = [{ name: 'id', kind: 'string', optional: false }];
    const scalars = 3 + pick(5);
    for (let f = 0; f < scalars; f++) fields.push({ name: `field${f}`, kind: scalarKinds[pick(scalarKinds.length)]!, optional: next() < 0.3 });
    // Up to two references to earlier models: a DAG whose closures grow with the model's index.
    const refs = i === 0 ? 0 : Math.min(i, 1 + pick(2));
    for (let r = 0; r < refs; r++) {
      const target = pick(i);
      fields.push({ name: `link${r}`, kind: next() < 0.5 ? 'ref' : 'refs', optional: next() < 0.5, ref: target });
    }
    models.push({ name: `Model${i}`, fields });
  }
  const pathCount = Math.max(1, Math.floor(n / 4));
  const operations: OperationSpec[] = [];
  for (let i = 0; i < n; i++) {
    const method = methods[i % 4]!;
    const resource = Math.floor(i / 4) % pathCount;
    const hasId = method === 'put' || method === 'delete';
    const withBody = method === 'post' || method === 'put';
    const callback = i % 5 === 4;
    operations.push({
      method,
      path: hasId ? `/resources${resource}/{id}` : `/resources${resource}`,
      hasId,
      operationId: `${method}Resource${resource}`,
      ...(withBody ? { body: pick(modelCount) } : {}),
      response: pick(modelCount),
      ...(callback ? { callback: { name: `resource${resource}_${method}_done`, segment: `r${resource}-${method}`, body: pick(modelCount) } } : {}),
    });
  }
  const webhooks: WebhookSpec[] = [];
  for (let i = 0; i < Math.max(1, Math.floor(n / 20)); i++) webhooks.push({ name: `event-${i}`, body: pick(modelCount) });
  return { n, seed, models, operations, webhooks };
}

type Z = typeof Zod;

/** The models as Zod schemas, in index order; `name` makes one a named component. */
export function zodModels(spec: SyntheticSpec, z: Z, name: (schema: Zod.ZodObject, model: ModelSpec) => Zod.ZodObject): Zod.ZodObject[] {
  const built: Zod.ZodObject[] = [];
  for (const model of spec.models) {
    const shape: Record<string, Zod.ZodType> = {};
    for (const field of model.fields) {
      let schema: Zod.ZodType;
      switch (field.kind) {
        case 'string': schema = z.string(); break;
        case 'number': schema = z.number(); break;
        case 'integer': schema = z.number().int(); break;
        case 'boolean': schema = z.boolean(); break;
        case 'datetime': schema = z.iso.datetime(); break;
        case 'enum': schema = z.enum(['a', 'b', 'c']); break;
        case 'ref': schema = built[field.ref!]!; break;
        case 'refs': schema = z.array(built[field.ref!]!); break;
      }
      shape[field.name] = field.optional ? schema.optional() : schema;
    }
    built.push(name(z.object(shape), model));
  }
  return built;
}

/** The Boomerang definition of the synthetic API (named models through `.meta({ id })`). */
export function boomerangDefinition(spec: SyntheticSpec, z: Z, helpers: { defineApi: (d: ApiDefinition) => ApiDefinition; operation: (o: OperationDefinition) => OperationDefinition }): ApiDefinition {
  const models = zodModels(spec, z, (schema, model) => schema.meta({ id: model.name }));
  const id = z.object({ id: z.string() });
  const callbackQuery = z.object({ callback_url: z.url() });
  const operations = spec.operations.map((op) =>
    helpers.operation({
      method: op.method,
      path: op.path,
      operationId: op.operationId,
      request: {
        ...(op.hasId ? { params: id } : {}),
        ...(op.callback !== undefined ? { query: callbackQuery } : {}),
        ...(op.body !== undefined ? { body: models[op.body]! } : {}),
      },
      responses: { 200: { description: 'OK', body: models[op.response]! } },
      ...(op.callback !== undefined
        ? {
            callbacks: {
              [op.callback.name]: {
                url: ({ request }: { request: { query: { callback_url: unknown }; body: { id: unknown }; path: { id: unknown } } }) =>
                  op.body !== undefined
                    ? `${request.query.callback_url}/${request.body.id}/${op.callback!.segment}`
                    : op.hasId
                      ? `${request.query.callback_url}/${request.path.id}/${op.callback!.segment}`
                      : `${request.query.callback_url}/${op.callback!.segment}`,
                post: { request: { body: models[op.callback.body]! }, responses: { 200: { description: 'Received' } } },
              },
            },
          }
        : {}),
    } as unknown as OperationDefinition),
  );
  return helpers.defineApi({
    info: { title: `Synthetic ${spec.n}`, version: '1.0.0' },
    security: [],
    operations,
    webhooks: Object.fromEntries(spec.webhooks.map((w) => [w.name, { post: { request: { body: models[w.body]! }, responses: { 200: { description: 'Received' } } } }])),
  } as unknown as ApiDefinition);
}

/** The source of a project's api.ts that builds the synthetic API, for the CLI benchmarks. */
export function boomerangProjectSource(spec: SyntheticSpec, syntheticModule: string): string {
  return [
    "import { defineApi, operation } from '@boomerang/core';",
    "import { z } from 'zod';",
    `import { boomerangDefinition, syntheticSpec } from ${JSON.stringify(syntheticModule)};`,
    '',
    `export default boomerangDefinition(syntheticSpec(${spec.n}, ${spec.seed}), z, { defineApi, operation });`,
    '',
  ].join('\n');
}
