/**
 * One example per callback and webhook, for the test kit (`createTestDelivery`) and `trigger`: its body
 * (the documented example, else one built from the schema, as the README shows it) and a value for each
 * path parameter of its URL (read from the example of the request or response it comes from, e.g.
 * `$request.body#/id`, where the definition says so).
 */
import type { ApiModel, BodyModel, ReceiverRoute } from '@boomerang/core';
import { documentedExample, exampleOf } from './schema-example.ts';

export interface RouteExample {
  readonly body?: unknown;
  readonly params: Readonly<Record<string, string>>;
}

export function routeExample(route: ReceiverRoute, model: ApiModel): RouteExample {
  const body = bodyExample(route.operation.requestBody, model);
  const trigger = route.trigger ? model.operations.find((op) => op.operationId === route.trigger!.operationId) : undefined;
  const params = Object.fromEntries(route.pathParameters.map((p) => [p.name, parameterExample(p.name, p.expression, trigger, model)]));
  return { ...(body === undefined ? {} : { body }), params };
}

function bodyExample(body: BodyModel | undefined, model: ApiModel): unknown {
  const documented = documentedExample(body);
  if (body === undefined || body.schema === undefined) return documented;
  return documented !== undefined ? documented : exampleOf(body.schema, model.schemas);
}

/** The value the expression reads from the trigger's example request or response, when it is a scalar; else `example-<name>`. */
function parameterExample(name: string, expression: string, trigger: ApiModel['operations'][number] | undefined, model: ApiModel): string {
  const fallback = `example-${name}`;
  if (trigger === undefined) return fallback;
  const match = /^\$(request|response)\.body#(.*)$/.exec(expression);
  if (match === null) return fallback;
  const source = match[1] === 'request' ? trigger.requestBody : (trigger.responses.find((r) => r.status.startsWith('2')) ?? trigger.responses[0])?.body;
  const value = pointer(bodyExample(source, model), match[2]!);
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
}

function pointer(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current = value;
  for (const raw of path.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
