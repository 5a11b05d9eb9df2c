/**
 * YAML for documents, byte for byte what the `yaml` package prints (block style, 2-space indent, no
 * folding, no anchors), at a fraction of its cost on large documents: the structure is printed here,
 * and each distinct key and string is quoted the way `yaml` quotes it (asked once per text). What
 * this printer does not know how to place exactly (a block scalar that needs an indentation
 * indicator, a key `yaml` would not write on one line, a value that is not JSON) sends the whole
 * document to `yaml` instead, so the output never differs from it.
 */
import { stringify } from 'yaml';

const options = { aliasDuplicateObjects: false, lineWidth: 0, indent: 2 } as const;

/** The text `yaml` gives `document`. */
export function yamlText(document: unknown): string {
  try {
    return new Printer().document(document);
  } catch (error) {
    if (error instanceof NotHandled) return stringify(document, options);
    throw error;
  }
}

class NotHandled extends Error {}

/** Words, paths and names that `yaml` leaves unquoted as keys and values. */
const plain = /^[A-Za-z][A-Za-z0-9_./-]*$/;
/** What YAML's core schema reads as null or a boolean. */
const reserved = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
/** `#/components/schemas/Name`: double-quoted (a `#` starts a comment), nothing to escape. */
const componentRef = /^#\/[A-Za-z0-9_./-]*$/;

type Scalar = { readonly kind: 'inline'; readonly text: string } | { readonly kind: 'block'; readonly header: string; readonly lines: readonly (string | null)[] };

class Printer {
  readonly #out: string[] = [];
  /** Keys at the start of a line (`---` and `...` mark documents there), and the others. */
  readonly #keys = { atStart: new Map<string, string>(), indented: new Map<string, string>() };
  readonly #strings = new Map<string, Scalar>();

  document(value: unknown): string {
    if (isMap(value)) {
      if (Object.keys(value).length === 0) return '{}\n';
      this.#map(value, '');
    } else if (Array.isArray(value)) {
      if (value.length === 0) return '[]\n';
      this.#seq(value, '');
    } else {
      // A document that is one scalar: rare, and `yaml` places it its own way.
      throw new NotHandled();
    }
    return this.#out.join('');
  }

  /** A map whose first key goes after `first` (a `- ` for a map in a sequence), then at `indent`. */
  #map(map: Record<string, unknown>, indent: string, first = indent): void {
    let lead = first;
    for (const key of Object.keys(map)) {
      const value = map[key];
      if (value === undefined) continue;
      const keyText = this.#key(key, lead === '');
      this.#value(value, `${lead}${keyText}:`, indent);
      lead = indent;
    }
  }

  #seq(items: readonly unknown[], indent: string, first = indent): void {
    let lead = first;
    for (let i = 0; i < items.length; i++) {
      if (!(i in items)) throw new NotHandled();
      const item = items[i];
      const dash = `${lead}-`;
      const inner = `${indent}  `;
      if (isMap(item) && Object.keys(item).some((k) => item[k] !== undefined)) {
        this.#map(item, inner, `${dash} `);
      } else if (Array.isArray(item) && item.length > 0) {
        this.#seq(item, inner, `${dash} `);
      } else {
        this.#scalarAfter(item, dash, inner);
      }
      lead = indent;
    }
  }

  /** A map entry's value: on the key's line when it is a scalar or empty, else below it. */
  #value(value: unknown, keyLine: string, indent: string): void {
    const inner = `${indent}  `;
    if (isMap(value) && Object.keys(value).some((k) => value[k] !== undefined)) {
      this.#out.push(`${keyLine}\n`);
      this.#map(value, inner);
    } else if (Array.isArray(value) && value.length > 0) {
      this.#out.push(`${keyLine}\n`);
      this.#seq(value, inner);
    } else {
      this.#scalarAfter(value, keyLine, inner);
    }
  }

  /** A scalar (or an empty collection) after `lead`; a block scalar's lines go at `contentIndent`. */
  #scalarAfter(value: unknown, lead: string, contentIndent: string): void {
    const scalar = this.#scalar(value);
    if (scalar.kind === 'inline') {
      this.#out.push(`${lead} ${scalar.text}\n`);
      return;
    }
    this.#out.push(`${lead} ${scalar.header}\n`);
    // null: a line `yaml` leaves empty (no indentation at all).
    for (const line of scalar.lines) this.#out.push(line === null ? '\n' : `${contentIndent}${line}\n`);
  }

  #scalar(value: unknown): Scalar {
    if (value === null) return { kind: 'inline', text: 'null' };
    if (value === true) return { kind: 'inline', text: 'true' };
    if (value === false) return { kind: 'inline', text: 'false' };
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new NotHandled();
      return { kind: 'inline', text: Object.is(value, -0) ? '-0' : JSON.stringify(value) };
    }
    if (typeof value === 'string') return this.#string(value);
    if (isMap(value)) return { kind: 'inline', text: '{}' };
    if (Array.isArray(value)) return { kind: 'inline', text: '[]' };
    throw new NotHandled();
  }

  #string(value: string): Scalar {
    const known = this.#strings.get(value);
    if (known !== undefined) return known;
    // The common cases, which `yaml` prints the same way everywhere (the tests hold it to that).
    if (plain.test(value) && !reserved.test(value)) return this.#remember(value, { kind: 'inline', text: value });
    if (componentRef.test(value)) return this.#remember(value, { kind: 'inline', text: `"${value}"` });
    // As a map value, `yaml` writes the same text at any depth, but for a block scalar's indentation.
    const text = stringify({ k: value }, options);
    if (!text.startsWith('k: ') || !text.endsWith('\n')) throw new NotHandled();
    const body = text.slice(3, -1);
    let scalar: Scalar;
    if (!body.includes('\n')) {
      scalar = { kind: 'inline', text: body };
    } else {
      const [header, ...lines] = body.split('\n');
      // `|`, `|-` or `|+`; an indentation indicator depends on where the scalar sits.
      if (header !== '|' && header !== '|-' && header !== '|+') throw new NotHandled();
      scalar = { kind: 'block', header, lines: lines.map((line) => (line === '' ? null : stripIndent(line))) };
    }
    return this.#remember(value, scalar);
  }

  #remember(value: string, scalar: Scalar): Scalar {
    this.#strings.set(value, scalar);
    return scalar;
  }

  #key(key: string, atStart: boolean): string {
    const cache = atStart ? this.#keys.atStart : this.#keys.indented;
    const known = cache.get(key);
    if (known !== undefined) return known;
    if (plain.test(key) && !reserved.test(key)) {
      cache.set(key, key);
      return key;
    }
    const text = atStart ? stringify({ [key]: null }, options) : stringify({ k: { [key]: null } }, options);
    const prefix = atStart ? '' : 'k:\n  ';
    if (!text.startsWith(prefix) || !text.endsWith(': null\n')) throw new NotHandled();
    const printed = text.slice(prefix.length, -': null\n'.length);
    if (printed.includes('\n') || printed.startsWith('? ')) throw new NotHandled();
    cache.set(key, printed);
    return printed;
  }
}

/** `yaml` indents a block scalar under `k:` by two spaces. */
function stripIndent(line: string): string {
  if (!line.startsWith('  ')) throw new NotHandled();
  return line.slice(2);
}

function isMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
