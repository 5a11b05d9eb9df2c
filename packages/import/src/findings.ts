/**
 * The catalogue of what an import reports. Each finding names the place in the document by JSON
 * pointer (RFC 6901), so that a reader can find what was not carried over, or carried differently.
 * - `error`: the document cannot be imported (Swagger 2.0, not a valid OpenAPI document);
 * - `not-carried`: a part of the document the definition does not say (yet): it is missing from the
 *   definition and from every document emitted from it;
 * - `info`: a part carried over in another form with the same meaning (a `$ref` inlined, a path
 *   item's parameters or servers copied into its operations).
 */

export type FindingKind = 'error' | 'not-carried' | 'info';

export const findingCatalog = {
  BMI001: { name: 'swagger-2', kind: 'error', summary: 'the document is Swagger 2.0, which the importer does not read' },
  BMI002: { name: 'invalid-document', kind: 'error', summary: 'the document is not a valid OpenAPI 3.0 or 3.1 document' },
  BMI003: { name: 'unresolved-reference', kind: 'error', summary: 'a `$ref` names nothing in the document' },
  BMI010: { name: 'inlined-reference', kind: 'info', summary: 'a `$ref` that the definition cannot say as a reusable component (a link, a path item outside webhooks, a callback with several URLs, a use that overrides its texts) was written inline where it is used' },
  BMI011: { name: 'inlined-path-parameters', kind: 'info', summary: "the parameters of a callback's or webhook's path item were copied into each of its methods" },
  BMI012: { name: 'inlined-path-servers', kind: 'info', summary: "the servers of an operation's path item were copied into each of its operations that has none" },
  BMI020: { name: 'unsupported-field', kind: 'not-carried', summary: 'a field the definition language does not have: texts and `x-` keys of a path item, `encoding`, `allowEmptyValue`, an example given only by `externalValue`, a style a parameter\'s type cannot have, a link to no operation of the document...' },
  BMI021: { name: 'extra-media-type', kind: 'not-carried', summary: 'a body with several media types: only the first is carried over' },
  BMI022: { name: 'unused-component', kind: 'not-carried', summary: 'a reusable component that nothing references' },
  BMI023: { name: 'external-reference', kind: 'not-carried', summary: 'a `$ref` to another file or URL' },
  BMI030: { name: 'inexpressible-schema-keyword', kind: 'not-carried', summary: 'a JSON Schema keyword with no Zod equivalent' },
  BMI031: { name: 'discriminator', kind: 'not-carried', summary: 'a `discriminator`: the union is carried over, the mapping is not' },
  BMI040: { name: 'invalid-callback-expression', kind: 'not-carried', summary: 'a callback key that is not a valid runtime-expression template' },
  BMI041: { name: 'unsendable-delivery-security', kind: 'not-carried', summary: 'a callback or webhook requires a security scheme Boomerang\'s sender cannot put on a delivery (oauth2, openIdConnect, mutualTLS, an apiKey in a cookie): its deliveries are signed instead' },
} as const satisfies Record<string, { name: string; kind: FindingKind; summary: string }>;

export type FindingCode = keyof typeof findingCatalog;

export interface Finding {
  readonly code: FindingCode;
  readonly kind: FindingKind;
  /** A JSON pointer into the document: `/paths/~1pets/get/responses/200/links`. */
  readonly pointer: string;
  readonly message: string;
}

export function finding(code: FindingCode, pointer: string, message: string): Finding {
  return { code, kind: findingCatalog[code].kind, pointer, message };
}

/** `error BMI002 /paths/~1a: message` — one line, as the CLI prints it. */
export function formatFinding(f: Finding): string {
  const label = f.kind === 'not-carried' ? 'not carried over' : f.kind;
  return `${label} ${f.code} ${f.pointer || '/'}: ${f.message}`;
}

/** A JSON pointer from its reference tokens, each escaped (`~` → `~0`, `/` → `~1`). */
export function pointerOf(...tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function childPointer(pointer: string, ...tokens: readonly (string | number)[]): string {
  return pointer + pointerOf(...tokens);
}
