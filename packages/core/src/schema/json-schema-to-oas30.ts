/**
 * JSON Schema 2020-12 (the Schema Object of OpenAPI 3.1) to the Schema Object of OpenAPI 3.0.3, a
 * restricted draft-05 dialect: https://spec.openapis.org/oas/v3.0.3#schema-object
 *
 * What 3.0 can say is translated (`type` lists to `nullable`/`anyOf`, `const` to `enum`, numeric
 * exclusive bounds to boolean ones, `$ref` siblings to `allOf`, content keywords to `format`); what it
 * cannot say is removed and reported as an issue at its JSON Pointer, never silently. The input is
 * never mutated and the output shares no objects with it; output keys follow input key order.
 */

export type JsonSchema = boolean | { readonly [key: string]: unknown };

export interface Oas30Issue {
  /** JSON Pointer, inside the given schema, of the keyword that was approximated or removed; empty for the root. */
  readonly path: string;
  readonly message: string;
}

export interface Oas30Conversion {
  readonly schema: Record<string, unknown>;
  readonly issues: readonly Oas30Issue[];
}

/** Converts a JSON Schema 2020-12 to an OpenAPI 3.0.3 Schema Object. */
export function jsonSchemaToOas30(schema: JsonSchema): Oas30Conversion {
  const issues: Oas30Issue[] = [];
  const converted = convertSchema(schema, '', issues);
  return { schema: converted, issues };
}

type SchemaObject = { readonly [key: string]: unknown };

/** Keywords 3.0 has with the same meaning and a plain (non-schema) value: copied as they are. */
const sameKeywords = new Set([
  'title', 'description', 'default', 'multipleOf', 'maxLength', 'minLength', 'pattern', 'maxItems',
  'minItems', 'uniqueItems', 'maxProperties', 'minProperties', 'enum', 'format', 'readOnly',
  'writeOnly', 'deprecated', 'nullable', 'discriminator', 'xml', 'externalDocs', 'example',
]);

/** Keywords that only identify or annotate the schema document itself; 3.0 has no use for them. */
const documentKeywords = new Set(['$schema', '$id', '$comment', '$anchor', '$vocabulary', '$dynamicAnchor']);

/** Keywords 3.0 cannot express, with the reason given to the author. */
const inexpressible: Readonly<Record<string, string>> = {
  dependentRequired: '`dependentRequired` has no OpenAPI 3.0 equivalent; removed.',
  dependentSchemas: '`dependentSchemas` has no OpenAPI 3.0 equivalent; removed.',
  dependencies: '`dependencies` has no OpenAPI 3.0 equivalent; removed.',
  if: '`if`/`then`/`else` has no OpenAPI 3.0 equivalent; `if` removed.',
  then: '`if`/`then`/`else` has no OpenAPI 3.0 equivalent; `then` removed.',
  else: '`if`/`then`/`else` has no OpenAPI 3.0 equivalent; `else` removed.',
  unevaluatedProperties: '`unevaluatedProperties` has no OpenAPI 3.0 equivalent; removed (use `additionalProperties` where the properties are all in one schema).',
  unevaluatedItems: '`unevaluatedItems` has no OpenAPI 3.0 equivalent; removed.',
  additionalItems: '`additionalItems` has no OpenAPI 3.0 equivalent; removed.',
  propertyNames: '`propertyNames` has no OpenAPI 3.0 equivalent; removed, so property names are not constrained.',
  contains: '`contains` has no OpenAPI 3.0 equivalent; removed.',
  minContains: '`minContains` has no OpenAPI 3.0 equivalent; removed.',
  maxContains: '`maxContains` has no OpenAPI 3.0 equivalent; removed.',
  patternProperties: '`patternProperties` has no OpenAPI 3.0 equivalent; removed.',
  $defs: '`$defs` has no place in an OpenAPI 3.0 Schema Object; removed (name the schema so it goes to `components/schemas`).',
  definitions: '`definitions` has no place in an OpenAPI 3.0 Schema Object; removed (name the schema so it goes to `components/schemas`).',
  $dynamicRef: '`$dynamicRef` has no OpenAPI 3.0 equivalent; removed.',
  $recursiveRef: '`$recursiveRef` has no OpenAPI 3.0 equivalent; removed.',
  $recursiveAnchor: '`$recursiveAnchor` has no OpenAPI 3.0 equivalent; removed.',
  contentSchema: '`contentSchema` has no OpenAPI 3.0 equivalent; removed.',
};

