/**
 * Fastify's request validation with the API's own JSON Schema dialect (2020-12, as OpenAPI 3.1 and
 * Zod 4 write it). Query, path and header values are strings on the wire, so they are coerced; JSON
 * bodies are coerced the same way (`"9999"` becomes 9999 where the schema says number), as lenient
 * as FastAPI is with the same schemas.
 */
import type { FastifyInstance } from 'fastify';
import { createAjv } from './json-schema-validator.ts';

export function useJsonSchema2020(app: FastifyInstance, sharedSchemas: readonly ({ readonly $id: string } & object)[] = []): void {
  const ajv = createAjv({ coerceTypes: 'array', useDefaults: true, removeAdditional: true });
  // Shared schemas (the API's components) are known to the validator and, through addSchema, to
  // Fastify's serializer; routes reference them as `<$id>#/components/schemas/<name>`.
  for (const schema of sharedSchemas) {
    ajv.addSchema(schema);
    app.addSchema(schema);
  }
  app.setValidatorCompiler(({ schema }) => ajv.compile(schema));
}
