/**
 * Callbacks and webhooks that the API's definition secures otherwise than (or besides) the Standard
 * Webhooks signature: unsigned ones (`security: []`), and ones that carry a credential (an API key
 * header or query parameter, an `Authorization: Bearer …`) whose value you configure by security
 * scheme name in `credentials`. The comparison takes the same time wherever the values differ.
 */

export interface DeliveryCredentialSpec {
  /** The security scheme's name in the API's document: the key of `credentials`. */
  readonly scheme: string;
  readonly in: 'header' | 'query';
  /** The header (lower case) or query parameter that carries it. */
  readonly name: string;
  /** Written before the value, e.g. `Bearer `. */
  readonly prefix: string;
}

export interface DeliveryAuthSpec {
  /** Whether the delivery carries a Standard Webhooks signature, checked with your secret. */
  readonly signed: boolean;
  readonly credentials: readonly DeliveryCredentialSpec[];
}

/** What each credential must be, by security scheme name: `{ callbackToken: process.env.CALLBACK_TOKEN }`. */
export type DeliveryCredentials = Readonly<Record<string, string | undefined>>;

/** Checked once, at startup: every credential a route needs has a value. Returns the schemes that have none. */
export function missingCredentials(auths: readonly (DeliveryAuthSpec | undefined)[], credentials: DeliveryCredentials | undefined): string[] {
  const missing = new Set<string>();
  for (const auth of auths) for (const c of auth?.credentials ?? []) if (!credentials?.[c.scheme]) missing.add(c.scheme);
  return [...missing];
}

/** What a caller must add to `credentials` (or `options.credentials`) for `auth`, as a sentence's end; undefined when nothing is missing. */
export function credentialsToGive(auth: DeliveryAuthSpec | undefined, credentials: DeliveryCredentials | undefined): string | undefined {
  const missing = missingCredentials([auth], credentials);
  if (missing.length === 0) return undefined;
  return `secured by the ${missing.join(', ')} security scheme; give its value in options.credentials: { ${missing.map((scheme) => `${JSON.stringify(scheme)}: '…'`).join(', ')} }.`;
}

/** Undefined when every credential of `auth` is on the request as configured; else what is wrong, for a 401. */
export function credentialRefusal(auth: DeliveryAuthSpec, headers: Readonly<Record<string, string | undefined>>, query: Readonly<Record<string, string | string[]>>, credentials: DeliveryCredentials | undefined): string | undefined {
  for (const credential of auth.credentials) {
    const raw = credential.in === 'header' ? headers[credential.name] : query[credential.name];
    const offered = Array.isArray(raw) ? raw[0] : raw;
    const where = credential.in === 'header' ? `the ${credential.name} header` : `the ${credential.name} query parameter`;
    if (offered === undefined || offered === '') return `The request has no ${where.slice('the '.length)}; this event is secured by the ${credential.scheme} security scheme.`;
    if (!sameText(offered, credential.prefix + (credentials?.[credential.scheme] ?? ''))) return `The credential in ${where} is not the one configured for ${credential.scheme}.`;
  }
  return undefined;
}

/** Compares in time that depends on the lengths only, not on where the two first differ. */
function sameText(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) difference |= (a.charCodeAt(i % (a.length || 1)) | 0) ^ (b.charCodeAt(i % (b.length || 1)) | 0);
  return difference === 0;
}
