/**
 * RFC 9457 problem details: every error a Boomerang server or receiver answers is
 * `application/problem+json`, with its members in the RFC's order.
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */

export const problemContentType = 'application/problem+json';

/** @see https://www.rfc-editor.org/rfc/rfc9457#name-members-of-a-problem-detail */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  /** Extension members, e.g. `errors` on a 400. */
  readonly [extension: string]: unknown;
}

export interface ProblemInput {
  readonly status: number;
  readonly title?: string;
  readonly detail?: string;
  readonly type?: string;
  readonly instance?: string;
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

/**
 * A problem details object, members in RFC order. `type` defaults to `about:blank`, and then
 * (RFC 9457 §4.2.1) `title` should be the status's reason phrase, which is its default for the statuses
 * above (`Status <n>` for others: a caller that answers them passes its own title).
 */
export function problemDetails({ status, title, detail, type, instance, ...extensions }: ProblemInput): ProblemDetails {
  return {
    type: type ?? 'about:blank',
    title: title ?? titles[status] ?? `Status ${status}`,
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(instance === undefined ? {} : { instance }),
    ...extensions,
  };
}

/** `type` is `about:blank`, so (RFC 9457 §4.2.1) `title` is the status's reason phrase. */
export function problem(status: number, detail?: string, extensions: Readonly<Record<string, unknown>> = {}): ProblemDetails {
  return problemDetails({ status, detail, ...extensions });
}