/** RFC 2045 identity encodings: the string holds the raw content, as `format: binary` says. */
const identityEncodings = new Set(['binary', '8bit', '7bit']);

function convertSchema(schema: unknown, path: string, issues: Oas30Issue[]): Record<string, unknown> {
  if (schema === true) return {};
  if (schema === false) return { not: {} };
  if (!isObject(schema)) {
    issues.push({ path, message: `a schema must be an object or a boolean, not ${JSON.stringify(schema)}; replaced by \`{}\`.` });
    return {};
  }
  const out = new OrderedEntries();
  // Keys that a keyword read together with an earlier one (e.g. `minimum` with `exclusiveMinimum`).
  const done = new Set<string>();
  // A single union branch left beside `null`, to put in place of its `anyOf`/`oneOf` at the end.
  const collapsed: { slot: number; branch: Record<string, unknown> }[] = [];
  // Schemas that must also hold but whose keyword is taken; they join `allOf` at the end.
  const alsoAllOf: { slot: number; schema: Record<string, unknown> }[] = [];
  const at = (key: string) => `${path}/${escapePointer(key)}`;

  for (const [key, value] of Object.entries(schema)) {
    if (done.has(key) || documentKeywords.has(key)) continue;
    if (key.startsWith('x-')) {
      out.set(key, cloneJson(value));
    } else if (key in inexpressible) {
      issues.push({ path: at(key), message: inexpressible[key]! });
    } else if (sameKeywords.has(key)) {
      if (key === 'format' && isBase64(schema)) out.set('format', 'byte');
      else if (key === 'enum' && 'const' in schema) continue; // `const` is at least as strict
      else out.set(key, cloneJson(value));
    } else {
      switch (key) {
        case 'required':
          // 3.0 requires at least one name; an empty list says nothing.
          if (!Array.isArray(value) || value.length > 0) out.set(key, cloneJson(value));
          break;
        case 'type':
          convertType(schema, value, out, at(key), issues, alsoAllOf);
          break;
        case 'const':
          out.set('enum', [cloneJson(value)]);
          if (value === null) out.set('nullable', true);
          break;
        case 'examples':
          if (!('example' in schema) && Array.isArray(value) && value.length > 0) out.set('example', cloneJson(value[0]));
          break;
        case 'minimum':
        case 'exclusiveMinimum':
          convertBound(schema, 'minimum', 'exclusiveMinimum', out, path, issues);
          done.add('minimum').add('exclusiveMinimum');
          break;
        case 'maximum':
        case 'exclusiveMaximum':
          convertBound(schema, 'maximum', 'exclusiveMaximum', out, path, issues);
          done.add('maximum').add('exclusiveMaximum');
          break;
        case 'properties': {
          if (!isObject(value)) {
            issues.push({ path: at(key), message: '`properties` must be an object of schemas; removed.' });
            break;
          }
          const properties = Object.entries(value).map(([name, property]): Entry => [name, convertSchema(property, `${at(key)}/${escapePointer(name)}`, issues)]);
          out.set(key, Object.fromEntries(properties));
          break;
        }
        case 'additionalProperties':
          // 3.0 allows a boolean here, so `false` keeps its direct form.
          out.set(key, typeof value === 'boolean' ? value : convertSchema(value, at(key), issues));
          break;
        case 'not':
          out.set(key, convertSchema(value, at(key), issues));
          break;
        case 'allOf':
        case 'anyOf':
        case 'oneOf': {
          if (!Array.isArray(value) || value.length === 0) {
            issues.push({ path: at(key), message: `\`${key}\` must be a non-empty array of schemas; removed.` });
            break;
          }
          if (key === 'allOf') {
            out.set(key, convertBranches(value, at(key), issues));
            break;
          }
          const branches: readonly unknown[] = value;
          const kept = branches.flatMap((branch, index) => (isNullBranch(branch) ? [] : [{ branch, index }]));
          if (kept.length === branches.length) {
            out.set(key, convertBranches(branches, at(key), issues));
            break;
          }
          // `A | null`: 3.0 says it with `nullable: true` beside the other branches. (3.0.3 reads
          // `nullable` only beside `type`; beside `allOf`/`anyOf` it is the form tools understand.)
          // A sibling `type` without null rules null out anyway, so then the branch simply goes.
          const nullable = admitsNull(schema);
          if (kept.length === 0) {
            // Only null: as for `type: 'null'`. Under a type that excludes null, nothing is valid.
            if (!nullable) {
              alsoAllOf.push({ slot: out.placeholder(), schema: { not: {} } });
            } else if (!('enum' in schema) && !('const' in schema)) {
              out.set('nullable', true);
              out.set('enum', [null]);
            }
          } else if (kept.length === 1) {
            const only = kept[0]!;
            collapsed.push({ slot: out.placeholder(), branch: convertSchema(only.branch, `${at(key)}/${only.index}`, issues) });
          } else {
            out.set(key, kept.map(({ branch, index }) => convertSchema(branch, `${at(key)}/${index}`, issues)));
          }
          if (nullable) out.set('nullable', true);
          break;
        }
        case 'items':
        case 'prefixItems':
          convertItems(schema, out, path, issues);
          done.add('items').add('prefixItems');
          break;
        case 'contentEncoding':
          convertContentEncoding(schema, out, at(key), issues);
          break;
        case 'contentMediaType':
          convertContentMediaType(schema, out, at(key), issues);
          break;
        case '$ref':
          out.set(key, value);
          break;
        default:
          issues.push({ path: at(key), message: `\`${key}\` is not an OpenAPI 3.0 Schema Object keyword; removed (prefix it with \`x-\` to keep it as an extension).` });
      }
    }
  }

  // A single branch left beside `null` takes the place of its `anyOf`/`oneOf`, unless its keywords
  // clash with the schema's own; then it goes into `allOf`, which keeps both sets of constraints.
  for (const { slot, branch } of collapsed) {
    const entries = Object.entries(branch);
    const clashes = entries.some(([key, value]) => out.has(key) && !sameJson(out.get(key), value));
    if (clashes) alsoAllOf.push({ slot, schema: branch });
    else out.fill(slot, entries.filter(([key]) => !out.has(key)));
  }
  for (const { slot, schema: member } of alsoAllOf) {
    const allOf = out.get('allOf');
    if (allOf === undefined) out.fill(slot, [['allOf', [member]]]);
    else out.set('allOf', [...arrayOr(allOf), member]);
  }

  return refWithoutSiblings(out).toObject();
}

