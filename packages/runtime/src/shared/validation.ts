/**
 * One shape for "this value does not match its schema", the `errors` of a 400 problem on both sides:
 * made from the errors of Ajv validators, whether compiled at run time (@boomerang/runtime, Fastify)
 * or at generation time (a receiver's validators.js, Ajv standalone code).
 */

/** The part of an Ajv error object (Ajv 8, as Fastify also uses) that issues are made from. */
export interface AjvError {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

/** A compiled validator: true when `data` conforms, else false with `errors` set. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: readonly AjvError[] | null;
}

export interface ValidationIssue {
  /** JSON Pointer to the offending value (`''` is the whole value; `/items/0/id`). */
  readonly path: string;
  readonly message: string;
}

/** Where in the request an issue was found, in OpenAPI's `in` vocabulary (`body` for the body). */
export interface RequestIssue extends ValidationIssue {
  readonly in: 'body' | 'query' | 'header';
}

/** The issues of `value` under a compiled validator, `[]` when it conforms. */
export function validationIssues(validate: CompiledValidator, value: unknown): readonly ValidationIssue[] {
  return validate(value) ? [] : issuesFromAjvErrors(validate.errors);
}

/**
 * Ajv errors as issues. A missing or an unexpected property is reported at the property's own path,
 * not at its parent's, so that the sender can point at the field to fix.
 */
export function issuesFromAjvErrors(errors: readonly AjvError[] | null | undefined): readonly ValidationIssue[] {
  return (errors ?? []).map((error) => {
    const base = error.instancePath ?? '';
    const property =
      error.keyword === 'required' ? error.params?.['missingProperty']
      : error.keyword === 'additionalProperties' ? error.params?.['additionalProperty']
      : error.keyword === 'unevaluatedProperties' ? error.params?.['unevaluatedProperty']
      : undefined;
    const path = typeof property === 'string' ? `${base}/${escapePointerToken(property)}` : base;
    return { path, message: error.message ?? `fails "${error.keyword ?? 'unknown'}"` };
  });
}

/** @see https://www.rfc-editor.org/rfc/rfc6901#section-3 */
function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
