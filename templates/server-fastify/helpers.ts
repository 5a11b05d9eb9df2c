/**
 * The server-fastify template's view: the server view every target shares (`buildServerView` of
 * @boomerang/core: names, types, request schemas, replies, callbacks), and what only Fastify needs:
 * each operation's route schema (self-contained JSON Schema whose references point into the shared
 * `boomerang-components` schema), the code that sets its reply's media type, and the media types to
 * parse. Templates only print what is prepared here.
 */
import { buildServerView, isJsonContentType, mediaTypeOf, type ApiModel, type JsonSchema, type OperationModel, type ReceiverRoute, type ServerOperationView } from '@boomerang/core';

interface Input {
  readonly model: ApiModel;
  readonly routes: readonly ReceiverRoute[];
  readonly options: Readonly<Record<string, unknown>>;
}

export const helpers = {};

/** The `$id` under which the API's named schemas are shared with Fastify's validator and serializer. */
const componentsId = 'boomerang-components';

/** A route schema's references, made absolute: they point into the shared components document. */
function shared(schema: JsonSchema): JsonSchema {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) =>
        key === '$ref' && typeof child === 'string' && child.startsWith('#/components/') ? [key, `${componentsId}${child}`] : [key, rewrite(child)],
      ),
    );
  };
  return rewrite(schema) as JsonSchema;
}

export function prepare(input: Input) {
  const { model } = input;
  const view = buildServerView(input);
  const mediaTypes = [...new Set(model.operations.flatMap((op) => (op.requestBody ? [mediaTypeOf(op.requestBody.contentType)] : [])))].sort();
  return {
    ...view,
    operations: view.operations.map((op, i) => ({ ...op, ...fastifyRoute(model.operations[i]!, op) })),
    componentsId,
    components: JSON.stringify({ $id: componentsId, components: { schemas: model.schemas } }, null, 2),
    mediaTypes: `[${mediaTypes.map((m) => JSON.stringify(m)).join(", ")}]`,
  };
}

/** Fastify's part names. */
const fastifyParts = { params: 'params', query: 'querystring', headers: 'headers' } as const;

function fastifyRoute(op: OperationModel, view: ServerOperationView) {
  const routeSchema: Record<string, unknown> = {};
  for (const part of [view.params, view.query, view.headers]) if (part.schema) routeSchema[fastifyParts[part.name]] = shared(part.schema);
  // Keyed by media type, so that the validator applies that media type's coercion rules (see useJsonSchema2020).
  // A required JSON body is not keyed (an unkeyed body schema is taken for JSON): Fastify then need not parse
  // the request's content type to find the validator, and checkRequestContent has refused any other media
  // type, and no body, already. (An unkeyed schema would also be applied to an absent optional body.)
  const body = view.body;
  if (body.schema !== undefined && body.contentType !== null) {
    const mediaType = mediaTypeOf(body.contentType);
    routeSchema.body = body.required && isJsonContentType(mediaType) ? shared(body.schema) : { content: { [mediaType]: { schema: shared(body.schema) } } };
  }
  // Each status has one media type, so its schema is given as it is, not keyed by media type: Fastify then
  // finds the serializer by status alone, without parsing the reply's content type on every reply.
  const response: Record<string, unknown> = {};
  for (const r of op.responses) {
    if (r.body?.schema !== undefined && isJsonContentType(r.body.contentType)) response[r.status.toLowerCase()] = shared(r.body.schema);
  }
  if (Object.keys(response).length > 0) routeSchema.response = response;

  // The reply's media type, chosen by status: exact codes, then ranges, then default (responses are sorted so).
  const typeLines = op.responses.map((r, i) => {
    const action = r.body ? `reply.type(${JSON.stringify(r.body.contentType)});` : '{ /* no body */ }';
    const condition = /^\d+$/.test(r.status)
      ? `result.status === ${r.status}`
      : r.status === 'default'
        ? undefined
        : `result.status >= ${r.status[0]}00 && result.status <= ${r.status[0]}99`;
    const keyword = i === 0 ? 'if' : 'else if';
    return condition === undefined ? (i === 0 ? action : `else ${action}`) : `${keyword} (${condition}) ${action}`;
  });
  return {
    contentTypeCode: op.responses.some((r) => r.body) ? typeLines : [],
    routeSchema: JSON.stringify(routeSchema, null, 2),
  };
}
