/**
 * Request bodies parsed by what their media type says they are, on every server target: JSON (an empty
 * body is no body, not malformed JSON), form fields (`application/x-www-form-urlencoded`, into an object
 * of strings), text (`text/*`, a string) and anything else as bytes.
 */
import { bodyKind, type BodyKind } from './media-type.ts';
import { invalidJsonProblem, ProblemError } from './problem.ts';

/**
 * What to do with an own `__proto__` key, and with a `constructor` key holding a `prototype`, in a JSON
 * body: refuse the body (`error`, the default, as Fastify's), drop the key (`remove`), or keep it
 * (`ignore`). Harmless in the parsed value itself, such keys poison objects that code later merges it into.
 */
export type PoisoningAction = 'error' | 'remove' | 'ignore';

export interface JsonPoisoning {
  readonly protoAction?: PoisoningAction;
  readonly constructorAction?: PoisoningAction;
}

const suspectProto = /"(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])"\s*:/;
const suspectConstructor = /"(?:c|\\u0063)(?:o|\\u006[Ff])(?:n|\\u006[Ee])(?:s|\\u0073)(?:t|\\u0074)(?:r|\\u0072)(?:u|\\u0075)(?:c|\\u0063)(?:t|\\u0074)(?:o|\\u006[Ff])(?:r|\\u0072)"\s*:/;

/**
 * A JSON body: undefined when empty; a byte order mark is skipped. Throws a `ProblemError` (400, not
 * valid JSON) for malformed JSON and for poisoned keys that `poisoning` says to refuse.
 */
export function parseJsonBody(text: string, poisoning: JsonPoisoning = {}): unknown {
  if (text.length === 0) return undefined;
  const { protoAction: proto = 'error', constructorAction: ctorAction = 'error' } = poisoning;
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new ProblemError(invalidJsonProblem());
  }
  if (value === null || typeof value !== 'object') return value;
  // The scan is paid only by a body that spells one of the keys somewhere.
  const protoAction = proto !== 'ignore' && suspectProto.test(text) ? proto : 'ignore';
  const constructorAction = ctorAction !== 'ignore' && suspectConstructor.test(text) ? ctorAction : 'ignore';
  if (protoAction === 'ignore' && constructorAction === 'ignore') return value;
  for (let next: object[] = [value]; next.length > 0; ) {
    const nodes = next;
    next = [];
    for (const node of nodes) {
      const record = node as Record<string, unknown>;
      if (protoAction !== 'ignore' && Object.hasOwn(node, '__proto__')) {
        if (protoAction === 'error') throw new ProblemError(invalidJsonProblem());
        delete record['__proto__'];
      }
      const ctor = record['constructor'];
      if (constructorAction !== 'ignore' && Object.hasOwn(node, 'constructor') && ctor !== null && typeof ctor === 'object' && Object.hasOwn(ctor, 'prototype')) {
        if (constructorAction === 'error') throw new ProblemError(invalidJsonProblem());
        delete record['constructor'];
      }
      for (const key in node) {
        const child = record[key];
        if (child !== null && typeof child === 'object') next.push(child);
      }
    }
  }
  return value;
}

/** Form fields, each a string (the last of a repeated name wins); own properties only: `__proto__` is a field name like any other. */
export function parseFormFields(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text));
}

// A byte order mark in text is kept, as Node's string decoding (and so Fastify's text parser) keeps it.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** `bytes`, a body of media type `mediaType` (the request's), parsed by its kind (see `bodyKind`). */
export function parseRequestBody(mediaType: string, bytes: Uint8Array, poisoning?: JsonPoisoning): unknown {
  return parseBodyOfKind(bodyKind(mediaType), bytes, poisoning);
}

/** `bytes`, parsed as a body of `kind`: bytes stay bytes. */
export function parseBodyOfKind(kind: BodyKind, bytes: Uint8Array, poisoning?: JsonPoisoning): unknown {
  switch (kind) {
    case 'json':
      return parseJsonBody(utf8.decode(bytes), poisoning);
    case 'form':
      return parseFormFields(utf8.decode(bytes));
    case 'text':
      return utf8.decode(bytes);
    case 'bytes':
      return bytes;
  }
}
