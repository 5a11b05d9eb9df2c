/** The definitions whose documents are snapshot-tested and judged: both examples and the fixtures. */
import { buildApiModel, buildReceiverRoutes, emitOpenApi, emitReceiverDocument, formatDiagnostic, type ApiDefinition, type OpenApiVersion } from '@boomerang/core';
import invoices from '../../../../examples/invoices/api.ts';
import subscriptions from '../../../../examples/subscriptions/api.ts';
import components from '../fixtures/components.ts';
import kitchenSink from '../fixtures/kitchen-sink.ts';
import moreOfOpenapi from '../fixtures/more-of-openapi.ts';
import sharedCallbackUrl from '../fixtures/shared-callback-url.ts';

export const definitions: Readonly<Record<string, ApiDefinition>> = {
  invoices,
  subscriptions,
  'kitchen-sink': kitchenSink,
  'more-of-openapi': moreOfOpenapi,
  components,
  'shared-callback-url': sharedCallbackUrl,
};

export function emit(definition: ApiDefinition, openapi: OpenApiVersion) {
  const built = buildApiModel(definition);
  if (!built.ok) throw new Error(built.diagnostics.map(formatDiagnostic).join('\n'));
  return emitOpenApi(built.model, { openapi });
}

/** The receiver document: callbacks and webhooks as the operations the external developer implements. */
export function emitReceiver(definition: ApiDefinition): Record<string, unknown> {
  const built = buildApiModel(definition);
  if (!built.ok) throw new Error(built.diagnostics.map(formatDiagnostic).join('\n'));
  const { routes, diagnostics } = buildReceiverRoutes(built.model);
  // Warnings (BMR091: callbacks that share a route) are the fixtures' to have.
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map(formatDiagnostic).join('\n'));
  return emitReceiverDocument(built.model, routes);
}
