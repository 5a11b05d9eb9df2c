/**
 * Converting each named Zod schema once must give exactly what converting every use whole gives:
 * the same model, the same diagnostics, in the same order. The reference is the general path, taken
 * when another session holds Zod's named schemas (as a build nested in a build would).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApiModel, defineApi, operation, type ApiDefinition } from '../../src/index.ts';
import { ZodNamedSchemas } from '../../src/schema/zod-named-schemas.ts';
import invoices from '../../../../examples/invoices/api.ts';
import subscriptions from '../../../../examples/subscriptions/api.ts';
import kitchenSink from '../fixtures/kitchen-sink.ts';
import tictactoe from '../fixtures/tictactoe.ts';

function generalPath(definition: ApiDefinition) {
  const holder = ZodNamedSchemas.open();
  expect(holder).toBeDefined();
  try {
    return buildApiModel(definition);
  } finally {
    holder!.close();
  }
}

function bothPaths(definition: ApiDefinition) {
  const reference = generalPath(definition);
  const fast = buildApiModel(definition);
  return { reference, fast };
}

type Piece = (models: z.ZodType[], index: number) => z.ZodType;

/** What a field of model `index` can be: scalars, the earlier models in every wrapper Zod offers, and what Zod cannot express. */
const pieces: Readonly<Record<string, Piece>> = {
  string: () => z.string().min(1),
  number: () => z.number().int(),
  enum: () => z.enum(['a', 'b']),
  datetime: () => z.iso.datetime(),
  transformed: () => z.string().transform((s) => s.length),
  defaulted: () => z.string().default('x').meta({ examples: ['y'] }),
  ref: (models, i) => models[i - 1] ?? z.string(),
  optionalRef: (models, i) => (models[i - 1] ?? z.string()).optional(),
  nullableRef: (models, i) => (models[Math.floor(i / 2)] ?? z.string()).nullable(),
  arrayRef: (models, i) => z.array(models[i - 1] ?? z.string()),
  describedRef: (models, i) => (models[i - 1] ?? z.string()).describe('the one before'),
  metaRef: (models, i) => (models[0] ?? z.string()).meta({ title: 'First', examples: [{ id: 'e' }] }),
  defaultRef: (models, i) => (models[i - 1] ?? z.object({ id: z.string() })).default({ id: 'd' } as never),
  unionRef: (models, i) => z.union([models[i - 1] ?? z.string(), z.number()]),
  intersectionRef: (models, i) => z.intersection(models[i - 1] ?? z.object({ a: z.string() }), z.object({ extra: z.string() })),
  recordRef: (models, i) => z.record(z.string(), models[i - 1] ?? z.string()),
  lazyRef: (models, i) => z.lazy(() => models[i - 1] ?? z.string()),
  pipeRef: (models, i) => (models[i - 1] ?? z.string()).pipe(z.any()),
  tupleRef: (models, i) => z.tuple([z.string(), models[i - 1] ?? z.number()]),
  unrepresentable: () => z.date(),
};

const pieceNames = Object.keys(pieces);

/** Models as plain data: which pieces each has, whether it is named, and whether it refers to itself. */
const modelsArb = fc.array(
  fc.record({
    fields: fc.array(fc.constantFrom(...pieceNames), { minLength: 1, maxLength: 4 }),
    named: fc.boolean(),
    recursive: fc.boolean(),
    described: fc.boolean(),
  }),
  { minLength: 1, maxLength: 6 },
);

function buildModels(spec: readonly { readonly fields: readonly string[]; readonly named: boolean; readonly recursive: boolean; readonly described: boolean }[], run: number): z.ZodType[] {
  const models: z.ZodType[] = [];
  spec.forEach((model, index) => {
    const shape: Record<string, z.ZodType> = { id: z.string() };
    model.fields.forEach((piece, f) => (shape[`f${f}_${piece}`] = pieces[piece]!(models, index)));
    // Recursion as authors write it: through the named schema itself. (An unnamed recursive schema
    // becomes Zod's `__schema0` in every conversion, a name the registry then sees twice: BMR050.)
    const recursive = model.recursive && model.named;
    const named: { schema?: z.ZodType } = {};
    let schema: z.ZodType = recursive
      ? z.object({
          ...shape,
          get children() {
            return z.array(named.schema!).optional();
          },
        })
      : z.object(shape);
    if (model.described) schema = schema.describe(`Model ${index}`);
    if (model.named) schema = schema.meta({ id: `M${run}_${index}`, description: `named ${index}` });
    named.schema = schema;
    models.push(schema);
  });
  return models;
}

function definitionOf(models: z.ZodType[]): ApiDefinition {
  const last = models[models.length - 1]!;
  return defineApi({
    info: { title: 'Property', version: '1' },
    security: [],
    operations: models.map((model, i) =>
      operation({
        method: 'post',
        path: `/m${i}`,
        request: { query: z.object({ callback_url: z.url() }), body: i % 2 === 0 ? model : z.object({ wrapped: model, also: last.optional() }) },
        responses: { 200: { description: 'OK', body: i % 3 === 0 ? z.array(model) : model } },
        callbacks: { done: { url: ({ request }) => `${request.query.callback_url}/m${i}`, post: { request: { body: model.describe('what was sent') }, responses: { 200: { description: 'OK' } } } } },
      }),
    ),
    webhooks: { changed: { post: { request: { body: last }, responses: { 200: { description: 'OK' } } } } },
  });
}

