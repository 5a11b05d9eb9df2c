/** Options resolved once, read-only, for every part of the emitter. */
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { JsonSchema } from '../model.ts';
import { jsonSchemaToOas30 } from '../schema/json-schema-to-oas30.ts';

export type OpenApiVersion = '3.1' | '3.0';

export interface EmitContext {
  readonly version: OpenApiVersion;
  /** The Schema Object for this OpenAPI version; `where` names the use in warnings. */
  readonly schema: (schema: JsonSchema, where: string) => unknown;
  readonly warn: (d: Diagnostic) => void;
  /** The security of callback and webhook requests that do not declare their own. */
  readonly outgoingSecurity?: readonly Readonly<Record<string, readonly string[]>>[];
  /** Reusable components are `$ref`s to `components/*` (the API's document); otherwise each is written in place (the receiver document). */
  readonly references?: boolean;
}

export function createEmitContext(version: OpenApiVersion, warnings: Diagnostic[], outgoingSecurity?: EmitContext['outgoingSecurity'], options: { readonly references?: boolean } = {}): EmitContext {
  const warn = (d: Diagnostic) => warnings.push(d);
  const common = { version, warn, ...(outgoingSecurity ? { outgoingSecurity } : {}), ...(options.references ? { references: true } : {}) };
  if (version === '3.1') return { ...common, schema: (schema) => schema };
  return {
    ...common,
    schema(schema, where) {
      const converted = jsonSchemaToOas30(schema);
      for (const issue of converted.issues) {
        warn(diagnostic('BMR081', `${where}${issue.path ? ` › schema ${issue.path}` : ''}`, issue.message, 'Emit OpenAPI 3.1 (the default) to keep the schema as written.'));
      }
      return converted.schema;
    },
  };
}
