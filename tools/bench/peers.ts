/**
 * The synthetic API given to the peers that emit OpenAPI from Zod: zod-to-openapi (which has no
 * callbacks, so it gets the operations and webhooks only) and zod-openapi (callbacks included).
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { z as Zod } from 'zod';
import { zodModels, type SyntheticSpec } from './synthetic.ts';

type Z = typeof Zod;

/** A function that emits the whole document with zod-to-openapi, from schemas built once. */
export function zodToOpenApiEmitter(spec: SyntheticSpec, z: Z): () => unknown {
  // zod-to-openapi names schemas through `.openapi()`, which it adds to Zod's prototypes.
  extendZodWithOpenApi(z);
  const registry = new OpenAPIRegistry();
  const models = zodModels(spec, z, (schema, model) => registry.register(model.name, schema));
  const id = z.object({ id: z.string() });
  const callbackQuery = z.object({ callback_url: z.url() });
  for (const op of spec.operations) {
    registry.registerPath({
      method: op.method,
      path: op.path.replace(/\{id\}/, '{id}'),
      operationId: op.operationId,
      request: {
        ...(op.hasId ? { params: id } : {}),
        ...(op.callback !== undefined ? { query: callbackQuery } : {}),
        ...(op.body !== undefined ? { body: { content: { 'application/json': { schema: models[op.body]! } } } } : {}),
      },
      responses: { 200: { description: 'OK', content: { 'application/json': { schema: models[op.response]! } } } },
    });
  }
  for (const webhook of spec.webhooks) {
    registry.registerWebhook({
      method: 'post',
      path: webhook.name,
      request: { body: { content: { 'application/json': { schema: models[webhook.body]! } } } },
      responses: { 200: { description: 'Received' } },
    });
  }
  return () => new OpenApiGeneratorV31(registry.definitions).generateDocument({ openapi: '3.1.0', info: { title: `Synthetic ${spec.n}`, version: '1.0.0' } });
}

/** A function that emits the whole document with zod-openapi, callbacks included, from the given models (named by `.meta({ id })`). */
export function zodOpenApiEmitter(spec: SyntheticSpec, z: Z, models: readonly Zod.ZodObject[]): () => unknown {
  const id = z.object({ id: z.string() });
  const callbackQuery = z.object({ callback_url: z.url() });
  const paths: ZodOpenApiPathsObject = {};
  for (const op of spec.operations) {
    const operation: ZodOpenApiOperationObject = {
      operationId: op.operationId,
      ...(op.hasId || op.callback !== undefined ? { requestParams: { ...(op.hasId ? { path: id } : {}), ...(op.callback !== undefined ? { query: callbackQuery } : {}) } } : {}),
      ...(op.body !== undefined ? { requestBody: { content: { 'application/json': { schema: models[op.body]! } } } } : {}),
      responses: { 200: { description: 'OK', content: { 'application/json': { schema: models[op.response]! } } } },
      ...(op.callback !== undefined
        ? {
            callbacks: {
              [op.callback.name]: {
                [`{$request.query.callback_url}${op.body !== undefined ? '/{$request.body#/id}' : op.hasId ? '/{$request.path.id}' : ''}/${op.callback.segment}`]: {
                  post: {
                    requestBody: { content: { 'application/json': { schema: models[op.callback.body]! } } },
                    responses: { 200: { description: 'Received' } },
                  },
                },
              },
            },
          }
        : {}),
    };
    paths[op.path] = { ...(paths[op.path] ?? {}), [op.method]: operation };
  }
  const webhooks = Object.fromEntries(
    spec.webhooks.map((w) => [w.name, { post: { requestBody: { content: { 'application/json': { schema: models[w.body]! } } }, responses: { 200: { description: 'Received' } } } }]),
  );
  return () => createDocument({ openapi: '3.1.0', info: { title: `Synthetic ${spec.n}`, version: '1.0.0' }, paths, webhooks });
}

export { zodModels };
