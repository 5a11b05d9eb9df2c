export interface TemplateGeneratorSchema {
  /** kebab-case: `operations-list`. */
  readonly name: string;
  /** Default `templates/<name>`. */
  readonly directory?: string;
  /** Default `@<scope>/boomerang-template-<name>`, or `boomerang-template-<name>` without a scope. */
  readonly packageName?: string;
  readonly skipInstall?: boolean;
  readonly skipFormat?: boolean;
}
