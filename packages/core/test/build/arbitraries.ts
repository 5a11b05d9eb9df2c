/**
 * fast-check arbitraries of definitions as a careless author writes them in plain JavaScript: mostly
 * the right shape, with any part now and then replaced by a value of any other kind, keys misspelt,
 * schemas that are not Standard Schemas (or whose JSON Schema is junk), and callback URLs that do
 * not parse or name what does not exist.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { httpMethods } from '../../src/definition.ts';

/** Any JavaScript value, of every kind a definition may hold by mistake. */
export const junkArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    maxDepth: 2,
    maxKeys: 3,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withNullPrototype: true,
    withObjectString: true,
    withSet: true,
    withSparseArray: true,
    withTypedArray: true,
  }),
  fc.constantFrom<unknown>(null, undefined, NaN, Infinity, '', 0, true, [], {}, [null], [1, 'a'], Symbol('junk'), () => 'junk', new Map(), new Date(0)),
);

/** One of `valid`, or once in `odds` one of `wrong`: values of the right type that a check refuses. */
function pickOf(odds: number) {
  return <T>(valid: readonly T[], wrong: readonly T[] = []): fc.Arbitrary<T> =>
    wrong.length === 0 ? fc.constantFrom(...valid) : fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: odds - 1 }, { arbitrary: fc.constantFrom(...wrong), weight: 1 });
}

/** A Standard Schema whose JSON Schema is whatever `input` gives. */
function standardSchema(input: () => unknown): object {
  return { '~standard': { version: 1, vendor: 'hand-written', validate: (value: unknown) => ({ value }), jsonSchema: { input, output: input } } };
}

const sometimesJunk = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: arb, weight: 6 }, { arbitrary: junkArb, weight: 1 });

/** JSON-Schema-like objects: keywords of the right names, values of the right kind or of any other. */
const jsonSchemaLikeArb: fc.Arbitrary<unknown> = fc.letrec<{ schema: unknown }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.boolean(),
    junkArb,
    fc.record(
      {
        type: sometimesJunk(fc.constantFrom('object', 'array', 'string', ['string', 'null'], 'integer')),
        properties: sometimesJunk(fc.dictionary(fc.constantFrom('id', 'x', 'y', '~', 'a/b', '__proto__'), tie('schema'), { maxKeys: 3 })),
        required: sometimesJunk(fc.array(fc.constantFrom('id', 'x'), { maxLength: 2 })),
        items: tie('schema'),
        prefixItems: sometimesJunk(fc.array(tie('schema'), { maxLength: 2 })),
        additionalProperties: tie('schema'),
        allOf: sometimesJunk(fc.array(tie('schema'), { maxLength: 2 })),
        anyOf: sometimesJunk(fc.array(tie('schema'), { maxLength: 2 })),
        $ref: sometimesJunk(fc.constantFrom('#/$defs/Thing', '#/$defs/100%', '#/$defs/a%zz', '#/components/schemas/a%zz', '#/components/schemas/Nope', '#/components/schemas/constructor', 'http://elsewhere.test/s', '#')),
        $defs: sometimesJunk(fc.dictionary(fc.constantFrom('Thing', '100%', 'a%zz', 'a b', '__proto__'), tie('schema'), { maxKeys: 2 })),
        patternProperties: sometimesJunk(fc.dictionary(fc.constantFrom('^x', '(', '[a-z]+'), tie('schema'), { maxKeys: 2 })),
        const: junkArb,
        example: junkArb,
        exclusiveMinimum: sometimesJunk(fc.double()),
        nullable: sometimesJunk(fc.boolean()),
      },
      { requiredKeys: [] },
    ),
  ),
})).schema;

const Named = z.object({ y: z.string() }).meta({ id: 'Named' });
/** Object schemas, for parameters and headers, then schemas that a check refuses. */
const objectSchemas: readonly object[] = [
  z.object({ id: z.string(), cb: z.url(), x: Named }),
  z.object({ cb: z.url().optional(), id: z.string().optional() }),
  z.object({ 'x-id': z.string().optional() }),
];
const validSchemas: readonly object[] = [...objectSchemas, z.string(), z.number(), z.array(Named), z.tuple([z.string(), z.number()])];
const wrongSchemas: readonly object[] = [
  z.object({ x: z.object({ y: z.string() }).meta({ id: '100%' }) }),
  z.object({ x: z.object({ y: z.string() }).meta({ id: 'a%zz' }) }),
  z.object({ x: z.object({ y: z.number() }).meta({ id: 'Named' }) }),
  z.object({ at: z.date() }),
  z.object({ 'X-Id': z.string(), 'x-id': z.string() }),
];

