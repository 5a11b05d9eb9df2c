/** The definitions whose documents are snapshot-tested and judged: both examples and the fixtures. */
import { buildApiModel, emitOpenApi, formatDiagnostic, type ApiDefinition, type OpenApiVersion } from '@boomerang/core';
import invoices from '../../../../examples/invoices/api.ts';
import subscriptions from '../../../../examples/subscriptions/api.ts';
import kitchenSink from '../fixtures/kitchen-sink.ts';

export const definitions: Readonly<Record<string, ApiDefinition>> = {
  invoices,
  subscriptions,
  'kitchen-sink': kitchenSink,
};

export function emit(definition: ApiDefinition, openapi: OpenApiVersion) {
  const built = buildApiModel(definition);
  if (!built.ok) throw new Error(built.diagnostics.map(formatDiagnostic).join('\n'));
  return emitOpenApi(built.model, { openapi });
}
