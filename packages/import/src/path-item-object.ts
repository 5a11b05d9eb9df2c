/**
 * Paths Object and Path Item Objects → the operations of the definition; the methods of a callback's
 * or a webhook's path item → its outgoing operations.
 * https://spec.openapis.org/oas/v3.1.0#path-item-object
 */
import { childPointer } from './findings.ts';
import { isObject, report, reportUnknownFields, resolveReference, type ImportContext, type JsonObject } from './import-context.ts';
import { httpMethods, operationFields, type Located, type OperationRole } from './operation-object.ts';

const why = { servers: 'the definition has no servers on path items yet' };

/** `{ summary?, description?, get?: {...}, post?: {...} }` of a callback or webhook path item. */
export function pathItemMethods(ctx: ImportContext, item: Located, role: OperationRole): JsonObject {
  reportUnknownFields(ctx, item.value, item.pointer, ['summary', 'description', 'parameters', ...httpMethods], 'path item', why);
  const out: JsonObject = {
    ...(typeof item.value.summary === 'string' ? { summary: item.value.summary } : {}),
    ...(typeof item.value.description === 'string' ? { description: item.value.description } : {}),
  };
  for (const method of httpMethods) {
    const op = item.value[method];
    if (isObject(op)) out[method] = operationFields(ctx, item, { value: op, pointer: childPointer(item.pointer, method) }, role);
  }
  return out;
}

/** https://spec.openapis.org/oas/v3.1.0#paths-object — each operation with its method and path. */
export function pathsObject(ctx: ImportContext, paths: JsonObject): JsonObject[] {
  const operations: JsonObject[] = [];
  for (const [path, raw] of Object.entries(paths)) {
    if (path.startsWith('x-')) {
      reportUnknownFields(ctx, { [path]: raw }, '/paths', [], 'paths object');
      continue;
    }
    const item = resolveReference(ctx, raw, childPointer('/paths', path), 'path item');
    if (item === undefined) continue;
    reportUnknownFields(ctx, item.value, item.pointer, ['summary', 'description', 'parameters', ...httpMethods], 'path item', why);
    for (const key of ['summary', 'description'] as const) {
      if (item.value[key] !== undefined) report(ctx, 'BMI020', childPointer(item.pointer, key), `the path item's \`${key}\` is not carried over: the definition has texts on operations, not on paths.`);
    }
    for (const method of httpMethods) {
      const op = item.value[method];
      if (!isObject(op)) continue;
      operations.push({ method, path, ...operationFields(ctx, item, { value: op, pointer: childPointer(item.pointer, method) }, 'incoming') });
    }
  }
  return operations;
}

/** https://spec.openapis.org/oas/v3.1.0#oasWebhooks — `webhooks` (3.1) or Boomerang's `x-webhooks` (3.0). */
export function webhooksObject(ctx: ImportContext, webhooks: JsonObject, pointer: string): JsonObject {
  const out: JsonObject = {};
  for (const [name, raw] of Object.entries(webhooks)) {
    const item = resolveReference(ctx, raw, childPointer(pointer, name), 'path item');
    if (item !== undefined) out[name] = pathItemMethods(ctx, item, 'outgoing');
  }
  return out;
}