/** `$ref` siblings are ignored in 3.0 (https://spec.openapis.org/oas/v3.0.3#reference-object): move the reference into `allOf`. */
function refWithoutSiblings(out: OrderedEntries): OrderedEntries {
  const ref = out.get('$ref');
  if (ref === undefined || out.size === 1) return out;
  const allOf = [{ $ref: ref }, ...arrayOr(out.get('allOf'))];
  out.replace('$ref', 'allOf', allOf);
  return out;
}

function convertType(
  schema: SchemaObject,
  value: unknown,
  out: OrderedEntries,
  path: string,
  issues: Oas30Issue[],
  alsoAllOf: { slot: number; schema: Record<string, unknown> }[],
): void {
  const types = [...new Set(Array.isArray(value) ? value : [value])];
  const nullable = types.includes('null');
  const others = types.filter((type) => type !== 'null');
  if (others.some((type) => typeof type !== 'string')) {
    issues.push({ path, message: `\`type\` must name JSON types, not ${JSON.stringify(value)}; removed.` });
    return;
  }
  if (others.length === 1) {
    out.set('type', others[0]);
  } else if (others.length > 1) {
    const anyOf = others.map((type) => ({ type }));
    // The schema's own `anyOf` must hold as well, so this one joins `allOf`.
    if ('anyOf' in schema) alsoAllOf.push({ slot: out.placeholder(), schema: { anyOf } });
    else out.set('anyOf', anyOf);
  }
  if (nullable) {
    out.set('nullable', true);
    // `type: 'null'` alone: only null is valid; `nullable` adds null, the `enum` removes the rest.
    if (others.length === 0 && !('enum' in schema) && !('const' in schema)) out.set('enum', [null]);
  }
}

