/**
 * Links of responses (OpenAPI Link Objects), checked once every operationId is known: the linked
 * operation exists, the parameters it is given are its own, and each runtime expression parses and
 * reads what the linking operation declares (its parameters, its request body, this response).
 * https://spec.openapis.org/oas/v3.1.0#link-object
 */
import type { LinkDefinition } from '../definition.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { OperationModel, OutgoingOperationModel, ResponseModel, WebhookModel } from '../model.ts';
import { closestName } from '../runtime-expression/closest-name.ts';
import { parseExpressionTemplate } from '../runtime-expression/parse.ts';
import { validateTemplateAgainstOperation, type OperationShape } from '../runtime-expression/validate.ts';
import type { SchemaRegistry } from '../schema/schema-registry.ts';

type AnyOperation = OperationModel | OutgoingOperationModel;

export function checkLinks(operations: readonly OperationModel[], webhooks: readonly WebhookModel[], registry: SchemaRegistry, diagnostics: Diagnostic[]): void {
  const all: { op: AnyOperation; where: string }[] = [];
  for (const op of operations) {
    const where = `operation ${op.method.toUpperCase()} ${op.path}`;
    all.push({ op, where });
    for (const callback of op.callbacks) {
      for (const url of callback.urls) for (const o of url.operations) all.push({ op: o, where: `${where} › callback ${callback.name} › ${o.method.toUpperCase()}` });
    }
  }
  for (const webhook of webhooks) for (const o of webhook.operations) all.push({ op: o, where: `webhook ${webhook.name} › ${o.method.toUpperCase()}` });
  const byId = new Map(all.map(({ op }) => [op.operationId, op] as const));
  for (const { op, where } of all) {
    for (const response of op.responses) {
      for (const [name, link] of Object.entries(response.links ?? {})) {
        checkLink(link, op, response, byId, registry, diagnostics, `${where} › response ${response.status} › link ${name}`);
      }
    }
  }
}

function checkLink(
  link: LinkDefinition,
  owner: AnyOperation,
  response: ResponseModel,
  byId: ReadonlyMap<string, AnyOperation>,
  registry: SchemaRegistry,
  diagnostics: Diagnostic[],
  where: string,
): void {
  if ((link.operationId === undefined) === (link.operationRef === undefined)) {
    diagnostics.push(
      diagnostic(
        'BMR125',
        where,
        link.operationId === undefined ? 'the link names no operation: it has neither `operationId` nor `operationRef`.' : 'the link has both `operationId` and `operationRef`; OpenAPI allows one.',
        "Give `operationId: 'getInvoice'` for an operation of this API, or `operationRef` for one of another document.",
      ),
    );
  }
  let target: AnyOperation | undefined;
  if (link.operationId !== undefined) {
    target = byId.get(link.operationId);
    if (target === undefined) {
      const close = closestName(link.operationId, [...byId.keys()]);
      diagnostics.push(
        diagnostic('BMR124', where, `no operation, callback or webhook has the operationId \`${link.operationId}\`.`, close !== undefined ? `Did you mean \`${close}\`?` : 'Name the operationId of an operation of this API, or use `operationRef` for another document.'),
      );
    }
  }
  const shape = linkShape(owner, response, registry);
  for (const [name, value] of Object.entries(link.parameters ?? {})) {
    const here = `${where} › parameters.${name}`;
    if (target !== undefined && !namesParameter(target, name)) {
      const names = target.parameters.map((p) => p.name);
      const close = closestName(name.replace(/^(path|query|header|cookie)\./, ''), names);
      diagnostics.push(
        diagnostic(
          'BMR125',
          here,
          `\`${target.operationId}\` has no parameter \`${name}\`.`,
          close !== undefined ? `Did you mean \`${close}\`?` : names.length > 0 ? `Its parameters are ${names.map((n) => `\`${n}\``).join(', ')}.` : `\`${target.operationId}\` takes no parameters: give the value in \`requestBody\`.`,
        ),
      );
    }
    checkValue(value, shape, diagnostics, here);
  }
  if (link.requestBody !== undefined) checkValue(link.requestBody, shape, diagnostics, `${where} › requestBody`);
}

/** `id`, or `path.id` when the location is given. */
function namesParameter(target: AnyOperation, name: string): boolean {
  const qualified = /^(path|query|header|cookie)\.(.+)$/.exec(name);
  if (qualified !== null) return target.parameters.some((p) => p.in === qualified[1] && p.name === qualified[2]);
  return target.parameters.some((p) => p.name === name);
}

/**
 * A string that starts with `$` is one runtime expression; one that holds `{$` embeds them; any
 * other value is a constant, which passes as written.
 */
function checkValue(value: unknown, shape: OperationShape, diagnostics: Diagnostic[], where: string): void {
  if (typeof value !== 'string' || (!value.startsWith('$') && !value.includes('{$'))) return;
  const text = value.startsWith('$') ? `{${value}}` : value;
  const parsed = parseExpressionTemplate(text);
  if (!parsed.ok) {
    for (const issue of parsed.issues) {
      diagnostics.push(diagnostic('BMR126', where, `\`${value}\` is not a runtime expression: ${issue.message}`, issue.hint ?? 'Write `$response.body#/id`, `$request.path.id`, `$request.query.name`, or a template such as `{$response.body#/id}`.'));
    }
    return;
  }
  for (const issue of validateTemplateAgainstOperation(parsed.value, shape)) {
    diagnostics.push(diagnostic('BMR126', where, `\`${issue.expression}\` in \`${value}\`: ${issue.message}`, issue.hint));
  }
}

/** What a link of this response can read: the operation's request, and this response. */
function linkShape(owner: AnyOperation, response: ResponseModel, registry: SchemaRegistry): OperationShape {
  return {
    parameters: owner.parameters.map((p) => ({ name: p.name, in: p.in })),
    ...(owner.requestBody !== undefined ? { requestBodySchema: owner.requestBody.schema ?? true } : {}),
    responseBodySchemas: response.body !== undefined ? [response.body.schema ?? true] : [],
    responseHeaderNames: response.headers.map((h) => h.name),
    resolveRef: (ref) => registry.resolve(ref),
  };
}
