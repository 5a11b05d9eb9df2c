/**
 * A request's content, checked before it is read, on every server target: the media type an operation
 * takes (else 415) and whether it needs a body (else 400), so that neither a parser nor a validator
 * sees content the operation does not take.
 * @see https://www.rfc-editor.org/rfc/rfc9110#name-415-unsupported-media-type
 */
import { mediaTypeEssence, mediaTypeMatches } from './media-type.ts';
import { ProblemError } from './problem.ts';

/** The request body an operation declares. */
export interface RequestBodySpec {
  /** As the definition writes it: `application/json`, `text/plain`, `image/*`. */
  readonly mediaType: string;
  readonly required: boolean;
}

/**
 * Whether a request has content, by its headers: a non-zero content-length or a transfer-encoding. A
 * content-type header on an empty request (as some clients send with every DELETE) is not content.
 */
export function hasRequestContent(contentLength: string | null | undefined, transferEncoding: string | null | undefined): boolean {
  return (transferEncoding !== undefined && transferEncoding !== null) || (contentLength !== undefined && contentLength !== null && contentLength !== '0');
}

/** The check of one operation: the refusal for a request's `content-type` header and content, or undefined to go on. */
export type ContentCheck = (contentType: string | undefined, hasContent: boolean) => ProblemError | undefined;

/**
 * The check for the operation `label` (`POST /invoices`): content of another media type, or any content
 * where the operation takes none, is a 415; no content where a body is required is a 400.
 */
export function compileContentCheck(label: string, body: RequestBodySpec | undefined): ContentCheck {
  const wanted = body === undefined ? undefined : mediaTypeEssence(body.mediaType);
  return (raw, hasContent) => {
    // The common case, the declared media type spelled as it is: nothing to parse.
    if (raw === wanted && wanted !== undefined && wanted !== '' && hasContent) return undefined;
    // '' when the request does not say; a header that is not a media type is named as it is (shortened).
    const header = raw?.trim() ?? '';
    const given = hasContent ? (mediaTypeEssence(header) ?? header.slice(0, 100)) : undefined;
    if (wanted === undefined && given !== undefined) return new ProblemError({ status: 415, detail: `${label} takes no request body.` });
    if (body === undefined || wanted === undefined) return undefined;
    if (given === undefined) {
      if (!body.required) return undefined;
      return new ProblemError({ status: 400, detail: `${label} needs a request body (${body.mediaType}).`, errors: [{ in: 'body', path: '', message: 'is required' }] });
    }
    if (given === '') return new ProblemError({ status: 415, detail: `${label} takes ${body.mediaType}; the request does not say what its body is.` });
    if (!mediaTypeMatches(wanted, given)) return new ProblemError({ status: 415, detail: `${label} takes ${body.mediaType}, not ${given}.` });
    return undefined;
  };
}
