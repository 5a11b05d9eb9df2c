export interface ServiceGeneratorSchema {
  /** kebab-case: `billing`, `order-history`. */
  readonly name: string;
  /** Default `services/<name>`. */
  readonly directory?: string;
  /** Without `@`. Default: the root package.json name's scope. */
  readonly npmScope?: string;
  /** The server target; default `fastify`. */
  readonly server?: 'fastify' | 'hono';
  readonly skipInstall?: boolean;
  readonly skipFormat?: boolean;
}
