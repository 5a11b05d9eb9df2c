/** Helpers every template package gets. Packages add their own in their helpers module. */
import { camelWords, pascalWords } from '@boomerang/core';

const identifierPattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export const builtinHelpers: Record<string, (...args: any[]) => unknown> = {
  /** `{{json value}}`: pretty JSON (2 spaces). */
  json: (value: unknown) => JSON.stringify(value, null, 2),
  /** `{{jsonInline value}}`: JSON on one line. */
  jsonInline: (value: unknown) => JSON.stringify(value),
  /** `{{quote text}}`: a JS string literal. */
  quote: (value: unknown) => JSON.stringify(String(value)),
  /** `{{key name}}`: an object key: bare when it is an identifier, quoted otherwise. */
  key: (name: unknown) => (identifierPattern.test(String(name)) ? String(name) : JSON.stringify(String(name))),
  pascal: (text: unknown) => pascalWords(String(text)),
  camel: (text: unknown) => camelWords(String(text)),
  upper: (text: unknown) => String(text).toUpperCase(),
  lower: (text: unknown) => String(text).toLowerCase(),
  eq: (a: unknown, b: unknown) => a === b,
  not: (a: unknown) => !a,
  /** `{{join list ", "}}` */
  join: (list: unknown, separator: unknown) => (Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : ''),
  /** `{{indent text 2}}`: indents every line but the first. */
  indent: (text: unknown, spaces: unknown) => String(text).split('\n').join(`\n${' '.repeat(Number(spaces) || 0)}`),
};
