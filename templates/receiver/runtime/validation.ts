/**
 * Validators compiled from the API's JSON Schemas at generation time (Ajv standalone code, see
 * validators.js), and the one shape their findings take in a 400's `errors`.
 */

/** The part of an Ajv error object that issues are made from. */
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

/**
 * The issues of `value`, `[]` when it conforms. A missing or unexpected property is reported at the
 * property's own path, not its parent's, so the sender can see which field to fix.
 */
export function validationIssues(validate: CompiledValidator, value: unknown): readonly ValidationIssue[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => {
    const base = error.instancePath ?? '';
    const property =
      error.keyword === 'required' ? error.params?.['missingProperty']
      : error.keyword === 'additionalProperties' ? error.params?.['additionalProperty']
      : error.keyword === 'unevaluatedProperties' ? error.params?.['unevaluatedProperty']
      : undefined;
    const path = typeof property === 'string' ? `${base}/${property.replace(/~/g, '~0').replace(/\//g, '~1')}` : base;
    return { path, message: error.message ?? `fails "${error.keyword ?? 'unknown'}"` };
  });
}
