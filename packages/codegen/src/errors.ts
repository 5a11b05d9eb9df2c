/**
 * A generation failure the user can act on: what went wrong, and how to fix it. Also
 * `@boomerang/codegen/errors`, with `thrownAt`: what a command line needs to report any error, without
 * loading the generator.
 */
export { thrownAt } from './load-error.ts';

const brand = Symbol.for('@boomerang/codegen/CodegenError');

export class CodegenError extends Error {
  readonly hint: string;
  constructor(message: string, hint = '') {
    super(message);
    this.name = 'CodegenError';
    this.hint = hint;
    Object.defineProperty(this, brand, { value: true });
  }

  /**
   * Recognized across copies of this package: a template package's helpers load in a module graph of
   * their own (and may bring their own @boomerang/codegen), and their errors are still user errors.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