/** Hand-written Standard Schemas whose JSON Schema is junk, or that have none, or throw. */
const handWrittenSchemaArb: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: jsonSchemaLikeArb.map((schema) => standardSchema(() => schema)), weight: 4 },
  {
    arbitrary: fc.constantFrom<unknown>(
      standardSchema(() => {
        throw new Error('cannot say');
      }),
      standardSchema(() => {
        const cycle: Record<string, unknown> = { type: 'object' };
        cycle.properties = { self: cycle };
        return cycle;
      }),
      { '~standard': { version: 1, vendor: 'no-json-schema', validate: () => ({ value: 1 }) } },
      { '~standard': 'nope' },
      { '~standard': { jsonSchema: { input: 'nope' } } },
    ),
    weight: 1,
  },
);


/** Paths with the path parameters they need, and ones that do not match or are not paths. */
const routes: readonly (readonly [unknown, unknown])[] = [
  ['/a', undefined],
  ['/a/{id}', z.object({ id: z.string() })],
  ['/b/{x}/{y}', z.object({ x: z.string(), y: z.number() })],
];
const wrongRoutes: readonly (readonly [unknown, unknown])[] = [
  ['/a/{id}', undefined],
  ['/b', z.object({ id: z.string() })],
  ['nope', undefined],
  ['', undefined],
  ['/a b', undefined],
  ['/b/', undefined],
  [undefined, undefined],
];

/** A request that the valid callback URLs below can read: `cb` in the query and body, `x-id`, `id`, `x.y`. */
const fittingRequest = {
  query: z.object({ cb: z.url() }),
  headers: z.object({ 'x-id': z.string() }),
  body: z.object({ id: z.string(), cb: z.url(), x: Named }),
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const validUrls: readonly unknown[] = [
  '{$request.query.cb}/x',
  '{$request.body#/cb}/{$request.body#/id}',
  '{$request.query.cb}?id={$request.body#/id}&at={$method}',
  'https://hooks.test/{$response.body#/0}/{$statusCode}',
  '{$request.header.x-id}/events/',
  '{$url}/made',
  ({ request }: any) => `${request.query.cb}/x/${request.body.x.y}`,
  ({ request }: any) => request.query.cb,
];
const wrongUrls: readonly unknown[] = [
  '{$request.body#/x/y}/{$request.path.id}',
  '{$request.query.cb}?a%zz={$request.body#/id}',
  '{$request.query.cb}?100%={$url}',
  '{$callback_url}/invoices/{$request.body.id}',
  '{$request.body#/x~2}',
  '',
  ({ request }: any) => `${request.query}`,
  ({ request }: any) => `${request.query.cb.deep}`,
  () => 5,
  () => {
    throw new Error('no URL today');
  },
];

/** A valid base, then any text, with `?`, `=`, `&`, `%`, `#`, dots and lone surrogates among it. */
const urlWithAnyText = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('?', '=', '&', '%', '%2', '%zz', '%41', '#', '/', '..', '{$request.body#/id}', '{$url}')), { maxLength: 6 })
  .map((parts) => `{$request.query.cb}/${parts.join('').replace(/[{}]/g, (brace) => (brace === '{' ? '{$url}' : ''))}`);

/**
 * Definitions of one kind: `malformed` ones have any part replaced by junk now and then, and now and
 * then a key the definition language does not have; the others have the declared shape throughout,
 * and mostly valid values (their values, schemas and URLs can still be wrong).
 */
