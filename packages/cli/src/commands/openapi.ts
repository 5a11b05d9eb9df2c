/** `boomerang openapi <definition.ts>`: the OpenAPI document on stdout. */
import { resolve } from 'node:path';
import { buildApiModel, emitOpenApi, formatDiagnostic, serializeDocument, withUnsignedDeliveries, type DocumentFormat, type OpenApiVersion } from '@boomerang/core';
import { loadDefinition } from '@boomerang/codegen';
import { parseCommandArgs } from '../args.ts';
import { CliError, usageError, type CliIo } from '../io.ts';

export async function openapiCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = await parseCommandArgs('openapi', args, { format: { type: 'string', default: 'json' }, openapi: { type: 'string', default: '3.1' }, 'unsigned-deliveries': { type: 'boolean' } });
  const { format, openapi } = parsed.values;
  if (format !== 'json' && format !== 'yaml') throw usageError(`--format must be json or yaml, not \`${format}\`.`, 'openapi');
  if (openapi !== '3.1' && openapi !== '3.0') throw usageError(`--openapi must be 3.1 or 3.0, not \`${openapi}\`.`, 'openapi');
  if (parsed.positionals.length !== 1) throw usageError('`boomerang openapi` takes exactly one definition file.', 'openapi');

  const file = parsed.positionals[0]!;
  const definition = await loadDefinition(resolve(io.cwd, file), { shown: file });
  const built = buildApiModel(definition);
  for (const d of built.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  if (!built.ok) {
    const count = built.diagnostics.filter((d) => d.severity === 'error').length;
    throw new CliError(`the definition has ${count} error${count === 1 ? '' : 's'}; no document was printed.`);
  }
  // As generate with `signedDeliveries: false` writes it: each callback and webhook without `security` says `security: []`.
  const model = parsed.values['unsigned-deliveries'] === true ? withUnsignedDeliveries(built.model) : built.model;
  const { document, warnings } = emitOpenApi(model, { openapi: openapi as OpenApiVersion });
  for (const w of warnings) io.stderr.write(`${formatDiagnostic(w)}\n`);
  io.stdout.write(serializeDocument(document, format as DocumentFormat));
  return 0;
}
