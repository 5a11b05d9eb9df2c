/**
 * The catalogue of definition diagnostics. Every problem Boomerang finds in a definition has a code
 * here, a message that names the thing the author wrote, and a hint that says how to fix it.
 */

export type Severity = 'error' | 'warning';

export const diagnosticCatalog = {
  BMR001: { name: 'missing-info-version', severity: 'error', summary: '`info.version` is missing or empty' },
  BMR002: { name: 'missing-info-title', severity: 'error', summary: '`info.title` is missing or empty' },
  BMR003: { name: 'no-servers', severity: 'warning', summary: 'the API declares no `servers`' },
  BMR004: { name: 'placeholder-server', severity: 'warning', summary: 'a server URL points to example.com or localhost' },
  BMR005: { name: 'server-trailing-slash', severity: 'warning', summary: 'a server URL ends with `/`' },
  BMR006: { name: 'undefined-server-variable', severity: 'warning', summary: 'a server URL and its `variables` do not name the same variables' },
  BMR007: { name: 'no-license', severity: 'warning', summary: '`info.license` is missing' },
  BMR008: { name: 'license-without-identifier', severity: 'warning', summary: '`info.license` has neither an SPDX `identifier` nor a `url`' },
  BMR009: { name: 'wrong-type', severity: 'error', summary: 'a part of the definition is not of the type it must be (a list where an object goes, a number where a name goes), or a part it needs is missing' },
  BMR010: { name: 'duplicate-operation-id', severity: 'error', summary: 'two operations, callbacks or webhooks share one operationId' },
  BMR011: { name: 'duplicate-route', severity: 'error', summary: 'two operations use the same method and path' },
  BMR012: { name: 'invalid-path', severity: 'error', summary: 'an operation path is not a valid path template' },
  BMR013: { name: 'invalid-method', severity: 'error', summary: 'an HTTP method is not one OpenAPI knows' },
  BMR014: { name: 'path-trailing-slash', severity: 'warning', summary: 'an operation path, or the receiver path of a callback URL, ends with `/`' },
  BMR015: { name: 'missing-summary', severity: 'warning', summary: 'an operation, callback or webhook method has no `summary`' },
  BMR016: { name: 'unknown-key', severity: 'error', summary: 'an object of the definition has a key the definition language does not have (a misspelling, or a key of another part)' },
  BMR020: { name: 'path-parameter-missing', severity: 'error', summary: 'a `{name}` segment of the path has no path parameter' },
  BMR021: { name: 'path-parameter-extra', severity: 'error', summary: 'a path parameter does not appear in the path' },
  BMR022: { name: 'parameters-not-object', severity: 'error', summary: 'a parameter schema is not an object schema' },
  BMR023: { name: 'duplicate-parameter', severity: 'error', summary: 'one header is declared twice (header names are case-insensitive)' },
  BMR030: { name: 'invalid-status-code', severity: 'error', summary: 'a response key is not a status code, a range like `2XX`, or `default`' },
  BMR031: { name: 'no-responses', severity: 'error', summary: 'an operation declares no response' },
  BMR032: { name: 'invalid-content-type', severity: 'error', summary: 'a content type is not a valid media type' },
  BMR033: { name: 'no-client-error-response', severity: 'warning', summary: 'an operation declares no 4XX response' },
  BMR034: { name: 'no-success-response', severity: 'warning', summary: 'an operation, callback or webhook method declares no 2XX (or `default`) response' },
  BMR040: { name: 'malformed-expression', severity: 'error', summary: 'a callback URL is not a valid runtime-expression template' },
  BMR041: { name: 'undeclared-parameter', severity: 'error', summary: 'a callback URL names a parameter the operation does not declare' },
  BMR042: { name: 'missing-body-field', severity: 'error', summary: 'a callback URL names a body field that does not exist' },
  BMR043: { name: 'invalid-callback-url', severity: 'error', summary: 'a callback URL builder did not produce a usable template' },
  BMR044: { name: 'duplicate-callback-url', severity: 'error', summary: 'one callback lists the same URL expression twice' },
  BMR045: { name: 'callback-without-operations', severity: 'error', summary: 'a callback or webhook declares no method' },
  BMR120: { name: 'url-base-not-string', severity: 'error', summary: 'a callback URL starts with a body field that is not a string (a list of URLs, an object, a number)' },
  BMR121: { name: 'unknown-parameter-option', severity: 'error', summary: '`parameterOptions` names a parameter the request does not declare' },
  BMR122: { name: 'invalid-parameter-style', severity: 'error', summary: 'a parameter style, `explode` or `allowReserved` is not one OpenAPI allows for its location or its schema' },
  BMR123: { name: 'example-and-examples', severity: 'error', summary: 'a parameter or body has both an `example` and named `examples`' },
  BMR124: { name: 'unknown-link-operation', severity: 'error', summary: 'a link names an operationId that no operation, callback or webhook has' },
  BMR125: { name: 'invalid-link', severity: 'error', summary: 'a link has neither or both of `operationId` and `operationRef`, or a parameter the linked operation does not declare' },
  BMR126: { name: 'invalid-link-expression', severity: 'error', summary: 'a link parameter or request body is a runtime expression that does not parse, or reads what the operation does not declare' },
  BMR127: { name: 'extension-not-json', severity: 'error', summary: 'an `x-` extension is not a JSON value' },
  BMR050: { name: 'schema-name-conflict', severity: 'error', summary: 'two different schemas are registered under one name' },
  BMR051: { name: 'inexpressible-schema', severity: 'error', summary: 'a schema cannot be expressed in JSON Schema' },
  BMR052: { name: 'not-a-schema', severity: 'error', summary: 'a value given as a schema is not a Standard Schema with JSON Schema' },
  BMR053: { name: 'invalid-schema-name', severity: 'error', summary: 'a schema name is not usable as a components/schemas key' },
  BMR054: { name: 'example-not-json', severity: 'error', summary: 'an example is not a JSON value (it holds a bigint, a function, `NaN`, a Date, a cycle...)' },
  BMR060: { name: 'duplicate-webhook', severity: 'error', summary: 'two webhooks share one name' },
  BMR070: { name: 'unknown-security-scheme', severity: 'error', summary: 'a security requirement names an undeclared scheme' },
  BMR071: { name: 'unknown-tag', severity: 'warning', summary: 'an operation uses a tag that is not declared in `tags`' },
  BMR072: { name: 'security-not-declared', severity: 'warning', summary: 'an operation has no `security`, and neither has the API' },
  BMR073: { name: 'unused-security-scheme', severity: 'warning', summary: 'a security scheme is declared but no requirement names it' },
  BMR074: { name: 'tag-without-description', severity: 'warning', summary: 'a declared tag has no `description`' },
  BMR075: { name: 'invalid-security-scheme', severity: 'error', summary: 'a security scheme is not one OpenAPI describes: its `type`, or a part its type needs' },
  BMR090: { name: 'ambiguous-receiver-route', severity: 'error', summary: 'two callbacks or webhooks cannot be told apart by a receiver' },
  BMR091: { name: 'shared-receiver-route', severity: 'warning', summary: 'two callbacks are sent to one method and URL: only the `boomerang-event` header tells them apart' },
  BMR140: { name: 'unsendable-delivery-security', severity: 'error', summary: 'a callback or webhook method requires a security scheme that the sender cannot put on a request (oauth2, openIdConnect, mutualTLS, an apiKey in a cookie)' },
  BMR141: { name: 'operation-name-collision', severity: 'error', summary: 'two operationIds give generated code the same name (`get-board` and `getBoard`)' },
  BMR080: { name: 'webhooks-in-openapi-3.0', severity: 'warning', summary: 'OpenAPI 3.0 has no webhooks; they are emitted as `x-webhooks`' },
  BMR081: { name: 'schema-approximated-for-3.0', severity: 'warning', summary: 'a schema keyword has no OpenAPI 3.0 equivalent' },
  BMR100: { name: 'component-name-conflict', severity: 'error', summary: 'two different reusable components of one kind share one `id`' },
  BMR101: { name: 'invalid-component-name', severity: 'error', summary: 'a reusable component `id` is not usable as a components key' },
  BMR102: { name: 'parameter-declared-twice', severity: 'error', summary: 'an operation declares one parameter (name and location) twice' },
  BMR103: { name: 'unknown-path', severity: 'error', summary: 'a `paths` entry names a path that no operation has' },
  BMR104: { name: 'path-parameter-on-outgoing-request', severity: 'error', summary: 'a callback or webhook request declares a path parameter' },
} as const satisfies Record<string, { name: string; severity: Severity; summary: string }>;

export type DiagnosticCode = keyof typeof diagnosticCatalog;

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** Where in the definition: `operation POST /invoices/ › callback invoice_notification › url`. */
  readonly where: string;
  readonly message: string;
  readonly hint: string;
}

export function diagnostic(code: DiagnosticCode, where: string, message: string, hint: string): Diagnostic {
  return { code, severity: diagnosticCatalog[code].severity, where, message, hint };
}

/** One line per diagnostic, then its hint, as the CLI prints them. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.severity} ${d.code} (${diagnosticCatalog[d.code].name}) at ${d.where}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** Thrown by `defineApi` / `buildApiModel` when a definition has errors: all of them, not the first. */
export class DefinitionError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(
      `The API definition has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n` +
        errors.map(formatDiagnostic).join('\n'),
    );
    this.name = 'DefinitionError';
    this.diagnostics = diagnostics;
  }
}
