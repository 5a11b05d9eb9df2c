/**
 * One shape for "this value does not match its schema", shared by response validation in `deliver`,
 * compiled JSON Schema validators, and the `errors` member of 400 problem details. Written once, in
 * `shared/validation.ts`, which generated receivers run too.
 */
import type { AjvError } from './shared/validation.ts';

export { issuesFromAjvErrors, type ValidationIssue } from './shared/validation.ts';

/** The part of an Ajv error object (Ajv 8, as Fastify also uses) that issues are made from. */
export type AjvErrorLike = AjvError;
