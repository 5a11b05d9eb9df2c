/**
 * What kind of JavaScript value something is, said the way a message to the author says it, and
 * whether a value is JSON. A definition written in plain JavaScript can hold any value anywhere, so
 * nothing here may throw on one: no `String(value)` (a null-prototype object has no `toString`), no
 * template literal of a symbol.
 */

/** `null`, `a number (5)`, `a string ('x')`, `a list`, `an object`, `a Map`, `a function`... */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return `a string (${quote(value)})`;
    case 'number':
      return `a number (${Object.is(value, -0) ? '-0' : value})`;
    case 'bigint':
      return `a bigint (${value}n)`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (isPlainObject(value)) return 'an object';
  const name = constructorName(value);
  return name === undefined ? 'an object' : `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}

/**
 * An object written as `{ ... }` (or made by `Object.create(null)`, `JSON.parse`, another realm),
 * not a list, a Map, a Date or an instance of some class.
 */
export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/**
 * Where `value` stops being JSON, and what is there: `{ at: '/items/0', found: 'a bigint (1n)' }`;
 * undefined when it is JSON throughout. Properties whose value is `undefined` count as absent, as
 * `JSON.stringify` reads them.
 */
export function firstNonJson(value: unknown): { readonly at: string; readonly found: string } | undefined {
  const ancestors = new Set<unknown>();
  const visit = (node: unknown, at: string): { at: string; found: string } | undefined => {
    if (node === null || typeof node === 'string' || typeof node === 'boolean') return undefined;
    if (typeof node === 'number') return Number.isFinite(node) ? undefined : { at, found: describeValue(node) };
    if (Array.isArray(node) || isPlainObject(node)) {
      if (ancestors.has(node)) return { at, found: 'a reference to an object that contains it' };
      ancestors.add(node);
      try {
        if (Array.isArray(node)) {
          for (let index = 0; index < node.length; index++) {
            const found = visit(node[index], `${at}/${index}`);
            if (found !== undefined) return found;
          }
          return undefined;
        }
        for (const [key, child] of Object.entries(node)) {
          if (child === undefined) continue;
          const found = visit(child, `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
          if (found !== undefined) return found;
        }
        return undefined;
      } finally {
        ancestors.delete(node);
      }
    }
    return { at, found: describeValue(node) };
  };
  return visit(value, '');
}

function quote(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(shown).replace(/^"|"$/g, "'");
}

function constructorName(value: object): string | undefined {
  const prototype: unknown = Object.getPrototypeOf(value);
  const constructor: unknown = typeof prototype === 'object' && prototype !== null && Object.hasOwn(prototype, 'constructor') ? (prototype as { constructor: unknown }).constructor : undefined;
  const name: unknown = typeof constructor === 'function' ? constructor.name : undefined;
  return typeof name === 'string' && /^[A-Za-z_$][\w$]*$/.test(name) ? name : undefined;
}
