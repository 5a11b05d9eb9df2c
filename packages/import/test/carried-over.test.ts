/**
 * What the import carries over beyond operations and schemas, one feature per case: the api.ts it
 * writes (`source`: what the definition says), the document that definition emits again (`emitted`:
 * values by JSON pointer), and what it still reports (`findings`: code by pointer, all of them).
 * Each definition is written to disk, type-checked, loaded and built as a user's would be.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { importFixture, removeScratchDirs } from './support/imported-project.ts';
import { normaliseEmitted, normaliseOriginal, structuralDiff } from './support/round-trip.ts';
import { typecheckDefinition } from './support/typecheck.ts';

afterAll(removeScratchDirs);

const info = { title: 'Test', version: '1.0.0' };
const ok = { 200: { description: 'OK' } };
const json = (schema: unknown, more: Record<string, unknown> = {}) => ({ content: { 'application/json': { schema, ...more } } });
const Thing = { type: 'object', required: ['id', 'callbackUrl'], properties: { id: { type: 'string' }, callbackUrl: { type: 'string', format: 'uri' } } };

interface Case {
  readonly given: Record<string, unknown>;
  /** Substrings of api.ts. */
  readonly source: readonly string[];
  /** Values of the re-emitted document, by JSON pointer. */
  readonly emitted: Readonly<Record<string, unknown>>;
  /** Every finding, `code` by pointer; none when absent. */
  readonly findings?: Readonly<Record<string, string>>;
}

