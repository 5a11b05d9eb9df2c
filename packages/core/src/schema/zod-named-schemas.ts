/**
 * Converting each named Zod schema once.
 *
 * Zod 4 turns a schema into JSON Schema by walking everything it reaches, the named models included,
 * and it does so afresh for every call. A definition converts each request body, response and
 * parameter object separately, so every shared model was walked once per use that reaches it: the
 * work grew with uses × the size of their closures (quadratic on APIs whose models reference each
 * other). During one build, this makes every named schema that Zod's registry knows (`.meta({ id })`)
 * stand in as a `$ref` wherever Zod reaches it, except while it is the schema being converted; the
 * schema registry then converts each name once, on first reference.
 *
 * What this relies on, all of it in Zod 4's `core`: the global registry on `globalThis` (shared by
 * every copy of Zod in the process), a per-instance `_zod.toJSONSchema` override that Zod's converter
 * uses instead of walking, and `_zod.def`/`_zod.parent` being plain properties. The stand-ins are put
 * in place for one synchronous build and taken out after it (`close`); when any of this is not as
 * expected, `open` returns undefined and every schema is converted the general way.
 */

type Def = { readonly type: string; readonly [key: string]: unknown };

interface Internals {
  def: Def;
  parent?: unknown;
  toJSONSchema?: () => unknown;
  readonly traits?: Set<string>;
}

interface ZodRegistry {
  readonly _map: WeakMap<object, Record<string, unknown> | undefined>;
  readonly _idmap: Map<unknown, unknown>;
}

interface StandIn {
  readonly id: string;
  readonly def: Def;
  readonly parent: unknown;
  readonly hadParent: boolean;
  readonly toJSONSchema: (() => unknown) | undefined;
  readonly hadToJSONSchema: boolean;
}

