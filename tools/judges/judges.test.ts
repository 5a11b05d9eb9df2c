import { describe, expect, it } from 'vitest';
import { validateAgainstOfficialSchema } from './openapi-schema.ts';
import { parseRedoclyReport, redoclyLint } from './redocly-lint.ts';

const problemResponse = { $ref: '#/components/responses/Problem' };
const invoiceBody = { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Invoice' } } } };

/** A 3.1 document with a callback and a webhook that a demanding author would publish. */
function cleanDoc(): Record<string, any> {
  return {
    openapi: '3.1.0',
    info: { title: 'Invoices', version: '1.0.0', description: 'Invoices and their payment notices.', license: { name: 'MIT', identifier: 'MIT' } },
    servers: [{ url: 'https://api.invoices.test/v1' }],
    security: [{ bearer: [] }],
    tags: [{ name: 'invoices', description: 'Invoices and their payment.' }],
    paths: {
      '/invoices': {
        post: {
          operationId: 'createInvoice',
          summary: 'Create an invoice',
          tags: ['invoices'],
          parameters: [
            { name: 'callback_url', in: 'query', required: false, description: 'Where to send payment notices.', schema: { type: 'string', format: 'uri' } },
          ],
          requestBody: invoiceBody,
          responses: {
            '201': { description: 'Created.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Invoice' } } } },
            '400': problemResponse,
          },
          callbacks: {
            invoicePaid: {
              '{$request.query.callback_url}/invoices/{$request.body#/id}': {
                post: {
                  operationId: 'invoicePaid',
                  summary: 'Invoice paid',
                  tags: ['invoices'],
                  security: [{ webhookSignature: [] }],
                  requestBody: invoiceBody,
                  responses: { '204': { description: 'Received.' }, '400': problemResponse },
                },
              },
            },
          },
        },
      },
    },
    webhooks: {
      invoiceCreated: {
        post: {
          operationId: 'invoiceCreated',
          summary: 'Invoice created',
          tags: ['invoices'],
          security: [{ webhookSignature: [] }],
          requestBody: invoiceBody,
          responses: { '204': { description: 'Received.' }, '400': problemResponse },
        },
      },
    },
    components: {
      schemas: {
        Invoice: {
          type: 'object',
          required: ['id', 'total'],
          properties: { id: { type: 'string' }, total: { type: 'number', exclusiveMinimum: 0 }, note: { type: ['string', 'null'] } },
          additionalProperties: false,
          examples: [{ id: 'inv_1', total: 10 }],
        },
        Problem: {
          type: 'object',
          required: ['type', 'title'],
          properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' } },
        },
      },
      responses: {
        Problem: { description: 'The request was invalid.', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        webhookSignature: { type: 'apiKey', in: 'header', name: 'webhook-signature', description: 'Standard Webhooks signature of the delivery.' },
      },
    },
  };
}

const minimal30 = {
  openapi: '3.0.3',
  info: { title: 'Pets', version: '1.0.0' },
  paths: {
    '/pets/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'A pet.', content: { 'application/json': { schema: { type: 'string', nullable: true, minimum: 1, exclusiveMinimum: true } } } } },
      },
    },
  },
};

