/**
 * The request target (path and query) a delivery sends. WHATWG URL parsing takes a path segment
 * written `%2E` or `%2E%2E` for a dot segment and resolves it, which would move a value that the URL
 * builder encoded into a segment of its own (an invoice id of `..`) out of that segment; such
 * segments are sent as they are written. Everything else is WHATWG's serialization.
 * @see https://url.spec.whatwg.org/#double-dot-path-segment
 */

/** An encoded dot segment: `%2E`, `%2E%2E`, `.%2E` or `%2E.`, in any case. */
const encodedDotSegment = /^(?:%2e|\.){1,2}$/i;

/** The path and query to send for `href`, whose WHATWG parse (the host that was checked) is `url`. */
export function requestTarget(href: string, url: URL): string {
  const standard = `${url.pathname}${url.search}`;
  const authorityEnd = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\\?#]*/.exec(href)?.[0].length;
  if (authorityEnd === undefined) return standard;
  const afterPath = href.slice(authorityEnd).search(/[?#]/);
  const pathEnd = afterPath < 0 ? href.length : authorityEnd + afterPath;
  const path = href.slice(authorityEnd, pathEnd);
  const shieldedSegments = path.split('/').map((segment) => encodedDotSegment.test(segment) && segment.includes('%'));
  if (!shieldedSegments.includes(true)) return standard;
  // A marker WHATWG serializes as it is and that the URL does not contain stands for each `%2E` while it parses.
  let marker = '~dot~';
  while (href.includes(marker)) marker = `~${marker}`;
  const shieldedPath = path
    .split('/')
    .map((segment, i) => (shieldedSegments[i] ? segment.replace(/%2e/gi, marker) : segment))
    .join('/');
  const shielded = new URL(href.slice(0, authorityEnd) + shieldedPath + href.slice(pathEnd));
  // Only the path may differ from what was checked; should the host ever differ, send what was checked.
  if (shielded.host !== url.host || shielded.protocol !== url.protocol) return standard;
  return `${shielded.pathname}${shielded.search}`.split(marker).join('%2E');
}
