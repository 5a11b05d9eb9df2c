/**
 * The one printer of the definition's source: JSON-like values as TypeScript literals (single
 * quotes, keys unquoted where they are identifiers, two-space indent, LF), with `Code` values
 * (Zod expressions, identifiers) printed as they are.
 */

/** A piece of TypeScript printed verbatim. */
export class Code {
  constructor(readonly text: string) {}
}

export const code = (text: string): Code => new Code(text);

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function stringLiteral(value: string): string {
  // JSON's escapes are valid in a TS string; only the quotes differ.
  const json = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

export function propertyKey(key: string): string {
  return identifier.test(key) ? key : /^(0|[1-9][0-9]*)$/.test(key) ? key : stringLiteral(key);
}

/** Prints a value; objects and arrays that fit in `width` stay on one line. */
export function printValue(value: unknown, indent = '', width = 110): string {
  if (value instanceof Code) return value.text.split('\n').join(`\n${indent}`);
  if (value === null) return 'null';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number' || typeof value === 'boolean') return Object.is(value, -0) ? '0' : String(value);
  if (value === undefined) return 'undefined';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => printValue(v, inner, width));
    const flat = `[${items.join(', ')}]`;
    if (!flat.includes('\n') && flat.length + indent.length <= width) return flat;
    return `[\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const items = entries.map(([k, v]) => `${propertyKey(k)}: ${printValue(v, inner, width)}`);
  const flat = `{ ${items.join(', ')} }`;
  if (!flat.includes('\n') && flat.length + indent.length <= width) return flat;
  return `{\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}}`;
}

/** A `// ` comment block, each line of `text` prefixed. */
export function lineComment(text: string, indent = ''): string {
  return text.split('\n').map((line) => `${indent}//${line ? ` ${line}` : ''}`).join('\n');
}
