/**
 * JSON Pointer (RFC 6901) as used by `body-reference` in runtime expressions.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 * @see https://www.rfc-editor.org/rfc/rfc6901
 */
import type { ParseResult } from './ast.ts';

/**
 * Encodes decoded reference tokens as a JSON Pointer: `[]` -> `""`, `['a', 'b/c~d']` -> `/a/b~1c~0d`.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
export function encodeJsonPointer(tokens: readonly string[]): string {
  // '~' first, or the '~' of a fresh '~1' would be escaped again.
  return tokens.map((token) => '/' + token.replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

/**
 * Decodes a JSON Pointer into its reference tokens (`~1` -> `/`, `~0` -> `~`).
 * The text must be empty or start with `/`; a `~` must be followed by `0` or `1`.
 * Issue indexes are offsets in `text`.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
export function decodeJsonPointer(text: string): ParseResult<string[]> {
  if (text === '') return { ok: true, value: [] };
  if (!text.startsWith('/')) {
    return fail(text, 0, `a JSON Pointer must be empty or start with '/', not '${text.charAt(0)}'`, `/${text}`);
  }
  const tokens: string[] = [];
  let token = '';
  for (let i = 1; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === '/') {
      tokens.push(token);
      token = '';
    } else if (char === '~') {
      const next = text.charAt(i + 1);
      if (next !== '0' && next !== '1') {
        const written = next === '' ? "'~' at the end" : `'~${next}'`;
        return fail(
          text,
          i,
          `${written} is not a JSON Pointer escape: only ~0 (for '~') and ~1 (for '/') are`,
          `write a literal '~' as ~0: ${escapeLoneTildes(text)}`,
        );
      }
      token += next === '0' ? '~' : '/';
      i++;
    } else {
      token += char;
    }
  }
  tokens.push(token);
  return { ok: true, value: tokens };
}

/** Rewrites every `~` that does not start `~0`/`~1` as `~0`: the likely meaning of a stray `~`. */
export function escapeLoneTildes(pointer: string): string {
  return pointer.replace(/~(?![01])/g, '~0');
}

/** A token addresses an array element only as a decimal index without leading zeros (RFC 6901 §4). */
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/**
 * Looks up decoded tokens in a JSON value. Only own properties are followed, so `__proto__` or
 * `constructor` are "not found" unless the object really has them; array elements by decimal index.
 * @see https://spec.openapis.org/oas/v3.1.0#runtime-expressions
 */
export function getByJsonPointer(
  value: unknown,
  tokens: readonly string[],
): { readonly found: true; readonly value: unknown } | { readonly found: false } {
  let current: unknown = value;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!ARRAY_INDEX.test(token)) return { found: false };
      const index = Number(token);
      if (index >= current.length) return { found: false };
      current = current[index];
    } else if (typeof current === 'object' && current !== null) {
      if (!Object.prototype.hasOwnProperty.call(current, token)) return { found: false };
      current = (current as Record<string, unknown>)[token];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}

/** True when `token` is an array index per RFC 6901 (`-`, `01`, `+1` are not). */
export function isArrayIndexToken(token: string): boolean {
  return ARRAY_INDEX.test(token);
}

function fail(text: string, index: number, message: string, hint: string): ParseResult<string[]> {
  return { ok: false, issues: [{ message, index, text, hint }] };
}
