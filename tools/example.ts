/**
 * `npm run example`: the invoices example end to end, as far as the definition goes today. It
 * loads examples/invoices/api.ts, prints its OpenAPI 3.1 document, has it judged by the official
 * OpenAPI JSON Schema and redocly lint, and shows the error an author gets for FastAPI's own key.
 */
import { buildApiModel, defineApi, emitOpenApi, formatDiagnostic, operation, serializeDocument } from '@boomerang/core';
import { z } from 'zod';
import invoices, { Invoice } from '../examples/invoices/api.ts';
import { validateAgainstOfficialSchema } from './judges/openapi-schema.ts';
import { redoclyLint } from './judges/redocly-lint.ts';

const step = (text: string) => console.log(`\n== ${text}`);

step('Building the model of examples/invoices/api.ts');
const built = buildApiModel(invoices);
if (!built.ok) {
  console.error(built.diagnostics.map(formatDiagnostic).join('\n'));
  process.exit(1);
}
const operationModel = built.model.operations[0]!;
console.log(`operation ${operationModel.method.toUpperCase()} ${operationModel.path} (${operationModel.operationId})`);
for (const callback of operationModel.callbacks) {
  for (const url of callback.urls) console.log(`  callback ${callback.name}: ${url.operations.map((o) => o.method.toUpperCase()).join(', ')} ${url.expression}`);
}

step('The OpenAPI 3.1 document (YAML)');
const { document } = emitOpenApi(built.model);
process.stdout.write(serializeDocument(document, 'yaml'));

step('Judged by the official OpenAPI 3.1 JSON Schema (schema-base)');
const verdict = await validateAgainstOfficialSchema(document);
console.log(verdict.valid ? 'valid' : verdict.errors.join('\n'));

step('Judged by redocly lint (redocly.yaml)');
const lint = await redoclyLint(document);
console.log(lint.problems.length === 0 ? 'no problems' : lint.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} (${p.location})`).join('\n'));

step("What FastAPI's own callback key gets you");
const fastapiKey = '{$callback_url}/invoices/{$request.body.id}';
const wrong = buildApiModel(
  defineApi({
    info: { title: 'Invoices', version: '1.0.0' },
    operations: [
      operation({
        method: 'post',
        path: '/invoices/',
        request: { query: z.object({ callback_url: z.url().optional() }), body: Invoice },
        responses: { 200: { description: 'ok' } },
        callbacks: { invoice_notification: { url: fastapiKey, post: { responses: { 200: { description: 'ok' } } } } },
      }),
    ],
  }),
);
console.log(`url: '${fastapiKey}'`);
console.log(wrong.diagnostics.map(formatDiagnostic).join('\n'));

if (!verdict.valid || lint.exitCode !== 0 || wrong.ok) process.exitCode = 1;
