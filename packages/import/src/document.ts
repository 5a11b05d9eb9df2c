/**
 * OpenAPI Object → the `defineApi({...})` call: info, servers, tags, security schemes and
 * requirements, operations, webhooks; and the component schemas declared above it.
 * https://spec.openapis.org/oas/v3.1.0#openapi-object
 */
import { componentSchemas, reportUnusedComponents } from './components-object.ts';
import { childPointer } from './findings.ts';
import { isObject, reportUnknownFields, resolveReference, type ImportContext, type JsonObject } from './import-context.ts';
import { pathsObject, webhooksObject } from './path-item-object.ts';
import { Code, lineComment, printValue } from './source-printer.ts';

const oauthFlows = ['implicit', 'password', 'clientCredentials', 'authorizationCode'] as const;

/** The source of api.ts. */
export function documentSource(ctx: ImportContext): string {
  const doc = ctx.document;
  const rootKnown = ['openapi', 'info', 'servers', 'paths', 'components', 'security', 'tags', 'externalDocs', 'webhooks', ...(ctx.version === '3.0' ? ['x-webhooks'] : [])];
  reportUnknownFields(ctx, doc, '', rootKnown, 'document', { jsonSchemaDialect: 'the definition emits JSON Schema 2020-12, OpenAPI 3.1\'s default dialect' });
  const components = isObject(doc.components) ? doc.components : {};
  reportUnknownFields(ctx, components, '/components', ['schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers', 'securitySchemes', 'links', 'callbacks', 'pathItems'], 'components object');
  const schemas = componentSchemas(ctx, isObject(components.schemas) ? components.schemas : {});
  const operations = pathsObject(ctx, isObject(doc.paths) ? doc.paths : {});
  const webhookKey = ctx.version === '3.1' ? 'webhooks' : 'x-webhooks';
  const webhooks = isObject(doc[webhookKey]) ? webhooksObject(ctx, doc[webhookKey] as JsonObject, childPointer('', webhookKey)) : {};
  const securitySchemes = isObject(components.securitySchemes) ? securitySchemesObject(ctx, components.securitySchemes) : undefined;
  reportUnusedComponents(ctx, components);

  const definition: JsonObject = {
    info: infoObject(ctx, isObject(doc.info) ? doc.info : {}),
    ...(Array.isArray(doc.servers) && doc.servers.length > 0 ? { servers: serversObject(ctx, doc.servers) } : {}),
    ...(Array.isArray(doc.tags) && doc.tags.length > 0 ? { tags: tagsObject(ctx, doc.tags) } : {}),
    ...(isObject(doc.externalDocs) ? { externalDocs: doc.externalDocs } : {}),
    ...(securitySchemes !== undefined ? { securitySchemes } : {}),
    ...(Array.isArray(doc.security) ? { security: doc.security } : {}),
    operations: operations.map((fields) => new Code(`operation(${printValue(fields)})`)),
    ...(Object.keys(webhooks).length > 0 ? { webhooks } : {}),
  };
  const title = isObject(doc.info) && typeof doc.info.title === 'string' ? doc.info.title : 'the API';
  return [
    lineComment(`${title}: imported from its OpenAPI ${ctx.version === '3.1' ? '3.1' : '3.0'} document by \`boomerang import\`.\nWhat could not be carried over was listed when it ran; it is not in this file.`),
    "import { defineApi, operation } from '@boomerang/core';",
    "import { z } from 'zod';",
    '',
    ...schemas.flatMap((s) => [s, '']),
    `export default defineApi(${printValue(definition)});`,
    '',
  ].join('\n');
}

/** https://spec.openapis.org/oas/v3.1.0#info-object */
function infoObject(ctx: ImportContext, info: JsonObject): JsonObject {
  reportUnknownFields(ctx, info, '/info', ['title', 'version', 'summary', 'description', 'termsOfService', 'contact', 'license'], 'info object');
  const out: JsonObject = {};
  for (const key of ['title', 'version', 'summary', 'description', 'termsOfService'] as const) if (typeof info[key] === 'string') out[key] = info[key];
  if (isObject(info.contact)) out.contact = info.contact;
  if (isObject(info.license)) out.license = info.license;
  return out;
}

/** https://spec.openapis.org/oas/v3.1.0#server-object */
function serversObject(ctx: ImportContext, servers: readonly unknown[]): JsonObject[] {
  return servers.filter(isObject).map((server, i) => {
    reportUnknownFields(ctx, server, childPointer('/servers', i), ['url', 'description', 'variables'], 'server');
    return server;
  });
}

/** https://spec.openapis.org/oas/v3.1.0#tag-object */
function tagsObject(ctx: ImportContext, tags: readonly unknown[]): JsonObject[] {
  return tags.filter(isObject).map((tag, i) => {
    reportUnknownFields(ctx, tag, childPointer('/tags', i), ['name', 'description', 'externalDocs'], 'tag');
    return tag;
  });
}

/** https://spec.openapis.org/oas/v3.1.0#security-scheme-object */
function securitySchemesObject(ctx: ImportContext, schemes: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [name, raw] of Object.entries(schemes)) {
    const resolved = resolveReference(ctx, raw, childPointer('/components/securitySchemes', name), 'security scheme');
    if (resolved === undefined) continue;
    const scheme = resolved.value;
    reportUnknownFields(ctx, scheme, resolved.pointer, ['type', 'description', 'name', 'in', 'scheme', 'bearerFormat', 'flows', 'openIdConnectUrl'], 'security scheme');
    if (scheme.type === 'oauth2' && isObject(scheme.flows)) {
      // Every flow is named, those the document has not as `undefined`: the definition's type lists all four.
      const flows = scheme.flows;
      out[name] = { ...scheme, flows: Object.fromEntries(oauthFlows.map((f) => [f, flows[f] ?? new Code('undefined')])) };
    } else out[name] = { ...scheme };
  }
  return out;
}
