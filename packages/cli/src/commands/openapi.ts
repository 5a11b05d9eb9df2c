/** `boomerang openapi <definition.ts>`: the OpenAPI document on stdout. */
import { parseArgs } from 'node:util';
import { buildApiModel, emitOpenApi, formatDiagnostic, serializeDocument, type DocumentFormat, type OpenApiVersion } from '@boomerang/core';
import { CliError, usageError, type CliIo } from '../io.ts';
import { loadDefinition } from '../load-definition.ts';

export const openapiHelp = `boomerang openapi <definition.ts> [--format json|yaml] [--openapi 3.1|3.0]

  Prints the OpenAPI document of a definition on stdout.

  <definition.ts>     a TypeScript (or JavaScript) file whose default export is defineApi({...});
                      it is loaded as it is, no build step needed
  --format json|yaml  the output format (default: json)
  --openapi 3.1|3.0   the OpenAPI version (default: 3.1, i.e. 3.1.0; 3.0 emits 3.0.3, with
                      schemas converted and webhooks under x-webhooks)

  Definition errors are printed on stderr, each with its code, where it is, and a hint;
  the exit code is then 1. Warnings are printed on stderr and do not fail the command.`;

export async function openapiCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { format: { type: 'string', default: 'json' }, openapi: { type: 'string', default: '3.1' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help) {
    io.stdout.write(`${openapiHelp}\n`);
    return 0;
  }
  const { format, openapi } = parsed.values;
  if (format !== 'json' && format !== 'yaml') throw usageError(`--format must be json or yaml, not \`${format}\`.`);
  if (openapi !== '3.1' && openapi !== '3.0') throw usageError(`--openapi must be 3.1 or 3.0, not \`${openapi}\`.`);
  if (parsed.positionals.length !== 1) throw usageError('`boomerang openapi` takes exactly one definition file.');

  const definition = await loadDefinition(parsed.positionals[0]!, io.cwd);
  const built = buildApiModel(definition);
  for (const d of built.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  if (!built.ok) {
    const count = built.diagnostics.filter((d) => d.severity === 'error').length;
    throw new CliError(`the definition has ${count} error${count === 1 ? '' : 's'}; no document was printed.`);
  }
  const { document, warnings } = emitOpenApi(built.model, { openapi: openapi as OpenApiVersion });
  for (const w of warnings) io.stderr.write(`${formatDiagnostic(w)}\n`);
  io.stdout.write(serializeDocument(document, format as DocumentFormat));
  return 0;
}
