/**
 * `importOpenApi` on documents written for one feature each: recursion (self and mutual), callbacks
 * with several keys, webhooks, what is refused, and what is reported. The recursive ones are loaded,
 * built and emitted, and compared with the original.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { importOpenApi } from '../src/index.ts';
import { typecheckDefinition } from './support/typecheck.ts';
import { importFixture, removeScratchDirs } from './support/imported-project.ts';
import { normaliseEmitted, normaliseOriginal, structuralDiff } from './support/round-trip.ts';

afterAll(removeScratchDirs);

const info = { title: 'Test', version: '1.0.0' };
const ok = { 200: { description: 'OK' } };

const recursive = {
  openapi: '3.1.0',
  info,
  paths: {
    '/trees': {
      post: {
        operationId: 'plantTree',
        parameters: [{ name: 'callback_url', in: 'query', required: true, schema: { type: 'string', format: 'uri' } }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } },
        responses: { 201: { description: 'Planted', content: { 'application/json': { schema: { $ref: '#/components/schemas/Forest' } } } } },
        callbacks: {
          grown: {
            '{$request.query.callback_url}/trees/{$request.body#/name}': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } }, responses: ok } },
            '{$request.query.callback_url}/all': { post: { responses: ok } },
          },
        },
      },
    },
  },
  webhooks: { felled: { post: { summary: 'A tree was felled', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } }, responses: ok } } },
  components: {
    schemas: {
      Forest: { type: 'object', properties: { trees: { type: 'array', items: { $ref: '#/components/schemas/Node' } }, owner: { $ref: '#/components/schemas/Owner' } } },
      Node: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } },
      Owner: { type: 'object', properties: { name: { type: 'string' }, forest: { $ref: '#/components/schemas/Forest' } } },
    },
  },
};

describe('importOpenApi', () => {
  it('declares recursive schemas with getters and z.ZodType, dependencies first, and they emit as they were', async () => {
    const imported = await importOpenApi(recursive);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.definition).toContain('export const Node: z.ZodType = z.object({\n  name: z.string(),\n  get children() {\n    return z.array(Node).optional();\n  },\n}).meta({ id: \'Node\' });');
    expect(imported.definition.indexOf('export const Node')).toBeLessThan(imported.definition.indexOf('export const Forest'));
    expect(imported.definition).toMatch(/export const Forest: z\.ZodType = z\.object\(\{\n {2}trees: z\.array\(Node\)\.optional\(\),\n {2}get owner\(\) \{\n {4}return Owner\.optional\(\);/);
    expect(imported.definition).toContain("url: '{$request.query.callback_url}/trees/{$request.body#/name}'");
    expect(imported.findings).toEqual([]);
    const project = await importFixture('recursive', JSON.stringify(recursive));
    expect(typecheckDefinition(project.dir)).toEqual([]);
    expect(structuralDiff(normaliseOriginal(project.original, project.findings), normaliseEmitted(project.emitted, project.original))).toEqual([]);
  });

  it('accepts YAML and JSON text alike', async () => {
    const yaml = await importOpenApi('openapi: 3.0.3\ninfo: { title: Y, version: "1" }\npaths: {}\n');
    const json = await importOpenApi('{"openapi":"3.0.3","info":{"title":"Y","version":"1"},"paths":{}}');
    expect(yaml.ok && json.ok && yaml.definition === json.definition).toBe(true);
  });

  it('refuses Swagger 2.0 with how to upgrade', async () => {
    const result = await importOpenApi({ swagger: '2.0', info, paths: {} });
    expect(result).toEqual({ ok: false, findings: [expect.objectContaining({ code: 'BMI001', kind: 'error', pointer: '/swagger', message: expect.stringContaining('swagger2openapi') })] });
  });

  it('refuses an OpenAPI version it does not read, and text that is no document', async () => {
    expect(await importOpenApi({ openapi: '4.0.0', info, paths: {} })).toMatchObject({ ok: false, findings: [{ code: 'BMI002', pointer: '/openapi' }] });
    expect(await importOpenApi('[1, 2]')).toMatchObject({ ok: false, findings: [{ code: 'BMI002', pointer: '' }] });
  });

  it("says so when the validator itself fails on an invalid 3.1 document, instead of passing on its JavaScript error", async () => {
    const result = await importOpenApi({
      openapi: '3.1.0',
      info,
      paths: { '/a/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, style: 'form', schema: { type: 'string' } }], responses: { 200: { description: 'ok' } } } } },
    });
    expect(result).toEqual({
      ok: false,
      findings: [
        expect.objectContaining({
          code: 'BMI002',
          message: expect.stringMatching(/^the document is not valid OpenAPI 3\.1, and the validator \(@scalar\/openapi-parser\) failed while locating the error \(it threw: Cannot read properties of null \(reading 'paths'\)\)\. Check it with another validator/),
        }),
      ],
    });
  });

  it('lists what it does not carry over, by pointer, and what it inlines', async () => {
    const result = await importOpenApi({
      openapi: '3.0.3',
      info,
      'x-owner': 'team',
      paths: {
        '/empty': { parameters: [{ name: 'e', in: 'query', schema: { type: 'string' } }] },
        '/a/{id}': {
          summary: 'One a',
          'x-path-note': 'on the path item',
          servers: [{ url: 'https://other.example' }],
          parameters: [{ $ref: '#/components/parameters/Id' }, { name: 'v', in: 'query', style: 'form', schema: { type: 'string' } }],
          get: {
            parameters: [{ name: 'flag', in: 'query', allowEmptyValue: true, schema: { type: 'boolean' } }],
            requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { f: { type: 'string' } } }, encoding: { f: { contentType: 'text/plain' } } } } },
            responses: { 200: { $ref: '#/components/responses/Ok' } },
            callbacks: {
              bad: { '{$callback_url}/x': { post: { responses: ok } }, 'x-map-note': 'on the Callback Object' },
              done: { '{$url}/done': { parameters: [{ name: 'X-Seq', in: 'header', schema: { type: 'integer' } }], post: { responses: ok } } },
            },
          },
        },
      },
      components: {
        parameters: { Id: { name: 'id', in: 'path', required: true, schema: { type: 'string' } } },
        responses: {
          Ok: {
            description: 'OK',
            headers: { 'X-N': { schema: { type: 'integer' }, 'x-unit': 'n', examples: { one: { value: 1 } } } },
            content: { 'application/json': { schema: { type: 'string' }, examples: { far: { externalValue: 'https://examples.example/a.json' } } }, 'text/plain': { schema: { type: 'string' } } },
          },
        },
        headers: { Unused: { schema: { type: 'string' } } },
      },
    });
    expect(result.ok).toBe(true);
    const byPointer = Object.fromEntries(result.findings.map((f) => [f.pointer, `${f.kind} ${f.code}`]));
    expect(byPointer).toEqual({
      '/paths/~1empty/parameters': 'not-carried BMI020',
      '/paths/~1a~1{id}/summary': 'not-carried BMI020',
      '/paths/~1a~1{id}/x-path-note': 'not-carried BMI020',
      '/paths/~1a~1{id}/servers': 'info BMI012',
      '/paths/~1a~1{id}/get/parameters/0/allowEmptyValue': 'not-carried BMI020',
      '/paths/~1a~1{id}/get/requestBody/content/multipart~1form-data/encoding': 'not-carried BMI020',
      '/components/responses/Ok/content/application~1json/examples/far/externalValue': 'not-carried BMI020',
      '/components/responses/Ok/content/text~1plain': 'not-carried BMI021',
      '/paths/~1a~1{id}/get/callbacks/bad/{$callback_url}~1x': 'not-carried BMI040',
      '/paths/~1a~1{id}/get/callbacks/bad/x-map-note': 'not-carried BMI020',
      '/paths/~1a~1{id}/get/callbacks/done/{$url}~1done/parameters': 'info BMI011',
      '/components/headers/Unused': 'not-carried BMI022',
    });
    if (!result.ok) return;
    // The root's `x-` key is carried; `Ok` and `Id` are consts, `Id` shared by the path with `v` and its style; the header keeps its `x-` key and examples.
    expect(result.definition).toContain("'x-owner': 'team'");
    expect(result.definition).toContain("const Ok = defineResponse(");
    expect(result.definition).toContain("parameters: [Id, { name: 'v', in: 'query', schema: z.string(), style: 'form' }]");
    expect(result.definition).toContain("'X-N': { schema: z.int(), examples: { one: { value: 1 } }, 'x-unit': 'n' }");
    // A callback's path item has no shared parameters in the definition: they are in its method.
    expect(result.definition).toMatch(/url: '\{\$url\}\/done',\n\s+post: \{\n\s+request: \{\n\s+headers: z\.object\(\{\n\s+'X-Seq': z\.int\(\)\.optional\(\),/);
  });

  it('writes a boomerang.config.ts with the starter\'s targets, naming the definition', async () => {
    const result = await importOpenApi({ openapi: '3.1.0', info: { title: 'Tic Tac Toe', version: '1' }, paths: {} }, { definitionPath: './definition.ts' });
    expect(result.ok && result.config).toContain("definition: './definition.ts'");
    expect(result.ok && result.config).toContain("packageName: 'tic-tac-toe-receiver'");
  });
});
