/**
 * Media Type Object: which entries of a `content` map carry JSON, the only bodies a body pointer
 * (`$request.body#/id`) can address.
 * @see https://spec.openapis.org/oas/v3.1.0#media-type-object
 */
import { entriesAt, isRecord, type JsonRecord } from './node.ts';

/** `application/json`, or any `+json` structured syntax suffix (`application/problem+json`); parameters and case ignored. */
export function isJsonMediaType(mediaType: string): boolean {
  const essence = essenceOf(mediaType);
  return essence === 'application/json' || /^[^/\s]+\/[^/\s]+\+json$/.test(essence);
}

/** The `schema` of each JSON entry of `content`, in document order; `true` for a JSON entry without a schema. */
export function jsonSchemasOf(holder: JsonRecord): unknown[] {
  return entriesAt(holder, 'content')
    .filter(([mediaType]) => isJsonMediaType(mediaType))
    .map(([, mediaTypeObject]) => schemaOf(mediaTypeObject));
}

/**
 * The one schema to read a request body through: `application/json` first, then another JSON media
 * type, else the first media type whatever it is; `true` (anything) when `content` says nothing.
 */
export function preferredSchemaOf(holder: JsonRecord): unknown {
  const entries = entriesAt(holder, 'content');
  const chosen =
    entries.find(([mediaType]) => essenceOf(mediaType) === 'application/json') ??
    entries.find(([mediaType]) => isJsonMediaType(mediaType)) ??
    entries[0];
  return chosen === undefined ? true : schemaOf(chosen[1]);
}

/** `Application/JSON; charset=utf-8` -> `application/json`. */
function essenceOf(mediaType: string): string {
  return (mediaType.split(';')[0] ?? '').trim().toLowerCase();
}

function schemaOf(mediaTypeObject: unknown): unknown {
  return isRecord(mediaTypeObject) && mediaTypeObject.schema !== undefined ? mediaTypeObject.schema : true;
}
