/**
 * What Ajv's standalone validators (validators.js) call at run time, so that this package depends on
 * nothing: Ajv's `ucs2length` and `equal` (fast-deep-equal), and the string formats of ajv-formats whose
 * check is code rather than a regular expression (regular expressions are inlined into the validators).
 * Ported from ajv 8.20.0, fast-deep-equal 3.1.3 and ajv-formats 3.0.1, all MIT License,
 * Copyright (c) 2015-2021 Evgeny Poberezkin; the generator's tests compare them with the originals.
 */

/** String length in code points, as JSON Schema's minLength/maxLength count. */
export function ucs2length(text: string): number {
  const length = text.length;
  let count = 0;
  let position = 0;
  while (position < length) {
    count++;
    const value = text.charCodeAt(position++);
    if (value >= 0xd800 && value <= 0xdbff && position < length) {
      // A high surrogate followed by a low one is one code point.
      if ((text.charCodeAt(position) & 0xfc00) === 0xdc00) position++;
    }
  }
  return count;
}

/** Deep equality of JSON values (const, enum, uniqueItems). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (a.constructor !== b.constructor) return false;
    if (Array.isArray(a)) {
      const other = b as unknown[];
      if (a.length !== other.length) return false;
      for (let i = a.length; i-- !== 0; ) if (!deepEqual(a[i], other[i])) return false;
      return true;
    }
    if (a instanceof RegExp && b instanceof RegExp) return a.source === b.source && a.flags === b.flags;
    if (a.valueOf !== Object.prototype.valueOf) return a.valueOf() === b.valueOf();
    if (a.toString !== Object.prototype.toString) return a.toString() === b.toString();
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const key of keys) if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
    for (const key of keys) if (!deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
    return true;
  }
  // true if both are NaN
  return a !== a && b !== b;
}

type FormatCheck = (value: never) => boolean;

/** ajv-formats' `fullFormats` that are functions or `{ validate }` objects, in the same shapes Ajv compiled against. */
export const formats: Readonly<Record<string, FormatCheck | { readonly validate: FormatCheck }>> = {
  date: { validate: date },
  time: { validate: getTime(true) },
  'date-time': { validate: getDateTime(true) },
  'iso-time': { validate: getTime(false) },
  'iso-date-time': { validate: getDateTime(false) },
  uri,
  regex,
  byte,
  int32: { validate: (value: number) => Number.isInteger(value) && value <= 2 ** 31 - 1 && value >= -(2 ** 31) },
  // Any integer JavaScript can hold fits in 64 bits.
  int64: { validate: (value: number) => Number.isInteger(value) },
  float: { validate: () => true },
  double: { validate: () => true },
};

function isLeapYear(year: number): boolean {
  // https://tools.ietf.org/html/rfc3339#appendix-C
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** full-date, https://tools.ietf.org/html/rfc3339#section-5.6 */
function date(text: string): boolean {
  const matches = DATE.exec(text);
  if (!matches) return false;
  const year = +matches[1]!;
  const month = +matches[2]!;
  const day = +matches[3]!;
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeapYear(year) ? 29 : DAYS[month]!);
}

const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;

function getTime(strictTimeZone: boolean): (text: string) => boolean {
  return function time(text: string): boolean {
    const matches = TIME.exec(text);
    if (!matches) return false;
    const hr = +matches[1]!;
    const min = +matches[2]!;
    const sec = +matches[3]!;
    const tz = matches[4];
    const tzSign = matches[5] === '-' ? -1 : 1;
    const tzH = +(matches[6] || 0);
    const tzM = +(matches[7] || 0);
    if (tzH > 23 || tzM > 59 || (strictTimeZone && !tz)) return false;
    if (hr <= 23 && min <= 59 && sec < 60) return true;
    // leap second
    const utcMin = min - tzM * tzSign;
    const utcHr = hr - tzH * tzSign - (utcMin < 0 ? 1 : 0);
    return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
  };
}

const DATE_TIME_SEPARATOR = /t|\s/i;

function getDateTime(strictTimeZone: boolean): (text: string) => boolean {
  const time = getTime(strictTimeZone);
  return function dateTime(text: string): boolean {
    // http://tools.ietf.org/html/rfc3339#section-5.6
    const parts = text.split(DATE_TIME_SEPARATOR);
    return parts.length === 2 && date(parts[0]!) && time(parts[1]!);
  };
}

const NOT_URI_FRAGMENT = /\/|:/;
const URI = /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;

function uri(text: string): boolean {
  // http://jmrware.com/articles/2009/uri_regexp/URI_regex.html + optional protocol + required "."
  return NOT_URI_FRAGMENT.test(text) && URI.test(text);
}

const BYTE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/gm;

function byte(text: string): boolean {
  BYTE.lastIndex = 0;
  return BYTE.test(text);
}

const Z_ANCHOR = /[^\\]\\Z/;

function regex(text: string): boolean {
  if (Z_ANCHOR.test(text)) return false;
  try {
    new RegExp(text);
    return true;
  } catch {
    return false;
  }
}
