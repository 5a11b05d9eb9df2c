/** A generation failure the user can act on: what went wrong, and how to fix it. */
export class CodegenError extends Error {
  readonly hint: string;
  constructor(message: string, hint = '') {
    super(message);
    this.name = 'CodegenError';
    this.hint = hint;
  }
}
