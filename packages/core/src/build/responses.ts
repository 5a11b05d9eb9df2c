/** Responses by status code, range (`2XX`) or `default`, each with its body and headers. */
import type { ResponseInput, ResponsesDefinition } from '../definition.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { ResponseModel } from '../model.ts';
import type { SchemaRegistry } from '../schema/schema-registry.ts';
import { bodyFrom } from './bodies.ts';
import { componentName } from './components.ts';
import { headersFrom } from './parameters.ts';
import { isPlainObject } from './value-kind.ts';
import { extensionsOf } from '../openapi/extensions.ts';
import { compareStatusKeys, defaultDescription, normalizeStatusKey } from './status-codes.ts';

/** A bare schema (a JSON body), as opposed to `{ description, body, headers }`. */
function isSchema(input: ResponseInput): input is Extract<ResponseInput, { '~standard': unknown }> {
  return !isPlainObject(input) || '~standard' in input;
}

export function responsesFrom(
  responses: ResponsesDefinition | undefined,
  registry: SchemaRegistry,
  diagnostics: Diagnostic[],
  where: string,
): ResponseModel[] {
  const entries = Object.entries(responses ?? {});
  if (entries.length === 0) {
    diagnostics.push(
      diagnostic('BMR031', where, 'no responses are declared.', 'Add at least one, e.g. `responses: { 200: MySchema }` or `responses: { 204: { description: "No content" } }`.'),
    );
    return [];
  }
  const models: ResponseModel[] = [];
  for (const [key, input] of entries) {
    const status = normalizeStatusKey(key);
    const here = `${where} › response ${key}`;
    if (status === undefined) {
      diagnostics.push(
        diagnostic('BMR030', here, `\`${key}\` is not a valid response key.`, 'Use a status code from 100 to 599 (`200`), a range (`2XX`), or `default`.'),
      );
      continue;
    }
    const definition = isSchema(input) ? { body: input } : input;
    const body = bodyFrom(definition.body, registry, diagnostics, `${here} › body`, true);
    const component = componentName(input, 'responses');
    models.push({
      status,
      description: definition.description ?? defaultDescription(status),
      ...(body !== undefined ? { body: { ...body, required: true } } : {}),
      headers: headersFrom(definition.headers, registry, diagnostics, here),
      ...('links' in definition && definition.links !== undefined ? { links: definition.links } : {}),
      ...extensionsOf(definition),
      ...(component !== undefined ? { component } : {}),
    });
  }
  return models.sort((a, b) => compareStatusKeys(a.status, b.status));
}
