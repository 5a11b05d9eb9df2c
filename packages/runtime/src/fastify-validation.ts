/**
 * Fastify's request validation with the API's own JSON Schema dialect and coercion rules, which
 * `request-validation.ts` states and every server target shares: strings coerced for path, query and
 * header values and form fields; for JSON bodies, only numeric strings to numbers.
 */
import type { FastifyInstance } from 'fastify';
import { createRequestSchemaCompiler } from './request-validation.ts';

const parts = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' } as const;

export function useJsonSchema2020(app: FastifyInstance, sharedSchemas: readonly ({ readonly $id: string } & object)[] = []): void {
  const compile = createRequestSchemaCompiler({ sharedSchemas });
  // Shared schemas (the API's components) are known to the validators and, through addSchema, to
  // Fastify's serializer; routes reference them as `<$id>#/components/schemas/<name>`.
  for (const schema of sharedSchemas) app.addSchema(schema);
  // A part Fastify does not name is not a body: its values are strings.
  app.setValidatorCompiler(({ schema, httpPart, contentType }) => compile(schema, parts[httpPart as keyof typeof parts] ?? 'params', contentType));
}