const cases: [string, Case][] = [
  [
    'a reusable parameter becomes defineParameter with its name as id, listed in request.parameters',
    {
      given: {
        openapi: '3.1.0',
        info,
        paths: { '/things': { get: { parameters: [{ $ref: '#/components/parameters/Limit' }], responses: ok } } },
        components: { parameters: { Limit: { name: 'limit', in: 'query', description: 'At most.', schema: { type: 'integer', minimum: 1 } } } },
      },
      source: [
        "const Limit = defineParameter({ name: 'limit', in: 'query', description: 'At most.', schema: z.int().min(1) }, { id: 'Limit' });",
        'request: { parameters: [Limit] }',
      ],
      emitted: {
        '/paths/~1things/get/parameters': [{ $ref: '#/components/parameters/Limit' }],
        '/components/parameters/Limit': { name: 'limit', in: 'query', description: 'At most.', schema: { type: 'integer', minimum: 1, maximum: 9007199254740991 } },
      },
    },
  ],
  [
    "a path item's parameters become the path's shared parameters",
    {
      given: {
        openapi: '3.1.0',
        info,
        paths: {
          '/things/{id}': {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, { $ref: '#/components/parameters/Trace' }],
            get: { responses: ok },
            delete: { parameters: [{ name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' } }], responses: ok },
          },
        },
        components: { parameters: { Trace: { name: 'X-Trace', in: 'header', schema: { type: 'string' } } } },
      },
      source: ["paths: { '/things/{id}': { parameters: [{ name: 'id', in: 'path', schema: z.string() }, Trace] } }"],
      emitted: {
        '/paths/~1things~1{id}/parameters': [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, { $ref: '#/components/parameters/Trace' }],
        '/paths/~1things~1{id}/get/parameters': undefined,
        '/paths/~1things~1{id}/delete/parameters': [{ name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' } }],
      },
    },
  ],
  [
    'style, explode, allowReserved, named examples and x- keys of a parameter go into parameterOptions',
    {
      given: {
        openapi: '3.1.0',
        info,
        paths: {
          '/things': {
            get: {
              parameters: [
                { name: 'tags', in: 'query', style: 'pipeDelimited', explode: false, schema: { type: 'array', items: { type: 'string' } }, examples: { two: { summary: 'Two', value: ['a', 'b'] } } },
                { name: 'next', in: 'query', allowReserved: true, 'x-internal': true, schema: { type: 'string' } },
              ],
              responses: ok,
            },
          },
        },
      },
      source: [
        "parameterOptions: {\n        query: {\n          tags: { style: 'pipeDelimited', explode: false, examples: { two: { summary: 'Two', value: ['a', 'b'] } } },\n          next: { allowReserved: true, 'x-internal': true },\n        },\n      },",
      ],
      emitted: {
        '/paths/~1things/get/parameters/0': { name: 'tags', in: 'query', style: 'pipeDelimited', explode: false, schema: { type: 'array', items: { type: 'string' } }, examples: { two: { summary: 'Two', value: ['a', 'b'] } } },
        '/paths/~1things/get/parameters/1': { name: 'next', in: 'query', allowReserved: true, schema: { type: 'string' }, 'x-internal': true },
      },
    },
  ],
  [
    'a reusable parameter with a style, explode and x- keys stays a defineParameter const, with them',
    {
      given: {
        openapi: '3.1.0',
        info,
        paths: {
          '/things': {
            get: { parameters: [{ $ref: '#/components/parameters/Ids' }], responses: ok },
            delete: { parameters: [{ $ref: '#/components/parameters/Ids' }, { $ref: '#/components/parameters/Next' }], responses: ok },
          },
        },
        components: {
          parameters: {
            Ids: { name: 'ids', in: 'query', style: 'spaceDelimited', explode: false, schema: { type: 'array', items: { type: 'string' } }, 'x-since': '2.0' },
            Next: { name: 'next', in: 'query', allowReserved: true, schema: { type: 'string' } },
          },
        },
      },
      source: [
        "const Ids = defineParameter({\n  name: 'ids',\n  in: 'query',\n  schema: z.array(z.string()),\n  style: 'spaceDelimited',\n  explode: false,\n  'x-since': '2.0',\n}, { id: 'Ids' });",
        "const Next = defineParameter({ name: 'next', in: 'query', schema: z.string(), allowReserved: true }, { id: 'Next' });",
        'request: { parameters: [Ids] }',
        'request: { parameters: [Ids, Next] }',
      ],
      emitted: {
        '/paths/~1things/get/parameters': [{ $ref: '#/components/parameters/Ids' }],
        '/paths/~1things/delete/parameters': [{ $ref: '#/components/parameters/Ids' }, { $ref: '#/components/parameters/Next' }],
        '/components/parameters/Ids': { name: 'ids', in: 'query', style: 'spaceDelimited', explode: false, schema: { type: 'array', items: { type: 'string' } }, 'x-since': '2.0' },
        '/components/parameters/Next': { name: 'next', in: 'query', allowReserved: true, schema: { type: 'string' } },
      },
    },
  ],
  [
    "a path item's parameters with styles and x- keys stay the path's shared parameters, with them",
    {
      given: {
        openapi: '3.0.3',
        info,
        paths: {
          '/things/{ids}': {
            parameters: [
              { name: 'ids', in: 'path', required: true, style: 'label', explode: true, schema: { type: 'array', items: { type: 'string' } } },
              { name: 'fields', in: 'query', style: 'form', explode: false, 'x-internal': true, schema: { type: 'array', items: { type: 'string' } } },
              { $ref: '#/components/parameters/Filter' },
            ],
            get: { responses: ok },
            delete: { responses: ok },
          },
        },
        components: { parameters: { Filter: { name: 'filter', in: 'query', style: 'deepObject', schema: { type: 'object', properties: { owner: { type: 'string' } } } } } },
      },
      source: [
        "const Filter = defineParameter({\n  name: 'filter',\n  in: 'query',\n  schema: z.object({\n    owner: z.string().optional(),\n  }),\n  style: 'deepObject',\n}, { id: 'Filter' });",
        "{ name: 'ids', in: 'path', schema: z.array(z.string()), style: 'label', explode: true },",
        "name: 'fields',\n          in: 'query',\n          schema: z.array(z.string()),\n          style: 'form',\n          explode: false,\n          'x-internal': true,\n        },\n        Filter,\n      ],",
      ],
      emitted: {
        '/paths/~1things~1{ids}/parameters': [
          { name: 'ids', in: 'path', required: true, style: 'label', explode: true, schema: { type: 'array', items: { type: 'string' } } },
          { name: 'fields', in: 'query', style: 'form', explode: false, schema: { type: 'array', items: { type: 'string' } }, 'x-internal': true },
          { $ref: '#/components/parameters/Filter' },
        ],
        '/paths/~1things~1{ids}/get/parameters': undefined,
        '/paths/~1things~1{ids}/delete/parameters': undefined,
        '/components/parameters/Filter/style': 'deepObject',
      },
    },
  ],
  [
    'a style a parameter\'s type cannot have, and allowReserved off the query, are reported; the rest of the parameter is kept, reusable or path-level',
    {
      given: {
        openapi: '3.0.3',
        info,
        paths: {
          '/things': {
            parameters: [{ name: 'X-List', in: 'header', allowReserved: true, explode: true, schema: { type: 'array', items: { type: 'string' } } }],
            get: { parameters: [{ $ref: '#/components/parameters/Q' }], responses: ok },
          },
        },
        components: { parameters: { Q: { name: 'q', in: 'query', style: 'deepObject', description: 'Search.', schema: { type: 'string' } } } },
      },
      source: ["const Q = defineParameter({ name: 'q', in: 'query', description: 'Search.', schema: z.string() }, { id: 'Q' });", "'/things': { parameters: [{ name: 'X-List', in: 'header', schema: z.array(z.string()), explode: true }] },"],
      emitted: {
        '/components/parameters/Q': { name: 'q', in: 'query', description: 'Search.', schema: { type: 'string' } },
        '/paths/~1things/parameters': [{ name: 'X-List', in: 'header', explode: true, schema: { type: 'array', items: { type: 'string' } } }],
        '/paths/~1things/get/parameters': [{ $ref: '#/components/parameters/Q' }],
      },
      findings: {
        '/components/parameters/Q/style': 'BMI020',
        '/paths/~1things/parameters/0/allowReserved': 'BMI020',
      },
    },
  ],
  [
    'response headers keep their style, explode, named examples (reusable ones as defineExample) and x- keys, in place and as defineHeader',
    {
      given: {
        openapi: '3.1.0',
        info,
        paths: {
          '/things': {
            get: {
              responses: {
                200: {
                  description: 'OK',
                  headers: {
                    'X-Limits': {
                      style: 'simple',
                      explode: true,
                      schema: { type: 'object', properties: { a: { type: 'integer' } } },
                      examples: { usual: { $ref: '#/components/examples/UsualLimits' }, none: { summary: 'None', value: { a: 0 } } },
                      'x-owner': 'billing',
                    },
                    'X-Count': { description: 'How many.', schema: { type: 'integer' } },
                  },
                },
                201: { description: 'Made.', headers: { 'X-Remaining': { $ref: '#/components/headers/Remaining' } } },
              },
            },
          },
        },
        components: {
          examples: { UsualLimits: { summary: 'Usual', value: { a: 10 } } },
          headers: { Remaining: { required: true, schema: { type: 'integer' }, examples: { plenty: { value: 99 }, usual: { $ref: '#/components/examples/UsualLimits' } }, 'x-window': '1m' } },
        },
      },
      source: [
        "const UsualLimits = defineExample({ summary: 'Usual', value: { a: 10 } }, { id: 'UsualLimits' });",
        "const Remaining = defineHeader({ required: true, schema: z.int(), examples: { plenty: { value: 99 }, usual: UsualLimits }, 'x-window': '1m' }, { id: 'Remaining' });",
        "'X-Limits': {\n              schema: z.object({\n                a: z.int().optional(),\n              }),\n              style: 'simple',\n              explode: true,\n              examples: { usual: UsualLimits, none: { summary: 'None', value: { a: 0 } } },\n              'x-owner': 'billing',\n            },",
        "'X-Count': { description: 'How many.', schema: z.int() }",
      ],
      emitted: {
        '/paths/~1things/get/responses/200/headers/X-Limits/style': 'simple',
        '/paths/~1things/get/responses/200/headers/X-Limits/explode': true,
        '/paths/~1things/get/responses/200/headers/X-Limits/examples': { usual: { $ref: '#/components/examples/UsualLimits' }, none: { summary: 'None', value: { a: 0 } } },
        '/paths/~1things/get/responses/200/headers/X-Limits/x-owner': 'billing',
        '/paths/~1things/get/responses/201/headers/X-Remaining': { $ref: '#/components/headers/Remaining' },
        '/components/headers/Remaining/examples': { plenty: { value: 99 }, usual: { $ref: '#/components/examples/UsualLimits' } },
        '/components/headers/Remaining/x-window': '1m',
        '/components/examples/UsualLimits': { summary: 'Usual', value: { a: 10 } },
      },
    },
  ],
  [
    'named examples of bodies, reusable ones as defineExample',
    {
      given: {
        openapi: '3.1.0',
        info,
        paths: {
          '/things': {
            post: {
              requestBody: { required: true, ...json(Thing, { examples: { one: { $ref: '#/components/examples/AThing' }, two: { summary: 'Another', value: { id: 't2', callbackUrl: 'https://b.example' } } } }) },
              responses: { 201: { description: 'Made.', ...json(Thing, { examples: { made: { $ref: '#/components/examples/AThing' } } }) } },
            },
          },
        },
        components: { examples: { AThing: { summary: 'A thing', value: { id: 't1', callbackUrl: 'https://a.example' }, 'x-generated': false } } },
      },
      source: [
        "const AThing = defineExample({ summary: 'A thing', value: { id: 't1', callbackUrl: 'https://a.example' }, 'x-generated': false }, { id: 'AThing' });",
        "examples: { one: AThing, two: { summary: 'Another', value: { id: 't2', callbackUrl: 'https://b.example' } } }",
      ],
      emitted: {
        '/paths/~1things/post/requestBody/content/application~1json/examples/one': { $ref: '#/components/examples/AThing' },
        '/paths/~1things/post/requestBody/content/application~1json/examples/two/summary': 'Another',
        '/paths/~1things/post/responses/201/content/application~1json/examples/made': { $ref: '#/components/examples/AThing' },
        '/components/examples/AThing': { summary: 'A thing', value: { id: 't1', callbackUrl: 'https://a.example' }, 'x-generated': false },
      },
    },
  ],
  [
    'links, in place (the definition has no reusable links); a link to no operation of the document, or with an expression that reads nothing, is reported',
    {
      given: {
        openapi: '3.0.3',
        info,
        paths: {
          '/things': {
            post: {
              requestBody: json(Thing),
              responses: {
                201: {
                  description: 'Made.',
                  ...json(Thing),
                  links: {
                    self: { $ref: '#/components/links/GetThing' },
                    elsewhere: { operationRef: 'https://other.example/openapi.json#/paths/~1a/get', requestBody: '$request.body', server: { url: 'https://other.example' } },
                    gone: { operationId: 'noSuchOperation' },
                    wrong: { operationId: 'getThing', parameters: { id: '$response.body#/owner/id' } },
                  },
                },
              },
            },
          },
          '/things/{id}': { get: { operationId: 'getThing', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } },
        },
        components: { links: { GetThing: { operationId: 'getThing', parameters: { id: '$response.body#/id' }, description: 'The thing.', 'x-when': 'always' } } },
      },
      source: ["self: {\n              operationId: 'getThing',\n              parameters: { id: '$response.body#/id' },\n              description: 'The thing.',\n              'x-when': 'always',\n            },", "wrong: { operationId: 'getThing' }"],
      emitted: {
        '/paths/~1things/post/responses/201/links': {
          self: { operationId: 'getThing', parameters: { id: '$response.body#/id' }, description: 'The thing.', 'x-when': 'always' },
          elsewhere: { operationRef: 'https://other.example/openapi.json#/paths/~1a/get', requestBody: '$request.body', server: { url: 'https://other.example' } },
          wrong: { operationId: 'getThing' },
        },
      },
      findings: {
        '/paths/~1things/post/responses/201/links/self': 'BMI010',
        '/paths/~1things/post/responses/201/links/gone': 'BMI020',
        '/paths/~1things/post/responses/201/links/wrong/parameters/id': 'BMI020',
      },
    },
  ],
  [
    "servers on operations, callbacks, their methods and webhooks; a path item's servers copied into its operations",
    {
      given: {
        openapi: '3.1.0',
        info,
        servers: [{ url: 'https://api.example' }],
        paths: {
          '/things': {
            servers: [{ url: 'https://eu.api.example' }],
            get: { responses: ok },
            post: {
              servers: [{ url: 'https://upload.api.example' }],
              requestBody: json(Thing),
              responses: ok,
              callbacks: {
                made: { '{$request.body#/callbackUrl}': { servers: [{ url: 'https://relay.example' }], post: { servers: [{ url: 'https://relay2.example' }], responses: ok } } },
              },
            },
          },
        },
        webhooks: { gone: { servers: [{ url: 'https://hooks.example' }], post: { responses: ok } } },
      },
      source: ["servers: [{ url: 'https://eu.api.example' }]", "servers: [{ url: 'https://upload.api.example' }]", "url: '{$request.body#/callbackUrl}',\n          servers: [{ url: 'https://relay.example' }],"],
      emitted: {
        '/paths/~1things/servers': undefined,
        '/paths/~1things/get/servers': [{ url: 'https://eu.api.example' }],
        '/paths/~1things/post/servers': [{ url: 'https://upload.api.example' }],
        '/paths/~1things/post/callbacks/made/{$request.body#~1callbackUrl}/servers': [{ url: 'https://relay.example' }],
        '/paths/~1things/post/callbacks/made/{$request.body#~1callbackUrl}/post/servers': [{ url: 'https://relay2.example' }],
        '/webhooks/gone/servers': [{ url: 'https://hooks.example' }],
      },
      findings: { '/paths/~1things/servers': 'BMI012' },
    },
  ],
  [
    'x- extensions on every object the definition gives them; the others are reported by name',
    {
      given: {
        openapi: '3.1.0',
        info: { ...info, 'x-logo': { url: 'https://logo.example' }, contact: { name: 'Team', 'x-slack': '#team' } },
        'x-api-id': 'abc',
        servers: [{ url: 'https://api.example', 'x-region': 'eu' }],
        tags: [{ name: 'things', 'x-display': 'Things' }],
        paths: {
          '/things': {
            'x-path-note': 'not carried',
            post: {
              'x-rate-limit': 10,
              requestBody: { 'x-body-limit': '1MB', content: { 'application/json': { schema: Thing, 'x-media-note': 'not carried' } } },
              responses: { 200: { description: 'OK', 'x-cache': 'no-store', headers: { 'X-Count': { schema: { type: 'integer' }, 'x-unit': 'things' } }, ...json(Thing, { 'x-media': 'carried' }) } },
              callbacks: { made: { '{$request.body#/callbackUrl}': { 'x-retries': 3, post: { 'x-kind': 'done', responses: ok } } } },
            },
          },
        },
        webhooks: { gone: { 'x-group': 'lifecycle', post: { responses: ok } } },
        components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key', 'x-rotates': true } } },
      },
      source: ["'x-api-id': 'abc'", "'x-rate-limit': 10", "'x-retries': 3", "'x-group': 'lifecycle'"],
      emitted: {
        '/x-api-id': 'abc',
        '/info/x-logo': { url: 'https://logo.example' },
        '/info/contact/x-slack': '#team',
        '/servers/0/x-region': 'eu',
        '/tags/0/x-display': 'Things',
        '/paths/~1things/post/x-rate-limit': 10,
        '/paths/~1things/post/requestBody/x-body-limit': '1MB',
        '/paths/~1things/post/responses/200/x-cache': 'no-store',
        '/paths/~1things/post/responses/200/headers/X-Count/x-unit': 'things',
        '/paths/~1things/post/responses/200/content/application~1json/x-media': 'carried',
        '/paths/~1things/post/callbacks/made/{$request.body#~1callbackUrl}/x-retries': 3,
        '/paths/~1things/post/callbacks/made/{$request.body#~1callbackUrl}/post/x-kind': 'done',
        '/webhooks/gone/x-group': 'lifecycle',
        '/components/securitySchemes/key/x-rotates': true,
      },
      findings: {
        '/paths/~1things/x-path-note': 'BMI020',
        '/paths/~1things/post/requestBody/content/application~1json/x-media-note': 'BMI020',
      },
    },
  ],
  [
    'callback and webhook security: unsigned, an API key and a bearer token are carried; oauth2, which the sender cannot send, is reported and deliveries are signed',
    {
      given: {
        openapi: '3.1.0',
        info,
        paths: {
          '/things': {
            post: {
              requestBody: json(Thing),
              responses: ok,
              callbacks: {
                unsigned: { '{$request.body#/callbackUrl}/a': { post: { security: [], responses: ok } } },
                keyed: { '{$request.body#/callbackUrl}/b': { post: { security: [{ key: [] }], responses: ok } } },
                oauth: { '{$request.body#/callbackUrl}/c': { post: { security: [{ oauth: ['write'] }], responses: ok } } },
              },
            },
          },
        },
        webhooks: { gone: { post: { security: [{ bearer: [] }], responses: ok } } },
        components: {
          securitySchemes: {
            key: { type: 'apiKey', in: 'header', name: 'X-Key' },
            bearer: { type: 'http', scheme: 'bearer' },
            oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://id.example/token', scopes: { write: 'Write.' } } } },
          },
        },
      },
      source: ['security: []', 'security: [{ key: [] }]', 'security: [{ bearer: [] }]', "flows: { clientCredentials: { tokenUrl: 'https://id.example/token', scopes: { write: 'Write.' } } }"],
      emitted: {
        '/paths/~1things/post/callbacks/unsigned/{$request.body#~1callbackUrl}~1a/post/security': [],
        '/paths/~1things/post/callbacks/keyed/{$request.body#~1callbackUrl}~1b/post/security': [{ key: [] }],
        '/paths/~1things/post/callbacks/oauth/{$request.body#~1callbackUrl}~1c/post/security': [{ standardWebhooks: [] }],
        '/webhooks/gone/post/security': [{ bearer: [] }],
        '/components/securitySchemes/oauth/flows': { clientCredentials: { tokenUrl: 'https://id.example/token', scopes: { write: 'Write.' } } },
      },
      findings: { '/paths/~1things/post/callbacks/oauth/{$request.body#~1callbackUrl}~1c/post/security': 'BMI041' },
    },
  ],
  [
    'reusable request bodies, responses, headers and callbacks become define* consts, declared before their uses',
    {
      given: {
        openapi: '3.0.3',
        info,
        paths: {
          '/things': {
            post: {
              requestBody: { $ref: '#/components/requestBodies/ThingBody' },
              responses: { 201: { $ref: '#/components/responses/Made' } },
              callbacks: { changed: { $ref: '#/components/callbacks/Changed' } },
            },
            put: {
              requestBody: { $ref: '#/components/requestBodies/ThingBody' },
              responses: { 200: { $ref: '#/components/responses/Made' } },
              callbacks: { changed: { $ref: '#/components/callbacks/Changed' } },
            },
          },
        },
        components: {
          schemas: { Thing },
          requestBodies: { ThingBody: { description: 'The thing.', required: true, ...json({ $ref: '#/components/schemas/Thing' }) } },
          headers: { Remaining: { description: 'Left.', required: true, schema: { type: 'integer' } } },
          responses: { Made: { description: 'Made.', headers: { 'X-Remaining': { $ref: '#/components/headers/Remaining' } }, ...json({ $ref: '#/components/schemas/Thing' }) } },
          callbacks: { Changed: { '{$request.body#/callbackUrl}/changed': { post: { requestBody: json({ $ref: '#/components/schemas/Thing' }), responses: ok } } } },
        },
      },
      source: [
        "const Remaining = defineHeader({ description: 'Left.', required: true, schema: z.int() }, { id: 'Remaining' });",
        "const ThingBody = defineRequestBody({ schema: Thing, description: 'The thing.' }, { id: 'ThingBody' });",
        "const Made = defineResponse({ description: 'Made.', body: Thing, headers: { 'X-Remaining': Remaining } }, { id: 'Made' });",
        "const Changed = defineCallback({\n  url: '{$request.body#/callbackUrl}/changed',",
        'callbacks: { changed: Changed }',
      ],
      emitted: {
        '/paths/~1things/post/requestBody': { $ref: '#/components/requestBodies/ThingBody' },
        '/paths/~1things/put/responses/200': { $ref: '#/components/responses/Made' },
        '/paths/~1things/put/callbacks/changed': { $ref: '#/components/callbacks/Changed' },
        '/components/responses/Made/headers/X-Remaining': { $ref: '#/components/headers/Remaining' },
        '/components/headers/Remaining': { description: 'Left.', required: true, schema: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 } },
      },
    },
  ],
  [
    'a reusable webhook path item becomes definePathItem, and a use with its own summary reference(...)',
    {
      given: {
        openapi: '3.1.0',
        info,
        webhooks: {
          'thing.made': { $ref: '#/components/pathItems/ThingEvent' },
          'thing.gone': { $ref: '#/components/pathItems/ThingEvent', summary: 'A thing went' },
        },
        components: { pathItems: { ThingEvent: { summary: 'A thing event', post: { responses: ok } } } },
      },
      source: ["const ThingEvent = definePathItem({ summary: 'A thing event', post: { responses: { 200: { description: 'OK' } } } }, { id: 'ThingEvent' });", "'thing.gone': reference(ThingEvent, { summary: 'A thing went' })"],
      emitted: {
        '/webhooks/thing.made': { $ref: '#/components/pathItems/ThingEvent' },
        '/webhooks/thing.gone': { $ref: '#/components/pathItems/ThingEvent', summary: 'A thing went' },
        '/components/pathItems/ThingEvent/summary': 'A thing event',
      },
    },
  ],
  [
    "a component's const gets its kind's word when a schema has its name",
    {
      given: {
        openapi: '3.1.0',
        info,
        paths: { '/things': { post: { requestBody: { $ref: '#/components/requestBodies/Thing' }, responses: ok } } },
        components: { schemas: { Thing }, requestBodies: { Thing: { required: true, ...json({ $ref: '#/components/schemas/Thing' }) } } },
      },
      source: ["const ThingRequestBody = defineRequestBody({ schema: Thing }, { id: 'Thing' });", 'body: ThingRequestBody'],
      emitted: { '/paths/~1things/post/requestBody': { $ref: '#/components/requestBodies/Thing' } },
    },
  ],
];

function at(doc: unknown, pointer: string): unknown {
  let current = doc;
  for (const token of pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    current = Array.isArray(current) ? current[Number(token)] : typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[token] : undefined;
  }
  return current;
}

describe('what the import carries over', () => {
  it.each(cases)('%s', async (name, { given, source, emitted, findings = {} }) => {
    const project = await importFixture(name.replace(/\W+/g, '-').slice(0, 40), JSON.stringify(given));
    for (const text of source) expect(project.source).toContain(text);
    expect(Object.fromEntries(project.findings.map((f) => [f.pointer, f.code]))).toEqual(findings);
    for (const [pointer, value] of Object.entries(emitted)) expect({ pointer, value: at(project.emitted, pointer) }).toEqual({ pointer, value });
    expect(typecheckDefinition(project.dir)).toEqual([]);
    expect(structuralDiff(normaliseOriginal(project.original, project.findings), normaliseEmitted(project.emitted, project.original))).toEqual([]);
  });
});
