/**
 * OpenAPI's parameter serialization (`style`, `explode`), both ways: a server parses path, query and
 * header values by their style into the arrays and objects their schemas describe (strings still: the
 * validator coerces them next), and a client writes them so. Written once, for the servers and the
 * receiver package's client alike.
 * https://spec.openapis.org/oas/v3.1.0#style-values
 * https://spec.openapis.org/oas/v3.1.0#style-examples
 */
import type { AjvError } from './validation.ts';

export type ParameterLocation = 'path' | 'query' | 'header';

/** One parameter to parse by its style (what the server view lists under `x-boomerang-styles`). */
export interface StyledParameter {
  /** As the request part keys it (header names lower case). */
  readonly name: string;
  readonly style: string;
  readonly explode: boolean;
  readonly type: 'array' | 'object' | 'primitive';
  /** An object's declared properties: what an exploded `form` object reads from the query. */
  readonly properties?: readonly string[];
}

/** A request part as the framework parsed it: each name with its value, or its values when repeated. */
export type RawParameters = Readonly<Record<string, string | readonly string[] | undefined>>;

export type StyleParseResult = { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false; readonly errors: readonly AjvError[] };

/** What each style's values look like, for the messages of malformed ones. */
const delimiters: Readonly<Record<string, string>> = { form: ',', spaceDelimited: ' ', pipeDelimited: '|', simple: ',' };

class Malformed extends Error {}

/**
 * `raw` with each styled parameter in it parsed: `?ids=1,2,3` (`form`, not exploded) gives
 * `ids: ['1', '2', '3']`, `?filter[status]=open` (`deepObject`) gives `filter: { status: 'open' }`. A
 * value its style cannot read is an error at the parameter's pointer (`/ids`), as a validator reports.
 * The other names are kept as they are; `declared` are the part's parameter names, which an exploded
 * `form` object without declared properties does not take as its own.
 */
