/** The methods of a callback or webhook: requests that the API sends rather than receives. */
import { httpMethods, type HttpMethod, type OutgoingOperationDefinition } from '../definition.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { OutgoingOperationModel } from '../model.ts';
import type { SchemaRegistry } from '../schema/schema-registry.ts';
import { bodyFrom } from './bodies.ts';
import { componentName, listedParameters } from './components.ts';
import { parametersFrom } from './parameters.ts';
import { applyParameterOptions } from './parameter-options.ts';
import { extensionsOf } from '../openapi/extensions.ts';
import { responsesFrom } from './responses.ts';

export interface OutgoingContext {
  readonly registry: SchemaRegistry;
  readonly diagnostics: Diagnostic[];
}

/** The methods declared on a callback URL or a webhook, in OpenAPI's method order. */
export function declaredMethods(definition: object): HttpMethod[] {
  return httpMethods.filter((method) => (definition as Record<string, unknown>)[method] !== undefined);
}

export function outgoingOperationsFrom(
  definition: Partial<Record<HttpMethod, OutgoingOperationDefinition>>,
  defaultOperationId: (method: HttpMethod) => string,
  context: OutgoingContext,
  where: string,
): OutgoingOperationModel[] {
  const methods = declaredMethods(definition);
  if (methods.length === 0) {
    context.diagnostics.push(
      diagnostic('BMR045', where, 'no method is declared.', 'Add the request that is sent, e.g. `post: { request: { body: Event }, responses: { 200: Ack } }`.'),
    );
  }
  return methods.map((method) => {
    const def = definition[method]!;
    const here = `${where} › ${method.toUpperCase()}`;
    const request = def.request ?? {};
    const body = bodyFrom(request.body, context.registry, context.diagnostics, `${here} › request body`, true);
    const bodyComponent = componentName(request.body, 'requestBodies');
    const requestBody = body !== undefined && bodyComponent !== undefined ? { ...body, component: bodyComponent } : body;
    return {
      operationId: def.operationId ?? defaultOperationId(method),
      method,
      ...(def.summary !== undefined ? { summary: def.summary } : {}),
      ...(def.description !== undefined ? { description: def.description } : {}),
      tags: [...(def.tags ?? [])],
      deprecated: def.deprecated ?? false,
      ...(def.externalDocs !== undefined ? { externalDocs: def.externalDocs } : {}),
      ...(def.security !== undefined ? { security: def.security } : {}),
      parameters: applyParameterOptions([
        ...parametersFrom('query', request.query, context.registry, context.diagnostics, here),
        ...parametersFrom('header', request.headers, context.registry, context.diagnostics, here),
        ...parametersFrom('cookie', request.cookies, context.registry, context.diagnostics, here),
        ...listedParameters(request.parameters, context.registry, context.diagnostics, `${here} › request.parameters`, { outgoing: true }),
      ], def.parameterOptions, context.registry, context.diagnostics, here),
      ...(requestBody !== undefined ? { requestBody } : {}),
      responses: responsesFrom(def.responses, context.registry, context.diagnostics, here),
      ...(def.servers !== undefined ? { servers: def.servers } : {}),
      ...extensionsOf(def),
    };
  });
}
