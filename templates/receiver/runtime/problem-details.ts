/**
 * RFC 9457 problem details: every error this receiver answers is `application/problem+json`.
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */

export const problemContentType = 'application/problem+json';

/** @see https://www.rfc-editor.org/rfc/rfc9457#name-members-of-a-problem-detail */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  /** Extension members, e.g. `errors` on a 400. */
  readonly [extension: string]: unknown;
}

/** Reason phrases (RFC 9110) of the statuses a receiver answers by itself. */
const titles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

/** `type` is `about:blank`, so (RFC 9457 §4.2.1) `title` is the status's reason phrase. */
export function problem(status: number, detail?: string, extensions: Readonly<Record<string, unknown>> = {}): ProblemDetails {
  return { type: 'about:blank', title: titles[status] ?? `Status ${status}`, status, ...(detail === undefined ? {} : { detail }), ...extensions };
}
