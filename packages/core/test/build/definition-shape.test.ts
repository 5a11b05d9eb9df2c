/**
 * Definitions of the wrong shape, as plain JavaScript (or a cast) lets an author write them: each is
 * refused with catalogued diagnostics that name where and how to fix it, never with a TypeError.
 */
import { buildApiModel, defineApi, type Diagnostic } from '@boomerang/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const info = { title: 'Things', version: '1.0.0' };
const ok = { 200: { description: 'ok' } };
/** What a plain-JS definition file hands to buildApiModel: defineApi of whatever it wrote. */
const js = (definition: unknown) => defineApi(definition as never);
const withOperation = (operation: unknown) => js({ info, operations: [operation] });

/** A Standard Schema, hand-written, whose `~standard.jsonSchema.input` gives `schema`. */
const handWritten = (schema: () => unknown) => ({ '~standard': { version: 1, vendor: 'mine', validate: (value: unknown) => ({ value }), jsonSchema: { input: schema, output: schema } } });

type Want = { code: string; where: string; message?: RegExp; hint?: RegExp };

const cases: [string, { given: unknown; want: Want[] }][] = [
  [
    'operations: null',
    { given: js({ info, operations: null }), want: [{ code: 'BMR009', where: 'operations', message: /^`operations` must be a list of operations, not null\.$/, hint: /operations: \[operation\(/ }] },
  ],
  ['tags that are not a list', { given: js({ info, tags: 'billing' }), want: [{ code: 'BMR009', where: 'tags', message: /not a string \('billing'\)/, hint: /tags: \[\{ name: 'invoices'/ }] }],
  [
    'security that is not a list',
    { given: js({ info, security: { bearer: [] } }), want: [{ code: 'BMR009', where: 'security', message: /must be a list of security requirements, not an object/, hint: /security: \[\{ bearer: \[\] \}\]/ }] },
  ],
  [
    'a method that is not a string, and one that is missing',
    {
      given: js({ info, operations: [{ method: 5, path: '/a', responses: ok }, { method: null, path: '/b', responses: ok }, { path: '/c', responses: ok }] }),
      want: [
        { code: 'BMR009', where: 'operations[0] › method', message: /^`method` must be the name of an HTTP method \(`get`, .*\), not a number \(5\)\.$/, hint: /method: 'post'/ },
        { code: 'BMR009', where: 'operations[1] › method', message: /not null/ },
        { code: 'BMR013', where: 'operations[2]', message: /^an operation has no `method`\.$/, hint: /method: 'get'/ },
      ],
    },
  ],
  [
    'operations that are not objects, and a hole in the list',
    {
      // eslint-disable-next-line no-sparse-arrays
      given: js({ info, operations: [null, 5, 'GET /a', , []] }),
      want: [
        { code: 'BMR009', where: 'operations[0]', message: /^`operations\[0\]` must be an operation `\{ method, path, responses, \.\.\. \}`, not null\.$/, hint: /operation\(\{ method: 'get'/ },
        { code: 'BMR009', where: 'operations[1]', message: /not a number \(5\)/ },
        { code: 'BMR009', where: 'operations[2]', message: /not a string \('GET \/a'\)/ },
        { code: 'BMR009', where: 'operations[3]', message: /^`operations\[3\]` is missing: it must be an operation/ },
        { code: 'BMR009', where: 'operations[4]', message: /not a list/ },
      ],
    },
  ],
  [
    'numbers where objects go',
    {
      given: js({ info: 1, servers: [2], externalDocs: 3, operations: [{ method: 'get', path: '/a', request: 4, responses: 5 }] }),
      want: [
        { code: 'BMR009', where: 'info', message: /^`info` must be the info object `\{ title, version, \.\.\. \}`, not a number \(1\)\.$/ },
        { code: 'BMR009', where: 'servers[0]', message: /must be a server/ },
        { code: 'BMR009', where: 'externalDocs', message: /must be an external documentation object/ },
        { code: 'BMR009', where: 'operation GET /a › request', hint: /request: \{ query: z\.object/ },
        { code: 'BMR009', where: 'operation GET /a › responses', message: /must be an object keyed by status code, not a number \(5\)/, hint: /responses: \{ 200: Invoice/ },
      ],
    },
  ],
  ['no request and no responses', { given: withOperation({ method: 'get', path: '/a' }), want: [{ code: 'BMR031', where: 'operation GET /a' }] }],
  [
    'a response of the wrong kind',
    {
      given: withOperation({ method: 'get', path: '/a', responses: { 200: 5, 404: null, 500: { description: 7 } } }),
      want: [
        { code: 'BMR009', where: 'operation GET /a › response 200', message: /^`200` must be a schema \(the JSON body\) or `\{ description, body, headers \}`, not a number \(5\)\.$/ },
        { code: 'BMR009', where: 'operation GET /a › response 404', message: /not null/ },
        { code: 'BMR009', where: 'operation GET /a › response 500 › description', message: /must be a string, not a number \(7\)/ },
      ],
    },
  ],
  [
    'callbacks that are a list of junk',
    { given: withOperation({ method: 'post', path: '/a', responses: ok, callbacks: [1, null] }), want: [{ code: 'BMR009', where: 'operation POST /a › callbacks', message: /must be an object keyed by callback name, not a list/ }] },
  ],
  [
    'a callback that is a list of junk',
    {
      given: withOperation({ method: 'post', path: '/a', responses: ok, callbacks: { made: [1, null, { url: '{$url}', post: 'yes' }] } }),
      want: [
        { code: 'BMR009', where: 'operation POST /a › callback made [0]', message: /^`made\[0\]` must be a callback `\{ url, post: \{\.\.\.\} \}`, not a number \(1\)\.$/ },
        { code: 'BMR009', where: 'operation POST /a › callback made [1]', message: /not null/ },
        { code: 'BMR009', where: 'operation POST /a › callback made [2] › POST', message: /^`post` must be an object `\{ request, responses, \.\.\. \}`, not a string/ },
      ],
    },
  ],
  [
    'a callback URL of the wrong type, and a body that is a number',
    {
      given: withOperation({ method: 'post', path: '/a', responses: ok, callbacks: { made: { url: 5, post: { request: { body: 6 }, responses: ok } } } }),
      want: [
        { code: 'BMR009', where: 'operation POST /a › callback made › url', message: /must be a builder function or a runtime-expression template string, not a number \(5\)/ },
        { code: 'BMR009', where: 'operation POST /a › callback made › POST › request body', message: /^`body` must be a schema or `\{ contentType, schema, \.\.\. \}`, not a number \(6\)\.$/ },
      ],
    },
  ],
  [
    'a JSON Schema written by hand where a body goes',
    {
      given: withOperation({ method: 'post', path: '/a', request: { body: { type: 'object', properties: { id: { type: 'string' } } } }, responses: { 200: { type: 'string' } } }),
      want: [
        { code: 'BMR052', where: 'operation POST /a › request body', message: /JSON Schema object, not a Standard Schema/, hint: /z\.object/ },
        { code: 'BMR052', where: 'operation POST /a › response 200', message: /JSON Schema object/ },
      ],
    },
  ],
  [
    'webhooks that are a number',
    { given: js({ info, webhooks: 5 }), want: [{ code: 'BMR009', where: 'webhooks', message: /must be an object keyed by webhook name, or a list of named webhooks, not a number/ }] },
  ],
  [
    'webhooks listed as junk, without a name, or named by a number',
    {
      given: js({ info, webhooks: [null, { post: { responses: ok } }, { name: 7, post: { responses: ok } }] }),
      want: [
        { code: 'BMR009', where: 'webhooks[0]', message: /must be a webhook `\{ name, post: \{\.\.\.\} \}`, not null/ },
        { code: 'BMR009', where: 'webhooks[1].name', message: /^`name` is missing: it must be a non-empty string\.$/ },
        { code: 'BMR009', where: 'webhooks[2].name', message: /not a number \(7\)/ },
      ],
    },
  ],
  [
    'a webhook by name that is a string, and a method of one that is a list',
    {
      given: js({ info, webhooks: { 'thing-made': 'post', 'thing-gone': { post: [] } } }),
      want: [
        { code: 'BMR009', where: 'webhook thing-made', message: /^`thing-made` must be a webhook `\{ post: \{\.\.\.\} \}`, not a string/ },
        { code: 'BMR009', where: 'webhook thing-gone › POST', message: /not a list/ },
      ],
    },
  ],
  [
    'texts, flags, tags and scopes of the wrong type',
    {
      given: js({ info: { ...info, summary: 1 }, security: [{ bearer: 'read' }], operations: [{ method: 'get', path: '/a', summary: ['A'], deprecated: 'yes', tags: ['a', 5], operationId: 7, responses: ok }] }),
      want: [
        { code: 'BMR009', where: 'info.summary', message: /must be a string, not a number \(1\)/ },
        { code: 'BMR009', where: 'security[0].bearer', message: /must be a list of scope names, not a string \('read'\)/ },
        { code: 'BMR009', where: 'operation GET /a › summary', message: /not a list/ },
        { code: 'BMR009', where: 'operation GET /a › tags[1]', message: /^`tags\[1\]` must be a string, not a number \(5\)\.$/ },
        { code: 'BMR009', where: 'operation GET /a › deprecated', message: /must be `true` or `false`, not a string \('yes'\)/ },
        { code: 'BMR009', where: 'operation GET /a › operationId', message: /not a number \(7\)/ },
      ],
    },
  ],
  [
    'parts that are required but missing: a server URL, a tag name, a license name',
    {
      given: js({ info: { ...info, license: { identifier: 'MIT' } }, servers: [{ description: 'Production' }], tags: [{ description: 'Things.' }] }),
      want: [
        { code: 'BMR009', where: 'info.license.name', message: /^`name` is missing: a license needs it\.$/ },
        { code: 'BMR009', where: 'servers[0].url', message: /a server needs it/, hint: /url: 'https:/ },
        { code: 'BMR009', where: 'tags[0].name', message: /a tag needs it/ },
      ],
    },
  ],
  [
    'misspelt keys, a key of another part, and an extension',
    {
      given: js({
        info: { titel: 'Things', version: '1.0.0' },
        operation: [],
        operations: [
          {
            method: 'post',
            path: '/a',
            respones: ok,
            'x-internal': true,
            request: { 'x-internal': true },
            callbacks: { made: { url: '{$url}', POST: { responses: ok }, put: { request: { params: z.object({ id: z.string() }) }, responses: ok } } },
          },
        ],
      }),
      want: [
        { code: 'BMR016', where: 'definition', message: /^`operation` is not a key of the API definition; did you mean `operations`\?$/, hint: /^Write `operations`\.$/ },
        { code: 'BMR016', where: 'info', message: /^`titel` is not a key of the info object; did you mean `title`\?$/ },
        { code: 'BMR016', where: 'operation POST /a', message: /`respones`.*did you mean `responses`\?/ },
        { code: 'BMR016', where: 'operation POST /a › request', message: /`x-internal` is not a key of a request\.$/, hint: /^OpenAPI allows no extensions \(`x-\.\.\.`\) on a request: put it on the operation/ },
        { code: 'BMR016', where: 'operation POST /a › callback made', message: /`POST` is not a key of a callback; did you mean `post`\?/ },
        { code: 'BMR016', where: 'operation POST /a › callback made › PUT › request', message: /`params` is not a key of the request of a callback or webhook/, hint: /no path parameters/ },
      ],
    },
  ],
  [
    'an example that is not JSON',
    {
      given: withOperation({ method: 'post', path: '/a', request: { body: { schema: z.object({ at: z.string() }), example: { at: new Date(0) } } }, responses: { 200: { body: { schema: z.number(), example: 10n } } } }),
      want: [
        { code: 'BMR054', where: 'operation POST /a › request body › example', message: /^the example is not a JSON value: it holds a Date at `\/at`\.$/, hint: /ISO string/ },
        { code: 'BMR054', where: 'operation POST /a › response 200 › body › example', message: /holds a bigint \(10n\)\.$/ },
      ],
    },
  ],
  [
    'security schemes OpenAPI does not have',
    {
      given: js({
        info,
        securitySchemes: {
          bearer: { type: 'bearer' },
          key: { type: 'apiKey', in: 'body', name: 'k' },
          id: { type: 'openIdConnect' },
          oauth: { type: 'oauth2', flows: { implicit: { scopes: {} } } },
          'my scheme': { type: 'mutualTLS' },
        },
      }),
      want: [
        { code: 'BMR075', where: 'securitySchemes.bearer', message: /`type` must be one of `apiKey`, `http`, .* not a string \('bearer'\)/, hint: /^Write `\{ type: 'http', scheme: 'bearer' \}`\.$/ },
        { code: 'BMR075', where: 'securitySchemes.key', message: /not `body`/ },
        { code: 'BMR075', where: 'securitySchemes.id', message: /^an `openIdConnect` security scheme has no `openIdConnectUrl`\.$/ },
        { code: 'BMR075', where: 'securitySchemes.oauth.flows.implicit', message: /has no `authorizationUrl`/ },
        { code: 'BMR075', where: 'securitySchemes.my scheme', message: /not usable as a components\/securitySchemes key/ },
      ],
    },
  ],
  ['a definition that is not an object', { given: null, want: [{ code: 'BMR009', where: 'definition', message: /^`definition` must be an object `\{ info, operations, \.\.\. \}`, not null\.$/, hint: /defineApi\(/ }] }],
  [
    'schemas that are not Standard Schemas, or whose JSON Schema is not one',
    {
      given: withOperation({
        method: 'post',
        path: '/a',
        request: {
          query: 'callback_url',
          headers: handWritten(() => 5),
          cookies: handWritten(() => {
            const cycle: Record<string, unknown> = { type: 'object' };
            cycle.properties = { self: cycle };
            return cycle;
          }),
          body: { schema: handWritten(() => ({ type: 'object', $defs: [] })) },
        },
        responses: { 200: { body: { schema: handWritten(() => ({ type: 'integer', default: 1n })) } } },
      }),
      want: [
        { code: 'BMR052', where: 'operation POST /a › request.query', message: /not a Standard Schema/ },
        { code: 'BMR052', where: 'operation POST /a › request.headers', message: /is not a JSON Schema document: it is a number \(5\)\.$/ },
        { code: 'BMR052', where: 'operation POST /a › request.cookies', message: /it holds a reference to an object that contains it at `\/properties\/self`/ },
        { code: 'BMR052', where: 'operation POST /a › request body', message: /its `\$defs` is a list/ },
        { code: 'BMR052', where: 'operation POST /a › response 200 › body', message: /a bigint \(1n\) at `\/default`/ },
      ],
    },
  ],
];

describe('definitions of the wrong shape', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    let built: ReturnType<typeof buildApiModel> | undefined;
    expect(() => (built = buildApiModel(given as never))).not.toThrow();
    expect(built!.ok).toBe(false);
    const errors: Diagnostic[] = built!.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((e) => ({ code: e.code, where: e.where }))).toEqual(want.map((w) => ({ code: w.code, where: w.where })));
    want.forEach((w, i) => {
      if (w.message) expect(errors[i]!.message).toMatch(w.message);
      if (w.hint) expect(errors[i]!.hint).toMatch(w.hint);
    });
  });

  it('checks nothing further once the shape is wrong: its other errors would be guesses', () => {
    const built = buildApiModel(js({ info: { title: '', version: '1' }, tags: 'x', operations: [{ method: 'get', path: 'nope', responses: ok }] }));
    expect(built.diagnostics.map((d) => d.code)).toEqual(['BMR009']);
  });
});
