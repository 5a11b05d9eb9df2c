/**
 * What every object's import reads: the validated document, its version, the names given to its
 * component schemas, and where findings go. Resolved once in `importOpenApi`; the findings list is
 * the one thing that grows, and it is the import's result, not hidden state.
 */
import { finding, type Finding, type FindingCode } from './findings.ts';

export type SourceVersion = '3.0' | '3.1';
export type JsonObject = Record<string, unknown>;

/** The component sections a definition's `define*` functions declare (besides schemas and security schemes). */
export type ComponentKind = 'parameters' | 'responses' | 'requestBodies' | 'headers' | 'examples' | 'callbacks' | 'pathItems';

/** One `const X = define*(..., { id })` of api.ts. */
export interface ComponentDeclaration {
  readonly kind: ComponentKind;
  /** Its `components/<kind>` key, which the definition gives as its `id`. */
  readonly name: string;
  readonly identifier: string;
  /** The declaration's source. */
  readonly source: string;
}

/** A component that is written in place at each use: why; `empty` when nothing of it can be carried. */
export interface InPlace {
  readonly reason: string;
  readonly empty?: boolean;
}

export interface ImportContext {
  readonly document: JsonObject;
  readonly version: SourceVersion;
  /** `components/schemas` names → the identifiers of their consts in api.ts. */
  readonly schemaIdentifiers: ReadonlyMap<string, string>;
  /** `#/components/<kind>/<name>` of every other component → the identifier its const has when it is declared. */
  readonly componentIdentifiers: ReadonlyMap<string, string>;
  /** Names whose const is not yet declared where a reference is printed: referenced lazily. */
  readonly lazySchemas: Set<string>;
  /** Every `#/components/...` pointer that was inlined or referenced. */
  readonly usedComponents: Set<string>;
  /**
   * The components met so far, by `#/components/<kind>/<name>`: declared as a const (converted once,
   * at its first use) or written in place at each use. What api.ts declares is read from here.
   */
  readonly components: Map<string, ComponentDeclaration | InPlace>;
  /** What api.ts imports from `@boomerang/core` besides `defineApi` and `operation`. */
  readonly imports: Set<string>;
  /** The document's security schemes, resolved: what a callback's or webhook's requirement is checked against. */
  readonly securitySchemes: Readonly<Record<string, JsonObject>>;
  /** Each operationId of the document → the parameters its operation declares (`query:limit`): what links name. */
  readonly operations: ReadonlyMap<string, ReadonlySet<string>>;
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

const componentKinds = new Set<string>(['parameters', 'responses', 'requestBodies', 'headers', 'examples', 'callbacks', 'pathItems']);

/** The component a `$ref` names (`#/components/parameters/Limit`), with its reference in one spelling; undefined for any other reference. */
export function componentTarget(ref: string): { kind: ComponentKind; name: string; key: string; pointer: string } | undefined {
  const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  if (m === null || !componentKinds.has(m[1]!)) return undefined;
  const kind = m[1] as ComponentKind;
  const name = unescapeToken(decodeURIComponent(m[2]!));
  const pointer = `/components/${kind}/${escapeToken(name)}`;
  return { kind, name, key: `#${pointer}`, pointer };
}

/** `#/components/<kind>/<name>` in one spelling (JSON-pointer escapes, no percent-encoding), for any kind. */
export function componentKey(ref: string): string {
  const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  return m === null ? ref : `#/components/${m[1]!}/${escapeToken(unescapeToken(decodeURIComponent(m[2]!)))}`;
}

export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
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

/** What a chain of local references ends at, without reporting anything: to look at a part before deciding how to write it. */
export function peekReference(document: JsonObject, value: unknown): JsonObject | undefined {
  let current = value;
  for (let steps = 0; isObject(current) && typeof current.$ref === 'string' && steps < 32; steps++) current = resolvePointer(document, current.$ref);
  return isObject(current) && typeof current.$ref !== 'string' ? current : undefined;
}

/**
 * A Reference Object resolved to what it names, following a chain of references; each step is
 * reported as inlined, with `why` (the definition cannot say it as a component). A reference that
 * leaves the document is reported and gives undefined.
 */
export function resolveReference(ctx: ImportContext, value: unknown, pointer: string, what: string, why = `the definition has no reusable ${what}s`): { value: JsonObject; pointer: string } | undefined {
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
    if (ref.startsWith('#/components/')) ctx.usedComponents.add(componentKey(ref));
    report(ctx, 'BMI010', at, `the ${what} \`${ref}\` is written inline here (the meaning is the same; ${why}).`);
    current = target;
    at = ref.slice(1);
  }
  return isObject(current) ? { value: current, pointer: at } : undefined;
}

/** The `x-` keys of an object, to carry over into the definition object it becomes (which takes them as written). */
export function extensionsOf(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([key]) => key.startsWith('x-')));
}

/**
 * Reports each key of `object` that is not in `known` as not carried over. `x-` keys too, unless
 * `extensible`: the definition object it becomes takes them (the caller copies them, `extensionsOf`).
 */
export function reportUnknownFields(
  ctx: ImportContext,
  object: JsonObject,
  pointer: string,
  known: readonly string[],
  what: string,
  why: Readonly<Record<string, string>> = {},
  extensible = false,
): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    if (key.startsWith('x-')) {
      if (!extensible) report(ctx, 'BMI020', childPointerOf(pointer, key), `the extension \`${key}\` is not carried over: ${why['x-'] ?? `the definition has no \`x-\` keys on a ${what}`}.`);
      continue;
    }
    const reason = why[key] ?? `the definition has no \`${key}\` on a ${what}`;
    report(ctx, 'BMI020', childPointerOf(pointer, key), `\`${key}\` is not carried over: ${reason}.`);
  }
}

function childPointerOf(pointer: string, key: string): string {
  return `${pointer}/${escapeToken(key)}`;
}
