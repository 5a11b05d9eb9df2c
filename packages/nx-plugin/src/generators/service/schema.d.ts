export interface ServiceGeneratorSchema {
  /** kebab-case: `billing`, `order-history`. */
  readonly name: string;
  /** Default `services/<name>`. */
  readonly directory?: string;
  /** Without `@`. Default: the root package.json name's scope. */
  readonly npmScope?: string;
  /** Generate the receiver SDK into `<directory>/receiver`. Default true. */
  readonly receiver?: boolean;
  readonly skipInstall?: boolean;
  readonly skipFormat?: boolean;
}