export function definitionArb({ malformed }: { readonly malformed: boolean }): fc.Arbitrary<unknown> {
  // Wrong values often in malformed definitions; in the others rarely, so that many build a model.
  const odds = malformed ? 7 : 40;
  const pick = pickOf(odds);
  /** Zod schemas, mostly valid, and now and then a hand-written one. */
  const schemaArb = (valid: readonly object[]) => fc.oneof({ arbitrary: pick(valid, wrongSchemas), weight: odds - 1 }, { arbitrary: handWrittenSchemaArb, weight: 1 });

  /** Mostly `arb`; when malformed, sometimes junk. */
  function often<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> {
    return malformed ? fc.oneof({ arbitrary: arb, weight: 12 }, { arbitrary: junkArb, weight: 1 }) : arb;
  }

  /** A record of optional parts (but `required`); when malformed, sometimes with a key the language does not have. */
  function object<T extends Record<string, fc.Arbitrary<unknown>>>(parts: T, typos: readonly string[], required: readonly (keyof T & string)[] = []) {
    const typo = malformed ? fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, { arbitrary: fc.constantFrom(...typos), weight: 1 }) : fc.constant(undefined);
    return fc
      .tuple(fc.record(parts, { requiredKeys: [...required] }), typo, junkArb)
      .map(([value, key, extra]) => (key === undefined ? value : { ...value, [key]: extra }));
  }

  const schema = often(schemaArb(validSchemas));
  const objectSchema = often(schemaArb(objectSchemas));
  const words = fc.string({ maxLength: 8 });
  const operationId = fc.oneof({ arbitrary: fc.stringMatching(/^[a-z][a-zA-Z]{2,7}$/), weight: odds - 1 }, { arbitrary: fc.constantFrom('one', 'get-board'), weight: 1 });
  const externalDocs = often(object({ url: often(pick(['https://docs.things.test'])), description: often(words) }, ['href'], ['url']));
  const texts = {
    summary: often(words),
    description: often(words),
    tags: often(fc.array(often(pick(['things'], ['undeclared'])), { maxLength: 2 })),
    deprecated: often(fc.boolean()),
    externalDocs,
  };

  const body = fc.oneof(
    schema,
    object(
      {
        contentType: often(pick(['application/json', 'text/plain', 'application/octet-stream', 'multipart/form-data'], ['json'])),
        schema,
        description: often(words),
        required: often(fc.boolean()),
        example: malformed ? fc.oneof(fc.jsonValue({ maxDepth: 2 }), junkArb) : fc.jsonValue({ maxDepth: 2 }),
      },
      ['contentTyp', 'schemas', 'examples'],
    ),
  );

  const responses = fc.dictionary(
    pick(['200', '201', '2XX', '204', '400', 'default'], ['2xy', '600', 'ok']),
    fc.oneof(schema, object({ description: often(words), body, headers: objectSchema }, ['descripton', 'content', 'schema'])),
    { minKeys: malformed ? 0 : 1, maxKeys: 3 },
  );

  const security = fc.array(often(fc.dictionary(pick(['bearer'], ['apiKey', 'nope']), often(fc.array(often(pick(['read', 'write'])), { maxLength: 2 })), { maxKeys: 2 })), { maxLength: 1 });

  const outgoing = object(
    {
      ...texts,
      operationId: often(operationId),
      request: often(object({ query: objectSchema, headers: objectSchema, cookies: objectSchema, body }, ['bdy', 'params'])),
      responses: often(responses),
      security: often(security),
    },
    ['respones', 'callbacks', 'method'],
    malformed ? [] : ['responses'],
  );

  const methods = fc.record({ post: often(outgoing), put: often(outgoing), get: often(outgoing) }, { requiredKeys: [] });

  const callback = fc
    .tuple(object({ url: often(fc.oneof({ arbitrary: pick(validUrls, wrongUrls), weight: 3 }, { arbitrary: urlWithAnyText, weight: 1 })), summary: texts.summary, description: texts.description }, ['URL', 'POST', 'parameters']), methods)
    .map(([definition, methodsOf]) => ({ ...definition, ...methodsOf }));

  const callbacks = fc.dictionary(pick(['made', 'paid', 'invoice_notification']), often(fc.oneof(callback, fc.array(often(callback), { maxLength: 3 }))), { maxKeys: 2 });

  const operation = fc
    .tuple(
      object(
        {
          ...texts,
          operationId: often(operationId),
          request: often(fc.oneof({ arbitrary: fc.constant(fittingRequest), weight: 2 }, object({ query: objectSchema, headers: objectSchema, cookies: objectSchema, body }, ['param', 'header', 'bodies']))),
          responses: often(responses),
          callbacks: often(callbacks),
          security: often(security),
        },
        ['respones', 'callback', 'params', 'operationID'],
        malformed ? [] : ['responses'],
      ),
      often(pick<string>(httpMethods, ['GET', 'fetch'])),
      pick<readonly [unknown, unknown]>(routes, wrongRoutes),
      fc.boolean(),
    )
    .map(([definition, method, [path, params], complete]) => {
      const request = isObject(definition.request) ? { ...definition.request, ...(params !== undefined ? { params } : {}) } : definition.request;
      const withRoute = { ...definition, path, ...(request !== undefined ? { request } : {}) };
      return complete || !malformed ? { method, ...withRoute } : { ...withRoute, ...(method === undefined ? {} : { method }) };
    });

  const webhook = fc
    .tuple(object({ summary: texts.summary, description: texts.description }, ['summery', 'url']), methods)
    .map(([definition, methodsOf]) => ({ ...definition, ...methodsOf }));

  const webhooks = fc.oneof(
    fc.dictionary(pick(['thing-made', 'thing_made', 'gone']), often(webhook), { maxKeys: 2 }),
    fc.array(often(fc.tuple(webhook, often(pick(['thing-made', 'gone'], malformed ? [''] : []))).map(([definition, name]) => ({ name, ...definition }))), { maxLength: 2 }),
  );

  const validSchemes: readonly unknown[] = [
    { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    { type: 'apiKey', name: 'X-Key', in: 'header' },
    { type: 'mutualTLS' },
    { type: 'openIdConnect', openIdConnectUrl: 'https://id.test/.well-known/openid-configuration' },
    { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://id.test/token', scopes: { read: 'Read.' } } } },
  ];
  const wrongSchemes: readonly unknown[] = [{ type: 'bearer' }, { type: 'apiKey', in: 'body', name: 'k' }, { type: 'oauth2', flows: { implicit: { scopes: {} } } }];
  const scheme = malformed
    ? fc.oneof(
        pick(validSchemes, wrongSchemes),
        object({ type: often(pick(['http', 'apiKey', 'oauth2', 'openIdConnect', 'mutualTLS'])), scheme: often(pick(['bearer', 'basic'])), name: often(pick(['X-Key'])), in: often(pick(['header', 'query'])), flows: junkArb, openIdConnectUrl: often(pick(['https://id.test'])) }, ['schema', 'bearer']),
      )
    : pick(validSchemes, wrongSchemes);

  const info = object(
    {
      title: often(pick(['Things'], [''])),
      version: often(pick(['1.0.0'], [''])),
      summary: texts.summary,
      description: texts.description,
      termsOfService: often(pick(['https://terms.test'])),
      contact: often(object({ name: often(pick(['Team'])), url: often(pick(['https://team.test'])), email: often(pick(['team@things.test'])) }, ['mail'])),
      license: often(object({ name: often(pick(['MIT'])), identifier: often(pick(['MIT'])), url: often(pick(['https://mit.test'])) }, ['id'], ['name'])),
    },
    ['titel', 'versions'],
    ['title', 'version'],
  );

  const variable = object({ default: often(pick(['eu'])), enum: often(fc.array(often(pick(['eu', 'us'])), { maxLength: 2 })), description: texts.description }, ['defaults'], ['default']);
  const server = object(
    {
      url: often(pick(['https://api.things.test', 'https://{region}.things.test', 'http://localhost/', '/'])),
      description: texts.description,
      variables: often(fc.dictionary(pick(['region', 'zone']), often(variable), { maxKeys: 2 })),
    },
    ['uri'],
    ['url'],
  );
  const tag = object({ name: often(pick(['things', 'other'])), description: texts.description, externalDocs }, ['desc'], ['name']);

  const definition = object(
    {
      info: often(info),
      servers: often(fc.array(often(server), { maxLength: 2 })),
      tags: often(fc.array(often(tag), { maxLength: 2 })),
      securitySchemes: often(
        fc
          .tuple(fc.dictionary(pick(['apiKey', 'oauth']), often(scheme), { maxKeys: 1 }), often(scheme))
          .map(([others, bearer]) => (malformed ? others : { ...others, bearer })),
      ),
      security: often(security),
      externalDocs,
      operations: often(fc.array(often(operation), { maxLength: 3 })),
      webhooks: often(webhooks),
    },
    ['operation', 'webhook', 'securitySchemas'],
    malformed ? [] : ['info'],
  );
  return malformed ? fc.oneof({ arbitrary: definition, weight: 12 }, { arbitrary: junkArb, weight: 1 }) : definition;
}
