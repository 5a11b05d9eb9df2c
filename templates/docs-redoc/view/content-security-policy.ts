/**
 * The page's Content Security Policy: the built HTML may run its own inline script and styles and
 * show images and fonts that are inside it (data:, blob:), and load nothing from anywhere else. So
 * whatever Redoc or a description tries to fetch (Redocly's CDN logo, telemetry, a remote image in
 * Markdown) is refused by the reader's browser before a request is made, and the page renders the
 * same offline as online. The one exception is a logo the author gave as an http(s) URL.
 * @see https://www.w3.org/TR/CSP3/
 */
import type { Logo } from './logo.ts';

export function contentSecurityPolicy(logo: Logo | undefined): string {
  const images = ['data:', 'blob:', ...(logo !== undefined && logo.source !== 'data:' ? [logo.source] : [])];
  return [
    "default-src 'none'",
    "script-src 'unsafe-inline'",
    "style-src 'unsafe-inline'",
    `img-src ${images.join(' ')}`,
    'font-src data:',
    'connect-src data: blob:',
    'worker-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
