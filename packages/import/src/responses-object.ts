/**
 * Responses Object → `responses: { 200: { description, body, headers, links, x-... } }`; a reusable
 * response becomes `defineResponse(..., { id })`.
 * https://spec.openapis.org/oas/v3.1.0#responses-object
 */
import { childPointer } from './findings.ts';
import { extensionsOf, isObject, reportUnknownFields, type ImportContext, type JsonObject } from './import-context.ts';
import { linksObject, type LinkOwner } from './link-object.ts';
import { bodyObject, preferredMediaType } from './media-type-object.ts';
import { headersObject } from './parameter-object.ts';
import { useComponent, type ComponentSpec } from './reference-object.ts';

/** A reusable response: its links are checked against the operation that uses it first. */
const responseSpec = (owner: LinkOwner): ComponentSpec => ({ kind: 'responses', noun: 'response', fields: (ctx, value, pointer) => responseObject(ctx, value, pointer, owner) });

/** The responses of an operation (`owner`: what its links may read of its request). */
export function responsesObject(ctx: ImportContext, responses: JsonObject, pointer: string, owner: LinkOwner): JsonObject {
  const out: JsonObject = {};
  for (const [status, raw] of Object.entries(responses)) {
    if (status.startsWith('x-')) {
      reportUnknownFields(ctx, { [status]: raw }, pointer, [], 'responses object', { 'x-': 'the definition has no `x-` keys on the map of responses (each response takes its own)' });
      continue;
    }
    const use = useComponent(ctx, raw, childPointer(pointer, status), responseSpec(owner));
    if (use !== undefined) out[status] = use.code ?? responseObject(ctx, use.value, use.pointer, owner);
  }
  return out;
}

/** https://spec.openapis.org/oas/v3.1.0#response-object */
function responseObject(ctx: ImportContext, response: JsonObject, pointer: string, owner: LinkOwner): JsonObject {
  reportUnknownFields(ctx, response, pointer, ['description', 'content', 'headers', 'links'], 'response', {}, true);
  const body = isObject(response.content) ? bodyObject(ctx, response.content, childPointer(pointer, 'content'), { role: 'response' }) : undefined;
  const headers = isObject(response.headers) ? headersObject(ctx, response.headers, childPointer(pointer, 'headers')) : undefined;
  const media = isObject(response.content) ? preferredMediaType(response.content) : undefined;
  const exchange = { ...owner, responseBodySchemas: media !== undefined ? [media[1].schema ?? true] : [], responseHeaderNames: isObject(response.headers) ? Object.keys(response.headers) : [] };
  const links = isObject(response.links) ? linksObject(ctx, response.links, childPointer(pointer, 'links'), exchange) : undefined;
  return {
    description: typeof response.description === 'string' ? response.description : '',
    ...(body !== undefined ? { body } : {}),
    ...(headers !== undefined ? { headers } : {}),
    ...(links !== undefined ? { links } : {}),
    ...extensionsOf(response),
  };
}