export function parseStyledParameters(location: ParameterLocation, raw: RawParameters, parameters: readonly StyledParameter[], declared: readonly string[] = []): StyleParseResult {
  const value: Record<string, unknown> = { ...raw };
  const errors: AjvError[] = [];
  for (const parameter of parameters) {
    try {
      const parsed = location === 'query' ? parseQuery(parameter, value, declared) : parseSingle(location, parameter, value[parameter.name]);
      if (parsed === undefined) delete value[parameter.name];
      else value[parameter.name] = parsed;
    } catch (error) {
      if (!(error instanceof Malformed)) throw error;
      errors.push({ instancePath: `/${pointerToken(parameter.name)}`, keyword: 'style', params: { style: parameter.style, explode: parameter.explode }, message: error.message });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** One path or header value. */
function parseSingle(location: 'path' | 'header', p: StyledParameter, given: unknown): unknown {
  if (given === undefined) return undefined;
  if (typeof given !== 'string') throw new Malformed(`must be given once (${describe(p)})`);
  // Header lists separate their members with optional whitespace (RFC 9110 §5.6.1).
  const trim = location === 'header' ? (s: string) => s.trim() : (s: string) => s;
  if (p.style === 'label') {
    if (!given.startsWith('.')) throw new Malformed(`must start with "." (${describe(p)})`);
    const rest = given.slice(1);
    return p.explode ? members(p, rest, '.', trim) : members(p, rest, ',', trim);
  }
  if (p.style === 'matrix') return parseMatrix(p, given);
  return members(p, given, ',', trim);
}

/** `;id=5`, `;id=3,4,5`, `;id=3;id=4`, `;x=1;y=2`, `;point=x,1,y,2`; `;id` alone is the empty value. */
function parseMatrix(p: StyledParameter, given: string): unknown {
  if (!given.startsWith(';')) throw new Malformed(`must start with ";" (${describe(p)})`);
  const entries = given.slice(1).split(';').map((entry) => {
    const at = entry.indexOf('=');
    return at < 0 ? { key: entry, value: '' } : { key: entry.slice(0, at), value: entry.slice(at + 1) };
  });
  if (p.type === 'object' && p.explode) return Object.fromEntries(entries.map((e) => [e.key, e.value]));
  for (const e of entries) if (e.key !== p.name) throw new Malformed(`must name "${p.name}" in each ";${p.name}=" (${describe(p)})`);
  if (p.type === 'array' && p.explode) return entries.map((e) => e.value);
  if (entries.length !== 1) throw new Malformed(`must be given once (${describe(p)})`);
  return members(p, entries[0]!.value, ',', (s) => s);
}

/** A primitive as it is, an array's items, or an object from `k,v,k2,v2` (or `k=v,k2=v2` exploded). */
function members(p: StyledParameter, text: string, delimiter: string, trim: (s: string) => string): unknown {
  if (p.type === 'primitive') return text;
  const items = text === '' ? [] : text.split(delimiter).map(trim);
  if (p.type === 'array') return items;
  if (p.explode) {
    return Object.fromEntries(
      items.map((item) => {
        const at = item.indexOf('=');
        if (at < 0) throw new Malformed(`must be name=value pairs separated by "${delimiter}" (${describe(p)})`);
        return [trim(item.slice(0, at)), trim(item.slice(at + 1))];
      }),
    );
  }
  if (items.length % 2 !== 0) throw new Malformed(`must be name${delimiter}value pairs (${describe(p)})`);
  // Built from entries: a `__proto__` key is then a property like any other.
  return Object.fromEntries(items.flatMap((item, i) => (i % 2 === 0 ? [[item, items[i + 1]!]] : [])));
}

/** One query parameter, read from (and taken out of) the query's names. */
function parseQuery(p: StyledParameter, query: Record<string, unknown>, declared: readonly string[]): unknown {
  if (p.style === 'deepObject') return parseDeepObject(p, query);
  if (p.type === 'object' && p.explode) {
    // `?offset=0&limit=10`: the object's properties are names of the query.
    const names = (p.properties ?? Object.keys(query).filter((name) => !declared.includes(name))).filter((name) => query[name] !== undefined);
    const object = Object.fromEntries(names.map((name) => [name, query[name]]));
    for (const name of names) if (name !== p.name) delete query[name];
    return names.length > 0 ? object : undefined;
  }
  const given = query[p.name];
  if (given === undefined) return undefined;
  // `?ids=1&ids=2`: one name per item, as the frameworks give it.
  if (p.type === 'array' && p.explode) return Array.isArray(given) ? [...(given as string[])] : [given];
  if (typeof given !== 'string') throw new Malformed(`must be given once (${describe(p)})`);
  return members(p, given, delimiters[p.style] ?? ',', (s) => s);
}

/** `filter[status]=open&filter[min]=3`: one level deep, as OpenAPI defines it. */
function parseDeepObject(p: StyledParameter, query: Record<string, unknown>): unknown {
  const prefix = `${p.name}[`;
  if (query[p.name] !== undefined) throw new Malformed(`must be written as ${p.name}[property]=value (${describe(p)})`);
  const entries: [string, unknown][] = [];
  for (const name of Object.keys(query)) {
    if (!name.startsWith(prefix)) continue;
    const property = name.slice(prefix.length, -1);
    if (!name.endsWith(']') || property.includes('[') || property.includes(']')) throw new Malformed(`must be one level deep: ${p.name}[property]=value, not ${JSON.stringify(name)} (${describe(p)})`);
    entries.push([property, query[name]]);
    delete query[name];
  }
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** How a value is written: an object item as JSON (no style defines nested values), the rest as text. */
function text(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** An object's entries, or an array's items: what a style joins. */
function entriesOf(value: object): [string, string][] {
  return Object.entries(value).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, text(v)]);
}

/**
 * A query parameter's `name=value` pairs, percent-encoded, as its style writes them: `ids=1,2,3`,
 * `tags=a|b`, `words=a%20b`, `filter[status]=open`, `offset=0&limit=10`; without a style (`form`,
 * exploded), an array repeats its name. Delimiters stay literal, as OpenAPI's Style Examples write them.
 */
export function serializeQueryParameter(name: string, value: unknown, p: StyledParameter | undefined): string[] {
  if (value === undefined || value === null) return [];
  const style = p?.style ?? 'form';
  const explode = p?.explode ?? true;
  const pair = (n: string, v: string) => `${encodeURIComponent(n)}=${v}`;
  if (style === 'deepObject' && typeof value === 'object' && !Array.isArray(value)) {
    return entriesOf(value).map(([k, v]) => `${encodeURIComponent(name)}[${encodeURIComponent(k)}]=${encodeURIComponent(v)}`);
  }
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== undefined && v !== null).map((v) => encodeURIComponent(text(v)));
    if (explode) return items.map((item) => pair(name, item));
    return [pair(name, items.join(style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '|' : ','))];
  }
  if (typeof value === 'object') {
    const entries = entriesOf(value).map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)] as const);
    if (explode) return entries.map(([k, v]) => `${k}=${v}`);
    return [pair(name, entries.flat().join(style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '|' : ','))];
  }
  return [pair(name, encodeURIComponent(text(value)))];
}

