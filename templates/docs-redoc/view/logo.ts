/**
 * The `logo` option → Redoc's `info.x-logo`. A local image is inlined as a data: URI, so the page
 * needs no network and no file beside it; an http(s) URL is kept and then loaded by the reader's
 * browser (the page's Content Security Policy allows that one origin, nothing else).
 * @see https://redocly.com/docs-legacy/api-reference-docs/specification-extensions/x-logo
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Logo {
  /** What `x-logo.url` gets: a data: URI, or the http(s) URL given. */
  readonly url: string;
  /** The Content Security Policy source that lets the page show it: `data:` or the URL's origin. */
  readonly source: string;
}

const imageTypes: Readonly<Record<string, string>> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
};

/** The logo, or a sentence saying what is wrong with the option. */
export function resolveLogo(value: unknown): Logo | string {
  const text = value instanceof URL ? value.href : value;
  if (typeof text !== 'string' || text.trim() === '') return `\`logo\` must be a file path or a URL, not ${JSON.stringify(value)}`;
  if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(text)) return { url: text, source: 'data:' };
  if (/^https?:\/\//i.test(text)) {
    try {
      return { url: text, source: new URL(text).origin };
    } catch {
      return `\`logo\` is not a valid URL: ${JSON.stringify(text)}`;
    }
  }
  if (/^file:/i.test(text)) return inline(fileURLToPath(text), text);
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[a-z]:[\\/]/i.test(text)) return `\`logo\` must be a local file, a data: URL or an http(s) URL, not ${JSON.stringify(text)}`;
  if (!isAbsolute(text)) {
    return `\`logo\` is the relative path ${JSON.stringify(text)}, which has no fixed base here: write \`logo: new URL(${JSON.stringify(text.startsWith('.') ? text : `./${text}`)}, import.meta.url)\` in boomerang.config.ts (relative to the config file)`;
  }
  return inline(text, text);
}

function inline(path: string, given: string): Logo | string {
  const type = imageTypes[extname(path).toLowerCase()];
  if (type === undefined) return `\`logo\` ${JSON.stringify(given)} is not an image this template knows (${Object.keys(imageTypes).join(', ')})`;
  if (!existsSync(path) || !statSync(path).isFile()) return `\`logo\` ${JSON.stringify(given)} does not exist (looked at ${path})`;
  return { url: `data:${type};base64,${readFileSync(path).toString('base64')}`, source: 'data:' };
}
