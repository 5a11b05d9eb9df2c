/**
 * Paths Object and Path Item Objects → the operations of the definition and the paths' shared
 * parameters (`paths: { '<path>': { parameters } }`); the methods of a callback's or a webhook's
 * path item → its outgoing operations, with the path item's texts, servers and `x-` keys. A
 * reusable webhook path item becomes `definePathItem(..., { id })`.
 * https://spec.openapis.org/oas/v3.1.0#path-item-object
 */
import { childPointer } from './findings.ts';
import { extensionsOf, isObject, report, reportUnknownFields, type ImportContext, type JsonObject } from './import-context.ts';
import { httpMethods, operationFields, type Located, type OperationRole } from './operation-object.ts';
import { parameterEntries, sharedParameters } from './parameter-object.ts';
import { useComponent, type ComponentSpec } from './reference-object.ts';
import { Code, printValue } from './source-printer.ts';

const pathItemKeys = ['summary', 'description', 'parameters', 'servers', ...httpMethods];

export const pathItemSpec: ComponentSpec = { kind: 'pathItems', noun: 'path item', fields: (ctx, value, pointer) => pathItemMethods(ctx, { value, pointer }, 'outgoing') };

/** `{ summary?, description?, servers?, x-..., get?: {...}, post?: {...} }` of a callback's or webhook's path item. */
export function pathItemMethods(ctx: ImportContext, item: Located, role: OperationRole): JsonObject {
  reportUnknownFields(ctx, item.value, item.pointer, pathItemKeys, 'path item', {}, true);
  const shared = parameterEntries(ctx, item.value.parameters, item.pointer);
  if (shared.length > 0) report(ctx, 'BMI011', childPointer(item.pointer, 'parameters'), "the path item's parameters are written into each of its methods (a callback's or webhook's request has no shared parameters in the definition).");
  const out: JsonObject = {
    ...(typeof item.value.summary === 'string' ? { summary: item.value.summary } : {}),
    ...(typeof item.value.description === 'string' ? { description: item.value.description } : {}),
    ...(Array.isArray(item.value.servers) ? { servers: item.value.servers } : {}),
  };
  for (const method of httpMethods) {
    const op = item.value[method];
    if (isObject(op)) out[method] = operationFields(ctx, { value: op, pointer: childPointer(item.pointer, method) }, { role, shared });
  }
  return { ...out, ...extensionsOf(item.value) };
}

/** https://spec.openapis.org/oas/v3.1.0#paths-object — each operation with its method and path, and the paths' shared parameters. */
export function pathsObject(ctx: ImportContext, paths: JsonObject): { operations: JsonObject[]; paths: JsonObject } {
  const operations: JsonObject[] = [];
  const shared: JsonObject = {};
  for (const [path, raw] of Object.entries(paths)) {
    if (path.startsWith('x-')) {
      reportUnknownFields(ctx, { [path]: raw }, '/paths', [], 'paths object', { 'x-': 'the definition has no `x-` keys on the paths (its operations take them)' });
      continue;
    }
    const item = useComponent(ctx, raw, childPointer('/paths', path), pathItemSpec, { inPlace: "an operation of the definition is written with its path (definePathItem is for webhooks)" });
    if (item === undefined) continue;
    reportUnknownFields(ctx, item.value, item.pointer, pathItemKeys, 'path item', { 'x-': "the definition has no `x-` keys on a path (its operations take them)" });
    for (const key of ['summary', 'description'] as const) {
      if (item.value[key] !== undefined) report(ctx, 'BMI020', childPointer(item.pointer, key), `the path item's \`${key}\` is not carried over: the definition has texts on operations, not on paths.`);
    }
    const methods = httpMethods.filter((m) => isObject(item.value[m]));
    const entries = parameterEntries(ctx, item.value.parameters, item.pointer);
    const atPath = entries.length > 0 && methods.length > 0 ? sharedParameters(ctx, entries) : undefined;
    if (atPath !== undefined) shared[path] = { parameters: atPath };
    else if (entries.length > 0) report(ctx, 'BMI020', childPointer(item.pointer, 'parameters'), "the path item's parameters are not carried over: it has no operations, and a path of the definition is where its operations are.");
    const servers = Array.isArray(item.value.servers) ? item.value.servers : undefined;
    if (servers !== undefined) report(ctx, 'BMI012', childPointer(item.pointer, 'servers'), "the path item's servers are written into each of its operations that has none of its own (the definition has servers on operations, not on paths).");
    for (const method of methods) {
      const op = { value: item.value[method] as JsonObject, pointer: childPointer(item.pointer, method) };
      operations.push({ method, path, ...operationFields(ctx, op, { role: 'incoming', shared: atPath !== undefined ? [] : entries, servers, ...(atPath !== undefined ? { pathParameters: entries } : {}) }) });
    }
  }
  return { operations, paths: shared };
}

/** https://spec.openapis.org/oas/v3.1.0#oasWebhooks — `webhooks` (3.1) or Boomerang's `x-webhooks` (3.0). */
export function webhooksObject(ctx: ImportContext, webhooks: JsonObject, pointer: string): JsonObject {
  const out: JsonObject = {};
  for (const [name, raw] of Object.entries(webhooks)) {
    const at = childPointer(pointer, name);
    const inPlace = ctx.version === '3.0' ? 'OpenAPI 3.0 has no `components/pathItems`' : undefined;
    const use = useComponent(ctx, raw, at, pathItemSpec, { overridable: true, ...(inPlace !== undefined ? { inPlace } : {}) });
    if (use === undefined) continue;
    if (use.code === undefined) {
      out[name] = pathItemMethods(ctx, use, 'outgoing');
      continue;
    }
    // The webhook's own texts, where they differ from the path item's: `reference(Item, { summary })`.
    const texts = Object.fromEntries((['summary', 'description'] as const).filter((k) => isObject(raw) && typeof raw[k] === 'string' && raw[k] !== use.value[k]).map((k) => [k, (raw as JsonObject)[k]]));
    if (Object.keys(texts).length === 0) out[name] = use.code;
    else {
      ctx.imports.add('reference');
      out[name] = new Code(`reference(${use.code.text}, ${printValue(texts)})`);
    }
  }
  return out;
}

