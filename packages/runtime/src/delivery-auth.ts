/**
 * What secures a callback or webhook delivery besides (or instead of) its Standard Webhooks signature,
 * as the definition's `security` says and generated specs carry it: unsigned (`security: []`), or with
 * credentials the operator configures by security scheme name (an API key header or query parameter,
 * an `Authorization: Bearer …`). A spec without `auth` is signed, as every delivery was before.
 */

export interface DeliveryCredentialSpec {
  /** The security scheme's name: the key of `credentials`. */
  readonly scheme: string;
  readonly in: 'header' | 'query';
  /** The header (lower case) or query parameter. */
  readonly name: string;
  /** Written before the value, e.g. `Bearer `. */
  readonly prefix: string;
}

export interface DeliveryAuthSpec {
  readonly signed: boolean;
  readonly credentials: readonly DeliveryCredentialSpec[];
}

/** The credentials' values by security scheme name: `{ callbackToken: process.env.CALLBACK_TOKEN }`. */
export type DeliveryCredentials = Readonly<Record<string, string | undefined>>;

export interface AuthenticatedRequest {
  readonly url: string;
  /** The credentials' headers (none for a signed-only delivery). */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether to sign it with the `whsec_` secrets. */
  readonly signed: boolean;
}

/** Thrown when a delivery needs a credential the operator did not configure: a configuration error, not a delivery outcome. */
export class MissingCredentialError extends Error {
  readonly scheme: string;
  constructor(event: string, scheme: string) {
    super(`The ${event} delivery needs the credential of the \`${scheme}\` security scheme: give the sender \`credentials: { ${JSON.stringify(scheme).slice(1, -1)}: '…' }\` (createServer's \`callbacks\`, and createOutbox's for queued deliveries).`);
    this.name = 'MissingCredentialError';
    this.scheme = scheme;
  }
}

/** `url` and the headers a delivery of `event` carries under `auth`; throws MissingCredentialError for a credential not configured. */
export function authenticateDelivery(event: string, url: string, auth: DeliveryAuthSpec | undefined, credentials: DeliveryCredentials | undefined): AuthenticatedRequest {
  if (auth === undefined) return { url, headers: noHeaders, signed: true };
  const headers: Record<string, string> = {};
  let target: URL | undefined;
  for (const credential of auth.credentials) {
    const value = credentials?.[credential.scheme];
    if (value === undefined || value === '') throw new MissingCredentialError(event, credential.scheme);
    if (credential.in === 'header') headers[credential.name] = credential.prefix + value;
    else (target ??= new URL(url)).searchParams.set(credential.name, value);
  }
  return { url: target?.href ?? url, headers, signed: auth.signed };
}

const noHeaders: Readonly<Record<string, string>> = Object.freeze({});
