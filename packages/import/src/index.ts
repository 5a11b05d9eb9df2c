/**
 * `importOpenApi`: an OpenAPI 3.0/3.1 document → the source of a Boomerang definition (api.ts,
 * Zod 4 schemas) and of its boomerang.config.ts. Pure: it reads nothing and writes nothing; the
 * CLI writes the files through codegen's writer. What the definition cannot say is in `findings`,
 * by JSON pointer.
 */
import { configSource } from './config-file.ts';
import { componentIdentifiers, schemaIdentifiers } from './components-object.ts';
import { documentSource } from './document.ts';
import type { Finding } from './findings.ts';
import { isObject, peekReference, type ImportContext, type JsonObject, type SourceVersion } from './import-context.ts';
import { documentOperations } from './link-object.ts';
import { readDocument } from './read-document.ts';

export { findingCatalog, formatFinding, type Finding, type FindingCode, type FindingKind } from './findings.ts';
export { swaggerUpgradeHint } from './read-document.ts';
export type { SourceVersion } from './import-context.ts';

export interface ImportOptions {
  /** How boomerang.config.ts names the definition, relative to the config: `./api.ts` by default. */
  readonly definitionPath?: string;
}

export type ImportResult =
  | {
      readonly ok: true;
      /** The OpenAPI version of the document read. */
      readonly version: SourceVersion;
      /** The document as parsed (JSON), e.g. to compare with what the definition emits. */
      readonly document: JsonObject;
      /** api.ts */
      readonly definition: string;
      /** boomerang.config.ts */
      readonly config: string;
      /** What was not carried over (`not-carried`) and what was carried in another form (`info`). */
      readonly findings: readonly Finding[];
    }
  | { readonly ok: false; readonly findings: readonly Finding[] };

/** Imports a document given as JSON or YAML text, or as a parsed object. */
export async function importOpenApi(input: string | Record<string, unknown>, options: ImportOptions = {}): Promise<ImportResult> {
  const read = await readDocument(input);
  if (!read.ok) return { ok: false, findings: read.errors };
  const components = isObject(read.document.components) ? read.document.components : {};
  const schemaNames = isObject(components.schemas) ? Object.keys(components.schemas) : [];
  const schemas = schemaIdentifiers(schemaNames);
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const ctx: ImportContext = {
    document: read.document,
    version: read.version,
    schemaIdentifiers: schemas,
    componentIdentifiers: componentIdentifiers(components, schemas.values()),
    lazySchemas: new Set(),
    usedComponents: new Set(),
    components: new Map(),
    imports: new Set(),
    securitySchemes: Object.fromEntries(Object.entries(schemes).flatMap(([name, raw]) => {
      const scheme = peekReference(read.document, raw);
      return scheme !== undefined ? [[name, scheme]] : [];
    })),
    operations: documentOperations(read.document),
    findings: [],
  };
  const definition = documentSource(ctx);
  const title = isObject(read.document.info) && typeof read.document.info.title === 'string' ? read.document.info.title : 'api';
  return {
    ok: true,
    version: read.version,
    document: read.document,
    definition,
    config: configSource(options.definitionPath ?? './api.ts', title),
    findings: distinct(ctx.findings),
  };
}

/** One finding per code, pointer and message (a shared path item reports once, not per operation). */
function distinct(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code} ${f.pointer} ${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
