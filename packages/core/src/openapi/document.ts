/** The OpenAPI document: model → OpenAPI 3.1.0 (default) or 3.0.3. Build only; serialize.ts prints. */
import { httpMethods, type License } from '../definition.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { ApiModel, OperationModel } from '../model.ts';
import { createEmitContext, type EmitContext, type OpenApiVersion } from './emit-context.ts';
import { reusableComponents, webhookEntry, withReusableComponents } from './components-object.ts';
import { pathItemObject } from './operation-object.ts';
import { extensionFields, pickExtensions } from './extensions.ts';
import { signatureScheme, signatureSchemeName } from './signature.ts';

export { signatureSchemeName } from './signature.ts';

export interface EmitOptions {
  /** `3.1` (default) emits OpenAPI 3.1.0; `3.0` emits 3.0.3 with schemas converted. */
  readonly openapi?: OpenApiVersion;
  /**
   * Boomerang's sender signs every callback and webhook delivery (Standard Webhooks), so by default
   * the document says so: a `standardWebhooks` security scheme on the `webhook-signature` header,
   * required by each callback and webhook that declares no security of its own, which also gets the
   * 401 a receiver answers when the signature does not hold. `false` leaves both out.
   */
  readonly signedDeliveries?: boolean;
}

export interface EmitResult {
  readonly document: Record<string, unknown>;
  readonly warnings: readonly Diagnostic[];
}

export function emitOpenApi(model: ApiModel, options: EmitOptions = {}): EmitResult {
  const warnings: Diagnostic[] = [];
  // Signed: some callback or webhook method declares no security of its own (`security: []` is unsigned).
  const hasOutgoing = model.webhooks.some((w) => w.operations.some((o) => o.security === undefined)) || model.operations.some((op) => op.callbacks.some((cb) => cb.urls.some((url) => url.operations.some((o) => o.security === undefined))));
  const signed = (options.signedDeliveries ?? true) && hasOutgoing && model.securitySchemes[signatureSchemeName] === undefined;
  const ctx = createEmitContext(options.openapi ?? '3.1', warnings, signed ? [{ [signatureSchemeName]: [] }] : undefined, { references: true });
  const webhooks = webhooksObject(model, ctx);
  if (ctx.version === '3.0' && webhooks !== undefined) {
    ctx.warn(diagnostic('BMR080', 'webhooks', `OpenAPI 3.0 has no webhooks; ${model.webhooks.length} webhook(s) are emitted under \`x-webhooks\`, which tools that do not know the extension ignore.`, 'Emit OpenAPI 3.1 (the default) to document webhooks natively.'));
  }
  const components = withReusableComponents(componentsObject(model, ctx, signed), reusableComponents(model, ctx));
  const document: Record<string, unknown> = {
    openapi: ctx.version === '3.1' ? '3.1.0' : '3.0.3',
    info: infoObject(model, ctx),
    ...(model.servers.length > 0 ? { servers: model.servers.map((s) => ({ ...s })) } : {}),
    ...(model.security !== undefined ? { security: model.security.map((r) => ({ ...r })) } : {}),
    ...(model.tags.length > 0 ? { tags: model.tags.map((t) => ({ ...t })) } : {}),
    ...(model.externalDocs !== undefined ? { externalDocs: { ...model.externalDocs } } : {}),
    paths: pathsObject(model.operations, ctx),
    ...(webhooks !== undefined ? { [ctx.version === '3.1' ? 'webhooks' : 'x-webhooks']: webhooks } : {}),
    ...(components !== undefined ? { components } : {}),
    ...extensionFields(model.extensions),
  };
  return { document, warnings };
}

