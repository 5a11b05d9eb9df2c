/**
 * Reading: JSON or YAML text → the document, validated against the OpenAPI 3.0/3.1 schema and with
 * every `$ref` resolved, by @scalar/openapi-parser. Swagger 2.0 is refused with the way to upgrade.
 */
import { dereference, normalize, validate } from '@scalar/openapi-parser';
import { finding, type Finding } from './findings.ts';
import { isObject, type JsonObject, type SourceVersion } from './import-context.ts';

export type ReadResult =
  | { readonly ok: true; readonly document: JsonObject; readonly version: SourceVersion }
  | { readonly ok: false; readonly errors: readonly Finding[] };

export const swaggerUpgradeHint =
  'Convert it to OpenAPI 3 first: `npx swagger2openapi swagger.json -o openapi.json` (or the Swagger Editor\'s Edit › Convert to OpenAPI 3), then import the result.';

export async function readDocument(input: string | JsonObject): Promise<ReadResult> {
  let parsed: unknown;
  try {
    parsed = typeof input === 'string' ? normalize(input) : structuredClone(input);
  } catch (error) {
    return { ok: false, errors: [finding('BMI002', '', `the text is neither JSON nor YAML: ${error instanceof Error ? error.message : String(error)}`)] };
  }
  if (!isObject(parsed)) return { ok: false, errors: [finding('BMI002', '', 'the document is not an object: an OpenAPI document is a JSON or YAML object with an `openapi` field.')] };
  if (parsed.swagger !== undefined) {
    return { ok: false, errors: [finding('BMI001', '/swagger', `this is a Swagger ${String(parsed.swagger)} document; \`boomerang import\` reads OpenAPI 3.0 and 3.1. ${swaggerUpgradeHint}`)] };
  }
  const openapi = typeof parsed.openapi === 'string' ? parsed.openapi : undefined;
  const version: SourceVersion | undefined = openapi?.startsWith('3.0.') ? '3.0' : openapi?.startsWith('3.1.') ? '3.1' : undefined;
  if (version === undefined) {
    return { ok: false, errors: [finding('BMI002', '/openapi', `\`openapi: ${String(parsed.openapi)}\` is not an OpenAPI version the importer reads (3.0.x or 3.1.x).`)] };
  }
  const validated = await validate(structuredClone(parsed));
  const errors = (validated.errors ?? []).map((e) =>
    /resolve reference/i.test(e.message)
      ? finding('BMI003', referencePointer(parsed as JsonObject, e.message), e.message)
      : finding('BMI002', (e as { path?: string }).path ?? '', validatorFailed(e.message) ? validatorFailure(version, e.message) : e.message),
  );
  if (!validated.valid || errors.length > 0) return { ok: false, errors: errors.length > 0 ? errors : [finding('BMI002', '', 'the document is not valid OpenAPI.')] };
  const resolved = await dereference(structuredClone(parsed));
  const unresolved = (resolved.errors ?? []).map((e) => finding('BMI003', referencePointer(parsed as JsonObject, e.message), e.message));
  if (unresolved.length > 0) return { ok: false, errors: unresolved };
  return { ok: true, document: parsed, version };
}

/**
 * The validator's own JavaScript error, not a finding about the document: @scalar/openapi-parser 0.20's
 * 3.1 validator throws `Cannot read properties of null (reading 'paths')` while it explains some
 * schema failures (a path parameter with `style: form`, for one), so the message names nothing.
 */
function validatorFailed(message: string): boolean {
  return /^(Cannot read properties of|Cannot convert|.* is not a function|.* is not iterable)/.test(message);
}

function validatorFailure(version: SourceVersion, message: string): string {
  return (
    `the document is not valid OpenAPI ${version}, and the validator (@scalar/openapi-parser) failed while locating the error (it threw: ${message}). ` +
    'Check it with another validator (`npx @redocly/cli lint <file>`, or the OpenAPI schema); a parameter style its location does not allow is one known cause.'
  );
}

/** Where the `$ref` an error names is written (the parser says which reference, not where). */
function referencePointer(document: JsonObject, message: string): string {
  const ref = /reference: (.+)$/.exec(message)?.[1]?.trim();
  if (ref === undefined) return '';
  const found: string[] = [];
  const walk = (value: unknown, pointer: string) => {
    if (found.length > 0) return;
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${pointer}/${i}`));
    else if (isObject(value)) {
      if (value.$ref === ref) found.push(`${pointer}/$ref`);
      for (const [k, v] of Object.entries(value)) walk(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(document, '');
  return found[0] ?? '';
}
