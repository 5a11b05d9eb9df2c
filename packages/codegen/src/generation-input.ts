/**
 * What template packages are given, from one definition: the model, the receiver routes, the
 * documents, and openapi-typescript's types of both.
 */
import {
  buildApiModel,
  buildReceiverRoutes,
  emitOpenApi,
  emitReceiverDocument,
  type ApiDefinition,
  type Diagnostic,
  type OpenApiVersion,
  withUnsignedDeliveries,
} from '@boomerang/core';
import { openapiTypes } from './openapi-types.ts';
import type { TemplateInput } from './template-package.ts';

export type GenerationInput = Omit<TemplateInput, 'options' | 'paths'>;

export type Prepared =
  | ({ readonly ok: true; readonly diagnostics: Diagnostic[]; readonly writtenDocument: Record<string, unknown> } & GenerationInput)
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Everything template packages read, from one definition: the model, the receiver routes, the
 * OpenAPI document (3.1, what templates build on; `document` is the one written, in the version
 * asked for), the receiver document, and openapi-typescript's types of both.
 */
export async function buildGenerationInput(
  definition: ApiDefinition,
  options: {
    openapi?: OpenApiVersion;
    /** `false`: callbacks and webhooks that declare no `security` are sent unsigned (the config's `signedDeliveries`). Default true. */
    signedDeliveries?: boolean;
    timed?: <T>(step: string, run: () => Promise<T> | T) => Promise<T>;
    /** How a document becomes types: `openapiTypes` unless given (generate gives its cached, threaded runner). */
    types?: (document: Record<string, unknown>) => Promise<string>;
  } = {},
): Promise<Prepared> {
  const timed = options.timed ?? (async <T>(_step: string, run: () => Promise<T> | T) => run());
  const built = await timed('build model', () => buildApiModel(definition));
  if (!built.ok) return { ok: false, diagnostics: built.diagnostics };
  const model = options.signedDeliveries === false ? withUnsignedDeliveries(built.model) : built.model;
  const { routes, diagnostics: routeDiagnostics } = buildReceiverRoutes(model);
  const diagnostics = [...built.diagnostics, ...routeDiagnostics];
  if (routeDiagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  const { document: writtenDocument, warnings } = await timed('emit documents', () => emitOpenApi(model, { openapi: options.openapi ?? '3.1' }));
  const document = options.openapi === '3.0' ? emitOpenApi(model).document : writtenDocument;
  const receiverDocument = emitReceiverDocument(model, routes);
  diagnostics.push(...warnings);
  const typesOf = options.types ?? openapiTypes;
  const types = await timed('openapi-typescript', async () => {
    const [api, receiver] = await Promise.all([typesOf(document), typesOf(receiverDocument)]);
    return { api, receiver };
  });
  return { ok: true, diagnostics, model, routes, document, writtenDocument, receiverDocument, types };
}