/** Numeric `exclusiveMinimum: n` (2020-12) becomes `minimum: n, exclusiveMinimum: true` (draft-04 form); the stricter bound wins. */
function convertBound(
  schema: SchemaObject,
  bound: 'minimum' | 'maximum',
  exclusiveKey: 'exclusiveMinimum' | 'exclusiveMaximum',
  out: OrderedEntries,
  path: string,
  issues: Oas30Issue[],
): void {
  const inclusive = schema[bound];
  const exclusive = schema[exclusiveKey];
  if (inclusive !== undefined && typeof inclusive !== 'number') issues.push({ path: `${path}/${bound}`, message: `\`${bound}\` must be a number; removed.` });
  if (typeof exclusive === 'boolean') {
    // Already in the 3.0 form.
    if (typeof inclusive === 'number') out.set(bound, inclusive);
    out.set(exclusiveKey, exclusive);
    return;
  }
  if (exclusive !== undefined && typeof exclusive !== 'number') issues.push({ path: `${path}/${exclusiveKey}`, message: `\`${exclusiveKey}\` must be a number; removed.` });
  const hasInclusive = typeof inclusive === 'number';
  const hasExclusive = typeof exclusive === 'number';
  if (!hasExclusive) {
    if (hasInclusive) out.set(bound, inclusive);
    return;
  }
  const exclusiveIsStricter = !hasInclusive || (bound === 'minimum' ? exclusive >= inclusive : exclusive <= inclusive);
  if (exclusiveIsStricter) {
    out.set(bound, exclusive);
    out.set(exclusiveKey, true);
  } else {
    out.set(bound, inclusive);
  }
}

/** `prefixItems` (tuples) cannot be said in 3.0: every position accepts any member type. */
function convertItems(schema: SchemaObject, out: OrderedEntries, path: string, issues: Oas30Issue[]): void {
  const items = schema['items'];
  const prefixItems = schema['prefixItems'];
  const rest = items === undefined || items === false ? [] : [{ schema: items, path: `${path}/items` }];
  if (!Array.isArray(prefixItems)) {
    const only = rest[0];
    if (only) out.set('items', convertSchema(only.schema, only.path, issues));
    return;
  }
  const members = [...prefixItems.map((member, index) => ({ schema: member, path: `${path}/prefixItems/${index}` })), ...rest];
  issues.push({
    path: `${path}/prefixItems`,
    message: 'OpenAPI 3.0 has no tuples: `prefixItems` is approximated by `items: { anyOf: [...] }`, which lets every position hold any of the member types.',
  });
  const converted = members.map((member) => convertSchema(member.schema, member.path, issues));
  if (converted.length === 1) out.set('items', converted[0]);
  else if (converted.length > 1) out.set('items', { anyOf: converted });
}

function convertContentEncoding(schema: SchemaObject, out: OrderedEntries, path: string, issues: Oas30Issue[]): void {
  const encoding = schema['contentEncoding'];
  if (isBase64(schema)) {
    if (!out.has('format')) out.set('format', 'byte');
  } else if (typeof encoding === 'string' && identityEncodings.has(encoding.toLowerCase())) {
    // The raw content: `contentMediaType` decides whether that is `format: binary`.
  } else {
    issues.push({ path, message: `\`contentEncoding: ${JSON.stringify(encoding)}\` has no OpenAPI 3.0 equivalent (only base64, as \`format: byte\`); removed.` });
  }
}

function convertContentMediaType(schema: SchemaObject, out: OrderedEntries, path: string, issues: Oas30Issue[]): void {
  const mediaType = schema['contentMediaType'];
  if (isBase64(schema)) {
    issues.push({ path, message: `\`contentMediaType\` of base64 content has no OpenAPI 3.0 equivalent; kept only as \`format: byte\`.` });
    return;
  }
  const encoding = schema['contentEncoding'];
  const unencoded = encoding === undefined || (typeof encoding === 'string' && identityEncodings.has(encoding.toLowerCase()));
  if (schema['type'] === 'string' && unencoded && typeof mediaType === 'string' && !isTextual(mediaType)) {
    // In 3.0 the media type itself is the Media Type Object's key; an explicit `format` wins.
    if (!('format' in schema)) out.set('format', 'binary');
    return;
  }
  issues.push({ path, message: `\`contentMediaType: ${JSON.stringify(mediaType)}\` has no OpenAPI 3.0 equivalent here; removed.` });
}

