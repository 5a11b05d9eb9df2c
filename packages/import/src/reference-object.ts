/**
 * Reference Objects to reusable parts → a `define*` const of api.ts, or the part written in place.
 * A `$ref` to `components/<kind>/<name>` that the definition can say as a component becomes the
 * identifier of one const, `const Limit = defineParameter({...}, { id: 'Limit' })`, converted once,
 * at its first use; the emitter writes it back under the same `components/<kind>/<name>`. Any other
 * reference (to a part the definition cannot say as a component, or to no component) is resolved
 * and written in place at each use, and reported (BMI010) with why.
 * https://spec.openapis.org/oas/v3.1.0#reference-object
 */
import { componentDefiners } from '@boomerang/core';
import {
  componentTarget,
  isObject,
  resolvePointer,
  resolveReference,
  type ComponentDeclaration,
  type ComponentKind,
  type ImportContext,
  type InPlace,
  type JsonObject,
} from './import-context.ts';
import { Code, printValue } from './source-printer.ts';

const definers = componentDefiners;

/** The order api.ts declares them in: each kind uses only the kinds before it (a response its headers and examples). */
export const declarationOrder: readonly ComponentKind[] = ['examples', 'headers', 'parameters', 'requestBodies', 'responses', 'callbacks', 'pathItems'];

export interface ComponentSpec {
  readonly kind: ComponentKind;
  /** How messages call one: `parameter`, `request body`. */
  readonly noun: string;
  /** Why a component of this kind must be written in place at each use, or undefined when a const can say it. */
  readonly inPlace?: (value: JsonObject) => string | undefined;
  /** The fields of the `define*` call; undefined when nothing of it can be carried (the conversion reported why). */
  readonly fields: (ctx: ImportContext, value: JsonObject, pointer: string) => JsonObject | undefined;
}

/** A use: the component's const (`code`), or the part to write in place; `value` and `pointer` are the part's either way. */
export interface Use {
  readonly code?: Code;
  readonly value: JsonObject;
  readonly pointer: string;
}

export interface UseOptions {
  /** Why this use cannot name a const (a path item outside webhooks): the part is written in place. */
  readonly inPlace?: string;
  /** The Reference Object may carry its own `summary`/`description` (a webhook's, for `reference(...)`). */
  readonly overridable?: boolean;
}

/** Reference Object fields (3.1) that override the component's, by the kinds that have them. */
const overridable: Readonly<Record<string, readonly ComponentKind[]>> = {
  summary: ['examples', 'pathItems'],
  description: ['parameters', 'responses', 'requestBodies', 'headers', 'examples', 'pathItems'],
};

/** `raw` (a part or a Reference Object) as a const of api.ts where the definition can say it so, else the part itself. */
export function useComponent(ctx: ImportContext, raw: unknown, pointer: string, spec: ComponentSpec, options: UseOptions = {}): Use | undefined {
  if (!isObject(raw)) return undefined;
  if (typeof raw.$ref !== 'string') return { value: raw, pointer };
  const target = componentTarget(raw.$ref);
  const overrides = Object.fromEntries(Object.entries(raw).filter(([key]) => key in overridable && overridable[key]!.includes(spec.kind)));
  let reason = options.inPlace;
  if (reason === undefined && (target === undefined || target.kind !== spec.kind)) reason = `the reference names no \`components/${spec.kind}\` entry`;
  if (reason === undefined && Object.keys(overrides).length > 0 && !options.overridable) reason = `this use has its own ${Object.keys(overrides).map((k) => `\`${k}\``).join(' and ')}, which the definition says only on a webhook's path item (\`reference(...)\`)`;
  if (reason === undefined && target !== undefined) {
    const declared = declareComponent(ctx, target, spec);
    if ('identifier' in declared) {
      ctx.usedComponents.add(target.key);
      return { code: new Code(declared.identifier), value: resolvePointer(ctx.document, target.key) as JsonObject, pointer: target.pointer };
    }
    if (declared.empty) {
      ctx.usedComponents.add(target.key);
      return undefined;
    }
    reason = declared.reason;
  }
  const resolved = resolveReference(ctx, raw, pointer, spec.noun, reason);
  if (resolved === undefined) return undefined;
  // In place, the use's own texts win, as OpenAPI 3.1 says of a Reference Object's summary and description.
  return { value: Object.keys(overrides).length > 0 ? { ...resolved.value, ...overrides } : resolved.value, pointer: resolved.pointer };
}

/** The component's declaration, made at its first use; or why it is written in place. */
function declareComponent(ctx: ImportContext, target: NonNullable<ReturnType<typeof componentTarget>>, spec: ComponentSpec): ComponentDeclaration | InPlace {
  const known = ctx.components.get(target.key);
  if (known !== undefined) return known;
  const value = resolvePointer(ctx.document, target.key);
  const remember = (entry: ComponentDeclaration | InPlace) => {
    ctx.components.set(target.key, entry);
    return entry;
  };
  if (!isObject(value)) return remember({ reason: 'it names nothing' });
  if (typeof value.$ref === 'string') return remember({ reason: `it is another name for \`${value.$ref}\`` });
  const why = spec.inPlace?.(value);
  if (why !== undefined) return remember({ reason: why });
  // A component that reaches itself while it is converted is written in place there.
  ctx.components.set(target.key, { reason: 'it refers to itself' });
  const fields = spec.fields(ctx, value, target.pointer);
  // Nothing of it can be carried (its findings say why): its uses carry nothing either.
  if (fields === undefined) return remember({ reason: 'nothing of it is carried over', empty: true });
  const definer = definers[spec.kind];
  ctx.imports.add(definer);
  const identifier = ctx.componentIdentifiers.get(target.key)!;
  return remember({ kind: spec.kind, name: target.name, identifier, source: `const ${identifier} = ${definer}(${printValue(fields)}, ${printValue({ id: target.name })});` });
}

/** The declarations of api.ts, in `declarationOrder`, and within a kind as the document lists them. */
export function componentDeclarations(ctx: ImportContext): string[] {
  const components = isObject(ctx.document.components) ? ctx.document.components : {};
  const position = (d: ComponentDeclaration) => {
    const names = isObject(components[d.kind]) ? Object.keys(components[d.kind] as JsonObject) : [];
    return declarationOrder.indexOf(d.kind) * 1e6 + names.indexOf(d.name);
  };
  return [...ctx.components.values()]
    .filter((c): c is ComponentDeclaration => 'identifier' in c)
    .sort((a, b) => position(a) - position(b))
    .map((d) => d.source);
}
