/**
 * Media types as generated servers compare them, whatever the framework: the essence of a
 * `content-type` value, whether a request's type is one an operation takes, and what a body of that
 * type is (JSON, form fields, text or bytes).
 * @see https://www.rfc-editor.org/rfc/rfc9110#name-media-type
 */

/** `type/subtype`, lower case, without parameters; '' for nothing; undefined when it is not a media type. */
export function mediaTypeEssence(value: string): string | undefined {
  const mediaType = value.split(';')[0]!.trim().toLowerCase();
  return /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(mediaType) || mediaType === '' ? mediaType : undefined;
}

/** Whether the essence `given` is one that `wanted` (an essence, possibly a range: `image/*`, `*\/*`) takes. */
export function mediaTypeMatches(wanted: string, given: string): boolean {
  if (wanted === given || wanted === '*/*') return true;
  return wanted.endsWith('/*') && given.startsWith(wanted.slice(0, -1));
}

const jsonMediaType = /^\s*application\/(?:[^;/\s]+\+)?json\s*(?:;|$)/i;

/** `application/json` or a `+json` type, as an essence or a whole `content-type` value (parameters allowed). */
export function isJsonMediaType(value: string): boolean {
  return jsonMediaType.test(value);
}

/** Form fields (URL-encoded or multipart): strings on the wire, coerced as query values are. */
export function isFormMediaType(value: string): boolean {
  return /^\s*(?:application\/x-www-form-urlencoded|multipart\/form-data)\s*(?:;|$)/i.test(value);
}

/** What a request body of a media type is parsed into. */
export type BodyKind = 'json' | 'form' | 'text' | 'bytes';

/**
 * JSON (`application/json`, `+json`), form fields (`application/x-www-form-urlencoded`, an object of
 * strings), text (`text/*`, a string); anything else is bytes.
 */
export function bodyKind(mediaType: string): BodyKind {
  if (isJsonMediaType(mediaType)) return 'json';
  const essence = mediaTypeEssence(mediaType) ?? '';
  if (essence === 'application/x-www-form-urlencoded') return 'form';
  return essence.startsWith('text/') ? 'text' : 'bytes';
}
