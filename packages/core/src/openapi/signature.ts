/**
 * How the documents say that every callback and webhook request is signed (Standard Webhooks): a
 * security scheme on the `webhook-signature` header, which each callback and webhook method that
 * declares no security of its own requires, and the 401 a receiver answers when the signature does
 * not hold (a security requirement says what is checked; the 401 says what failing it gets).
 * @see https://www.standardwebhooks.com/
 * @see https://spec.openapis.org/oas/v3.1.0#security-scheme-object
 */
import { compareStatusKeys } from '../build/status-codes.ts';
import type { ResponseModel } from '../model.ts';

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