function convertBranches(branches: readonly unknown[], path: string, issues: Oas30Issue[]): Record<string, unknown>[] {
  return branches.map((branch, index) => convertSchema(branch, `${path}/${index}`, issues));
}

/** Whether the schema's own `type`, if any, lets null through. */
function admitsNull(schema: SchemaObject): boolean {
  const type = schema['type'];
  return type === undefined || type === 'null' || (Array.isArray(type) && type.includes('null'));
}

/** A union member that admits only null (`{ type: 'null' }`, with at most annotations beside it). */
function isNullBranch(branch: unknown): boolean {
  if (!isObject(branch) || branch['type'] !== 'null') return false;
  return Object.keys(branch).every((key) => key === 'type' || key === 'title' || key === 'description' || documentKeywords.has(key));
}

function isBase64(schema: SchemaObject): boolean {
  const encoding = schema['contentEncoding'];
  return typeof encoding === 'string' && encoding.toLowerCase() === 'base64';
}

/** Textual media types are strings in 3.0 too; everything else in a string is binary content. */
function isTextual(mediaType: string): boolean {
  const essence = mediaType.split(';')[0]!.trim().toLowerCase();
  return (
    essence.startsWith('text/') ||
    /^[^/]+\/(?:json|xml|yaml|javascript|x-www-form-urlencoded)$/.test(essence) ||
    /\+(?:json|xml|yaml)$/.test(essence)
  );
}

function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function arrayOr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Copies a JSON value so that the output never shares an object with the input. */
function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, cloneJson(child)]));
  return value;
}

type Entry = readonly [key: string, value: unknown];

/**
 * The output keys in the order their input keywords came. A keyword whose output is only known after
 * the whole schema was read (a collapsed `anyOf` branch) reserves its place with a placeholder slot.
 */
class OrderedEntries {
  readonly #slots: Entry[][] = [];
  /** Which slot holds each key. */
  readonly #slotOf = new Map<string, number>();

  get size(): number {
    return this.#slotOf.size;
  }

  has(key: string): boolean {
    return this.#slotOf.has(key);
  }

  get(key: string): unknown {
    const slot = this.#slotOf.get(key);
    return slot === undefined ? undefined : this.#slots[slot]!.find(([name]) => name === key)?.[1];
  }

  /** Sets a key in place if it is there, else at the end. */
  set(key: string, value: unknown): void {
    const slot = this.#slotOf.get(key);
    if (slot === undefined) {
      this.#slotOf.set(key, this.#slots.length);
      this.#slots.push([[key, value]]);
    } else {
      this.#slots[slot] = this.#slots[slot]!.map((entry): Entry => (entry[0] === key ? [key, value] : entry));
    }
  }

  /** Puts `to` where `from` was, dropping `from` and any earlier `to`. */
  replace(from: string, to: string, value: unknown): void {
    const slot = this.#slotOf.get(from);
    if (slot === undefined) return;
    this.#remove(to);
    this.#slots[slot] = this.#slots[slot]!.map((entry): Entry => (entry[0] === from ? [to, value] : entry));
    this.#slotOf.delete(from);
    this.#slotOf.set(to, slot);
  }

  placeholder(): number {
    return this.#slots.push([]) - 1;
  }

  /** Fills a placeholder with keys that are not set yet. */
  fill(slot: number, entries: readonly Entry[]): void {
    this.#slots[slot] = [...entries];
    for (const [key] of entries) this.#slotOf.set(key, slot);
  }

  toObject(): Record<string, unknown> {
    return Object.fromEntries(this.#slots.flat());
  }

  #remove(key: string): void {
    const slot = this.#slotOf.get(key);
    if (slot === undefined) return;
    this.#slots[slot] = this.#slots[slot]!.filter(([name]) => name !== key);
    this.#slotOf.delete(key);
  }
}
