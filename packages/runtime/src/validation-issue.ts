/**
 * One shape for "this value does not match its schema", shared by response validation in `deliver`,
 * compiled JSON Schema validators, and the `errors` member of 400 problem details.
 */

export interface ValidationIssue {
  /** JSON Pointer to the offending value (`''` is the whole value; `/items/0/id`). */
  readonly path: string;
  readonly message: string;
}

/** The part of an Ajv error object (Ajv 8, as Fastify also uses) that issues are made from. */
export interface AjvErrorLike {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

/**
 * Ajv errors as issues. A missing or an unexpected property is reported at the property's own path,
 * not at its parent's, so that a client can point at the field to fix.
 */
export function issuesFromAjvErrors(errors: readonly AjvErrorLike[] | null | undefined): readonly ValidationIssue[] {
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

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
