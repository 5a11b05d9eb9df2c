/**
 * A request's content, checked before it is read: the media type an operation takes (else 415) and
 * whether it needs a body (else 400), so that neither a parser nor a validator sees content the
 * operation does not take; and the parsers for the media types an API declares.
 * @see https://www.rfc-editor.org/rfc/rfc9110#name-415-unsupported-media-type
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { ProblemError } from './problem-details.ts';

/** The request body an operation declares. */
export interface RequestBodySpec {
  /** As the definition writes it: `application/json`, `text/plain`, `image/*`. */
  readonly mediaType: string;
  readonly required: boolean;
}

/**
 * An `onRequest` hook for the operation `label` (`POST /invoices`): content of another media type, or
 * any content where the operation takes none, is a 415; no content where a body is required is a 400.
 * Content means a non-zero content-length or a transfer-encoding: a content-type header on an empty
 * request (as some clients send with every DELETE) is not content.
 */
export function checkRequestContent(label: string, body: RequestBodySpec | undefined): onRequestHookHandler {
  const wanted = body === undefined ? undefined : essence(body.mediaType);
  return (request, _reply, done) => {
    const raw = request.headers['content-type'];
    // The common case, the declared media type spelled as it is: nothing to parse.
    if (raw === wanted && wanted !== undefined && wanted !== '' && hasContent(request)) return done();
    // '' when the request does not say; a header that is not a media type is named as it is (shortened).
    const header = raw?.trim() ?? '';
    const given = hasContent(request) ? (essence(header) ?? header.slice(0, 100)) : undefined;
    if (wanted === undefined && given !== undefined) return done(new ProblemError({ status: 415, detail: `${label} takes no request body.` }));
    if (body === undefined || wanted === undefined) return done();
    if (given === undefined) {
      if (!body.required) return done();
      return done(new ProblemError({ status: 400, detail: `${label} needs a request body (${body.mediaType}).`, errors: [{ in: 'body', path: '', message: 'is required' }] }));
    }
    if (given === '') return done(new ProblemError({ status: 415, detail: `${label} takes ${body.mediaType}; the request does not say what its body is.` }));
    if (!matches(wanted, given)) return done(new ProblemError({ status: 415, detail: `${label} takes ${body.mediaType}, not ${given}.` }));
    done();
  };
}

function hasContent(request: FastifyRequest): boolean {
  const { headers } = request;
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

/** `type/subtype`, lower case, without parameters; '' for nothing; undefined when it is not a media type. */
function essence(value: string): string | undefined {
  const mediaType = value.split(';')[0]!.trim().toLowerCase();
  return /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(mediaType) || mediaType === '' ? mediaType : undefined;
}

function matches(wanted: string, given: string): boolean {
  if (wanted === given || wanted === '*/*') return true;
  return wanted.endsWith('/*') && given.startsWith(wanted.slice(0, -1));
}

const jsonMediaType = /^application\/(?:[^;/]+\+)?json$/;

/**
 * Parsers for the media types an API declares, each by what it is: JSON (`application/json`, `+json`;
 * an empty body is no body, not malformed JSON), form fields (`application/x-www-form-urlencoded`, into
 * an object of strings), text (`text/*`, a string) and anything else as bytes (a Buffer). Content that
 * reaches no parser is empty (it went past `checkRequestContent`), so a catch-all gives it no body.
 */
export function installBodyParsers(app: FastifyInstance, mediaTypes: readonly string[]): void {
  const { onProtoPoisoning = 'error', onConstructorPoisoning = 'error' } = app.initialConfig;
  const json = app.getDefaultJsonParser(onProtoPoisoning, onConstructorPoisoning);
  const parseJson = (request: FastifyRequest, body: string | Buffer, done: (error: Error | null, value?: unknown) => void) => (body.length === 0 ? done(null, undefined) : json(request, String(body), done));
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  const declared = [...new Set(mediaTypes.map((m) => essence(m) ?? m))].sort();
  for (const mediaType of declared) {
    if (mediaType === 'application/json' || mediaType === 'text/plain' || mediaType === '*/*') continue;
    if (jsonMediaType.test(mediaType)) app.addContentTypeParser(mediaType, { parseAs: 'string' }, parseJson);
    else if (mediaType === 'application/x-www-form-urlencoded') {
      // Own properties only: `__proto__` is a field name like any other.
      app.addContentTypeParser(mediaType, { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
    } else if (mediaType.endsWith('/*')) {
      const prefix = mediaType.slice(0, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      app.addContentTypeParser(new RegExp(`^${prefix}`, 'i'), { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    } else if (mediaType.startsWith('text/')) app.addContentTypeParser(mediaType, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    else app.addContentTypeParser(mediaType, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  }
  const anything = declared.includes('*/*');
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    if (anything) return done(null, body);
    done(new ProblemError({ status: 415, detail: 'The request body has a media type this server does not take.' }));
  });
}