describe('validateAgainstOfficialSchema', () => {
  it('accepts a minimal 3.1 document', async () => {
    expect(await validateAgainstOfficialSchema({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} })).toEqual({ valid: true, errors: [] });
  });

  it('accepts a 3.1 document with callbacks, webhooks and 2020-12 schemas', async () => {
    expect(await validateAgainstOfficialSchema(cleanDoc())).toEqual({ valid: true, errors: [] });
  });

  it('accepts a 3.0 document with 3.0 schemas', async () => {
    expect(await validateAgainstOfficialSchema(minimal30)).toEqual({ valid: true, errors: [] });
  });

  it('rejects a missing info.version, naming the place and the keyword', async () => {
    const doc = cleanDoc();
    delete doc.info.version;
    const result = await validateAgainstOfficialSchema(doc);
    expect(result.valid).toBe(false);
    expect(result.errors).toContainEqual(expect.stringMatching(/^#\/info = \{title, description, license\}: required \(https:\/\/spec\.openapis\.org\/oas\/3\.1\/schema#\/\$defs\/info\/required\)$/));
  });

  it.each([
    ['an unknown type', { type: 'strng' }, '#/components/schemas/Bad/type = "strng": '],
    ['a non-numeric minimum', { type: 'number', minimum: 'x' }, '#/components/schemas/Bad/minimum = "x": type'],
    ['a boolean exclusiveMinimum (3.0 style)', { type: 'number', minimum: 0, exclusiveMinimum: true }, '#/components/schemas/Bad/exclusiveMinimum = true: type'],
  ])('3.1 schema-base checks Schema Objects: rejects %s', async (_name, schema, message) => {
    const doc = cleanDoc();
    doc.components.schemas.Bad = schema;
    const result = await validateAgainstOfficialSchema(doc);
    expect(result.valid).toBe(false);
    expect(result.errors).toContainEqual(expect.stringContaining(message));
  });

  it('checks Schema Objects nested in callbacks', async () => {
    const doc = cleanDoc();
    const callback = doc.paths['/invoices'].post.callbacks.invoicePaid['{$request.query.callback_url}/invoices/{$request.body#/id}'];
    callback.post.requestBody = { content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'strng' } } } } } };
    const result = await validateAgainstOfficialSchema(doc);
    expect(result.valid).toBe(false);
    expect(result.errors).toContainEqual(
      expect.stringContaining('#/paths/~1invoices/post/callbacks/invoicePaid/{$request.query.callback_url}~1invoices~1{$request.body#~1id}/post/requestBody/content/application~1json/schema/properties/id/type'),
    );
  });

  it('rejects a callback response without a description', async () => {
    const doc = cleanDoc();
    const callback = doc.paths['/invoices'].post.callbacks.invoicePaid['{$request.query.callback_url}/invoices/{$request.body#/id}'];
    callback.post.responses['204'] = {};
    const result = await validateAgainstOfficialSchema(doc);
    expect(result.valid).toBe(false);
    expect(result.errors).toContainEqual(expect.stringMatching(/callbacks\/invoicePaid\/.*\/post\/responses\/204 = \{\}: required/));
  });

  it('rejects a webhook whose operation is not an object', async () => {
    const doc = cleanDoc();
    doc.webhooks.invoiceCreated.post = 'POST';
    const result = await validateAgainstOfficialSchema(doc);
    expect(result.valid).toBe(false);
    expect(result.errors).toContainEqual(expect.stringMatching(/^#\/webhooks\/invoiceCreated\/post = "POST": type/));
  });

  it('rejects 3.1-only schemas and webhooks in a 3.0 document', async () => {
    const doc = structuredClone(minimal30) as Record<string, any>;
    doc.paths['/pets/{id}'].get.responses['200'].content['application/json'].schema = { type: ['string', 'null'] };
    doc.webhooks = {};
    const result = await validateAgainstOfficialSchema(doc);
    expect(result.valid).toBe(false);
    expect(result.errors).toContainEqual(expect.stringContaining('#/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/type = [array of 2]: enum'));
    expect(result.errors).toContainEqual(expect.stringMatching(/^#\/webhooks = \{\}: not allowed \(.*#\/additionalProperties\)$/));
  });

  it('rejects a document that is not OpenAPI 3.0 or 3.1', async () => {
    expect(await validateAgainstOfficialSchema({ swagger: '2.0' })).toEqual({ valid: false, errors: ['#/openapi: null is not an OpenAPI 3.0.x or 3.1.x version'] });
  });
});

describe('redoclyLint', () => {
  it('passes the clean 3.1 document with callbacks and webhooks: no errors, no warnings', async () => {
    expect(await redoclyLint(cleanDoc())).toEqual({ problems: [], exitCode: 0 });
  });

  it('fails on a duplicate operationId and an undefined $ref, and applies redocly.yaml', async () => {
    const doc = cleanDoc();
    doc.webhooks.invoiceCreated.post.operationId = 'createInvoice';
    doc.paths['/invoices'].post.responses['201'].content['application/json'].schema = { $ref: '#/components/schemas/Nope' };
    delete doc.paths['/invoices'].post.responses['400'];
    doc.paths['/invoices/'] = doc.paths['/invoices'];
    delete doc.paths['/invoices'];
    doc.paths['/invoices/'].post.responses['201'].content['application/json'].schema = { $ref: '#/components/schemas/Nope' };
    const callback = doc.paths['/invoices/'].post.callbacks.invoicePaid['{$request.query.callback_url}/invoices/{$request.body#/id}'].post;
    delete callback.responses['204'];
    const { problems, exitCode } = await redoclyLint(doc);
    expect(exitCode).toBe(1);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'operation-operationId-unique', severity: 'error' }),
        { ruleId: 'no-unresolved-refs', severity: 'error', message: "Can't resolve $ref", location: '#/paths/~1invoices~1/post/responses/201/content/application~1json/schema' },
        expect.objectContaining({ ruleId: 'operation-4xx-response', severity: 'warn', location: '#/paths/~1invoices~1/post/responses' }),
        expect.objectContaining({ ruleId: 'no-path-trailing-slash', severity: 'error', location: '#/paths/~1invoices~1' }),
        // `recommended` says warn; redocly.yaml makes it an error (the sender checks the success answer).
        expect.objectContaining({ ruleId: 'operation-2xx-response', severity: 'error', location: expect.stringContaining('/callbacks/invoicePaid/') }),
      ]),
    );
    expect(problems.filter((problem) => problem.ruleId === 'operation-operationId-unique')).toHaveLength(1);
  });
});

describe('parseRedoclyReport', () => {
  it('reads the report around a banner printed on the same stream', () => {
    const banner = ['', '    ╔════╗', '    ║  Deprecation warning: Node.js 20 support is ending  {soon}  ║', '    ╚════╝', ''].join('\n');
    const report = JSON.stringify({ totals: { errors: 1 }, problems: [{ ruleId: 'struct', severity: 'error', message: 'bad', location: [{ pointer: '#/info' }] }] }, null, 2);
    expect(parseRedoclyReport(`${banner}\n${report}\n\nvalidated in 3ms\n`)).toEqual([{ ruleId: 'struct', severity: 'error', message: 'bad', location: '#/info' }]);
  });

  it('is undefined when there is no report', () => {
    expect(parseRedoclyReport('Error: config not found\n')).toBeUndefined();
  });
});