/** https://spec.openapis.org/oas/v3.1.0#info-object */
export function infoObject(model: ApiModel, ctx: EmitContext): Record<string, unknown> {
  const { title, summary, description, termsOfService, contact, license, version } = model.info;
  const licenseObject = license === undefined ? undefined : ctx.version === '3.1' ? { ...license } : licenseObject30(license);
  return {
    title,
    ...(summary !== undefined && ctx.version === '3.1' ? { summary } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(termsOfService !== undefined ? { termsOfService } : {}),
    ...(contact !== undefined ? { contact: { ...contact } } : {}),
    ...(licenseObject !== undefined ? { license: licenseObject } : {}),
    version,
    ...extensionFields(pickExtensions(model.info)),
  };
}

/**
 * 3.0 has no `identifier` and wants a `url`: an SPDX identifier becomes the URL of its SPDX page,
 * so that the license stays readable (and `info-license-strict` holds).
 * https://spec.openapis.org/oas/v3.0.3#license-object
 */
function licenseObject30(license: License): Record<string, unknown> {
  const url = license.url ?? (license.identifier !== undefined ? `https://spdx.org/licenses/${license.identifier}.html` : undefined);
  return { name: license.name, ...(url !== undefined ? { url } : {}), ...extensionFields(pickExtensions(license)) };
}

/** https://spec.openapis.org/oas/v3.1.0#paths-object — paths in first-declared order, methods in OpenAPI order. */
function pathsObject(operations: readonly OperationModel[], ctx: EmitContext): Record<string, unknown> {
  const byPath = new Map<string, OperationModel[]>();
  for (const op of operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  return Object.fromEntries(
    [...byPath].map(([path, ops]) => [
      path,
      pathItemObject(sortByMethod(ops), ctx, (op) => `operation ${op.method.toUpperCase()} ${path}`),
    ]),
  );
}

function sortByMethod<T extends { method: string }>(ops: readonly T[]): T[] {
  return [...ops].sort((a, b) => httpMethods.indexOf(a.method as never) - httpMethods.indexOf(b.method as never));
}

function webhooksObject(model: ApiModel, ctx: EmitContext): Record<string, unknown> | undefined {
  if (model.webhooks.length === 0) return undefined;
  return Object.fromEntries(
    model.webhooks.map((w, index) => [w.name, webhookEntry(w, ctx, w.component !== undefined && model.webhooks.findIndex((v) => v.component === w.component) < index)]),
  );
}

/**
 * https://spec.openapis.org/oas/v3.1.0#components-object — every named schema and security scheme
 * of the model, or only those in `used` (a document of some of the model's operations).
 */
export function componentsObject(
  model: ApiModel,
  ctx: EmitContext,
  signed: boolean,
  used?: { readonly schemas: ReadonlySet<string>; readonly securitySchemes: ReadonlySet<string> },
): Record<string, unknown> | undefined {
  const schemas = Object.entries(model.schemas)
    .filter(([name]) => used === undefined || used.schemas.has(name))
    .map(([name, schema]) => [name, ctx.schema(schema, `components.schemas.${name}`)] as const);
  let schemes: [string, object][] = Object.entries(model.securitySchemes).filter(([name]) => used === undefined || used.securitySchemes.has(name));
  if (signed) schemes = [...schemes, [signatureSchemeName, signatureScheme]];
  if (ctx.version === '3.0') {
    const isMutualTls = ([, s]: [string, object]) => (s as { type?: string }).type === 'mutualTLS';
    for (const [name] of schemes.filter(isMutualTls)) {
      ctx.warn(diagnostic('BMR081', `securitySchemes.${name}`, 'OpenAPI 3.0 has no `mutualTLS` security scheme; it is left out of the 3.0 document.', 'Emit OpenAPI 3.1 (the default) to keep it.'));
    }
    schemes = schemes.filter((entry) => !isMutualTls(entry));
  }
  if (schemas.length === 0 && schemes.length === 0) return undefined;
  return {
    ...(schemas.length > 0 ? { schemas: Object.fromEntries(schemas) } : {}),
    ...(schemes.length > 0 ? { securitySchemes: Object.fromEntries(schemes.map(([n, s]) => [n, { ...s }])) } : {}),
  };
}
