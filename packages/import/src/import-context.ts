/**
 * What every object's import reads: the validated document, its version, the names given to its
 * component schemas, and where findings go. Resolved once in `importOpenApi`; the findings list is
 * the one thing that grows, and it is the import's result, not hidden state.
 */
import { finding, type Finding, type FindingCode } from './findings.ts';

export type SourceVersion = '3.0' | '3.1';
export type JsonObject = Record<string, unknown>;

export interface ImportContext {
  readonly document: JsonObject;
  readonly version: SourceVersion;
  /** `components/schemas` names → the identifiers of their consts in api.ts. */
  readonly schemaIdentifiers: ReadonlyMap<string, string>;
  /** Names whose const is not yet declared where a reference is printed: referenced lazily. */
  readonly lazySchemas: Set<string>;
  /** Every `#/components/...` pointer that was inlined or referenced. */
  readonly usedComponents: Set<string>;
  readonly findings: Finding[];
}

export function report(ctx: ImportContext, code: FindingCode, pointer: string, message: string): void {
  ctx.findings.push(finding(code, pointer, message));
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const componentSchema = /^#\/components\/schemas\/([^/]+)$/;

/** The component schema name a `$ref` names, or undefined. */
export function componentSchemaName(ref: string): string | undefined {
  const m = componentSchema.exec(ref);
  return m ? unescapeToken(decodeURIComponent(m[1]!)) : undefined;
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value a local `$ref` (`#/...`) points at, or undefined when it points at nothing. */
export function resolvePointer(document: JsonObject, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const path = ref.slice(1);
  if (path === '') return document;
  if (!path.startsWith('/')) return undefined;
  let current: unknown = document;
  for (const raw of path.slice(1).split('/')) {
    const token = unescapeToken(decodeURIComponent(raw));
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current) && Object.hasOwn(current, token)) current = current[token];
    else return undefined;
  }
  return current;
}

/**
 * A Reference Object resolved to what it names, following a chain of references; each step is
 * reported as inlined. A reference that leaves the document is reported and gives undefined.
 */
export function resolveReference(ctx: ImportContext, value: unknown, pointer: string, what: string): { value: JsonObject; pointer: string } | undefined {
  let current = value;
  let at = pointer;
  const seen = new Set<string>();
  while (isObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#')) {
      report(ctx, 'BMI023', at, `the ${what} \`$ref: ${ref}\` names another file; only references inside the document are followed. Bundle the document first (e.g. \`redocly bundle\`).`);
      return undefined;
    }
    if (seen.has(ref)) return undefined;
    seen.add(ref);
    const target = resolvePointer(ctx.document, ref);
    if (target === undefined) return undefined;
    if (ref.startsWith('#/components/')) ctx.usedComponents.add(ref);
    report(ctx, 'BMI010', at, `the ${what} \`${ref}\` is written inline here (the meaning is the same; the definition has no reusable ${what}s yet).`);
    current = target;
    at = ref.slice(1);
  }
  return isObject(current) ? { value: current, pointer: at } : undefined;
}

/** Reports each `x-` extension of an object as not carried over. */
export function reportExtensions(ctx: ImportContext, object: JsonObject, pointer: string): void {
  for (const key of Object.keys(object)) {
    if (key.startsWith('x-')) report(ctx, 'BMI020', `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, `the extension \`${key}\` is not carried over: the definition has no \`x-\` extensions yet.`);
  }
}

/** Reports each key of `object` that is not in `known` (and not an extension) as not carried over. */
export function reportUnknownFields(ctx: ImportContext, object: JsonObject, pointer: string, known: readonly string[], what: string, why: Readonly<Record<string, string>> = {}): void {
  reportExtensions(ctx, object, pointer);
  for (const key of Object.keys(object)) {
    if (key.startsWith('x-') || known.includes(key)) continue;
    const reason = why[key] ?? `the definition has no \`${key}\` on a ${what} yet`;
    report(ctx, 'BMI020', `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, `\`${key}\` is not carried over: ${reason}.`);
  }
}
