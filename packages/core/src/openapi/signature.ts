/**
 * How the documents say that every callback and webhook request is signed (Standard Webhooks): a
 * security scheme on the `webhook-signature` header, which each callback and webhook method that
 * declares no security of its own requires, and the 401 a receiver answers when the signature does
 * not hold (a security requirement says what is checked; the 401 says what failing it gets).
 * @see https://www.standardwebhooks.com/
 * @see https://spec.openapis.org/oas/v3.1.0#security-scheme-object
 */
import { compareStatusKeys } from '../build/status-codes.ts';
import type { SecuritySchemeDefinition } from '../definition.ts';
import type { ApiModel, OutgoingOperationModel, ResponseModel } from '../model.ts';

/** The name of the security scheme that documents Standard Webhooks signatures. */
export const signatureSchemeName = 'standardWebhooks';

export const signatureScheme = {
  type: 'apiKey',
  in: 'header',
  name: 'webhook-signature',
  description:
    'Every callback and webhook request is signed per Standard Webhooks (https://www.standardwebhooks.com/): ' +
    '`webhook-signature` holds `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<raw body>`, keyed with the ' +
    'base64 part of your `whsec_` secret; several space-separated signatures appear during key rotation. Verify it, ' +
    'and that `webhook-timestamp` is recent, before trusting the body.',
} as const;

export const signatureRejected: ResponseModel = {
  status: '401',
  description: 'The `webhook-signature` is missing or not valid, or `webhook-timestamp` is not recent: the receiver refuses the request without acting on it.',
  headers: [],
};

/** The responses of a signed callback or webhook method: its own, and the 401 unless it declares a 401 or `4XX`. */
export function withSignatureRejected(responses: readonly ResponseModel[]): readonly ResponseModel[] {
  if (responses.some((r) => r.status === '401' || r.status === '4XX')) return responses;
  return [...responses, signatureRejected].sort((a, b) => compareStatusKeys(a.status, b.status));
}

/**
 * How the deliveries of one callback or webhook method are secured, from its `security`: none given,
 * they are signed (Standard Webhooks); `security: []` (or a first requirement `{}`), they are sent
 * unsigned; a requirement naming apiKey or http schemes, each delivery carries those credentials (and
 * is signed too when the requirement also names `standardWebhooks`). The sender uses the first
 * requirement of the list; a receiver checks that one.
 */
export interface DeliveryAuth {
  readonly signed: boolean;
  readonly credentials: readonly DeliveryCredential[];
}

/** One credential a delivery carries: the operator configures its value under the scheme's name. */
export interface DeliveryCredential {
  /** The security scheme's name in `securitySchemes`: the key of the sender's and the receiver's `credentials`. */
  readonly scheme: string;
  readonly in: 'header' | 'query';
  /** The header (lower case) or query parameter that carries it. */
  readonly name: string;
  /** Written before the value: `Bearer ` for an http bearer scheme, empty for an apiKey. */
  readonly prefix: string;
}

export const signedDelivery: DeliveryAuth = { signed: true, credentials: [] };

export type DeliveryAuthResult =
  | { readonly ok: true; readonly auth: DeliveryAuth }
  /** The schemes of the first requirement that a sender cannot put on a request (oauth2, mutualTLS, a cookie...). */
  | { readonly ok: false; readonly unsendable: readonly { readonly scheme: string; readonly why: string }[] };

export function deliveryAuth(security: OutgoingOperationModel['security'], schemes: Readonly<Record<string, SecuritySchemeDefinition>>): DeliveryAuthResult {
  if (security === undefined) return { ok: true, auth: signedDelivery };
  const requirement = security[0];
  if (requirement === undefined) return { ok: true, auth: { signed: false, credentials: [] } };
  let signed = false;
  const credentials: DeliveryCredential[] = [];
  const unsendable: { scheme: string; why: string }[] = [];
  for (const name of Object.keys(requirement)) {
    // The Standard Webhooks scheme, named explicitly: the one the document adds, or the author's own of that name.
    if (name === signatureSchemeName) {
      signed = true;
      continue;
    }
    const scheme = schemes[name];
    if (scheme === undefined) continue; // BMR070 reports it
    if (scheme.type === 'apiKey' && scheme.in === 'header') credentials.push({ scheme: name, in: 'header', name: scheme.name.toLowerCase(), prefix: '' });
    else if (scheme.type === 'apiKey' && scheme.in === 'query') credentials.push({ scheme: name, in: 'query', name: scheme.name, prefix: '' });
    else if (scheme.type === 'http') credentials.push({ scheme: name, in: 'header', name: 'authorization', prefix: `${httpSchemeWord(scheme.scheme)} ` });
    else unsendable.push({ scheme: name, why: scheme.type === 'apiKey' ? `an apiKey in a ${scheme.in}` : `a ${scheme.type} scheme` });
  }
  return unsendable.length > 0 ? { ok: false, unsendable } : { ok: true, auth: { signed, credentials } };
}

/** `bearer` → `Bearer`: the word as an Authorization header is usually written. */
function httpSchemeWord(scheme: string): string {
  return scheme.length === 0 ? scheme : scheme[0]!.toUpperCase() + scheme.slice(1).toLowerCase();
}

/**
 * The model with every callback and webhook method that declares no `security` sent unsigned
 * (`security: []`): what `signedDeliveries: false` in the config (or `--unsigned-deliveries`) generates from.
 */
export function withUnsignedDeliveries(model: ApiModel): ApiModel {
  const unsigned = (o: OutgoingOperationModel): OutgoingOperationModel => (o.security === undefined ? { ...o, security: [] } : o);
  return {
    ...model,
    operations: model.operations.map((op) => ({ ...op, callbacks: op.callbacks.map((cb) => ({ ...cb, urls: cb.urls.map((url) => ({ ...url, operations: url.operations.map(unsigned) })) })) })),
    webhooks: model.webhooks.map((w) => ({ ...w, operations: w.operations.map(unsigned) })),
  };
}
