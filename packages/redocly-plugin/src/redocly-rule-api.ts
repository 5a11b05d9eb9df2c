/**
 * The part of Redocly 2.x's custom-rule API this plugin uses, typed structurally: the CLI bundles its
 * own `@redocly/openapi-core`, so there is no package of that version to import types from (the
 * `@redocly/openapi-core` in this repo's node_modules is 1.x, for openapi-typescript).
 * @see https://redocly.com/docs/cli/custom-plugins/custom-rules
 */

/** A place in a document; `key()` makes a problem point at the key rather than at its value. */
export interface RedoclyLocation {
  readonly source: { readonly absoluteRef: string };
  readonly pointer: string;
  readonly absolutePointer: string;
  child(components: (string | number)[]): RedoclyLocation;
  key(): RedoclyLocation;
}

export interface RedoclyProblem {
  readonly message: string;
  readonly location: RedoclyLocation;
  /** Where the reported node was reached from (the `$ref`), shown by Redocly as "referenced from". */
  readonly from?: RedoclyLocation;
}

export interface RedoclyRuleContext {
  readonly location: RedoclyLocation;
  /** The key of the visited node in its parent (for a Path Item: the path, webhook name or callback key). */
  readonly key: string | number;
  report(problem: RedoclyProblem): void;
  /** Resolves a `$ref` node as written in the document `from` (default: the visited node's). */
  resolve(node: unknown, from?: string): { readonly node: unknown; readonly location: RedoclyLocation | undefined };
}

export interface RedoclyVisitor {
  readonly enter?: (node: unknown, ctx: RedoclyRuleContext) => void;
  readonly leave?: (node: unknown, ctx: RedoclyRuleContext) => void;
}

/** A rule: called once per linted document, returns visitors keyed by node type. */
export type RedoclyRule = () => Readonly<Record<string, RedoclyVisitor>>;

export interface RedoclyPlugin {
  readonly id: string;
  readonly rules: { readonly oas3: Readonly<Record<string, RedoclyRule>> };
  readonly configs?: Readonly<Record<string, { readonly rules: Readonly<Record<string, 'error' | 'warn' | 'off'>> }>>;
}
