/**
 * Responses Object → `responses: { 200: { description, body, headers } }`.
 * https://spec.openapis.org/oas/v3.1.0#responses-object
 */
import { childPointer } from './findings.ts';
import { isObject, reportUnknownFields, resolveReference, type ImportContext, type JsonObject } from './import-context.ts';
import { bodyObject } from './media-type-object.ts';
import { headersObject } from './parameter-object.ts';

const why = { links: 'the definition has no links yet' };

export function responsesObject(ctx: ImportContext, responses: JsonObject, pointer: string): JsonObject {
  const out: JsonObject = {};
  for (const [status, raw] of Object.entries(responses)) {
    if (status.startsWith('x-')) {
      reportUnknownFields(ctx, { [status]: raw }, pointer, [], 'responses');
      continue;
    }
    const resolved = resolveReference(ctx, raw, childPointer(pointer, status), 'response');
    if (resolved === undefined) continue;
    out[status] = responseObject(ctx, resolved.value, resolved.pointer);
  }
  return out;
}

/** https://spec.openapis.org/oas/v3.1.0#response-object */
function responseObject(ctx: ImportContext, response: JsonObject, pointer: string): JsonObject {
  reportUnknownFields(ctx, response, pointer, ['description', 'content', 'headers'], 'response', why);
  const body = isObject(response.content) ? bodyObject(ctx, response.content, childPointer(pointer, 'content'), {}) : undefined;
  const headers = isObject(response.headers) ? headersObject(ctx, response.headers, childPointer(pointer, 'headers')) : undefined;
  return {
    description: typeof response.description === 'string' ? response.description : '',
    ...(body !== undefined ? { body } : {}),
    ...(headers !== undefined ? { headers } : {}),
  };
}
