/**
 * OpenAPI Object → the `defineApi({...})` call: info, servers, tags, security schemes and
 * requirements, operations, webhooks; and the component schemas declared above it.
 * https://spec.openapis.org/oas/v3.1.0#openapi-object
 */
import { componentSchemas, reportUnusedComponents } from './components-object.ts';
import { childPointer } from './findings.ts';
import { extensionsOf, isObject, reportUnknownFields, resolveReference, type ImportContext, type JsonObject } from './import-context.ts';
import { pathsObject, webhooksObject } from './path-item-object.ts';
import { componentDeclarations } from './reference-object.ts';
import { Code, lineComment, printValue } from './source-printer.ts';

/** The source of api.ts. */
export function documentSource(ctx: ImportContext): string {
  const doc = ctx.document;
  const webhookKey = ctx.version === '3.1' ? 'webhooks' : 'x-webhooks';
  const rootKnown = ['openapi', 'info', 'servers', 'paths', 'components', 'security', 'tags', 'externalDocs', 'webhooks', ...(ctx.version === '3.0' ? ['x-webhooks'] : [])];
  reportUnknownFields(ctx, doc, '', rootKnown, 'document', { jsonSchemaDialect: 'the definition emits JSON Schema 2020-12, OpenAPI 3.1\'s default dialect' }, true);
  const components = isObject(doc.components) ? doc.components : {};
  reportUnknownFields(ctx, components, '/components', ['schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers', 'securitySchemes', 'links', 'callbacks', 'pathItems'], 'components object', { 'x-': 'the definition has no `x-` keys on the Components Object' });
  const schemas = componentSchemas(ctx, isObject(components.schemas) ? components.schemas : {});
  const { operations, paths } = pathsObject(ctx, isObject(doc.paths) ? doc.paths : {});
  const webhooks = isObject(doc[webhookKey]) ? webhooksObject(ctx, doc[webhookKey] as JsonObject, childPointer('', webhookKey)) : {};
  const securitySchemes = isObject(components.securitySchemes) ? securitySchemesObject(ctx, components.securitySchemes) : undefined;
  reportUnusedComponents(ctx, components);

  const { [webhookKey]: _webhooks, ...extensions } = extensionsOf(doc);
  const definition: JsonObject = {
    info: infoObject(ctx, isObject(doc.info) ? doc.info : {}),
    ...(Array.isArray(doc.servers) && doc.servers.length > 0 ? { servers: serversObject(ctx, doc.servers, '/servers') } : {}),
    ...(Array.isArray(doc.tags) && doc.tags.length > 0 ? { tags: tagsObject(ctx, doc.tags) } : {}),
    ...(isObject(doc.externalDocs) ? { externalDocs: doc.externalDocs } : {}),
    ...(securitySchemes !== undefined ? { securitySchemes } : {}),
    ...(Array.isArray(doc.security) ? { security: doc.security } : {}),
    ...(Object.keys(paths).length > 0 ? { paths } : {}),
    operations: operations.map((fields) => new Code(`operation(${printValue(fields)})`)),
    ...(Object.keys(webhooks).length > 0 ? { webhooks } : {}),
    ...extensions,
  };
  const title = isObject(doc.info) && typeof doc.info.title === 'string' ? doc.info.title : 'the API';
  const declarations = componentDeclarations(ctx);
  const core = ['defineApi', 'operation', ...ctx.imports].sort();
  return [
    lineComment(`${title}: imported from its OpenAPI ${ctx.version === '3.1' ? '3.1' : '3.0'} document by \`boomerang import\`.\nWhat could not be carried over was listed when it ran; it is not in this file.`),
    `import { ${core.join(', ')} } from '@boomerang/core';`,
    "import { z } from 'zod';",
    '',
    ...schemas.flatMap((s) => [s, '']),
    ...declarations.flatMap((d) => [d, '']),
    `export default defineApi(${printValue(definition)});`,
    '',
  ].join('\n');
}

/** https://spec.openapis.org/oas/v3.1.0#info-object */
function infoObject(ctx: ImportContext, info: JsonObject): JsonObject {
  reportUnknownFields(ctx, info, '/info', ['title', 'version', 'summary', 'description', 'termsOfService', 'contact', 'license'], 'info object', {}, true);
  const out: JsonObject = {};
  for (const key of ['title', 'version', 'summary', 'description', 'termsOfService'] as const) if (typeof info[key] === 'string') out[key] = info[key];
  if (isObject(info.contact)) out.contact = info.contact;
  if (isObject(info.license)) out.license = info.license;
  return { ...out, ...extensionsOf(info) };
}

/** https://spec.openapis.org/oas/v3.1.0#server-object — written as they are, `x-` keys (theirs and their variables') included. */
function serversObject(ctx: ImportContext, servers: readonly unknown[], pointer: string): JsonObject[] {
  return servers.filter(isObject).map((server, i) => {
    reportUnknownFields(ctx, server, childPointer(pointer, i), ['url', 'description', 'variables'], 'server', {}, true);
    return server;
  });
}

/** https://spec.openapis.org/oas/v3.1.0#tag-object */
function tagsObject(ctx: ImportContext, tags: readonly unknown[]): JsonObject[] {
  return tags.filter(isObject).map((tag, i) => {
    reportUnknownFields(ctx, tag, childPointer('/tags', i), ['name', 'description', 'externalDocs'], 'tag', {}, true);
    return tag;
  });
}

/** https://spec.openapis.org/oas/v3.1.0#security-scheme-object — an oauth2 scheme with the flows it has (any subset of the four), `x-` keys included. */
function securitySchemesObject(ctx: ImportContext, schemes: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [name, raw] of Object.entries(schemes)) {
    const resolved = resolveReference(ctx, raw, childPointer('/components/securitySchemes', name), 'security scheme', 'the definition declares each security scheme once, by name');
    if (resolved === undefined) continue;
    reportUnknownFields(ctx, resolved.value, resolved.pointer, ['type', 'description', 'name', 'in', 'scheme', 'bearerFormat', 'flows', 'openIdConnectUrl'], 'security scheme', {}, true);
    out[name] = { ...resolved.value };
  }
  return out;
}