describe('named Zod schemas converted once', () => {
  it.each(Object.entries({ invoices, subscriptions, 'kitchen-sink': kitchenSink, tictactoe }))('%s: the same model as converting every use whole', (_name, definition) => {
    const { reference, fast } = bothPaths(definition as ApiDefinition);
    expect(fast).toEqual(reference);
  });

  it('random model graphs (wrappers, derived schemas, recursion, transforms, unrepresentable types): the same model and diagnostics', () => {
    let run = 0;
    fc.assert(
      fc.property(modelsArb, (spec) => {
        const models = buildModels(spec, run++);
        const { reference, fast } = bothPaths(definitionOf(models));
        if (reference.ok) {
          expect(fast).toEqual(reference);
          return;
        }
        // Converting uses whole also reported conflicts that were not there: a recursive named
        // schema converted inside a schema derived from it (\`Node.describe('…')\`) came out
        // different, so its name was "taken twice" (BMR050). Every other error must be the same.
        const errors = (result: typeof fast) => result.diagnostics.filter((d) => d.severity === 'error');
        expect(errors(fast).filter((d) => d.code !== 'BMR050')).toEqual(errors(reference).filter((d) => d.code !== 'BMR050'));
        for (const d of errors(fast)) expect(errors(reference)).toContainEqual(d);
      }),
      { numRuns: 150 },
    );
  });

  it('two different schemas under one name: the conflict is named where it is first met', () => {
    // Converting a use whole, Zod itself refused the use that held both ("Duplicate schema id"); with
    // each name converted once, the registry's own check (BMR050) reports it, once per schema object.
    const first = z.object({ a: z.string() }).meta({ id: 'Twice' });
    const second = z.object({ b: z.number() }).meta({ id: 'Twice' });
    const built = buildApiModel(definitionOf([first, z.object({ id: z.string(), other: second }), first]));
    expect(built.ok).toBe(false);
    const conflicts = built.diagnostics.filter((d) => d.code === 'BMR050');
    expect(conflicts.length).toBeGreaterThan(0);
    expect(conflicts[0]!.message).toBe('two different schemas are named `Twice`: this one and the one first used at operation POST /m0 › request body.');
    expect(built.diagnostics.filter((d) => d.severity === 'error').every((d) => d.code === 'BMR050')).toBe(true);
  });

  it('a named union, xor or optional union inside an object: converted, and the property optional as Zod says', () => {
    // Zod computes a union's optionality from its options when its parent object asks; a named
    // union stands in as a $ref while the parent converts, so that must not read the stand-in.
    const Either = z.union([z.string(), z.number()]).meta({ id: 'Either' });
    const OneOf = z.xor([z.object({ a: z.string() }), z.object({ b: z.number() })]).meta({ id: 'OneOf' });
    const Maybe = z.union([z.string(), z.null()]).optional().meta({ id: 'Maybe' });
    const body = z.object({ either: Either, oneOf: OneOf.optional(), maybe: Maybe });
    // The fast path first: the general one would have Zod memoize the optionality from the real definitions.
    const fast = buildApiModel(definitionOf([body]));
    const reference = generalPath(definitionOf([body]));
    expect(fast.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(fast.ok).toBe(true);
    expect(fast).toEqual(reference);
    if (!fast.ok) return;
    const schema = fast.model.operations[0]!.requestBody!.schema as { required?: string[]; properties: Record<string, unknown> };
    expect(schema.properties.either).toEqual({ $ref: '#/components/schemas/Either' });
    expect(schema.required).toEqual(['either']);
    expect(fast.model.schemas.OneOf).toMatchObject({ oneOf: [expect.any(Object), expect.any(Object)] });
  });

  it('leaves every schema as it was: it parses, and converts, as before the build', () => {
    const Customer = z.object({ name: z.string(), since: z.iso.datetime().optional() }).describe('a customer').meta({ id: 'RestoredCustomer' });
    const Invoice = z.object({ id: z.string(), customer: Customer, amount: z.number().transform((n) => n * 100) }).meta({ id: 'RestoredInvoice' });
    const before = { invoice: JSON.stringify(z.toJSONSchema(Invoice, { io: 'input' })), def: Invoice._zod.def, parent: Customer._zod.parent };
    const built = buildApiModel(definitionOf([Invoice]));
    expect(built.ok).toBe(true);
    expect(Invoice._zod.def).toBe(before.def);
    expect(Customer._zod.parent).toBe(before.parent);
    expect(Object.hasOwn(Invoice._zod, 'toJSONSchema')).toBe(false);
    expect(JSON.stringify(z.toJSONSchema(Invoice, { io: 'input' }))).toBe(before.invoice);
    expect(Invoice.parse({ id: 'i', customer: { name: 'n' }, amount: 2 })).toEqual({ id: 'i', customer: { name: 'n' }, amount: 200 });
  });

  it('a build that fails part-way (a URL builder that throws) still puts the schemas back', () => {
    const Thing = z.object({ id: z.string() }).meta({ id: 'RestoredThing' });
    const def = Thing._zod.def;
    const definition = defineApi({
      info: { title: 't', version: '1' },
      operations: [
        operation({
          method: 'post',
          path: '/t',
          request: { body: Thing },
          responses: { 200: { description: 'OK', body: Thing } },
          callbacks: { c: { url: () => { throw new Error('no'); }, post: { responses: { 200: { description: 'OK' } } } } },
        } as never),
      ],
    });
    const built = buildApiModel(definition);
    expect(built.ok).toBe(false);
    expect(Thing._zod.def).toBe(def);
    expect(ZodNamedSchemas.open()?.close()).toBeUndefined();
  });
});
