/** `boomerang import --help`: kept apart from help.ts so that the import command owns its text. */
export const importHelp = `boomerang import <openapi.json|openapi.yaml> [--out api.ts] [--force]

  Turns an OpenAPI 3.0 or 3.1 document into a Boomerang definition: api.ts (Zod 4 schemas, one
  exported const per components/schemas entry, the operations, their callbacks keyed by the same
  runtime expressions, the webhooks) and boomerang.config.ts beside it. Then loads the definition and
  reports what its build finds. What the definition cannot say is listed by JSON pointer.

  <openapi.json|yaml>  the document (Swagger 2.0 is refused: convert it to OpenAPI 3 first)
  --out <file>         where the definition goes (default: api.ts); boomerang.config.ts is written
                       into the same folder
  --force              overwrite an existing definition and config (they are yours once written)`;

export const importExitCodes = [
  'the definition was written and builds',
  'the document is Swagger 2.0 or not valid, the definition exists (without --force), or it has build errors',
  'bad usage',
] as const;