/** The `$defs` reference Zod itself writes for an id (RFC 6901 escaping). */
export function zodDefsRef(id: string): string {
  return `#/$defs/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

let openSession: ZodNamedSchemas | undefined;

function internalsOf(value: unknown): Internals | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  const internals = (value as { _zod?: unknown })._zod;
  if (typeof internals !== 'object' || internals === null) return undefined;
  const def = (internals as { def?: unknown }).def;
  if (typeof def !== 'object' || def === null || typeof (def as { type?: unknown }).type !== 'string') return undefined;
  return internals as Internals;
}

/** Zod's lazily computed internals that read the definition: `optin`/`optout` (optionality), `values`, `propValues` and `pattern` (what a union or an object's discriminator reads). */
const derivedFromDefinition = ['optin', 'optout', 'values', 'propValues', 'pattern'] as const;

export class ZodNamedSchemas {
  readonly #registry: ZodRegistry;
  /** Named schemas standing in as `$ref`s now, with what they were. */
  readonly #standIns = new Map<object, StandIn>();
  readonly #byId = new Map<string, object>();
  /** Whether a schema's input type involves a transform (Zod drops `default`/`examples` there). */
  readonly #transforming = new Map<object, boolean>();
  #installed = false;
  #closed = false;

  private constructor(registry: ZodRegistry) {
    this.#registry = registry;
  }

  /** A session for one build, or undefined when Zod's registry is not there or another build has one open. */
  static open(): ZodNamedSchemas | undefined {
    if (openSession !== undefined) return undefined;
    const registry = (globalThis as { __zod_globalRegistry?: unknown }).__zod_globalRegistry as Partial<ZodRegistry> | undefined;
    if (registry === undefined || !(registry._map instanceof WeakMap) || !(registry._idmap instanceof Map)) return undefined;
    openSession = new ZodNamedSchemas(registry as ZodRegistry);
    return openSession;
  }

  /** Whether `source` is a Zod 4 schema this session can convert. */
  handles(source: unknown): boolean {
    return !this.#closed && (this.#standIns.has(source as object) || internalsOf(source) !== undefined);
  }

  /** The named schema that stands in for `id`, if any. */
  named(id: string): object | undefined {
    this.#install();
    return this.#byId.get(id);
  }

  /** The id a schema stands in for, if it is a named one. */
  idOf(schema: object): string | undefined {
    return this.#standIns.get(schema)?.id;
  }

  /**
   * Runs `convert` (Zod's converter of `root`, given the library options) with every named schema
   * but `root` standing in as a `$ref` (`#/$defs/<id>`, with no `$defs` entry of its own).
   */
  convert(root: object, convert: (libraryOptions: Record<string, unknown>) => unknown): unknown {
    this.#install();
    const standIn = this.#standIns.get(root);
    if (standIn !== undefined) this.#restore(root, standIn);
    try {
      return convert({ metadata: { get: (schema: object) => (this.#standIns.has(schema) && schema !== root ? undefined : this.#metadata(schema)) } });
    } finally {
      if (standIn !== undefined) this.#standIn(root, standIn);
    }
  }

  /** Puts every named schema back as it was. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const [schema, standIn] of this.#standIns) this.#restore(schema, standIn);
    this.#standIns.clear();
    if (openSession === this) openSession = undefined;
  }

  #install(): void {
    if (this.#installed || this.#closed) return;
    this.#installed = true;
    for (const [id, schema] of this.#registry._idmap) {
      if (typeof id !== 'string' || typeof schema !== 'object' || schema === null) continue;
      const internals = internalsOf(schema);
      // `never` is read by its parent (an object's catchall); it is cheap to convert anyway.
      if (internals === undefined || internals.def.type === 'never') continue;
      if (this.#registry._map.get(schema)?.id !== id) continue;
      const standIn: StandIn = {
        id,
        def: internals.def,
        parent: internals.parent,
        hadParent: Object.hasOwn(internals, 'parent'),
        toJSONSchema: internals.toJSONSchema,
        hadToJSONSchema: Object.hasOwn(internals, 'toJSONSchema'),
      };
      this.#byId.set(id, schema);
      this.#standIns.set(schema, standIn);
      this.#standIn(schema, standIn);
    }
  }

  #standIn(schema: object, standIn: StandIn): void {
    const internals = (schema as { _zod: Internals })._zod;
    // What a parent asks of its children while it converts (an object: whether a property is
    // optional), Zod computes lazily from the definition, and memoizes: computed now, from the real
    // one, not later from the stand-in's (a union's `optin` reads `def.options`).
    for (const key of derivedFromDefinition) {
      try {
        void (internals as unknown as Record<string, unknown>)[key];
      } catch {
        // Not computable for this schema; Zod would throw the same when it asks.
      }
    }
    const ref = zodDefsRef(standIn.id);
    internals.toJSONSchema = () => ({ $ref: ref });
    // The parent (what `.meta()` cloned) is Zod's to walk only when the schema is walked.
    internals.parent = undefined;
    // Zod asks every schema it converts whether its input involves a transform, by walking its
    // definition; a stand-in answers without the walk.
    const session = this;
    internals.def = {
      get type() {
        return session.#isTransforming(schema) ? 'transform' : 'any';
      },
    };
  }

  #restore(schema: object, standIn: StandIn): void {
    const internals = (schema as { _zod: Internals })._zod;
    internals.def = standIn.def;
    if (standIn.hadParent) internals.parent = standIn.parent;
    else delete internals.parent;
    if (standIn.hadToJSONSchema) internals.toJSONSchema = standIn.toJSONSchema;
    else delete internals.toJSONSchema;
  }

  #defOf(schema: object): Def | undefined {
    return this.#standIns.get(schema)?.def ?? internalsOf(schema)?.def;
  }

  #parentOf(schema: object): unknown {
    const standIn = this.#standIns.get(schema);
    return standIn !== undefined ? standIn.parent : internalsOf(schema)?.parent;
  }

  /** Zod's registry lookup (metadata inherited from the schemas `.meta()` and `.describe()` cloned, less their id), through the real parents. */
  #metadata(schema: object): Record<string, unknown> | undefined {
    const own = this.#registry._map.get(schema);
    const parent = this.#parentOf(schema);
    if (typeof parent !== 'object' || parent === null) return own;
    const { id: _id, ...inherited } = this.#metadata(parent) ?? {};
    const merged = { ...inherited, ...own };
    return Object.keys(merged).length > 0 ? merged : undefined;
  }

  /** Whether the input type of `schema` involves a transform, as Zod decides it, remembered per schema. */
  #isTransforming(schema: object): boolean {
    return this.#transforming.get(schema) ?? this.#transformWalk(schema, new Set()).value;
  }

  /** `cut`: the answer depended on a schema still being walked (a cycle), so it is not remembered. */
  #transformWalk(schema: unknown, walking: Set<object>): { value: boolean; cut: boolean } {
    if (typeof schema !== 'object' || schema === null) return { value: false, cut: false };
    const known = this.#transforming.get(schema);
    if (known !== undefined) return { value: known, cut: false };
    if (walking.has(schema)) return { value: false, cut: true };
    const def = this.#defOf(schema);
    if (def === undefined) return { value: false, cut: false };
    walking.add(schema);
    let cut = false;
    const any = (children: readonly unknown[]): boolean => {
      for (let i = 0; i < children.length; i++) {
        const result = this.#transformWalk(children[i], walking);
        if (result.cut) cut = true;
        if (result.value) return true;
      }
      return false;
    };
    let value: boolean;
    switch (def.type) {
      case 'transform': value = true; break;
      case 'array': value = any([def.element]); break;
      case 'set': value = any([def.valueType]); break;
      case 'lazy': value = any([(def.getter as () => unknown)()]); break;
      case 'promise': case 'optional': case 'nonoptional': case 'nullable': case 'readonly': case 'default': case 'prefault': case 'catch':
        value = any([def.innerType]); break;
      case 'intersection': value = any([def.left, def.right]); break;
      case 'record': case 'map': value = any([def.keyType, def.valueType]); break;
      case 'pipe':
        value = internalsOf(schema)?.traits?.has('$ZodCodec') === true || any([def.in, def.out]);
        break;
      case 'object': value = any(Object.values((def.shape ?? {}) as Record<string, unknown>)); break;
      case 'union': value = any((def.options ?? []) as unknown[]); break;
      case 'tuple': value = any([...((def.items ?? []) as unknown[]), ...(def.rest !== undefined && def.rest !== null ? [def.rest] : [])]); break;
      default: value = false;
    }
    walking.delete(schema);
    if (value || !cut) this.#transforming.set(schema, value);
    return { value, cut: value ? false : cut };
  }
}