/**
 * A path parameter's segment as its style writes it (`simple`: `1,2,3`; `label`: `.a.b`; `matrix`:
 * `;x=1;y=2`), each value percent-encoded and the delimiters literal.
 */
export function serializePathParameter(name: string, value: unknown, p: StyledParameter | undefined): string {
  const style = p?.style ?? 'simple';
  const explode = p?.explode ?? false;
  const parts = joinable(value, explode, encodeURIComponent);
  if (style === 'label') return `.${parts.join(explode ? '.' : ',')}`;
  if (style === 'matrix') {
    const key = encodeURIComponent(name);
    if (Array.isArray(value) && explode) return parts.map((v) => `;${key}=${v}`).join('');
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && explode) return parts.map((kv) => `;${kv}`).join('');
    const joined = parts.join(',');
    return joined === '' ? `;${key}` : `;${key}=${joined}`;
  }
  return parts.join(',');
}

/** A header parameter's value (`simple`: `a,b`, `k,v`, or `k=v,k2=v2` exploded). */
export function serializeHeaderParameter(value: unknown, p: StyledParameter | undefined): string {
  return joinable(value, p?.explode ?? false, (s) => s).join(',');
}

/** An array's items, an object's `k`,`v` (or `k=v` exploded), or the one value: encoded, to be joined by a style. */
function joinable(value: unknown, explode: boolean, encode: (s: string) => string): string[] {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined && v !== null).map((v) => encode(text(v)));
  if (typeof value === 'object' && value !== null) {
    const entries = entriesOf(value);
    return explode ? entries.map(([k, v]) => `${encode(k)}=${encode(v)}`) : entries.flatMap(([k, v]) => [encode(k), encode(v)]);
  }
  return [encode(text(value))];
}

function describe(p: StyledParameter): string {
  const example = examples[`${p.style} ${p.explode} ${p.type}`] ?? examples[`${p.style} ${p.type}`];
  return `${p.style} style${p.explode ? ', exploded' : ''}${example === undefined ? '' : `: ${example(p.name)}`}`;
}

/** The shape each style writes, after OpenAPI's Style Examples, for messages. */
const examples: Readonly<Record<string, (name: string) => string>> = {
  'form false array': (n) => `${n}=a,b,c`,
  'form false object': (n) => `${n}=key,value,key2,value2`,
  'spaceDelimited array': (n) => `${n}=a%20b%20c`,
  'spaceDelimited object': (n) => `${n}=key%20value`,
  'pipeDelimited array': (n) => `${n}=a|b|c`,
  'pipeDelimited object': (n) => `${n}=key|value`,
  'deepObject object': (n) => `${n}[key]=value`,
  'simple false array': () => 'a,b,c',
  'simple true array': () => 'a,b,c',
  'simple false object': () => 'key,value,key2,value2',
  'simple true object': () => 'key=value,key2=value2',
  'label false primitive': () => '.value',
  'label true primitive': () => '.value',
  'label false array': () => '.a,b,c',
  'label true array': () => '.a.b.c',
  'label false object': () => '.key,value,key2,value2',
  'label true object': () => '.key=value.key2=value2',
  'matrix false primitive': (n) => `;${n}=value`,
  'matrix true primitive': (n) => `;${n}=value`,
  'matrix false array': (n) => `;${n}=a,b,c`,
  'matrix true array': (n) => `;${n}=a;${n}=b`,
  'matrix false object': (n) => `;${n}=key,value,key2,value2`,
  'matrix true object': () => ';key=value;key2=value2',
};

/** @see https://www.rfc-editor.org/rfc/rfc6901#section-3 */
function pointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
