/**
 * Aligned tables for the operator's commands, and cells that are safe to print: what a receiver
 * answered (a response excerpt) or an API stored (an event name, a URL) could hold terminal escape
 * sequences, so control and bidirectional-override characters are shown escaped, never written.
 */

const unsafe = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One line of text: whitespace runs (newlines too) become one space, other control characters `\uNNNN`. */
export function cell(value: string | number | undefined, max = Infinity): string {
  if (value === undefined) return '-';
  const text = String(value)
    .replace(/[\t\n\r]+/g, ' ')
    .replace(unsafe, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** Text that may span lines (a payload): each line made safe, the newlines kept. */
export function block(value: string): string {
  return value.split(/\r?\n/).map((line) => cell(line)).join('\n');
}

/** Columns two spaces apart, headers first; the last column is not padded. Cells must already be `cell`s. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], indent = ''): string {
  const widths = headers.map((header, column) => Math.max([...header].length, ...rows.map((row) => [...(row[column] ?? '')].length)));
  const line = (row: readonly string[]) =>
    indent +
    row
      .map((text, column) => (column === row.length - 1 ? text : text + ' '.repeat(widths[column]! - [...text].length)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** Epoch ms as ISO 8601 (UTC), `-` when absent. */
export function time(ms: number | undefined): string {
  return ms === undefined ? '-' : new Date(ms).toISOString();
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
