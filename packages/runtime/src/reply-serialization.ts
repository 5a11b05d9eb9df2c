/**
 * A handler's reply as every server target sends it: the media type documented for its status, and
 * its body serialized as that media type says (what Fastify does with a reply, for targets that build
 * a fetch `Response`).
 */
import { isJsonMediaType } from './media-type.ts';

/** The documented media type of each status key (`200`, `2XX`, `default`); null where that reply has no body. */
export type ReplyMediaTypes = Readonly<Record<string, string | null>>;

/** The media type documented for `status`: its own entry, else its range's (`4XX`), else `default`. */
export function replyMediaType(status: number, mediaTypes: ReplyMediaTypes): string | null | undefined {
  const exact = mediaTypes[status];
  if (exact !== undefined) return exact;
  return mediaTypes[`${Math.floor(status / 100)}XX`] ?? mediaTypes['default'];
}

/** Whether a string body is sent as a JSON string under `contentType` (rather than as it is). */
export function sendsStringAsJson(body: unknown, contentType: unknown): boolean {
  return typeof body === 'string' && typeof contentType === 'string' && isJsonMediaType(contentType);
}

export interface SerializedReply {
  /** null: no body. */
  readonly payload: string | Uint8Array | null;
  readonly contentType: string | undefined;
}

/**
 * `body` (undefined: no body) under `contentType` (the documented media type, or undefined): a JSON
 * media type gets `JSON.stringify(body)`, strings included, and `charset=utf-8` when it names none; a
 * string or bytes under another type are sent as they are. Without a media type, a string is
 * `text/plain`, bytes `application/octet-stream`, anything else JSON (as Fastify sends them). Throws a
 * `TypeError` for an object under a media type that is neither JSON nor given: a handler's mistake.
 */
export function serializeReplyBody(body: unknown, contentType: string | undefined): SerializedReply {
  if (body === undefined) return { payload: null, contentType };
  if (contentType === undefined) {
    if (typeof body === 'string') return { payload: body, contentType: 'text/plain; charset=utf-8' };
    if (body instanceof Uint8Array) return { payload: body, contentType: 'application/octet-stream' };
    return { payload: JSON.stringify(body), contentType: 'application/json; charset=utf-8' };
  }
  if (isJsonMediaType(contentType)) return { payload: JSON.stringify(body), contentType: /;\s*charset=/i.test(contentType) ? contentType : `${contentType}; charset=utf-8` };
  if (typeof body === 'string' || body instanceof Uint8Array) return { payload: body, contentType };
  throw new TypeError(`A reply body sent as ${contentType} must be a string or bytes; got ${body === null ? 'null' : typeof body}.`);
}
