/**
 * The problems a generated server answers, whatever its framework: how one is made, what a handler
 * throws to answer one, and which problem each refusal and error is (the same status, title, detail
 * and `errors` on every server target). The framework-free members and their order are
 * `shared/problem-details.ts`, which generated receivers run too; each framework's adapter only sends.
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */
import { STATUS_CODES } from 'node:http';
import { problemContentType, problemDetails, type ProblemDetails, type ProblemInput } from './shared/problem-details.ts';
import { issuesFromAjvErrors, type AjvErrorLike, type ValidationIssue } from './validation-issue.ts';

export { problemContentType, type ProblemDetails, type ProblemInput };

/** The `content-type` every problem is sent with. */
export const problemMediaType = `${problemContentType}; charset=utf-8`;

/** Where in the request a validation issue was found, in OpenAPI's `in` vocabulary. */
export type RequestPart = 'body' | 'query' | 'params' | 'headers';

export interface RequestValidationIssue extends ValidationIssue {
  readonly in: RequestPart;
}

/**
 * A problem details object. `type` defaults to `about:blank`, and then (RFC 9457 §4.2.1) `title` should be
 * the status's reason phrase, which is its default. Throws a `RangeError` for a status that is not 100–599.
 */
export function problem(input: ProblemInput): ProblemDetails {
  const { status, title } = input;
  if (!Number.isInteger(status) || status < 100 || status > 599) throw new RangeError(`A problem status must be an HTTP status code; got ${status}.`);
  // Node's reason phrases cover every status a handler may answer, not only those a receiver does.
  return problemDetails({ ...input, title: title ?? STATUS_CODES[status] });
}

/** Throw from a handler to answer with exactly this problem (its detail is meant for the client). */
export class ProblemError extends Error {
  readonly problem: ProblemDetails;
  constructor(input: ProblemInput) {
    const details = problem(input);
    super(details.detail ?? details.title);
    this.name = 'ProblemError';
    this.problem = details;
  }
}

/** A 400 for a request part that fails its schema, with each issue in `errors`. */
export function requestValidationProblem(part: RequestPart, errors: readonly AjvErrorLike[] | null | undefined): ProblemDetails {
  const issues: RequestValidationIssue[] = issuesFromAjvErrors(errors).map((issue) => ({ in: part, ...issue }));
  return problem({ status: 400, detail: `The request ${part} does not match the API's schema.`, errors: issues });
}

/** No route for `method` and `path`: a 404, or a 405 when the path has routes for the `allowed` methods (send them as `Allow`). */
export function routeProblem(method: string, path: string, allowed: readonly string[]): ProblemDetails {
  if (allowed.length === 0) return problem({ status: 404, detail: `No route matches ${method} ${path}.` });
  return problem({ status: 405, detail: `${path} does not accept ${method}; it accepts ${allowed.join(', ')}.` });
}

/** A 400 for a request path whose percent-encoding does not decode (`/orders/%zz`). */
export function malformedUrlProblem(path: string): ProblemDetails {
  return problem({ status: 400, detail: `The request URL is not valid: ${JSON.stringify(path)} has a malformed percent-encoding.` });
}

export function bodyTooLargeProblem(limit: number): ProblemDetails {
  return problem({ status: 413, detail: `The request body is larger than the limit of ${limit} bytes.` });
}

/** The 400 for a body that its content type says is JSON and that is not (or is poisoned: see `parseJsonBody`). */
export const invalidJsonProblem = (): ProblemDetails => problem({ status: 400, detail: 'The request body is not valid JSON.' });

/** What an error can say about the answer it wants. */
export interface ErrorLike {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly status?: unknown;
  readonly message?: unknown;
  readonly expose?: unknown;
}

/**
 * The problem for an error thrown while answering: a `ProblemError` → its problem; an error with a 4xx
 * `statusCode` (or `status`) → that status, with its message as the detail only when it is marked
 * `expose: true` (the http-errors convention) or `isFrameworkError` says the framework made it (its
 * messages are fixed and safe); anything else → a 500 with a generic title and no internals (log it).
 */
export function problemForError(thrown: unknown, isFrameworkError: (error: ErrorLike) => boolean = () => false): ProblemDetails {
  if (thrown instanceof ProblemError) return thrown.problem;
  const error: ErrorLike = typeof thrown === 'object' && thrown !== null ? thrown : {};
  const status = typeof error.statusCode === 'number' ? error.statusCode : typeof error.status === 'number' ? error.status : 500;
  if (status < 400 || status > 499 || !Number.isInteger(status)) return problem({ status: 500, title: 'Internal Server Error' });
  const safe = error.expose === true || isFrameworkError(error);
  return problem({ status, ...(safe && typeof error.message === 'string' ? { detail: error.message } : {}) });
}
